# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""`make bench`: benchmark runner of sales_ecosystem (never part of the test suite).

What it does, in one run:

1. creates a throwaway database (``bench_<pid>``, dropped at the end unless ``--keep-db``) and installs
   ``sales_ecosystem`` without demo data (``odoo-bin -i``);
2. generates data with :mod:`bench.generate` (an ORM-seeded realistic base set grown with Odoo 19's populate) up
   to the largest sizes any scenario needs (``SIZES`` / ``QUICK_SIZES`` below), so that no scenario pays for it;
3. discovers ``bench/scenarios/*.py`` (files starting with ``_`` are skipped) and calls each module's
   ``run(env, measure, sizes)``, in alphabetical order or only ``--only NAME``;
4. prints a table (scenario, variant, size, median, min, max, queries) and the scenarios' facts (ratios, goals)
   and writes everything to ``bench/results/latest.json``.

Scenario interface (see the brief, "Benchmarks")::

    def run(env, measure, sizes):
        # env: superuser environment on the bench database (sales_ecosystem installed, data generated)
        # sizes: {"leads": [1000, 10000, 100000], "won_deals": 50000, "open_deals": 100000, "deals": [10, 1000]}
        #        (smaller with BENCH_QUICK=1: read the sizes from here, never hard-code them)
        res = measure("icp@1000", lambda: leads._recompute_icp(), repeat=3, setup=None)
        # res = {"median": s, "min": s, "max": s, "queries": n, "times": [...], "query_counts": [...]}
        return [{"label": "ICP / PLS at 1000", "value": 0.8}]  # optional facts

``measure(label, fn, repeat=3, setup=None)``: for each of the ``repeat`` runs, calls ``setup()`` (not timed, not
counted) if given, then flushes and invalidates the ORM caches (``env.flush_all()``, ``env.invalidate_all()``),
then times ``fn()`` *including the flush of what it left pending* and counts the SQL queries it issued
(``odoo.sql_db.sql_counter``, all cursors). ``label`` is ``"variant"`` or ``"variant@size"``; the size shows in its
own column. ``measure.interleave({label: (fn, setup), ...}, repeat=5)`` does the same for several variants measured
in alternation (A B A B ...), so that load changes of a shared machine hit them alike; a variant may be
``(fn, setup, teardown)``: ``teardown()`` (not timed, not counted) runs after each measurement (e.g. rolling back
to a savepoint the setup made, so that every round starts from the same data). Each scenario runs in its
own transaction, rolled back afterwards (scenarios do not see each other's changes; data generation is committed
before).
"""

import argparse
import importlib.util
import json
import logging
import os
import platform
import statistics
import subprocess
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCENARIO_DIR = ROOT / "bench" / "scenarios"
RESULTS = ROOT / "bench" / "results" / "latest.json"

SIZES = {
    "leads": [1000, 10000, 100000],
    "won_deals": 50000,
    "open_deals": 100000,
    "deals": [10, 1000],
    "e2e": 1000,  # deals won, leads created, leads assigned by the end-to-end scenario (issue 16 item 3)
}
QUICK_SIZES = {
    "e2e": 300,
    "leads": [1000, 5000],
    "won_deals": 2000,
    "open_deals": 5000,
    "deals": [10, 1000],
}

_logger = logging.getLogger("sales_ecosystem.bench")


def log(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


# ------------------------------------------------------------
# Measuring
# ------------------------------------------------------------


class Measure:
    """The ``measure`` callable handed to scenarios; records every measurement of the run."""

    def __init__(self, env):
        self.env = env
        self.scenario = None
        self.records = []

    def __call__(self, label, fn, repeat=3, setup=None, teardown=None):
        times, query_counts = [], []
        for _run in range(max(1, int(repeat))):
            elapsed, queries = self._run_once(fn, setup, teardown)
            times.append(elapsed)
            query_counts.append(queries)
        return self._record(label, times, query_counts)

    def interleave(self, variants, repeat=5):
        """Measure several variants in alternation (A B A B ...) so that a change of machine load hits them
        alike; ``variants``: ``{label: (fn, setup or None[, teardown])}``. Returns ``{label: record}`` as
        ``__call__``."""
        runs = {label: ([], []) for label in variants}
        for _round in range(max(1, int(repeat))):
            for label, (fn, setup, *rest) in variants.items():
                elapsed, queries = self._run_once(fn, setup, rest[0] if rest else None)
                runs[label][0].append(elapsed)
                runs[label][1].append(queries)
        return {label: self._record(label, times, counts) for label, (times, counts) in runs.items()}

    def _run_once(self, fn, setup, teardown=None):
        import odoo.sql_db  # noqa: PLC0415

        env = self.env
        if setup is not None:
            setup()
        env.flush_all()
        env.invalidate_all()
        queries_before = odoo.sql_db.sql_counter
        start = time.perf_counter()
        fn()
        env.flush_all()
        result = time.perf_counter() - start, odoo.sql_db.sql_counter - queries_before
        if teardown is not None:
            teardown()
        return result

    def _record(self, label, times, query_counts):
        variant, _sep, size = str(label).partition("@")
        record = {
            "scenario": self.scenario,
            "label": str(label),
            "variant": variant.strip(),
            "size": size.strip(),
            "median": statistics.median(times),
            "min": min(times),
            "max": max(times),
            "queries": int(statistics.median(query_counts)),
            "times": times,
            "query_counts": query_counts,
            "repeat": len(times),
        }
        self.records.append(record)
        log(
            f"  {self.scenario} {label}: median {fmt_time(record['median'])} "
            f"(min {fmt_time(record['min'])}, max {fmt_time(record['max'])}), {record['queries']} queries"
        )
        return record


def fmt_time(seconds):
    if seconds < 1:
        return f"{seconds * 1000:.1f} ms"
    return f"{seconds:.2f} s"


def print_table(records, facts):
    headers = ["scenario", "variant", "size", "median", "min", "max", "queries"]
    rows = [
        [
            r["scenario"],
            r["variant"],
            r["size"],
            fmt_time(r["median"]),
            fmt_time(r["min"]),
            fmt_time(r["max"]),
            str(r["queries"]),
        ]
        for r in records
    ]
    widths = [max(len(h), *(len(row[i]) for row in rows)) if rows else len(h) for i, h in enumerate(headers)]
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))
    print("\n" + line)
    print("-" * len(line))
    for row in rows:
        print(
            "  ".join(
                c.ljust(w) if i < 3 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))
            )
        )
    if facts:
        print("\nfacts:")
        for fact in facts:
            print(f"  {fact['scenario']}: {fact['label']} = {fact['value']}")
    print(flush=True)


# ------------------------------------------------------------
# Database and Odoo
# ------------------------------------------------------------


def odoo_args(args, db):
    result = [f"--addons-path={args.addons_path}", f"--data-dir={ROOT / '.run' / 'filestore'}", "-d", db]
    if os.environ.get("PGHOST"):
        result.append(f"--db_host={os.environ['PGHOST']}")
    if os.environ.get("PGPORT"):
        result.append(f"--db_port={os.environ['PGPORT']}")
    if os.environ.get("PGUSER"):
        result.append(f"--db_user={os.environ['PGUSER']}")
    return result


def install(args, db):
    log(f"creating database {db} and installing sales_ecosystem (no demo data)")
    start = time.time()
    cmd = [
        sys.executable,
        args.odoo_bin,
        *odoo_args(args, db),
        "-i",
        "sales_ecosystem",
        "--stop-after-init",
        "--log-level=warn",
        "--workers=0",
        "--max-cron-threads=0",
        "--no-http",
    ]
    subprocess.run(cmd, check=True)
    log(f"installed in {time.time() - start:.0f}s")


def drop(db):
    import odoo.sql_db  # noqa: PLC0415
    from odoo.service import db as db_service  # noqa: PLC0415

    odoo.sql_db.close_db(db)
    db_service.exp_drop(db)
    log(f"dropped database {db}")


def load_scenarios(only):
    paths = sorted(p for p in SCENARIO_DIR.glob("*.py") if not p.name.startswith("_"))
    if only:
        paths = [p for p in paths if p.stem == only]
        if not paths:
            raise SystemExit(f"no scenario named {only!r} in {SCENARIO_DIR}")
    modules = []
    for path in paths:
        spec = importlib.util.spec_from_file_location(f"bench.scenarios.{path.stem}", path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
        if not callable(getattr(module, "run", None)):
            raise SystemExit(f"{path}: a scenario module must define run(env, measure, sizes)")
        modules.append((path.stem, module))
    return modules


def needed_sizes(sizes):
    leads = sizes.get("leads") or []
    return {
        "leads": max(leads) if isinstance(leads, list) and leads else int(leads or 0),
        "won_deals": int(sizes.get("won_deals") or 0),
        "open_deals": int(sizes.get("open_deals") or 0),
    }


# ------------------------------------------------------------
# Main
# ------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description="sales_ecosystem benchmarks (make bench)")
    parser.add_argument("--odoo-bin", required=True)
    parser.add_argument("--addons-path", required=True)
    parser.add_argument("--only", help="run only this scenario (file name without .py)")
    parser.add_argument("--keep-db", action="store_true", help="keep the bench database at the end")
    parser.add_argument("--db", help="use (and keep) this existing bench database instead of creating one")
    parser.add_argument("--quick", action="store_true", help="small sizes (same as BENCH_QUICK=1)")
    parser.add_argument("--output", default=str(RESULTS))
    args = parser.parse_args()
    quick = args.quick or os.environ.get("BENCH_QUICK", "") not in ("", "0")
    sizes = QUICK_SIZES if quick else SIZES
    sizes = json.loads(json.dumps(sizes))  # scenarios get their own copy
    sys.path.insert(0, str(ROOT))
    os.chdir("/tmp")  # never import the addon's folders as top-level packages

    started = time.time()
    scenarios = load_scenarios(args.only)
    db = args.db or f"bench_{os.getpid()}"
    keep = args.keep_db or bool(args.db)
    if not args.db:
        try:
            install(args, db)
        except subprocess.CalledProcessError as error:
            log(f"installing sales_ecosystem failed ({error}): dropping {db}")
            subprocess.run(["dropdb", "--if-exists", db], check=False)
            return 2

    import odoo  # noqa: PLC0415
    from odoo.modules.registry import Registry  # noqa: PLC0415

    odoo.tools.config.parse_config(
        [
            *odoo_args(args, db),
            "--log-level=warn",
            "--log-handler=sales_ecosystem.bench:INFO",
            "--log-handler=odoo.cli.populate:INFO",
        ],
        setup_logging=True,
    )
    from bench import generate  # noqa: PLC0415

    measure = None
    facts, errors = [], []
    data_sizes = {}
    exit_code = 0
    try:
        registry = Registry(db)
        with registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            target = needed_sizes(sizes)
            log(f"generating data up to {target} ({'quick' if quick else 'full'} sizes)")
            gen_start = time.time()
            data_sizes = generate.ensure(env, **target)
            log(f"data ready in {time.time() - gen_start:.0f}s: {data_sizes}")
            measure = Measure(env)
            for name, module in scenarios:
                measure.scenario = name
                log(f"scenario {name}")
                scenario_start = time.time()
                try:
                    returned = module.run(env, measure, json.loads(json.dumps(sizes)))
                    for fact in returned or []:
                        facts.append({"scenario": name, **fact})
                except Exception:
                    exit_code = 1
                    errors.append({"scenario": name, "error": traceback.format_exc()})
                    log(f"scenario {name} FAILED:\n{traceback.format_exc()}")
                finally:
                    cr.rollback()
                    env.invalidate_all()
                log(f"scenario {name} done in {time.time() - scenario_start:.0f}s")
    finally:
        records = measure.records if measure else []
        print_table(records, facts)
        result = {
            "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "quick": quick,
            "sizes": sizes,
            "data": data_sizes,
            "database": db,
            "odoo": odoo.release.version,
            "machine": {
                "cpus": os.cpu_count(),
                "load_average": os.getloadavg(),
                "python": platform.python_version(),
            },
            "seconds": round(time.time() - started, 1),
            "results": records,
            "facts": facts,
            "errors": errors,
        }
        output = Path(args.output)
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(json.dumps(result, indent=2, default=str))
        log(
            f"results written to {output} (total {time.time() - started:.0f}s, load {os.getloadavg()[0]:.1f})"
        )
        if not keep:
            drop(db)
    if errors:
        log(f"{len(errors)} scenario(s) failed: {', '.join(e['scenario'] for e in errors)}")
    return exit_code


if __name__ == "__main__":
    sys.exit(main())
