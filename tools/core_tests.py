# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Run Odoo core modules' own tests with the full registry loaded (``make test``'s core suites).

Usage: ``python tools/core_tests.py --odoo-bin /opt/odoo/odoo-bin -- <odoo server options>``, e.g.
``-d DB --test-enable --test-tags /crm,/sale_crm --stop-after-init`` on a database where those modules
(and, for the "with the addon" run, sales_ecosystem) are already installed. No ``-i``/``-u``: nothing is
installed or updated, the registry loads as a production server loads it.

Stock Odoo runs a module's ``at_install`` tests right after that module loads, before the modules that depend
on it (sales_ecosystem among them) are in the registry: the addon's code would never be active during them.
This wrapper, not Odoo code, changes only when tests run, by replacing ``odoo.tests.loader.make_suite``:

- while the registry loads (``position='at_install'``, called by ``odoo.modules.loading`` for each module),
  it returns an empty suite: no test runs against a half-loaded registry;
- in the post-install phase (``position='post_install'``, called by ``odoo.service.server.preload_registries``
  once every installed module is loaded), it returns the ``at_install`` tests of the selected modules followed
  by their ``post_install`` tests (HttpCase tours included), each test once.

The ``--test-tags`` filter applies as usual (``/crm`` selects crm's standard tests, both positions). Odoo's
own reporting is untouched: ``N failed, N error(s) of N tests`` and ``FAIL:``/``ERROR:`` lines, which
tools/core_summary.py compares with tools/core_baseline.txt.
"""

import collections
import logging
import os
import sys

_logger = logging.getLogger("core_tests")


def patch_loader():
    from odoo.tests import loader  # noqa: PLC0415 (odoo must be importable first)

    stock_make_suite = loader.make_suite

    def make_suite(module_names, position="at_install"):
        if position == "at_install":
            # During registry loading: defer every test to the post-install phase (full registry).
            return loader.OdooSuite([])
        seen, tests, counts = set(), [], collections.Counter()
        for phase in ("at_install", "post_install"):
            for test in stock_make_suite(module_names, phase):
                key = (type(test), test._testMethodName)
                if key not in seen:  # a test tagged with both positions runs once
                    seen.add(key)
                    tests.append(test)
                    counts[test.test_module, phase] += 1
        for module in sorted({module for module, _phase in counts}):
            # Parsed by tools/test_summary.py: proof that both phases were collected, per module.
            _logger.info(
                "core suite %s: %d at_install + %d post_install tests with the full registry",
                module,
                counts[module, "at_install"],
                counts[module, "post_install"],
            )
        return loader.OdooSuite(tests)

    loader.make_suite = make_suite

    # Proof that tours run (and are not skipped for want of a browser): one log line per tour started.
    from odoo.tests import common  # noqa: PLC0415

    stock_start_tour = common.HttpCase.start_tour

    def start_tour(self, url_path, tour_name, *args, **kwargs):
        _logger.info("core tour %s runs in %s.%s", tour_name, type(self).__name__, self._testMethodName)
        return stock_start_tour(self, url_path, tour_name, *args, **kwargs)

    common.HttpCase.start_tour = start_tour


def main(argv):
    odoo_bin = None
    if argv[:1] == ["--odoo-bin"]:
        odoo_bin, argv = argv[1], argv[2:]
    if argv[:1] == ["--"]:
        argv = argv[1:]
    if odoo_bin:
        # A source checkout that is not pip-installed: import odoo from next to odoo-bin.
        sys.path.insert(0, os.path.dirname(os.path.abspath(odoo_bin)))
    import odoo.cli  # noqa: PLC0415

    patch_loader()
    sys.argv = [odoo_bin or "odoo-bin", *argv]
    odoo.cli.main()


if __name__ == "__main__":
    main(sys.argv[1:])
