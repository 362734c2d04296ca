#!/usr/bin/env bash
# Developer driver for the sales_ecosystem addon: `make test`, `make run`, `make lint`, `make bench` call it.
#
# Odoo 19.0 is a prerequisite (see README). It is looked up, in this order:
#   ODOO_BIN / ODOO_PYTHON environment variables, else the documented default
#   /opt/odoo/odoo-bin run by /opt/odoo-venv/bin/python, else an `odoo-bin` / `odoo` on PATH.
# PostgreSQL: the PG* environment variables, else 127.0.0.1:5432 as role `odoo` (Odoo refuses `postgres`).
# If no server answers and PostgreSQL's binaries are present, a private cluster is started under ./.pgdata.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ADDON=sales_ecosystem
RUN_DIR="$ROOT/.run"
mkdir -p "$RUN_DIR"

die() { echo "ERROR: $*" >&2; exit 2; }

# --------------------------------------------------------------------------- Odoo discovery
find_odoo() {
    ODOO_PYTHON=${ODOO_PYTHON:-}
    ODOO_BIN=${ODOO_BIN:-}
    if [ -z "$ODOO_BIN" ]; then
        if [ -x /opt/odoo/odoo-bin ]; then
            ODOO_BIN=/opt/odoo/odoo-bin
            [ -n "$ODOO_PYTHON" ] || { [ -x /opt/odoo-venv/bin/python ] && ODOO_PYTHON=/opt/odoo-venv/bin/python; }
        elif command -v odoo-bin >/dev/null 2>&1; then
            ODOO_BIN=$(command -v odoo-bin)
        elif command -v odoo >/dev/null 2>&1; then
            ODOO_BIN=$(command -v odoo)
        fi
    fi
    ODOO_PYTHON=${ODOO_PYTHON:-python3}
    if [ -z "$ODOO_BIN" ] || ! (cd /tmp && "$ODOO_PYTHON" -c 'import odoo.release as r; assert r.version_info[0] == 19' 2>/dev/null); then
        cat >&2 <<EOF
ERROR: Odoo 19.0 was not found, so no test can run (and none is skipped silently).
  Looked for: \$ODOO_BIN, /opt/odoo/odoo-bin (with /opt/odoo-venv/bin/python), odoo-bin or odoo on PATH,
  and a Python (\$ODOO_PYTHON, now '$ODOO_PYTHON') that imports odoo 19.
  Install Odoo 19.0 Community from source as Odoo's documentation describes
  (https://www.odoo.com/documentation/19.0/administration/on_premise/source.html):
  source in /opt/odoo, a virtualenv in /opt/odoo-venv with its requirements.txt, then
  '/opt/odoo-venv/bin/pip install -e /opt/odoo'. Or point ODOO_BIN and ODOO_PYTHON at your install.
EOF
        exit 2
    fi
    ODOO_ADDONS=$(cd /tmp && "$ODOO_PYTHON" -c 'import os, odoo.addons as a; print(",".join(p for p in a.__path__ if os.path.isdir(os.path.join(p, "crm"))))' 2>/dev/null || true)
    if [ -z "$ODOO_ADDONS" ] && [ -d "$(dirname "$ODOO_BIN")/addons/crm" ]; then
        ODOO_ADDONS=$(dirname "$ODOO_BIN")/addons
    fi
    [ -n "$ODOO_ADDONS" ] || die "Odoo found at $ODOO_BIN but its addons (crm) were not: set ODOO_ADDONS_PATH"
    ADDONS_PATH="${ODOO_ADDONS_PATH:-$ODOO_ADDONS},$ROOT"
}

# --------------------------------------------------------------------------- PostgreSQL
pg_ready() { pg_isready -q -h "$PGHOST" -p "$PGPORT" 2>/dev/null; }

find_pg() {
    export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-odoo}
    [ "$PGUSER" != postgres ] || die "Odoo refuses to run as the 'postgres' role: set PGUSER to another role"
    if ! pg_ready; then
        local bindir
        bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
        [ -n "$bindir" ] || die "no PostgreSQL server at $PGHOST:$PGPORT and no PostgreSQL binaries to start one"
        local data="$ROOT/.pgdata" as=()
        export PGHOST="$data/socket" PGPORT=${SE_PRIVATE_PGPORT:-54329}
        # PostgreSQL refuses to run as root: run the private cluster as the 'postgres' system user then.
        if [ "$(id -u)" = 0 ]; then
            id postgres >/dev/null 2>&1 || die "no PostgreSQL server answers, and as root a private cluster needs a 'postgres' system user"
            as=(runuser -u postgres --)
        fi
        if [ ! -f "$data/PG_VERSION" ]; then
            mkdir -p "$data"
            [ ${#as[@]} -eq 0 ] || chown postgres "$data"
            "${as[@]}" "$bindir/initdb" -D "$data" -U "$PGUSER" --auth=trust >/dev/null
            mkdir -p "$data/socket"
            [ ${#as[@]} -eq 0 ] || chown postgres "$data/socket"
        fi
        if ! pg_ready; then
            echo "Starting a private PostgreSQL cluster in $data (port $PGPORT)"
            "${as[@]}" "$bindir/pg_ctl" -D "$data" -l "$data/server.log" -w \
                -o "-k $data/socket -p $PGPORT -c listen_addresses=''" start >/dev/null
        fi
        return
    fi
    # The server answers: make sure our role exists (trust auth lets `postgres` create it).
    if ! psql -d postgres -tAc 'select 1' >/dev/null 2>&1; then
        psql -U postgres -d postgres -qc "CREATE ROLE \"$PGUSER\" LOGIN CREATEDB" >/dev/null 2>&1 \
            || die "cannot connect to PostgreSQL as '$PGUSER' at $PGHOST:$PGPORT, nor create that role"
    fi
}

odoo_options() {
    ODOO_OPTIONS=(--addons-path="$ADDONS_PATH" --http-interface=127.0.0.1 --db_host="$PGHOST" --db_port="$PGPORT"
        --db_user="$PGUSER" --data-dir="$RUN_DIR/filestore")
}

odoo() {
    odoo_options
    "$ODOO_PYTHON" "$ODOO_BIN" "${ODOO_OPTIONS[@]}" "$@"
}

free_port() {
    "$ODOO_PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# --------------------------------------------------------------------------- commands
cmd_deps() {
    "$ODOO_PYTHON" -m pip install -q --disable-pip-version-check -r "$ROOT/requirements-dev.txt" 2>&1 \
        | grep -v '^WARNING: Location' || true
}

cmd_lint() {
    # .pre-commit-config.yaml (local hooks calling the tools of requirements-dev.txt): OCA's module and po checks,
    # ruff check, ruff format --check, pylint-odoo with .pylintrc-mandatory. The hooks run in Odoo's Python.
    echo "== pre-commit run --all-files (oca-checks-odoo-module, oca-checks-po, ruff, pylint-odoo)"
    (cd "$ROOT" && PATH="$(dirname "$ODOO_PYTHON"):$PATH" PRE_COMMIT_HOME="$RUN_DIR/pre-commit" \
        "$ODOO_PYTHON" -m pre_commit run --all-files --show-diff-on-failure --color never)
}

check_browser() {
    # Odoo skips tours (and reports success) without a browser or websocket-client: refuse that.
    local chrome=""
    for c in chromium chromium-browser google-chrome google-chrome-stable; do
        command -v "$c" >/dev/null 2>&1 && { chrome=$c; break; }
    done
    [ -n "$chrome" ] || die "no Chromium found: tours would be skipped. Install Debian's 'chromium' package."
    "$ODOO_PYTHON" -c 'import websocket' 2>/dev/null \
        || die "websocket-client is missing from $ODOO_PYTHON: tours would be skipped (pip install websocket-client)"
}

cmd_test() {
    cmd_deps
    # LINT=0 skips ruff and pylint (quick subset runs while developing; CI and the full run always lint).
    [ "${LINT:-1}" = 0 ] && [ -z "${CI:-}" ] || cmd_lint
    check_browser
    local db="se_test_$$" log="$RUN_DIR/test.log" start=$SECONDS
    local tags=${TEST_TAGS:-/$ADDON}
    # A free port for the test HTTP server (tours), so that parallel runs do not collide.
    local port=${SE_TEST_HTTP_PORT:-$(free_port)}
    echo "== installing $ADDON into throwaway database $db and running its tests ($tags)"
    dropdb --if-exists "$db" 2>/dev/null || true
    set +e
    odoo -d "$db" -i "$ADDON" --test-enable --test-tags "$tags" --stop-after-init \
        --log-level=test --http-port="$port" --workers=0 --max-cron-threads=0 2>&1 | tee "$log" | grep -E --line-buffered \
        '(ERROR|CRITICAL|FAIL:|WARNING.*(tour|[Ss]kip)|Ran [0-9]+ test|tests when loading|failed, .* error)'
    local rc=${PIPESTATUS[0]}
    set -e
    local addon_seconds=$((SECONDS - start)) core=()
    # Translations (see README, Translations): the committed template must equal a fresh export from the test
    # database (the addon is installed there already), and every language file must be complete and safe.
    local i18n_rc=0
    echo "== i18n: template up to date, translations complete"
    odoo_options
    "$ODOO_PYTHON" "$ROOT/tools/i18n_export.py" --odoo-bin "$ODOO_BIN" --check "$ROOT/$POT" -- "${ODOO_OPTIONS[@]}" \
        -d "$db" || i18n_rc=$?
    "$ODOO_PYTHON" "$ROOT/tools/i18n_check.py" --pot "$ROOT/$POT" "$ROOT"/$ADDON/i18n/*.po || i18n_rc=$?
    [ -n "${KEEP_DB:-}" ] || dropdb --if-exists "$db" 2>/dev/null || true
    # The OCA wheel (whool): built from the committed addon into .run/dist.
    local wheel_rc=0
    cmd_wheel || wheel_rc=$?
    # The core suites (see README, Test): by default with the full run; CORE_SUITES=1 forces them with a
    # TEST_TAGS subset, CORE_SUITES=0 skips them; CORE_TAGS selects some of them (e.g. /crm:TestLeadMerge).
    local want_core=${CORE_SUITES:-}
    [ -n "$want_core" ] || { [ -n "${TEST_TAGS:-}" ] && want_core=0 || want_core=1; }
    if [ "$want_core" = 1 ]; then
        start=$SECONDS
        local core_rc=0
        core_suites with-addon "$RUN_DIR/core.log" || core_rc=$?
        core=(--core-log "$RUN_DIR/core.log" --core-rc "$core_rc" --core-baseline "$ROOT/tools/core_baseline.txt"
            --core-modules "$(core_modules)" --core-tested "$(core_modules tests/__init__.py)"
            --core-seconds $((SECONDS - start)))
    fi
    # Install (with demo data), upgrade keeping administrators' edits, uninstall without error, crm working after
    # (tools/lifecycle_check.sh): with the full run, or LIFECYCLE=1.
    local lifecycle_rc=0 want_lifecycle=${LIFECYCLE:-}
    [ -n "$want_lifecycle" ] || { [ -n "${TEST_TAGS:-}" ] && want_lifecycle=0 || want_lifecycle=1; }
    if [ "$want_lifecycle" = 1 ]; then
        echo "== lifecycle: install with demo data, edit, upgrade, uninstall, crm after"
        odoo_options
        bash "$ROOT/tools/lifecycle_check.sh" "$ODOO_PYTHON" "$ODOO_BIN" "${ODOO_OPTIONS[@]}" || lifecycle_rc=$?
    fi
    local summary_rc=0
    "$ODOO_PYTHON" "$ROOT/tools/test_summary.py" "$log" --odoo-rc "$rc" --seconds "$addon_seconds" "${core[@]}" \
        || summary_rc=$?
    [ "$lifecycle_rc" = 0 ] || { echo "FAILED: the lifecycle check (see .run/lifecycle.log)" >&2; exit 1; }
    [ "$i18n_rc" = 0 ] || { echo "FAILED: translations (see the i18n lines above; after a code change run \`make pot\`)" >&2; exit 1; }
    [ "$wheel_rc" = 0 ] || { echo "FAILED: the wheel build (see .run/wheel.log)" >&2; exit 1; }
    exit "$summary_rc"
}

# --------------------------------------------------------------------------- translations and packaging
POT=$ADDON/i18n/$ADDON.pot

cmd_pot() {
    # Regenerate the template with Odoo's exporter (a throwaway database with the addon installed, no demo data),
    # then merge it into every language file (tools/i18n_merge.py, msgmerge-like) and report what needs a translator.
    cmd_deps
    local db="se_pot_$$" log="$RUN_DIR/pot.log"
    echo "== pot: installing $ADDON into throwaway database $db"
    dropdb --if-exists "$db" 2>/dev/null || true
    odoo -d "$db" -i "$ADDON" --stop-after-init --log-level=warn --workers=0 --max-cron-threads=0 \
        --http-port="$(free_port)" >"$log" 2>&1 || { dropdb --if-exists "$db" 2>/dev/null; die "install failed: see $log"; }
    odoo_options
    local rc=0
    "$ODOO_PYTHON" "$ROOT/tools/i18n_export.py" --odoo-bin "$ODOO_BIN" --out "$ROOT/$POT" -- "${ODOO_OPTIONS[@]}" \
        -d "$db" || rc=$?
    dropdb --if-exists "$db" 2>/dev/null || true
    rm -rf "${RUN_DIR:?}/filestore/filestore/$db"
    [ "$rc" = 0 ] || die "the export failed"
    local po
    for po in "$ROOT"/$ADDON/i18n/*.po; do
        [ -e "$po" ] || continue
        "$ODOO_PYTHON" "$ROOT/tools/i18n_merge.py" "$ROOT/$POT" "$po"
    done
    "$ODOO_PYTHON" "$ROOT/tools/i18n_check.py" --pot "$ROOT/$POT" "$ROOT"/$ADDON/i18n/*.po \
        || echo "== translate the entries listed above (untranslated / fuzzy), then commit $POT and the .po files"
}

cmd_wheel() {
    # The addon as an OCA-style wheel (whool backend, sales_ecosystem/pyproject.toml): odoo-addon-sales_ecosystem.
    # whool packages the files git knows of: commit first. Offline: no build isolation, whool from requirements-dev.
    local dist="$RUN_DIR/dist" log="$RUN_DIR/wheel.log"
    rm -rf "$dist"
    mkdir -p "$dist"
    echo "== wheel: building the OCA wheel into .run/dist"
    if ! "$ODOO_PYTHON" -m pip wheel --no-deps --no-build-isolation --disable-pip-version-check -q -w "$dist" \
        "$ROOT/$ADDON" >"$log" 2>&1; then
        tail -n 20 "$log" >&2
        return 1
    fi
    local wheel
    wheel=$(ls "$dist"/*.whl)
    case "$(basename "$wheel")" in
        odoo_addon_sales_ecosystem-19.0.*-py3-none-any.whl) ;;
        *) echo "unexpected wheel name: $(basename "$wheel") (want odoo_addon_sales_ecosystem-19.0.*)" >&2; return 1 ;;
    esac
    "$ODOO_PYTHON" - "$wheel" <<'PY' || return 1
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as whl:
    names = whl.namelist()
    meta = next(n for n in names if n.endswith(".dist-info/METADATA"))
    name = next(line for line in whl.read(meta).decode().splitlines() if line.startswith("Name:"))
assert name == "Name: odoo-addon-sales_ecosystem", name
for must in ("__manifest__.py", "i18n/fr.po", "i18n/sales_ecosystem.pot"):
    assert f"odoo/addons/sales_ecosystem/{must}" in names, f"{must} missing from the wheel (committed?)"
print(f"   {sys.argv[1].rsplit('/', 1)[-1]}: {name[6:]}, {len(names)} files")
PY
}

# --------------------------------------------------------------------------- core suites
# Odoo's own tests of the modules the addon touches, run with the full registry loaded (tools/core_tests.py).
CORE_CANDIDATES="crm sale_crm event_crm website_crm crm_iap_mine crm_iap_enrich mass_mailing_crm crm_sms crm_livechat"
# Installed alongside, not tested: hr adds fields to res.partner (label clashes show up as WARNINGs).
CORE_COINSTALL="hr"

module_exists() {  # module_exists NAME [FILE]: the module (or that file of it) is in the addons path
    local dir
    for dir in ${ADDONS_PATH//,/ }; do
        [ -f "$dir/$1/${2:-__manifest__.py}" ] && return 0
    done
    return 1
}

core_modules() {  # core_modules [FILE]: the core modules present (that have FILE, e.g. tests/__init__.py)
    local mod out=()
    for mod in $CORE_CANDIDATES; do module_exists "$mod" "${1:-__manifest__.py}" && out+=("$mod"); done
    (IFS=,; echo "${out[*]}")
}

core_suites() {
    # core_suites with-addon|without-addon LOG: install the core modules (+ hr, + the addon) into a throwaway
    # database without running tests, then run every test of the core modules with the full registry loaded.
    local mode=$1 log=$2 mods mod extra="" db rc=0
    mods=$(core_modules)
    [ -n "$mods" ] || die "none of the core modules ($CORE_CANDIDATES) is in the addons path"
    for mod in $CORE_COINSTALL; do module_exists "$mod" && extra+=",$mod"; done
    if [ "$mode" = with-addon ]; then extra+=",$ADDON"; db="se_core_$$"; else db="se_core_base_$$"; fi
    local tags=${CORE_TAGS:-/${mods//,/,/}}
    echo "== core suites ($mode): installing $mods$extra into $db (no tests), then running $tags"
    dropdb --if-exists "$db" 2>/dev/null || true
    set +e
    odoo -d "$db" -i "$mods$extra" --stop-after-init --log-level=warn --workers=0 --max-cron-threads=0 \
        --http-port="$(free_port)" >"$log" 2>&1
    rc=$?
    grep -E ' (WARNING|ERROR|CRITICAL) ' "$log" | grep -vE 'addons path is not a directory' \
        | sed -E 's/^[0-9-]+ [0-9:,]+ [0-9]+ //' | sort | uniq -c | sed 's/^ */   install: /' || true
    if [ "$rc" = 0 ]; then
        odoo_options
        "$ODOO_PYTHON" "$ROOT/tools/core_tests.py" --odoo-bin "$ODOO_BIN" -- "${ODOO_OPTIONS[@]}" -d "$db" \
            --test-enable --test-tags "$tags" --stop-after-init --log-level=test --workers=0 --max-cron-threads=0 \
            --http-port="${SE_TEST_HTTP_PORT:-$(free_port)}" 2>&1 | tee -a "$log" \
            | grep -E --line-buffered '(FAIL:|ERROR: |core suite |Ran [0-9]+ test|tests when loading|post-tests in)'
        rc=${PIPESTATUS[0]}
    else
        echo "   install of the core modules failed (status $rc): see $log"
    fi
    set -e
    if [ -z "${KEEP_DB:-}" ]; then
        dropdb --if-exists "$db" 2>/dev/null || true
        rm -rf "${RUN_DIR:?}/filestore/filestore/$db"
    fi
    return "$rc"
}

cmd_core_baseline() {
    # Regenerate tools/core_baseline.txt: the core suites WITHOUT the addon; their failures are the baseline.
    check_browser
    local log="$RUN_DIR/core_baseline.log" rc=0 start=$SECONDS
    core_suites without-addon "$log" || rc=$?
    "$ODOO_PYTHON" "$ROOT/tools/core_summary.py" baseline "$log" --out "$ROOT/tools/core_baseline.txt"
    echo "core baseline run: $((SECONDS - start))s (odoo status $rc); full log: $log"
}

cmd_core() {
    # The core suites with the addon alone (no lint, no addon tests): a failure report grouped by cause.
    check_browser
    local log="$RUN_DIR/core.log" rc=0
    core_suites with-addon "$log" || rc=$?
    "$ODOO_PYTHON" "$ROOT/tools/core_summary.py" report "$log" --baseline "$ROOT/tools/core_baseline.txt"
}

cmd_test_long() {
    # The Hypothesis state machines with a longer search (SE_HYPOTHESIS_EXAMPLES, default 500 examples; `make test`
    # runs a fixed search sized for CI). TEST_TAGS defaults to the invariant tests only.
    export SE_HYPOTHESIS_EXAMPLES=${SE_HYPOTHESIS_EXAMPLES:-500}
    export TEST_TAGS=${TEST_TAGS:-sales_ecosystem_invariants}
    cmd_test
}

cmd_run() {
    local db=${SE_DB:-sales_ecosystem_demo} port=${SE_HTTP_PORT:-8069}
    if ! psql -d "$db" -tAc "select 1 from ir_module_module where name='$ADDON' and state='installed'" 2>/dev/null | grep -q 1; then
        echo "== creating database $db with $ADDON and its demo data"
        odoo -d "$db" -i "$ADDON" --with-demo --stop-after-init --log-level=warn
    fi
    echo "== Sales Ecosystem demo: http://localhost:$port/odoo?db=$db  (login: admin / password: admin)"
    odoo -d "$db" --db-filter="^$db\$" --http-port="$port" "$@"
}

cmd_bench() {
    cmd_deps
    "$ODOO_PYTHON" "$ROOT/bench/run_bench.py" --odoo-bin "$ODOO_BIN" --addons-path "$ADDONS_PATH" "$@"
}

cmd_install_time() {
    # Install the addon on a live-sized CRM (issue 13/16: 100,000 leads and 100,000 partners by default): crm,
    # sale_crm and hr with their demo data, grown with Odoo's populate, then `-i sales_ecosystem` timed (wall time
    # and peak memory). INSTALL_LEADS / INSTALL_PARTNERS set the sizes; KEEP_DB=1 keeps the database.
    local leads=${INSTALL_LEADS:-100000} partners=${INSTALL_PARTNERS:-100000} db="se_install_$$"
    local log="$RUN_DIR/install_time.log" have_leads have_partners
    odoo_options
    dropdb --if-exists "$db" 2>/dev/null || true
    echo "== install time: crm, sale_crm, hr with demo data into $db"
    odoo -d "$db" -i crm,sale_crm,hr --with-demo --stop-after-init --log-level=warn --workers=0 \
        --max-cron-threads=0 --http-port="$(free_port)" >"$log" 2>&1 || die "install of crm failed: see $log"
    have_leads=$(psql -d "$db" -tAc "SELECT count(*) FROM crm_lead")
    have_partners=$(psql -d "$db" -tAc "SELECT count(*) FROM res_partner")
    local lead_factor=$(( (leads + have_leads - 1) / have_leads - 1 ))
    local partner_factor=$(( (partners + have_partners - 1) / have_partners - 1 ))
    echo "   populate: res.partner x$partner_factor, crm.lead x$lead_factor (Odoo's populate)"
    "$ODOO_PYTHON" "$ODOO_BIN" populate "${ODOO_OPTIONS[@]}" -d "$db" --models res.partner,crm.lead \
        --factors "$partner_factor,$lead_factor" --log-level=warn >>"$log" 2>&1 || die "populate failed: see $log"
    # a live database has no demo data: Odoo would load the addon's demo into a database whose modules have theirs
    psql -d "$db" -tAc "UPDATE ir_module_module SET demo = false" >/dev/null
    psql -d "$db" -tAc "VACUUM ANALYZE crm_lead; VACUUM ANALYZE res_partner" >/dev/null 2>&1 || true
    echo "   before: $(psql -d "$db" -tAc "SELECT count(*) FROM crm_lead") leads," \
        "$(psql -d "$db" -tAc "SELECT count(*) FROM res_partner") partners"
    echo "== install time: -i sales_ecosystem (no demo data)"
    local start=$SECONDS
    /usr/bin/time -f "   peak memory %M KB" "$ODOO_PYTHON" "$ODOO_BIN" "${ODOO_OPTIONS[@]}" -d "$db" \
        -i sales_ecosystem --stop-after-init --log-level=warn --workers=0 --max-cron-threads=0 \
        --http-port="$(free_port)" >>"$log" 2>"$RUN_DIR/install_time.rss" || die "install failed: see $log"
    echo "   installed in $((SECONDS - start)) s"
    tail -n 1 "$RUN_DIR/install_time.rss"
    echo "   after: strategy $(psql -d "$db" -tAc "SELECT string_agg(s || ' ' || n, ', ') FROM (SELECT coalesce(strategy, 'NULL') s, count(*) n FROM crm_lead GROUP BY 1) t");" \
        "health set on $(psql -d "$db" -tAc "SELECT count(*) FROM crm_lead WHERE health_status IS NOT NULL") leads;" \
        "$(psql -d "$db" -tAc "SELECT count(*) FROM crm_commission_line") commission lines"
    grep -E " (WARNING|ERROR) " "$log" | grep -v "addons path is not a directory" | grep sales_ecosystem \
        | sed 's/^/   /' || true
    [ -n "${KEEP_DB:-}" ] || { dropdb --if-exists "$db"; rm -rf "${RUN_DIR:?}/filestore/filestore/$db"; }
}

cmd_pytest() {
    # Quick iteration: pytest-odoo against an existing database that has the addon installed (e.g. `make run`'s).
    local db=${SE_DB:-sales_ecosystem_demo} conf="$RUN_DIR/pytest.conf"
    printf '[options]\naddons_path = %s\ndb_host = %s\ndb_port = %s\ndb_user = %s\ndata_dir = %s\n' \
        "$ADDONS_PATH" "$PGHOST" "$PGPORT" "$PGUSER" "$RUN_DIR/filestore" >"$conf"
    odoo -d "$db" -u "$ADDON" --stop-after-init --log-level=warn
    (cd "$ROOT" && "$ODOO_PYTHON" -m pytest --odoo-config="$conf" --odoo-database="$db" -p no:cacheprovider \
        "${@:-$ADDON/tests}")
}

cmd_odoo() { odoo "$@"; }

main() {
    local cmd=${1:-}
    shift || true
    find_odoo
    case "$cmd" in
        lint) cmd_deps; cmd_lint ;;
        test) find_pg; cmd_test ;;
        core) find_pg; cmd_core ;;
        core-baseline) find_pg; cmd_core_baseline ;;
        test-long) find_pg; cmd_test_long ;;
        run) find_pg; cmd_run "$@" ;;
        bench) find_pg; cmd_bench "$@" ;;
        pytest) find_pg; cmd_pytest "$@" ;;
        install-time) find_pg; cmd_install_time ;;
        odoo) find_pg; cmd_odoo "$@" ;;
        pot) find_pg; cmd_pot ;;
        wheel) cmd_deps; cmd_wheel ;;
        *) die "usage: tools/dev.sh {test|test-long|core|core-baseline|run|lint|pot|wheel|bench|pytest [ARGS]|install-time|odoo ARGS}" ;;
    esac
}

main "$@"
