# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Read the log of a core-suites run (tools/core_tests.py) and compare its failures with the baseline.

Library for tools/test_summary.py, and a command line:

- ``core_summary.py baseline LOG --out tools/core_baseline.txt``: write the baseline from a run WITHOUT the
  addon (``make core-baseline``). A test already in the file keeps its hand-written reason; a new one gets
  the key line of its traceback as reason, to be edited.
- ``core_summary.py report LOG [--baseline FILE]``: every failure of a run, grouped by cause (exception line
  and innermost sales_ecosystem frame), with the key traceback lines; the baseline ones marked.

A test is named ``module.Class.method`` (subtests collapse into their test; a failing ``setUpClass`` is
``module.Class.setUpClass``).
"""

import argparse
import collections
import re
import sys
from dataclasses import dataclass, field

ADDON = "sales_ecosystem"
LOG_LINE_RE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (\w+) \S+ (\S+): (.*)$")
FAILURE_RE = re.compile(r"^(FAIL|ERROR): (.*)$")
SUBTEST_RE = re.compile(r"^Subtest (\w+)\.(\w+)\b")
TEST_RE = re.compile(r"^(\w+)\.(\w+)$")
CLASS_LEVEL_RE = re.compile(
    r"^(setUpClass|tearDownClass|setUpModule|tearDownModule) \((odoo\.addons\.(\w+)\.\S*?)\.?(\w*)\)"
)
TOTAL_RE = re.compile(r"(\d+) failed, (\d+) error\(s\) of (\d+) tests when loading database")
COLLECTED_RE = re.compile(r"core suite (\w+): (\d+) at_install \+ (\d+) post_install tests")
SKIP_RE = re.compile(r"^skipped (\w+\.\w+) : (.*)$")
TOUR_RE = re.compile(r"^core tour (\S+) (?:runs|ran) in (\w+\.\w+)")
FRAME_RE = re.compile(r'^\s*File "([^"]+)", line (\d+), in (\S+)')
QUERY_RE = re.compile(r"Query count more than expected for user \S+: (\d+) > (\d+) in (\S+ at \S+)")


def _key_line(traceback):
    """The exception line of a traceback (its last such line), plus a failed tour's step and reason."""
    lines = [line.strip() for line in traceback if line.strip()]
    exc = [line for line in lines if re.match(r"^[\w.]+(Error|Exception|Failure)\b(:|$)", line)]
    key = exc[-1] if exc else (lines[-1] if lines else "")
    tour = [line for line in lines if line.startswith(("FAILED:", "BUT:", "Error:", "UncaughtPromiseError"))]
    if tour:
        key = f"{key} | {' | '.join(tour[:3])}"
    return key[:500]


@dataclass
class Failure:
    name: str
    kind: str
    tracebacks: list = field(default_factory=list)  # one list of lines per FAIL/ERROR entry (subtests)
    server_messages: list = field(default_factory=list)  # warnings/errors logged by the server meanwhile

    @property
    def key_lines(self):
        return list(dict.fromkeys(_key_line(tb) for tb in self.tracebacks))

    @property
    def key_line(self):
        """The first failure that is not a query budget (those are subtests the test goes on after)."""
        lines = self.key_lines
        other = [line for line in lines if "Query count more than expected" not in line]
        return (other or lines or [self.kind])[0]

    @property
    def cause(self):
        """The key line, or, when it only says that an RPC or a tour failed, what the server logged meanwhile."""
        key = self.key_line
        generic = key.startswith(("odoo.tests.common.JsonRpcException", "AssertionError: The test code"))
        if generic and self.server_messages:
            return f"server: {self.server_messages[0]}"
        return key

    @property
    def addon_frame(self):
        """The innermost frame of the addon in the key traceback: where its code was on the path."""
        for tb in self.tracebacks:
            if _key_line(tb) != self.key_line:
                continue
            frames = [FRAME_RE.match(line) for line in tb]
            frames = [
                m for m in frames if m and f"/{ADDON}/" in m.group(1) and f"/{ADDON}/tests/" not in m.group(1)
            ]
            if frames:
                m = frames[-1]
                return f"{m.group(1).split(f'/{ADDON}/', 1)[1]}:{m.group(2)} in {m.group(3)}"
        return ""

    @property
    def query_figures(self):
        """[(counted, budget, where)] of the query budgets this test exceeded."""
        return [(int(m[0]), int(m[1]), m[2]) for m in QUERY_RE.findall("\n".join(self.key_lines))]


