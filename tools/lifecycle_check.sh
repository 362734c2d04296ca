#!/usr/bin/env bash
# Install (with demo data), edit, upgrade, check, uninstall, smoke-test crm: see tools/lifecycle_check.py.
# Usage: tools/lifecycle_check.sh PYTHON ODOO_BIN OPTIONS...   (OPTIONS: addons path, database connection, data dir)
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
db="se_lifecycle_$$"
log="$ROOT/.run/lifecycle.log"
: > "$log"
run() { "$@" >> "$log" 2>&1; }
step() {
    SE_LIFECYCLE_STEP=$1 "$PY" "$BIN" shell "${OPTS[@]}" -d "$db" --no-http < "$ROOT/tools/lifecycle_check.py" >> "$log" 2>&1
    grep -q "LIFECYCLE OK ($1)" "$log" || { echo "lifecycle: step $1 failed (see $log)"; grep "LIFECYCLE FAILED" "$log"; return 1; }
}
PY=$1 BIN=$2
shift 2
OPTS=("$@")
ODOO=("$PY" "$BIN" "${OPTS[@]}")
dropdb --if-exists "$db" 2>/dev/null
rc=0
run "${ODOO[@]}" -d "$db" -i crm,sales_ecosystem --with-demo --stop-after-init --no-http || { echo "lifecycle: install failed"; rc=1; }
[ $rc = 0 ] && { step edit || rc=1; }
[ $rc = 0 ] && { run "${ODOO[@]}" -d "$db" -u sales_ecosystem --stop-after-init --no-http || { echo "lifecycle: upgrade failed"; rc=1; }; }
[ $rc = 0 ] && { step check_edits || rc=1; }
if [ $rc = 0 ]; then
    mark=$(wc -l < "$log")
    step uninstall || rc=1
    if tail -n +"$mark" "$log" | grep -E " (ERROR|CRITICAL) " | grep -v "LIFECYCLE" ; then
        echo "lifecycle: the uninstall logged errors (above)"; rc=1
    fi
fi
[ $rc = 0 ] && { step smoke || rc=1; }
if grep -E " WARNING .*odoo\.(addons\.sales_ecosystem|modules\.registry|fields|models).*sales_ecosystem" "$log" | head -5 | grep . ; then
    echo "lifecycle: warnings from the addon (above)"; rc=1
fi
dropdb --if-exists "$db" 2>/dev/null
[ $rc = 0 ] && echo "lifecycle: install (demo), upgrade keeping edits, uninstall without error, crm working after: OK"
exit $rc
