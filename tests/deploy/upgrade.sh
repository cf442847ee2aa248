#!/usr/bin/env bash
# tests/deploy/upgrade.sh: deploy/upgrade under a continuous load of page
# views and submissions (tests/deploy/load.mjs, 10 s, 4 clients, https)
# loses no request and no submission.
#
# Version 1 is deploy/install of CORPS_BUILD, served by corps-fcgi from the
# installed units (tests/deploy/unit-run emulates systemd: it holds the
# listening socket and restarts the service).  Version 2 is a copy of the
# tree with one more (backward compatible) migration and a changed style
# sheet, and its programs are CORPS_BUILD's with a marker appended (a
# second compile would take minutes; the upgrade's mechanics do not
# depend on what the code does).  Three seconds into the load,
# deploy/upgrade installs version 2, migrates and restarts corps-fcgi.
# Then: 0 failed requests, every receipt's application stored (0 lost) and
# no stored application without its receipt, the migration applied, the
# new program running on the same socket.  About 25 s.
set -euo pipefail
CORPS_PROG=upgrade.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

t_pg_start
out=$(bash "$CORPS_ROOT/deploy/install" 2>&1) || t_fail "install: $out"
t_units_start
t_nginx_start

# Version 2: the tree plus a migration and a style change, v1's programs
# with a marker.
marker="corps-upgrade-test-$RANDOM$RANDOM"
probe=29991231235959
mkdir -p "$T/v2/tests"
cp -a "$CORPS_ROOT"/{CMakeLists.txt,src,include,templates,migrations} "$T/v2/"
: >"$T/v2/tests/CMakeLists.txt"
printf -- '-- migrate:up\n%s\n-- migrate:down\n%s\n' \
    'CREATE TABLE upgrade_probe (id int);' 'DROP TABLE upgrade_probe;' \
    >"$T/v2/migrations/${probe}_upgrade_probe.sql"
printf '/* %s */\n' "$marker" >>"$T/v2/templates/static/style.css"
cmake -S "$T/v2" -B "$T/b2" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
for p in corps-fcgi corps-admin corps-mailer; do
	cp "$CORPS_BUILD/$p" "$T/b2/$p"
	printf '\n%s\n' "$marker" >>"$T/b2/$p"
done

cat >"$T/stack.env" <<EOF
BASE_URL=https://127.0.0.1:$PORT
PGHOST=$T/pgsock
PGDATABASE=corps
PGUSER=postgres
EOF
old_pid=$(cat "$T/fcgi/main.pid")
sock_inode=$(stat -c %i "$INST_SOCKET")
STACK_DIR=$T NODE_EXTRA_CA_CERTS=$INST_ETC/tls/corps.crt LOAD_SECONDS=10 \
    LOAD_CLIENTS=4 node "$CORPS_ROOT/tests/deploy/load.mjs" >"$T/load.json" &
load_pid=$!
sleep 3
start=$(date +%s%N)
CORPS_BUILD=$T/b2 CORPS_RESTART="$UNIT_RUN restart $T/fcgi" \
    bash "$CORPS_ROOT/deploy/upgrade" >"$T/upgrade.log" 2>&1 ||
    { cat "$T/upgrade.log"; t_fail "deploy/upgrade failed"; }
took=$((($(date +%s%N) - start) / 1000000))
kill -0 "$load_pid" 2>/dev/null || t_fail "the load ended before the upgrade"
wait "$load_pid" || t_fail "the load generator failed"

# The counts.
read -r requests failed receipts refs < <(python3 -c '
import json, sys
o = json.load(open(sys.argv[1]))
print(o["requests"], o["failed"], len(o["receipts"]),
      "{" + ",".join(o["receipts"]) + "}")
for f in o["failures"]:
    print(f, file=sys.stderr)' "$T/load.json")
lost=$(corps_psql "$T/pgsock" corps -At -v refs="$refs" <<<"
SELECT count(*) FROM unnest(:'refs'::text[]) r
  WHERE NOT EXISTS (SELECT FROM applications WHERE reference = r)")
rows=$(t_sql 'SELECT count(*) FROM applications')
echo "upgrade under load: $requests requests, $failed failed;" \
    "$receipts submissions with a receipt, $rows rows, $lost lost;" \
    "deploy/upgrade took ${took} ms"
[ "$failed" = 0 ] || t_fail "$failed failed requests"
[ "$receipts" -gt 0 ] || t_fail "no submissions"
[ "$lost" = 0 ] || t_fail "$lost submissions lost"
[ "$rows" = "$receipts" ] || t_fail "$rows rows for $receipts receipts"

# It was an upgrade: migration, new program on the same socket, new files.
[ "$(t_sql "SELECT count(*) FROM schema_migrations
    WHERE version = '$probe'")" = 1 ] || t_fail "migration not applied"
new_pid=$(cat "$T/fcgi/main.pid")
[ "$new_pid" != "$old_pid" ] || t_fail "corps-fcgi was not restarted"
grep -q "$marker" "/proc/$new_pid/exe" || t_fail "not the new corps-fcgi"
[ "$(stat -c %i "$INST_SOCKET")" = "$sock_inode" ] ||
    t_fail "the listening socket changed"
t_curl "https://127.0.0.1:$PORT/static/style.css" | grep -q "$marker" ||
    t_fail "the new style sheet is not served"
echo "ok: upgrade under load lost nothing"
