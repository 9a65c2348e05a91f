#!/usr/bin/env python3
"""The measuring half of scripts/bench-cli.sh (which builds, generates the file and sets
FILE, DIR, RUNS and JQ): runs every command of a case once per round, round after round,
so that drift between runs hits every tool alike; prints medians, ratios and counts."""
import csv, json, os, shutil, statistics, subprocess, sys, time

FILE, DIR, RUNS = os.environ["FILE"], os.environ["DIR"], int(os.environ["RUNS"])
JQ = os.environ.get("JQ", "1") != "0"
DEMARCHE = "target/release/demarche"
SOURCE = f"read_json('{FILE}', format = 'newline_delimited')"
# The selection of `list --country KZ --month 2022-06`: events involving KZ that touch
# June 2022 (year-only events are left out by a month filter).
SELECTED = (f"FROM {SOURCE} WHERE list_contains(countries, 'KZ') AND length(date) > 4 "
            "AND date[1:7] <= '2022-06' AND coalesce(\"end\", date)[1:7] >= '2022-06'")
# Each month an event spans; an event dated only to a year counts under its year.
MONTHS = ("CASE WHEN length(date) = 4 THEN [date] ELSE list_transform(generate_series("
          "strptime(date[1:7], '%Y-%m'), strptime(coalesce(\"end\", date)[1:7], '%Y-%m'), "
          "INTERVAL 1 MONTH), m -> strftime(m, '%Y-%m')) END")
GROUPS = {
    "country": f"SELECT c AS key, count(*) AS n FROM (SELECT unnest(countries) AS c FROM {SOURCE}) GROUP BY c",
    "month": f"SELECT p AS key, count(*) AS n FROM (SELECT unnest({MONTHS}) AS p FROM {SOURCE}) GROUP BY p",
    # (The first line, the metadata, has no kind.)
    "kind": f"SELECT kind AS key, count(*) AS n FROM {SOURCE} WHERE kind IS NOT NULL GROUP BY kind",
}


def duckdb_binary():
    """DuckDB's own command-line program (PyPI's duckdb-cli), not the Python module: the
    module's import alone takes 0.4 s here, which would flatter demarche."""
    found = shutil.which("duckdb")
    try:
        import duckdb_cli  # noqa: F401  (the package's binary, past pyenv's shim)
        bundled = os.path.join(os.path.dirname(duckdb_cli.__file__), "duckdb")
        if os.path.isfile(bundled):
            return bundled
    except ImportError:
        pass
    return found


def run(argv, out):
    """Wall seconds, CPU seconds and peak memory (MB) of one whole process."""
    with open(out, "w") as sink, open(f"{out}.stderr", "w+") as errors:
        start = time.perf_counter()
        child = subprocess.Popen(argv, stdout=sink, stderr=errors)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            errors.seek(0)
            sys.exit(f"{argv[0]} failed ({child.returncode}): {errors.read()}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def measure(commands):
    """Runs each (name, argv, out, count) once per round; medians of each."""
    times = {name: [] for name, *_ in commands}
    for _ in range(RUNS):
        for name, argv, out, _ in commands:
            times[name].append(run(argv, out))
    result = {}
    for name, argv, out, count in commands:
        wall, cpu, mem = (statistics.median(t[i] for t in times[name]) for i in range(3))
        spread = (min(t[0] for t in times[name]), max(t[0] for t in times[name]))
        result[name] = (wall, spread, cpu, mem, count(out))
    return result


def show(title, result, base, against):
    print(f"\n{title}")
    print(f"  {'command':<28} {'wall':>7} {'(range)':>13} {'CPU':>7} {'peak':>8} {'counted':>9}")
    for name, (wall, (lo, hi), cpu, mem, count) in result.items():
        ratio = ""
        if name == base and against in result:
            ratio = f"  {wall / result[against][0]:.2f}x {against}'s wall"
        print(f"  {name:<28} {wall:6.2f}s {lo:5.2f}-{hi:5.2f}s {cpu:6.2f}s {mem:6.0f}MB "
              f"{count:>9}{ratio}")
    counts = {c for *_, c in result.values()}
    print("  all counted the same" if len(counts) == 1
          else f"  WARNING: the counts disagree: {counts}")


def json_array(path):
    with open(path) as f:
        return len(json.load(f))


def stats_total(key):
    def total(path):
        with open(path) as f:
            return sum(row["events"] for row in json.load(f)[f"by_{key}"])
    return total


def csv_total(path):
    with open(path) as f:
        return sum(int(row["n"]) for row in csv.DictReader(f))


def first_line_int(path):
    with open(path) as f:
        return int(f.read().split()[0])


def lines(path):
    with open(path) as f:
        return sum(1 for line in f if line.strip())


def main():
    duck = duckdb_binary()
    size = os.path.getsize(FILE) / 1e6
    print(f"{FILE}: {size:.0f} MB; {RUNS} rounds, medians of whole processes")
    if duck:
        version = subprocess.run([duck, "--version"], capture_output=True, text=True)
        print(f"DuckDB {version.stdout.split()[0]} ({duck})")
    else:
        print("DuckDB's command-line program not found: skipped (pip install duckdb-cli)")
    if JQ and not shutil.which("jq"):
        print("jq not found: skipped")

    d = lambda name: f"{DIR}/{name}"
    listing = [("demarche list", [DEMARCHE, "list", "--data", FILE, "--country", "KZ",
                                  "--month", "2022-06", "--format", "json"],
                d("demarche-list.json"), json_array)]
    if duck:
        listing.append(("duckdb select *", [duck, "-c", f"COPY (SELECT * {SELECTED}) TO "
                        f"'{d('duckdb-select.json')}' (FORMAT JSON, ARRAY true)"],
                        d("duckdb-select.log"), lambda _: json_array(d("duckdb-select.json"))))
        listing.append(("duckdb count(*)", [duck, "-noheader", "-list", "-c",
                        f"SELECT count(*) {SELECTED}"], d("duckdb-count.txt"), first_line_int))
    if JQ and shutil.which("jq"):
        jq_filter = ('select(.countries != null and (.countries | index("KZ")) != null '
                     'and (.date | length) > 4 and .date[0:7] <= "2022-06" '
                     'and ((.end // .date)[0:7]) >= "2022-06")')
        listing.append(("jq select", ["jq", "-c", jq_filter, FILE], d("jq.out"), lines))
    show("list --country KZ --month 2022-06 --format json", measure(listing),
         "demarche list", "duckdb select *")

    for key, sql in GROUPS.items():
        cases = [(f"demarche stats --by {key}", [DEMARCHE, "stats", "--data", FILE, "--by",
                  key, "--format", "json"], d(f"demarche-{key}.json"), stats_total(key))]
        if duck:
            out = d(f"duckdb-{key}.csv")
            cases.append((f"duckdb group by {key}", [duck, "-c",
                          f"COPY ({sql}) TO '{out}' (HEADER)"], d(f"duckdb-{key}.log"),
                          lambda _, out=out: csv_total(out)))
        show(f"stats --by {key}", measure(cases), f"demarche stats --by {key}",
             f"duckdb group by {key}")


if __name__ == "__main__":
    main()
