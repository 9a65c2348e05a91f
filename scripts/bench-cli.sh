#!/usr/bin/env bash
# Whole-process timing of `demarche list` on a synthetic JSON Lines dataset, against jq
# and, when the `duckdb` Python package is installed, DuckDB's read_json on the same file
# and the same selection (events involving KZ that touch June 2022). Prints each tool's
# median over RUNS runs, the count each selected (they must agree), and the ratios.
#
#   scripts/bench-cli.sh                 # 1,000,000 events, 5 runs each
#   EVENTS=100000 RUNS=3 scripts/bench-cli.sh
set -euo pipefail
cd "$(dirname "$0")/.."
EVENTS=${EVENTS:-1000000}
RUNS=${RUNS:-5}
DIR=${DIR:-target/bench-data}
mkdir -p "$DIR"
FILE="$DIR/synth-$EVENTS-seed7.jsonl"

cargo build --release --quiet --bin demarche
cargo build --release --quiet --features synth --bin synth
if [ ! -f "$FILE" ]; then
    echo "generating $FILE ..."
    target/release/synth --events "$EVENTS" --seed 7 --format jsonl --out "$FILE"
fi

JQ_FILTER='select(.countries != null and (.countries | index("KZ")) != null
  and (.date | length) > 4 and .date[0:7] <= "2022-06"
  and ((.end // .date)[0:7]) >= "2022-06")'
DUCK_SQL="COPY (SELECT * FROM read_json('$FILE', format = 'newline_delimited')
  WHERE list_contains(countries, 'KZ') AND length(date) > 4
  AND date[1:7] <= '2022-06' AND coalesce(\"end\", date)[1:7] >= '2022-06')
  TO '$DIR/duckdb.out.json' (FORMAT JSON, ARRAY true)"

export FILE DIR RUNS JQ_FILTER DUCK_SQL
python3 - <<'PY'
import json, os, shutil, statistics, subprocess, time

file, out, runs = os.environ["FILE"], os.environ["DIR"], int(os.environ["RUNS"])
size_mb = os.path.getsize(file) / 1e6

def timed(name, argv, count):
    times = []
    for _ in range(runs):
        with open(f"{out}/{name}.out", "w") as sink:
            start = time.perf_counter()
            subprocess.run(argv, stdout=sink, check=True)
            times.append(time.perf_counter() - start)
    return statistics.median(times), count()

def lines(path):
    with open(path) as f:
        return sum(1 for line in f if line.strip())

def json_array(path):
    with open(path) as f:
        return len(json.load(f))

results = {}
results["demarche"] = timed(
    "demarche",
    ["target/release/demarche", "list", "--data", file, "--country", "KZ",
     "--month", "2022-06", "--format", "json"],
    lambda: json_array(f"{out}/demarche.out"),
)
if shutil.which("jq"):
    results["jq"] = timed("jq", ["jq", "-c", os.environ["JQ_FILTER"], file],
                          lambda: lines(f"{out}/jq.out"))
else:
    print("jq not found: skipped")
try:
    import duckdb  # noqa: F401
    code = f"import duckdb; duckdb.sql({os.environ['DUCK_SQL']!r})"
    results["duckdb"] = timed("duckdb", ["python3", "-c", code],
                              lambda: json_array(f"{out}/duckdb.out.json"))
except ImportError:
    print("duckdb Python package not installed: skipped (pip install duckdb)")

print(f"\n{file}: {size_mb:.0f} MB; median of {runs} runs, whole process\n")
base = results["demarche"][0]
for name, (median, count) in results.items():
    ratio = "" if name == "demarche" else f"  ({median / base:.1f}x demarche's time)"
    print(f"  {name:<9} {median:7.2f} s  {count:>6} events{ratio}")
counts = {c for _, c in results.values()}
print("\nall tools selected the same events" if len(counts) == 1
      else f"\nWARNING: the tools disagree on the count: {counts}")
PY