@dataclass
class CoreRun:
    failures: dict = field(default_factory=dict)
    collected: dict = field(default_factory=dict)
    total: int = 0
    failed: int = 0
    errors: int = 0
    skipped: dict = field(default_factory=dict)
    tours: list = field(default_factory=list)
    addon_warnings: list = field(default_factory=list)  # WARNING lines naming the addon (e.g. label clashes)
    has_totals: bool = False

    @property
    def modules(self):
        return sorted(self.collected)

    @property
    def n_collected(self):
        return sum(at + post for at, post in self.collected.values())


def _test_name(logger, description):
    module = logger.split(".")[2] if logger.startswith("odoo.addons.") else ""
    m = SUBTEST_RE.match(description) or TEST_RE.match(description)
    if m:
        return f"{module or '?'}.{m.group(1)}.{m.group(2)}"
    m = CLASS_LEVEL_RE.match(description)
    if m:
        return f"{m.group(3)}.{m.group(4) or m.group(2).rsplit('.', 1)[-1]}.{m.group(1)}"
    return f"{module or '?'}.{description.split(' ', 1)[0]}"


def parse_log(text):
    run = CoreRun()
    current = None
    during = []  # warnings/errors of the server since the current test started (the cause of a tour/RPC failure)
    for line in text.splitlines():
        m = LOG_LINE_RE.match(line)
        if not m:
            if current is not None:
                current.append(line)
            continue
        current = None
        level, logger, message = m.groups()
        if message.startswith("Starting ") and ".tests." in logger:
            during = []
        elif level in ("WARNING", "ERROR", "CRITICAL") and ".tests." not in logger:
            during.append(message.strip()[:300])
            if level == "WARNING" and ADDON in message and message.strip() not in run.addon_warnings:
                run.addon_warnings.append(message.strip())
        fm = FAILURE_RE.match(message)
        if fm:
            name = _test_name(logger, fm.group(2))
            failure = run.failures.setdefault(name, Failure(name, fm.group(1)))
            failure.server_messages = list(dict.fromkeys(failure.server_messages + during))
            current = []
            failure.tracebacks.append(current)
            continue
        tm = TOTAL_RE.search(message)
        if tm:
            run.failed, run.errors, run.total = (int(n) for n in tm.groups())
            run.has_totals = True
            continue
        cm = COLLECTED_RE.search(message)
        if cm:
            run.collected[cm.group(1)] = (int(cm.group(2)), int(cm.group(3)))
            continue
        sm = SKIP_RE.match(message)
        if sm and logger.startswith("odoo.addons."):
            run.skipped[_test_name(logger, sm.group(1))] = sm.group(2)
            continue
        trm = TOUR_RE.match(message)
        if trm:
            run.tours.append(trm.group(1))
    return run


def read_baseline(path):
    """{test name: reason} from a baseline file (``module.Class.method | reason``; ``#`` comments)."""
    baseline = {}
    try:
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                line = line.strip()
                if not line or line.startswith("#"):
                    continue
                name, _sep, reason = line.partition("|")
                baseline[name.strip()] = reason.strip()
    except FileNotFoundError:
        pass
    return baseline


def compact(names):
    """module.Class.method names, a class with several of them written once: crm.TestLeadMerge (5 tests)."""
    by_class = collections.defaultdict(list)
    for name in names:
        by_class[name.rsplit(".", 1)[0]].append(name)
    return ", ".join(
        members[0] if len(members) == 1 else f"{cls} ({len(members)} tests)"
        for cls, members in sorted(by_class.items())
    )


