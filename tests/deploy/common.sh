# tests/deploy/common.sh: what the deploy tests share.  Sourced by bash
# running "set -euo pipefail" with CORPS_BUILD set to a built tree.
#
# Everything lives in one temporary directory T: a throwaway PostgreSQL
# cluster (T/pg, socket T/pgsock), the install root standing for /
# (CORPS_INSTALL_ROOT=T/root), nginx's run directory, the units' state.
# Outside it the tests touch only the system user corps-roster (which
# tests/integration/stack creates too) and loopback ports.  They need
# root (nginx as www-data, the units' User=); as anyone else they skip
# (exit 77).  The EXIT trap stops every process they started.
CORPS_PROG=${CORPS_PROG:-deploy-test}
. "$(dirname "${BASH_SOURCE[0]}")/../../deploy/lib.sh"
. "$CORPS_ROOT/deploy/install-lib.sh"

if [ "$(id -u)" -ne 0 ]; then
	echo "skipped: the deploy tests run as root (a throwaway machine)"
	exit 77
fi
[ -x "${CORPS_BUILD:-}/corps-fcgi" ] || corps_die "set CORPS_BUILD"

T=$(mktemp -d /tmp/corps-deploy.XXXXXX)
chmod 0755 "$T"
UNIT_RUN=$CORPS_ROOT/tests/deploy/unit-run
export CORPS_INSTALL_ROOT=$T/root CORPS_PGHOST=$T/pgsock
export CORPS_SERVER_NAME=localhost CORPS_PG_SHARED_BUFFERS=128MB
PORT=$(corps_free_port)
HTTP_PORT=$(corps_free_port)
export CORPS_HTTPS_LISTEN=127.0.0.1:$PORT CORPS_HTTP_LISTEN=127.0.0.1:$HTTP_PORT
corps_inst_paths
install -d -m 0755 "$T/state" "$INST_LOGDIR" "$INST_NGINX/sites-available" \
    "$INST_NGINX/sites-enabled"

# t_cleanup: stop what the test started; on failure show the logs.  The
# temporary directory goes unless T_KEEP=1.
t_cleanup() {
	local rc=$?
	set +e
	trap - EXIT
	corps_stop "$T/state" nginx QUIT 10
	"$UNIT_RUN" stop "$T/fcgi" >/dev/null 2>&1
	corps_pg_stop "$T/pg"
	if [ "$rc" -ne 0 ]; then
		tail -n 30 "$T"/fcgi/*.log "$T/pg.log" \
		    "$INST_LOGDIR/nginx-error.log" 2>/dev/null
	fi
	if [ "${T_KEEP:-0}" = 1 ]; then echo "kept $T"; else rm -rf "$T"; fi
	exit "$rc"
}
trap t_cleanup EXIT

# t_fail MESSAGE: the test failed.
t_fail() {
	echo "FAIL: $*"
	exit 1
}

# t_pg_start: the throwaway cluster (durability off: a test).
t_pg_start() {
	corps_pg_init "$T/pg" >/dev/null 2>&1
	corps_pg_start "$T/pg" "$T/pgsock" "$T/pg.log" "fsync = off" \
	    "synchronous_commit = off" "full_page_writes = off"
}

# t_sql QUERY: one value from the database corps, as the superuser.
t_sql() {
	corps_psql "$T/pgsock" corps -At -c "$1"
}

# t_units_start: corps-fcgi from the installed units, as systemd would
# start it (socket as fd 0, the environment file, User=).
t_units_start() {
	"$UNIT_RUN" start "$T/fcgi" "$INST_UNITS/corps-fcgi.service" \
	    "$INST_UNITS/corps-fcgi.socket" || t_fail "corps-fcgi did not start"
}

# t_nginx_start: nginx with the installed site, in a main configuration
# of its own (nginx/nginx.conf.in) instead of the system's.
t_nginx_start() {
	install -d -m 0755 "$T/nginx" "$T/nginx/tmp"
	corps_subst "$CORPS_ROOT/nginx/nginx.conf.in" "$T/nginx/nginx.conf" \
	    "USER=user $CORPS_WEB_USER;" "RUNDIR=$T/nginx" \
	    "LOGDIR=$INST_LOGDIR" "SITE=$INST_NGINX/sites-enabled/corps-roster"
	corps_nginx_start "$T/state" "$T/nginx" "$INST_LOGDIR" "$PORT" ||
	    t_fail "nginx did not start"
	# The https port listens first; nginx may still fail on the second.
	sleep 0.3
	if corps_port_free "$HTTP_PORT" || ! corps_alive "$T/state" nginx; then
		t_fail "nginx did not start (port $HTTP_PORT?)"
	fi
}

# t_curl ARG...: curl on the https site, trusting the installed
# certificate only.
t_curl() {
	curl -sS --max-time 10 --cacert "$INST_ETC/tls/corps.crt" "$@"
}
