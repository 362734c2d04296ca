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

odoo() {
    "$ODOO_PYTHON" "$ODOO_BIN" --addons-path="$ADDONS_PATH" --http-interface=127.0.0.1 --db_host="$PGHOST" --db_port="$PGPORT" \
        --db_user="$PGUSER" --data-dir="$RUN_DIR/filestore" "$@"
}

# --------------------------------------------------------------------------- commands
cmd_deps() {
    "$ODOO_PYTHON" -m pip install -q --disable-pip-version-check -r "$ROOT/requirements-dev.txt" 2>&1 \
        | grep -v '^WARNING: Location' || true
}

cmd_lint() {
    echo "== ruff"
    (cd "$ROOT" && "$ODOO_PYTHON" -m ruff check $ADDON tools bench && "$ODOO_PYTHON" -m ruff format --check $ADDON tools bench)
    echo "== pylint-odoo (OCA mandatory checks)"
    (cd "$ROOT" && "$ODOO_PYTHON" -m pylint --rcfile=.pylintrc-mandatory $ADDON)
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
    cmd_lint
    check_browser
    local db="se_test_$$" log="$RUN_DIR/test.log" start=$SECONDS
    local tags=${TEST_TAGS:-/$ADDON}
    # A free port for the test HTTP server (tours), so that parallel runs do not collide.
    local port=${SE_TEST_HTTP_PORT:-$("$ODOO_PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
    echo "== installing $ADDON into throwaway database $db and running its tests ($tags)"
    dropdb --if-exists "$db" 2>/dev/null || true
    set +e
    odoo -d "$db" -i "$ADDON" --test-enable --test-tags "$tags" --stop-after-init \
        --log-level=test --http-port="$port" --workers=0 --max-cron-threads=0 2>&1 | tee "$log" | grep -E --line-buffered \
        '(ERROR|CRITICAL|FAIL:|WARNING.*(tour|[Ss]kip)|Ran [0-9]+ test|tests when loading|failed, .* error)'
    local rc=${PIPESTATUS[0]}
    set -e
    [ -n "${KEEP_DB:-}" ] || dropdb --if-exists "$db" 2>/dev/null || true
    "$ODOO_PYTHON" "$ROOT/tools/test_summary.py" "$log" --odoo-rc "$rc" --seconds $((SECONDS - start))
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
        run) find_pg; cmd_run "$@" ;;
        bench) find_pg; cmd_bench "$@" ;;
        pytest) find_pg; cmd_pytest "$@" ;;
        odoo) find_pg; cmd_odoo "$@" ;;
        *) die "usage: tools/dev.sh {test|run|lint|bench|pytest [ARGS]|odoo ARGS}" ;;
    esac
}

main "$@"
