"""Summarise an Odoo `--test-enable` log into one closing line a CI can read.

Prints ``sales_ecosystem: N passed, N failed, N skipped`` and exits non-zero when any test failed or was
skipped (Odoo skips browser tours with a log line when Chromium or websocket-client is missing: here a skip
is a failure), when no test ran, or when Odoo itself exited with an error (an install error, say).
"""

import argparse
import re
import sys

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
    print(f"{MODULE}: {passed} passed, {n_failed} failed, {len(skipped)} skipped")
    return 1 if (n_failed or skipped) else 0


if __name__ == "__main__":
    sys.exit(main())
