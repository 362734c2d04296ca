# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Summarise an Odoo `--test-enable` log into one closing line a CI can read.

Prints ``sales_ecosystem: N passed, N failed, N skipped`` and exits non-zero when any test failed or was
skipped (Odoo skips browser tours with a log line when Chromium or websocket-client is missing: here a skip
is a failure), when no test ran, or when Odoo itself exited with an error (an install error, say).

With ``--core-log`` (the core suites' run, tools/core_tests.py), a line before it gives the core suites'
count: ``core suites (crm, ...): N run, N failed (B baseline: ...), N new failures``; a core failure that is
not in ``--core-baseline`` (tools/core_baseline.txt), or a core run that did not produce a result, fails too.
The ``sales_ecosystem: ...`` line stays last (CI parses it).
"""

import argparse
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import core_summary

MODULE = "sales_ecosystem"
TOTAL_RE = re.compile(r"(\d+) failed, (\d+) error\(s\) of (\d+) tests when loading database")
FAIL_RE = re.compile(r"\b(FAIL|ERROR): (\S+)")
SKIP_RE = re.compile(rf"odoo\.addons\.{MODULE}\.\S+: skipped (\S+)")
TOUR_RE = re.compile(rf"odoo\.addons\.{MODULE}\.tests\.\S+: tour (\S+) ran")
INSTALL_ERROR_RE = re.compile(r" (CRITICAL|ERROR) \S+ odoo\.(modules|registry|sql_db|service)")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("log")
    parser.add_argument("--odoo-rc", type=int, default=0)
    parser.add_argument("--seconds", type=int, default=0)
    parser.add_argument("--core-log")
    parser.add_argument("--core-rc", type=int, default=0)
    parser.add_argument("--core-baseline")
    parser.add_argument("--core-modules", default="")
    parser.add_argument(
        "--core-tested", default="", help="the core modules that have tests: each must run some"
    )
    parser.add_argument("--core-seconds", type=int, default=0)
    args = parser.parse_args()
    with open(args.log, encoding="utf-8", errors="replace") as handle:
        text = handle.read()

    totals = TOTAL_RE.findall(text)
    n_fail, n_error, total = (int(n) for n in totals[-1]) if totals else (0, 0, 0)
    failed = {name for _kind, name in FAIL_RE.findall(text) if MODULE in name or name.startswith("Test")}
    skipped = set(SKIP_RE.findall(text))
    tours = set(TOUR_RE.findall(text))
    install_errors = INSTALL_ERROR_RE.findall(text)

    problems = []
    if args.odoo_rc:
        problems.append(f"Odoo exited with status {args.odoo_rc}")
    if install_errors:
        problems.append(f"{len(install_errors)} install/registry error line(s) in the log")
    if not total:
        problems.append(f"no test of {MODULE} ran")
    if skipped:
        problems.append("skipped tests count as failures here: " + ", ".join(sorted(skipped)))
    n_failed = max(len(failed), n_fail + n_error)
    if problems and not n_failed:
        n_failed = 1
    passed = max(total - n_failed - len(skipped), 0)

    for name in sorted(failed):
        print(f"failed: {name}")
    for problem in problems:
        print(f"problem: {problem}")
    print(f"tours run in Chromium: {len(tours)} ({', '.join(sorted(tours)) or 'none'})")
    print(f"time: {args.seconds}s; full log: {args.log}")
    core_ok = core(args) if args.core_log else True
    print(f"{MODULE}: {passed} passed, {n_failed} failed, {len(skipped)} skipped")
    return 1 if (n_failed or skipped or not core_ok) else 0


def core(args):
    """Print the core suites' lines; False when a core test broke that passes without the addon."""
    with open(args.core_log, encoding="utf-8", errors="replace") as handle:
        run = core_summary.parse_log(handle.read())
    baseline = core_summary.read_baseline(args.core_baseline) if args.core_baseline else {}
    modules = [m for m in args.core_modules.split(",") if m] or run.modules
    line, new, fixed = core_summary.summary_line(run, baseline, modules)
    problems = []
    if not run.has_totals:
        problems.append(f"the core suites produced no result (Odoo status {args.core_rc})")
    elif args.core_rc and not run.failures:
        problems.append(f"Odoo exited with status {args.core_rc} without a failing core test")
    no_browser = [name for name, reason in run.skipped.items() if re.search(r"[Cc]hrom|websocket", reason)]
    if no_browser:
        problems.append(f"tours skipped for want of a browser: {', '.join(sorted(no_browser))}")
    silent = [m for m in args.core_tested.split(",") if m and m not in run.collected]
    if run.has_totals and silent and not os.environ.get("CORE_TAGS"):
        problems.append(f"no test collected for: {', '.join(silent)}")
    for name in new:
        print(f"core new failure: {name}: {run.failures[name].cause[:300]}")
    for name in fixed:
        print(f"core baseline test now passes (regenerate the baseline?): {name}")
    for warning in run.addon_warnings:
        print(f"core warning naming {MODULE}: {warning[:300]}")
    for name, reason in sorted(run.skipped.items()):
        print(f"core skipped: {name}: {reason}")
    for problem in problems:
        print(f"core problem: {problem}")
    collected = ", ".join(f"{m} {at}+{post}" for m, (at, post) in sorted(run.collected.items()))
    print(f"core tests collected (at_install+post_install): {collected or 'none'}")
    tours = sorted(set(run.tours))
    print(
        f"core tours run in Chromium: {len(run.tours)} runs of {len(tours)} tours ({', '.join(tours) or 'none'})"
    )
    print(f"core time: {args.core_seconds}s; full log: {args.core_log}")
    print(line)
    return not (new or problems)


if __name__ == "__main__":
    sys.exit(main())
