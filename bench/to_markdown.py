# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Print ``bench/results/latest.json`` (or the files given, e.g. one per ``--only`` run) as the Markdown of the
README's "Latest figures": per file, the measurements, then the facts; at the end, every fact that states a goal
(its label says ``goal``) in one table with its figure and whether it is met (as the scenario wrote it)."""

import json
import re
import sys
from pathlib import Path


def fmt(seconds):
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def print_file(data):
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


def goal_rows(datas):
    rows = []
    for data in datas:
        for fact in data["facts"]:
            label, value = fact["label"], str(fact["value"])
            if "goal" not in label:
                continue
            verdict = re.search(r"->\s*(met|NOT MET|OK|OVER)\s*$", value)
            met = {"met": "yes", "OK": "yes", "NOT MET": "**NOT MET**", "OVER": "**NOT MET**"}.get(
                verdict.group(1) if verdict else "", "see figure"
            )
            figure = value[: verdict.start()].strip() if verdict else value
            rows.append((fact["scenario"], label, figure, met))
    return rows


def main(*paths):
    paths = paths or (Path(__file__).parent / "results" / "latest.json",)
    datas = [json.loads(Path(path).read_text()) for path in paths]
    for data in datas:
        print_file(data)
        print()
    rows = goal_rows(datas)
    if rows:
        print("| scenario | measure (goal) | figure | met |")
        print("| --- | --- | --- | --- |")
        for row in rows:
            print("| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |")


if __name__ == "__main__":
    main(*sys.argv[1:])
