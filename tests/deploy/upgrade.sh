#!/usr/bin/env bash
# tests/deploy/upgrade.sh: deploy/upgrade under a continuous load of page
# views and submissions (tests/deploy/load.mjs, 10 s, 4 clients, https)
# loses no request and no submission.
#
# Version 1 is deploy/install of CORPS_BUILD, served by corps-fcgi from the
# installed units (tests/deploy/unit-run emulates systemd: it holds the
# listening socket and restarts the service).  Version 2 (a copy of the
# tree with one more migration and a changed style sheet) and the load and
# its counts are in tests/deploy/upgrade-lib.sh, which tests/deploy/systemd.sh
# shares to show the same under a real systemd.  Three seconds into the load,
# deploy/upgrade installs version 2, migrates and restarts corps-fcgi.
# Then: 0 failed requests, every receipt's application stored (0 lost) and
# no stored application without its receipt, the migration applied, the
# new program running on the same socket.  About 25 s.
set -euo pipefail
CORPS_PROG=upgrade.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
. "$CORPS_ROOT/tests/deploy/upgrade-lib.sh"

t_pg_start
out=$(bash "$CORPS_ROOT/deploy/install" 2>&1) || t_fail "install: $out"
t_units_start
t_nginx_start

upg_version2 "$T"
cat >"$T/stack.env" <<EOF
BASE_URL=https://127.0.0.1:$PORT
EOF
old_pid=$(cat "$T/fcgi/main.pid")
sock_inode=$(stat -c %i "$INST_SOCKET")
before=$(t_sql 'SELECT count(*) FROM applications')
upg_under_load "$T" "$INST_ETC/tls/corps.crt" 10 3 \
    env CORPS_RESTART="$UNIT_RUN restart $T/fcgi"
upg_counts "$T" "$before" corps_psql "$T/pgsock" corps -At

# It was an upgrade: migration, new program on the same socket, new files.
new_pid=$(cat "$T/fcgi/main.pid")
[ "$new_pid" != "$old_pid" ] || t_fail "corps-fcgi was not restarted"
grep -q "$UPG_MARKER" "/proc/$new_pid/exe" || t_fail "not the new corps-fcgi"
[ "$(stat -c %i "$INST_SOCKET")" = "$sock_inode" ] ||
    t_fail "the listening socket changed"
t_curl "https://127.0.0.1:$PORT/static/style.css" | grep -q "$UPG_MARKER" ||
    t_fail "the new style sheet is not served"
echo "ok: upgrade under load lost nothing"
