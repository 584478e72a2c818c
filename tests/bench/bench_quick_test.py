#!/usr/bin/env python3
"""Smoke test of `parley bench --quick --json FILE`.

It checks that the command works and that every figure is there: each
section present, each Parley figure, baseline and ratio a positive finite
number, the table printed. It never checks a speed: a slow or busy machine
must not fail the suite (bench/README.md).
"""

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile

SECTIONS = ["broker", "latency", "negotiation", "growth", "learning", "scale", "analysis", "codec"]
# Rows each section must give, at least: the list of figures.
MINIMUM_ROWS = {"broker": 1, "latency": 3, "negotiation": 6, "growth": 3, "learning": 4, "scale": 4, "analysis": 4, "codec": 40}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--parley", required=True, help="the parley executable")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="parley-bench-test-") as folder:
        json_file = os.path.join(folder, "bench.json")
        run = subprocess.run([args.parley, "--log-level", "warn", "bench", "--quick", "--json", json_file],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=280)
        problems = []
        if run.returncode != 0:
            problems.append(f"parley bench exited with {run.returncode}:\n{run.stderr[-3000:]}")
        elif not os.path.exists(json_file):
            problems.append("no JSON file was written")
        else:
            with open(json_file) as handle:
                report = json.load(handle)
            problems += check_report(report)
            problems += check_table(run.stdout, report)

    for problem in problems:
        print("FAIL:", problem)
    print("bench_quick:", "ok" if not problems else f"{len(problems)} problems")
    return 1 if problems else 0


def positive(value) -> bool:
    return isinstance(value, (int, float)) and math.isfinite(value) and value > 0


def check_report(report) -> list:
    problems = []
    if report.get("quick") is not True:
        problems.append("the JSON does not say it is a quick run")
    machine = report.get("machine", {})
    for key in ("date", "cpu", "cores"):
        if not machine.get(key):
            problems.append(f"machine.{key} is missing")
    figures = report.get("figures", [])
    for section in SECTIONS:
        rows = [figure for figure in figures if figure.get("section") == section]
        if len(rows) < MINIMUM_ROWS[section]:
            problems.append(f"section '{section}' has {len(rows)} figures, expected at least {MINIMUM_ROWS[section]}")
    for figure in figures:
        name = figure.get("benchmark", "?")
        for key in ("parley", "baseline", "ratio"):
            if not positive(figure.get(key)):
                problems.append(f"'{name}': {key} is {figure.get(key)!r}, not a positive number")
        for key in ("unit", "baseline_is"):
            if not figure.get(key):
                problems.append(f"'{name}': {key} is missing")
        if figure.get("target") is not None and not isinstance(figure.get("target_met"), bool):
            problems.append(f"'{name}': a target without target_met")
    return problems


def check_table(stdout: str, report) -> list:
    rows = [line for line in stdout.splitlines() if line.startswith("| ") and not line.startswith("| benchmark")]
    rows = [row for row in rows if not row.startswith("| ---")]
    if len(rows) != len(report.get("figures", [])):
        return [f"the table has {len(rows)} rows, the JSON {len(report.get('figures', []))} figures"]
    return []


if __name__ == "__main__":
    sys.exit(main())
