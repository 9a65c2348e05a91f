#!/usr/bin/env python3
"""Time from starting the browser to its first frame, as a person would see it: the
browser runs in a pseudo-terminal of 200x50, and the clock stops when the timeline's tab
bar ("1 timeline") has been written. Prints the median of RUNS runs.

    scripts/first-frame.py target/bench-data/synth-1000000-seed7.jsonl [RUNS]
"""
import fcntl, os, pty, select, statistics, struct, sys, termios, time

def first_frame(data, binary="target/release/demarche"):
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        os.execv(binary, [binary, "--data", data])
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 200, 0, 0))
    seen, took = b"", None
    while took is None:
        ready, _, _ = select.select([fd], [], [], 30)
        if not ready:
            break
        try:
            chunk = os.read(fd, 1 << 16)
        except OSError:
            break
        seen += chunk
        if b"1 timeline" in seen:
            took = time.perf_counter() - start
        seen = seen[-64:]  # enough to hold the marker split across two reads
    os.write(fd, b"q")
    # Read on until the browser has ended, so its exit is not timed into the next run.
    while True:
        try:
            if not os.read(fd, 1 << 16):
                break
        except OSError:
            break
    os.waitpid(pid, 0)
    return took

if __name__ == "__main__":
    data, runs = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 5
    times = [first_frame(data) for _ in range(runs)]
    if None in times:
        sys.exit("the browser drew no timeline within 30 s")
    print(f"first frame: median {statistics.median(times):.2f} s "
          f"({', '.join(f'{t:.2f}' for t in times)})")
