#!/usr/bin/env bash
# Whole-process timing of demarche beside DuckDB and jq on one synthetic JSON Lines file
# (`synth --seed 7`), the runs of each pair interleaved so that the machine's drift hits
# both alike. Prints each command's median wall time, CPU time and peak memory, the
# ratio to its DuckDB counterpart, and checks that the tools counted the same events.
#
# The pairs:
#   list    `demarche list --country KZ --month 2022-06 --format json` (every line still
#           validated) against DuckDB's `select *` of the same selection written as JSON,
#           with DuckDB's `count(*)` of it beside, and jq's select;
#   stats   `demarche stats --by country|month|kind --format json` against DuckDB's
#           `group by` of the same breakdown (months: each month an event spans, and the
#           year for events dated only to a year, as demarche counts them).
#
#   scripts/bench-cli.sh                          # 1,000,000 events, 5 runs each
#   EVENTS=100000 RUNS=3 scripts/bench-cli.sh
#   JQ=0 scripts/bench-cli.sh                     # without jq (about 10 s a run at 1M)
#
# DuckDB is its own command-line program (`pip install duckdb-cli`), not the Python module,
# whose import alone takes 0.4 s; jq is Debian's. Either missing is said and skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
EVENTS=${EVENTS:-1000000}
RUNS=${RUNS:-5}
DIR=${DIR:-target/bench-data}
JQ=${JQ:-1}
mkdir -p "$DIR"
FILE="$DIR/synth-$EVENTS-seed7.jsonl"

cargo build --release --quiet --bin demarche
cargo build --release --quiet --features synth --bin synth
if [ ! -f "$FILE" ]; then
    echo "generating $FILE ..."
    target/release/synth --events "$EVENTS" --seed 7 --format jsonl --out "$FILE"
fi

export FILE DIR RUNS JQ
exec python3 scripts/bench-cli.py
