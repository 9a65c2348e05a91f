//! Writes a synthetic dataset (see `demarche::synth`) for benchmarks and scale tests:
//!
//!     cargo run --release --features synth --bin synth -- --events 1000000 --seed 7 --format jsonl --out big.jsonl

use std::io::BufWriter;

fn main() {
    let mut events = 1000usize;
    let mut seed = 1u64;
    let mut format = "jsonl".to_string();
    let mut out = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || {
            args.next()
                .unwrap_or_else(|| usage(&format!("{arg} needs a value")))
        };
        match arg.as_str() {
            "--events" => events = value().parse().unwrap_or_else(|_| usage("--events N")),
            "--seed" => seed = value().parse().unwrap_or_else(|_| usage("--seed S")),
            "--format" => format = value(),
            "--out" => out = Some(value()),
            other => usage(&format!("unknown argument {other}")),
        }
    }
    if format != "json" && format != "jsonl" {
        usage("--format is json or jsonl");
    }
    let out = out.unwrap_or_else(|| usage("--out FILE is required"));
    let file = std::fs::File::create(&out).unwrap_or_else(|e| usage(&format!("{out}: {e}")));
    let mut w = BufWriter::with_capacity(1 << 20, file);
    if let Err(e) = demarche::synth::write(&mut w, events, seed, format == "jsonl") {
        eprintln!("synth: writing {out}: {e}");
        std::process::exit(1);
    }
}

fn usage(message: &str) -> ! {
    eprintln!("synth: {message}");
    eprintln!("usage: synth --events N --seed S --format json|jsonl --out FILE");
    std::process::exit(2)
}
