# tests/deploy/upgrade-lib.sh: what the two tests of deploy/upgrade share,
# tests/deploy/upgrade.sh (the units started by unit-run) and
# tests/deploy/systemd.sh (under a real systemd): version 2, the load
# during the upgrade and its counts.  Sourced by bash running "set -euo
# pipefail" after deploy/lib.sh, with CORPS_BUILD set to a built tree and a
# function t_fail MESSAGE.
#
# Version 2 is a copy of the tree with one more (backward compatible)
# migration, UPG_PROBE, and a changed style sheet, and its programs are
# CORPS_BUILD's with UPG_MARKER appended (a second compile would take
# minutes; the upgrade's mechanics do not depend on what the code does).
UPG_PROBE=29991231235959
UPG_MARKER="corps-upgrade-test-$RANDOM$RANDOM"

# upg_version2 DIR: version 2's tree in DIR/v2, configured in DIR/b2 with
# the marked programs, for deploy/upgrade's CORPS_BUILD.
upg_version2() {
	local dir=$1 p
	mkdir -p "$dir/v2/tests"
	cp -a "$CORPS_ROOT"/{CMakeLists.txt,src,include,templates,migrations} \
	    "$dir/v2/"
	: >"$dir/v2/tests/CMakeLists.txt"
	printf -- '-- migrate:up\n%s\n-- migrate:down\n%s\n' \
	    'CREATE TABLE upgrade_probe (id int);' 'DROP TABLE upgrade_probe;' \
	    >"$dir/v2/migrations/${UPG_PROBE}_upgrade_probe.sql"
	printf '/* %s */\n' "$UPG_MARKER" >>"$dir/v2/templates/static/style.css"
	cmake -S "$dir/v2" -B "$dir/b2" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	    >/dev/null
	for p in corps-fcgi corps-admin corps-mailer; do
		cp "$CORPS_BUILD/$p" "$dir/b2/$p"
		printf '\n%s\n' "$UPG_MARKER" >>"$dir/b2/$p"
	done
}

# upg_under_load DIR CA SECONDS DELAY RUN...: tests/deploy/load.mjs (4
# clients) on the site of DIR/stack.env, trusting the certificate CA, for
# SECONDS; DELAY seconds into it, deploy/upgrade to DIR/b2.  RUN is the
# command that runs a command where the site is (it takes VAR=VALUE words
# first, like env).  The load's result goes to DIR/load.json, the upgrade's
# output to DIR/upgrade.log; sets UPG_TOOK, the upgrade's time in ms.
upg_under_load() {
	local dir=$1 ca=$2 seconds=$3 delay=$4 load start
	shift 4
	"$@" STACK_DIR="$dir" NODE_EXTRA_CA_CERTS="$ca" LOAD_SECONDS="$seconds" \
	    LOAD_CLIENTS=4 node "$CORPS_ROOT/tests/deploy/load.mjs" \
	    >"$dir/load.json" &
	load=$!
	sleep "$delay"
	start=$(date +%s%N)
	"$@" CORPS_BUILD="$dir/b2" bash "$CORPS_ROOT/deploy/upgrade" \
	    >"$dir/upgrade.log" 2>&1 ||
	    { cat "$dir/upgrade.log"; t_fail "deploy/upgrade failed"; }
	UPG_TOOK=$((($(date +%s%N) - start) / 1000000))
	# The load prints its result when it ends (kill -0 would not tell: its
	# pid lives on as a zombie until the wait).
	[ ! -s "$dir/load.json" ] || t_fail "the load ended before the upgrade"
	wait "$load" || t_fail "the load generator failed"
}

# upg_counts DIR BEFORE SQL...: the counts of the load of DIR/load.json,
# printed, then asserted: 0 failed requests, every receipt's application
# stored (0 lost), as many new rows as receipts (BEFORE rows were there
# before the load), and the migration of version 2 applied.  SQL is the
# command that runs psql -At on the database corps, the query on stdin.
upg_counts() {
	local dir=$1 before=$2 requests failed receipts refs lost rows
	shift 2
	read -r requests failed receipts refs < <(python3 -c '
import json, sys
o = json.load(open(sys.argv[1]))
print(o["requests"], o["failed"], len(o["receipts"]),
      "{" + ",".join(o["receipts"]) + "}")
for f in o["failures"]:
    print(f, file=sys.stderr)' "$dir/load.json")
	read -r lost rows < <("$@" -v refs="$refs" <<<"
SELECT (SELECT count(*) FROM unnest(:'refs'::text[]) r
    WHERE NOT EXISTS (SELECT FROM applications WHERE reference = r)),
  (SELECT count(*) FROM applications) - $before" | tr '|' ' ')
	echo "upgrade under load: $requests requests, $failed failed;" \
	    "$receipts submissions with a receipt, $rows rows, $lost lost;" \
	    "deploy/upgrade took ${UPG_TOOK} ms"
	[ "$failed" = 0 ] || t_fail "$failed failed requests"
	[ "$receipts" -gt 0 ] || t_fail "no submissions"
	[ "$lost" = 0 ] || t_fail "$lost submissions lost"
	[ "$rows" = "$receipts" ] || t_fail "$rows rows for $receipts receipts"
	[ "$("$@" <<<"SELECT count(*) FROM schema_migrations
	    WHERE version = '$UPG_PROBE'")" = 1 ] || t_fail "migration not applied"
}