def summary_line(run, baseline, modules=None):
    """The core suites' line of `make test`, and the names of the new failures."""
    modules = modules or run.modules
    new = sorted(set(run.failures) - set(baseline))
    seen = sorted(set(run.failures) & set(baseline))
    fixed = sorted(
        name for name in baseline if name.split(".", 1)[0] in run.collected and name not in run.failures
    )
    base = f"{len(seen)} baseline: {compact(seen)}" if seen else "0 baseline"
    line = (
        f"core suites ({', '.join(modules)}): {run.total} run, {len(run.failures)} failed ({base}), "
        f"{len(new)} new failures"
    )
    return line, new, fixed


def write_baseline(run, out):
    old = read_baseline(out)
    lines = [
        "# Core tests that fail WITHOUT sales_ecosystem, in tools/core_tests.py's runner (every test of the core",
        "# modules, at_install and post_install, tours included, run once the full registry is loaded), on a",
        "# database with the same core modules (and hr) installed without demo data.",
        "# `make test` fails on any other core failure. Regenerate with `make core-baseline` (keeps the reasons",
        "# written below; a new entry gets its traceback's key line as reason: edit it).",
        f"# Last run: {run.total} tests of {', '.join(run.modules)} ({run.failed} failed, {run.errors} error(s))",
        "# test (module.Class.method) | reason",
    ]
    for name in sorted(run.failures):
        reason = old.get(name) or run.failures[name].key_line
        lines.append(f"{name} | {reason}")
    with open(out, "w", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")
    return len(run.failures)


def report(run, baseline):
    """Failures grouped by likely cause (key line with figures blanked, innermost addon frame), then the
    exceeded query budgets with their figures."""
    groups = collections.defaultdict(list)
    for name, failure in sorted(run.failures.items()):
        if name in baseline:
            continue
        if "Query count more than expected" in failure.key_line:
            continue  # listed with the budgets below
        cause = re.sub(r"\d+", "N", failure.cause)
        cause = re.sub(r":[^:]*$", "", cause) if cause.startswith("server: ") else cause  # the record's name
        groups[(failure.addon_frame, cause[:200])].append(failure)
    out = []
    for (frame, _cause), failures in sorted(groups.items(), key=lambda item: (-len(item[1]), item[0])):
        out.append(f"== {len(failures)} test(s): {failures[0].cause}")
        out.append(f"   innermost addon frame: {frame or '(none: the addon is not in the traceback)'}")
        for failure in failures:
            others = [line for line in failure.key_lines if line != failure.key_line]
            more = f"  (also: {' || '.join(others)[:300]})" if others else ""
            out.append(f"   - {failure.name} ({failure.kind}){more}")
            if failure.cause != failure.key_line:
                out.append(f"       {failure.key_line[:400]}")
            for message in failure.server_messages[1:3]:
                out.append(f"       server also logged: {message}")
        out.append("")
    budgets = [(f, q) for f in run.failures.values() if f.name not in baseline for q in f.query_figures]
    out.append(f"== query budgets exceeded: {len(budgets)}")
    for failure, (count, budget, where) in sorted(budgets, key=lambda item: item[0].name):
        out.append(f"   - {failure.name}: {count} queries vs {budget} budgeted ({where})")
    return "\n".join(out)


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    p_base = sub.add_parser("baseline")
    p_base.add_argument("log")
    p_base.add_argument("--out", required=True)
    p_rep = sub.add_parser("report")
    p_rep.add_argument("log")
    p_rep.add_argument("--baseline")
    p_rep.add_argument("--partial", action="store_true", help="report a run still under way")
    args = parser.parse_args()
    with open(args.log, encoding="utf-8", errors="replace") as handle:
        run = parse_log(handle.read())
    if (not run.has_totals or not run.total) and not getattr(args, "partial", False):
        print(f"ERROR: no core test result in {args.log}", file=sys.stderr)
        return 2
    if args.command == "baseline":
        count = write_baseline(run, args.out)
        print(f"core baseline: {count} failing test(s) of {run.total} written to {args.out}")
        return 0
    baseline = read_baseline(args.baseline) if args.baseline else {}
    print(summary_line(run, baseline)[0])
    print(report(run, baseline))
    return 0


if __name__ == "__main__":
    sys.exit(main())
