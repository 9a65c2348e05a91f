#!/usr/bin/env python3
"""Prints the medians criterion saved under target/criterion as a Markdown table: one row
per benchmark, one column per dataset size. Run after `cargo bench --bench engine`."""
import json
import pathlib

root = pathlib.Path(__file__).resolve().parent.parent / "target" / "criterion"
rows, sizes = {}, set()
for estimates in root.glob("*/*/*/new/estimates.json"):
    size_dir = estimates.parent.parent
    group, name, size = size_dir.parent.parent.name, size_dir.parent.name, int(size_dir.name)
    median_ns = json.loads(estimates.read_text())["median"]["point_estimate"]
    rows.setdefault(f"{group}/{name}", {})[size] = median_ns
    sizes.add(size)

def show(ns):
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if ns >= scale:
            return f"{ns / scale:.3g} {unit}"
    return f"{ns:.3g} ns"

sizes = sorted(sizes)
label = lambda n: f"{n // 1_000_000}M" if n >= 1_000_000 else f"{n // 1000}k"
print("| benchmark | " + " | ".join(label(n) for n in sizes) + " |")
print("|---|" + "---:|" * len(sizes))
for name in sorted(rows):
    cells = [show(rows[name][n]) if n in rows[name] else "–" for n in sizes]
    print(f"| {name} | " + " | ".join(cells) + " |")
