# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Print ``bench/results/latest.json`` (or the file given) as the Markdown of the README's "Latest figures"."""

import json
import sys
from pathlib import Path


def fmt(seconds):
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def main(path=None):
    data = json.loads(Path(path or Path(__file__).parent / "results" / "latest.json").read_text())
    sizes = "quick sizes" if data["quick"] else "full sizes"
    load = ", ".join(f"{value:.1f}" for value in data["machine"]["load_average"])
    print(
        f"Figures of `make bench` on {data['date']} ({sizes}; data: {data['data']}; "
        f"{data['seconds']:.0f} s in all; load average {load} on {data['machine']['cpus']} cores):\n"
    )
    print("| scenario | variant | size | median | min | max | queries |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
    for row in data["results"]:
        print(
            f"| {row['scenario']} | {row['variant']} | {row['size']} | {fmt(row['median'])} | {fmt(row['min'])} "
            f"| {fmt(row['max'])} | {row['queries']} |"
        )
    print()
    for fact in data["facts"]:
        print(f"- {fact['scenario']}: {fact['label']}: **{fact['value']}**")
    for error in data.get("errors") or []:
        print(f"- error: {error}")


if __name__ == "__main__":
    main(*sys.argv[1:])
