# deploy/lib.sh: shell functions shared by deploy/run-local, deploy/bench,
# tests/run and tests/integration/stack.  Source it from bash running with
# "set -euo pipefail"; every path handed to these functions is absolute.
#
# Users.  As root, PostgreSQL runs as "postgres", corps-fcgi as the system
# user "corps-roster" and the nginx workers as "www-data".  As any other
# user all three are that user (no package installs, no user switching).
#
# PostgreSQL clusters listen on a unix socket only (listen_addresses = '')
# and authenticate by peer with the ident map "corps": the postgres OS user
# (and root) may be the superuser "postgres", the corps-fcgi user may be
# "corps_app" and "corps_mailer" (corps-mailer runs as the same system
# user); anyone else is refused.

CORPS_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CORPS_DB_NAME=corps
CORPS_APP_ROLE=corps_app
CORPS_MAILER_ROLE=corps_mailer
CORPS_BODY_MAX_NGINX=6291456	# client_max_body_size 6m in corps-site.conf

if [ "$(id -u)" -eq 0 ]; then
	CORPS_PG_USER=postgres
	CORPS_APP_USER=corps-roster
	CORPS_WEB_USER=www-data
else
	CORPS_PG_USER=$(id -un)
	CORPS_APP_USER=$CORPS_PG_USER
	CORPS_WEB_USER=$CORPS_PG_USER
fi

# corps_log MESSAGE...: one line on stderr, prefixed with the program name.
corps_log() {
	printf '%s: %s\n' "${CORPS_PROG:-corps}" "$*" >&2
}

# corps_die MESSAGE...: log the message and exit 1.
corps_die() {
	corps_log "error: $*"
	exit 1
}

# corps_pkg_installed PKG: true when dpkg has PKG fully installed.
corps_pkg_installed() {
	[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = \
	    "install ok installed" ]
}

# corps_install_missing SPEC...: apt-get install what is missing.  A SPEC
# "a|b" is satisfied by either package and installs a.  apt-get update
# runs only when something is missing.
corps_install_missing() {
	local spec alt missing=() ok
	for spec in "$@"; do
		ok=0
		for alt in ${spec//|/ }; do
			if corps_pkg_installed "$alt"; then
				ok=1
				break
			fi
		done
		[ "$ok" -eq 1 ] || missing+=("${spec%%|*}")
	done
	[ "${#missing[@]}" -eq 0 ] && return 0
	[ "$(id -u)" -eq 0 ] ||
	    corps_die "missing packages (install as root): ${missing[*]}"
	corps_log "installing: ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q
	apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# corps_build_packages: the Debian packages needed to build corps-fcgi.
corps_build_packages() {
	echo build-essential cmake pkg-config libfcgi-dev libjson-c-dev \
	    libsodium-dev libpq-dev libcmocka-dev libcurl4-openssl-dev
}

# corps_build DIR [CMAKE-ARG...]: configure and build the tree into DIR.
corps_build() {
	local dir=$1
	shift
	cmake -S "$CORPS_ROOT" -B "$dir" "$@" >/dev/null
	cmake --build "$dir" --parallel "$(nproc)"
}

# corps_as USER CMD...: run CMD as USER (with USER's groups) from /, so
# an unreadable current directory cannot bother it.  The environment is
# kept.
corps_as() {
	local user=$1
	shift
	# shellcheck disable=SC2046 # the prefix is words, or nothing
	(cd / && exec $(corps_as_prefix "$user") "$@")
}

# corps_as_prefix USER: print the command prefix that switches to USER
# (nothing when that is who we are already).
corps_as_prefix() {
	[ "$1" = "$(id -un)" ] ||
	    echo setpriv --reuid="$1" --regid="$(id -g "$1")" --init-groups --
}

# corps_ensure_app_user: create the system user corps-fcgi runs as.
corps_ensure_app_user() {
	id "$CORPS_APP_USER" >/dev/null 2>&1 && return 0
	useradd --system --user-group --no-create-home \
	    --home-dir /nonexistent --shell /usr/sbin/nologin \
	    "$CORPS_APP_USER"
	corps_log "created system user $CORPS_APP_USER"
}

# corps_grant_traverse USER PATH: make every directory from / down to PATH
# searchable (x) by USER.  Prefers an ACL entry for USER alone and falls
# back to o+x where ACLs are unavailable; prints every change.
corps_grant_traverse() {
	local user=$1 path=$2 dir="" part parts
	IFS=/ read -r -a parts <<<"$path"
	for part in "${parts[@]}"; do
		[ -n "$part" ] || continue
		dir="$dir/$part"
		[ -d "$dir" ] || break
		corps_as "$user" test -x "$dir" && continue
		command -v setfacl >/dev/null || corps_install_missing acl
		if setfacl -m "u:$user:x" "$dir" 2>/dev/null; then
			corps_log "granted $user search (x) on $dir by ACL" \
			    "(undo: setfacl -x u:$user $dir)"
		else
			chmod o+x "$dir"
			corps_log "chmod o+x $dir so that $user can pass" \
			    "(no ACL support; undo: chmod o-x $dir)"
		fi
	done
}

# corps_check_readable USER PATH...: die unless USER can read each PATH
# (and search it, for a directory).
corps_check_readable() {
	local user=$1 p
	shift
	for p in "$@"; do
		corps_grant_traverse "$user" "$(dirname "$p")"
		if [ -d "$p" ]; then
			corps_as "$user" test -r "$p" -a -x "$p" ||
			    corps_die "$user cannot list $p (chmod a+rX it)"
		else
			corps_as "$user" test -r "$p" ||
			    corps_die "$user cannot read $p (chmod a+r it)"
		fi
	done
}

# corps_grant_build_access BUILD: let the service users reach what they
# run and read: corps-admin and the migrations (postgres), corps-fcgi and
# the templates (corps-roster), the static files (www-data).
corps_grant_build_access() {
	local build=$1
	[ -x "$build/corps-fcgi" ] && [ -x "$build/corps-admin" ] ||
	    corps_die "no corps-fcgi/corps-admin in $build (build first)"
	corps_check_readable "$CORPS_PG_USER" "$build/corps-admin" \
	    "$CORPS_ROOT/migrations"
	corps_check_readable "$CORPS_APP_USER" "$build/corps-fcgi" \
	    "$CORPS_ROOT/templates"
	corps_check_readable "$CORPS_WEB_USER" "$CORPS_ROOT/templates/static"
}

# corps_pg_bindir: print the newest PostgreSQL server bin directory.
corps_pg_bindir() {
	local d
	d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
	[ -n "$d" ] && [ -x "$d/initdb" ] ||
	    d=$(pg_config --bindir 2>/dev/null) ||
	    corps_die "PostgreSQL server binaries not found"
	echo "$d"
}

# corps_write_as USER FILE: write stdin to FILE (mode 0600) as USER.
corps_write_as() {
	corps_as "$1" sh -c 'umask 077 && cat >"$1"' sh "$2"
}

# corps_pg_init DATA: create a cluster in DATA unless one is there.
corps_pg_init() {
	local data=$1
	[ -s "$data/PG_VERSION" ] && return 0
	install -d -m 0700 -o "$CORPS_PG_USER" -g "$(id -g "$CORPS_PG_USER")" \
	    "$data"
	corps_as "$CORPS_PG_USER" "$(corps_pg_bindir)/initdb" -D "$data" \
	    -U postgres --auth-local=peer --auth-host=reject \
	    --encoding=UTF8 --locale=C.UTF-8 >/dev/null
	echo "include_if_exists = 'corps.conf'" |
	    corps_as "$CORPS_PG_USER" sh -c 'cat >>"$1"' sh \
	    "$data/postgresql.conf"
	corps_log "initialised PostgreSQL cluster in $data"
}

# corps_pg_configure DATA SOCKDIR [SETTING...]: (re)write the settings
# this project owns: socket only, peer authentication through the corps
# ident map, plus SETTING lines such as "fsync = off".
corps_pg_configure() {
	local data=$1 sock=$2 s
	shift 2
	{
		echo "# written by deploy/lib.sh on every start"
		echo "listen_addresses = ''"
		echo "unix_socket_directories = '$sock'"
		# Sized for a million applications (deploy/BENCHMARKS.md):
		# the table and its indexes stay in shared buffers,
		# and bulk loads (seed-demo) do not checkpoint every 20 s.
		echo "shared_buffers = ${CORPS_PG_SHARED_BUFFERS:-2GB}"
		echo "max_wal_size = 4GB"
		for s in "$@"; do echo "$s"; done
	} | corps_write_as "$CORPS_PG_USER" "$data/corps.conf"
	{
		echo "# written by deploy/lib.sh: unix socket, peer, map corps"
		echo "local all all peer map=corps"
		# pg_basebackup and a standby's WAL receiver (corps_pg_standby)
		echo "local replication postgres peer map=corps"
	} | corps_write_as "$CORPS_PG_USER" "$data/pg_hba.conf"
	{
		echo "# written by deploy/lib.sh: OS user -> database role"
		echo "corps $CORPS_PG_USER postgres"
		[ "$(id -u)" -ne 0 ] || echo "corps root postgres"
		echo "corps $CORPS_APP_USER $CORPS_APP_ROLE"
		echo "corps $CORPS_APP_USER $CORPS_MAILER_ROLE"
	} | corps_write_as "$CORPS_PG_USER" "$data/pg_ident.conf"
}

# corps_pg_running DATA: true when the cluster's postmaster is alive.
corps_pg_running() {
	local pid
	[ -r "$1/postmaster.pid" ] || return 1
	pid=$(head -n 1 "$1/postmaster.pid")
	[ -n "$pid" ] && kill -0 "$pid" 2>/dev/null
}

# corps_pg_start DATA SOCKDIR LOG [SETTING...]: configure and start the
# cluster in DATA (if not running), logging to LOG; waits until ready.
corps_pg_start() {
	local data=$1 sock=$2 log=$3
	shift 3
	install -d -m 0755 -o "$CORPS_PG_USER" -g "$(id -g "$CORPS_PG_USER")" \
	    "$sock"
	corps_pg_configure "$data" "$sock" "$@"
	corps_pg_running "$data" && return 0
	touch "$log"
	chown "$CORPS_PG_USER" "$log"
	corps_as "$CORPS_PG_USER" "$(corps_pg_bindir)/pg_ctl" -D "$data" \
	    -l "$log" -w -t 60 start >/dev/null ||
	    { tail -n 20 "$log" >&2; corps_die "PostgreSQL did not start"; }
}

# corps_pg_stop DATA [MODE]: stop the cluster in DATA (MODE fast unless
# given: immediate is a crash) if running.
corps_pg_stop() {
	corps_pg_running "$1" || return 0
	corps_as "$CORPS_PG_USER" "$(corps_pg_bindir)/pg_ctl" -D "$1" \
	    -m "${2:-fast}" -w -t 60 stop >/dev/null
}

# corps_pg_standby PRIMARY-SOCKDIR DATA SOCKDIR LOG [SETTING...]: copy the
# cluster listening in PRIMARY-SOCKDIR into DATA with pg_basebackup -R
# (streaming from it, a hot standby) and start the copy like
# corps_pg_start.  DATA must not exist yet.
corps_pg_standby() {
	local primary=$1 data=$2
	shift 2
	install -d -m 0700 -o "$CORPS_PG_USER" \
	    -g "$(id -g "$CORPS_PG_USER")" "$data"
	corps_as "$CORPS_PG_USER" "$(corps_pg_bindir)/pg_basebackup" \
	    -h "$primary" -U postgres -D "$data" -R -X stream -c fast
	corps_pg_start "$data" "$@"
}

# corps_pg_promote DATA: promote the standby in DATA; waits until it
# accepts writes.
corps_pg_promote() {
	corps_as "$CORPS_PG_USER" "$(corps_pg_bindir)/pg_ctl" -D "$1" \
	    -w -t 60 promote >/dev/null
}

# corps_psql SOCKDIR DB [PSQL-ARG...]: psql as the superuser, stopping at
# the first error.
corps_psql() {
	local sock=$1 db=$2
	shift 2
	corps_as "$CORPS_PG_USER" "$(corps_pg_bindir)/psql" -X -q \
	    -v ON_ERROR_STOP=1 -h "$sock" -U postgres -d "$db" "$@"
}

# corps_db_setup SOCKDIR: create the login roles corps_app and
# corps_mailer and the database unless they exist; only they (besides the
# superuser) may connect.
corps_db_setup() {
	local sock=$1
	corps_psql "$sock" postgres <<-EOF
	SELECT 'CREATE ROLE ' || r || ' LOGIN'
	  FROM unnest(ARRAY['$CORPS_APP_ROLE', '$CORPS_MAILER_ROLE']) r
	  WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = r)\\gexec
	SELECT 'CREATE DATABASE $CORPS_DB_NAME'
	  WHERE NOT EXISTS (SELECT FROM pg_database
	    WHERE datname = '$CORPS_DB_NAME')\\gexec
	REVOKE ALL ON DATABASE $CORPS_DB_NAME FROM PUBLIC;
	GRANT CONNECT ON DATABASE $CORPS_DB_NAME TO $CORPS_APP_ROLE,
	  $CORPS_MAILER_ROLE;
	EOF
}

# corps_migrate BUILD SOCKDIR [ARG...]: run "corps-admin migrate [ARG...]"
# as the superuser.
corps_migrate() {
	local build=$1 sock=$2
	shift 2
	corps_as "$CORPS_PG_USER" env \
	    CORPS_DB="host=$sock dbname=$CORPS_DB_NAME user=postgres" \
	    CORPS_MIGRATIONS="$CORPS_ROOT/migrations" \
	    "$build/corps-admin" migrate "$@"
}

# corps_spawn STATE NAME LOG CMD...: start CMD in a session of its own,
# stdin from /dev/null, stdout and stderr appended to LOG.  Its pid goes
# to STATE/NAME.pid and, once it ended, its exit status to
# STATE/NAME.exit (written by a waiting bash, so a crash on stop shows).
corps_spawn() {
	local state=$1 name=$2 log=$3 i
	shift 3
	rm -f "$state/$name.pid" "$state/$name.exit"
	setsid bash -c 'x=$1; shift; "$@"; echo $? >"$x"' corps-spawn \
	    "$state/$name.exit" \
	    sh -c 'echo $$ >"$0.tmp" && mv "$0.tmp" "$0" && cd / && exec "$@"' \
	    "$state/$name.pid" "$@" </dev/null >>"$log" 2>&1 &
	for i in $(seq 50); do
		[ -s "$state/$name.pid" ] && return 0
		sleep 0.1
	done
	corps_die "$name did not start"
}

# corps_alive STATE NAME: true while the spawned NAME runs.  The command
# line is checked too, so a pid file left by a crash never names a
# stranger that inherited the pid.
corps_alive() {
	local pid cmd
	[ -s "$1/$2.pid" ] && [ ! -e "$1/$2.exit" ] || return 1
	pid=$(cat "$1/$2.pid")
	cmd=$(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline") || return 1
	[[ $cmd == *"$2"* ]]
}

# corps_stop STATE NAME SIGNAL SECONDS: send SIGNAL to the spawned NAME,
# wait up to SECONDS, then SIGKILL.  Returns NAME's exit status (0 when it
# was not running or its status is unknown).
corps_stop() {
	local state=$1 name=$2 sig=$3 secs=$4 pid i
	if corps_alive "$state" "$name"; then
		pid=$(cat "$state/$name.pid")
		kill "-$sig" "$pid" 2>/dev/null || true
		for i in $(seq $((secs * 10))); do
			corps_alive "$state" "$name" || break
			sleep 0.1
		done
		if corps_alive "$state" "$name"; then
			corps_log "$name (pid $pid) ignored SIG$sig; killing it"
			kill -KILL "$pid" 2>/dev/null || true
			sleep 0.5
		fi
		# The waiting bash records the status right after the exit.
		for i in $(seq 20); do
			[ -e "$state/$name.exit" ] && break
			sleep 0.1
		done
	fi
	rm -f "$state/$name.pid"
	return "$(cat "$state/$name.exit" 2>/dev/null || echo 0)"
}

# corps_fcgi_start BUILD STATE PGSOCK SOCKET LOG [CONNINFO]: start
# corps-fcgi as the app user, listening on SOCKET (mode 0660, group of the
# nginx workers through a setgid directory); waits until the socket
# exists.  PGSOCK may list several socket directories ("a,b": libpq tries
# them in order); CONNINFO is appended to CORPS_DB (for instance
# "target_session_attrs=read-write").  Other CORPS_* settings
# (CORPS_WORKERS, CORPS_DB_READ, ...) pass through from the environment.
corps_fcgi_start() {
	local build=$1 state=$2 pgsock=$3 sock=$4 log=$5 extra=${6:-} i
	local body_max=${CORPS_BODY_MAX:-$CORPS_BODY_MAX_NGINX}
	[ "$body_max" = "$CORPS_BODY_MAX_NGINX" ] ||
	    corps_log "warning: CORPS_BODY_MAX=$body_max but nginx's" \
	    "client_max_body_size is $CORPS_BODY_MAX_NGINX bytes"
	install -d -m 2750 -o "$CORPS_APP_USER" \
	    -g "$(id -g "$CORPS_WEB_USER")" "$(dirname "$sock")"
	# shellcheck disable=SC2046 # the prefix is words, or nothing
	corps_spawn "$state" corps-fcgi "$log" env \
	    CORPS_DB="host=$pgsock dbname=$CORPS_DB_NAME user=$CORPS_APP_ROLE${extra:+ $extra}" \
	    CORPS_SOCKET="$sock" CORPS_SOCKET_MODE=0660 \
	    CORPS_TEMPLATES="$CORPS_ROOT/templates" \
	    $(corps_as_prefix "$CORPS_APP_USER") "$build/corps-fcgi"
	for i in $(seq 300); do
		[ -S "$sock" ] && return 0
		corps_alive "$state" corps-fcgi || break
		sleep 0.1
	done
	tail -n 20 "$log" >&2
	corps_die "corps-fcgi did not open $sock (log: $log)"
}

# corps_mailer_start BUILD STATE PGSOCK SMTP-URL BASE-URL LOG: start
# corps-mailer as the app user (database role corps_mailer) against the
# relay SMTP-URL, with links to BASE-URL.  CORPS_MAIL_FROM defaults to
# Corps Roster <noreply@localhost.localdomain>; other CORPS_* settings
# (CORPS_MAIL_POLL, ...) pass through from the environment.
corps_mailer_start() {
	local build=$1 state=$2 pgsock=$3 smtp=$4 url=$5 log=$6
	# shellcheck disable=SC2046 # the prefix is words, or nothing
	corps_spawn "$state" corps-mailer "$log" env \
	    CORPS_DB="host=$pgsock dbname=$CORPS_DB_NAME user=$CORPS_MAILER_ROLE" \
	    CORPS_SMTP_URL="$smtp" CORPS_BASE_URL="$url" \
	    CORPS_MAIL_FROM="${CORPS_MAIL_FROM:-Corps Roster <noreply@localhost.localdomain>}" \
	    CORPS_TEMPLATES="$CORPS_ROOT/templates" \
	    $(corps_as_prefix "$CORPS_APP_USER") "$build/corps-mailer"
	sleep 0.5
	corps_alive "$state" corps-mailer ||
	    { tail -n 20 "$log" >&2; corps_die "corps-mailer did not start"; }
}

# corps_subst IN OUT NAME=VALUE...: copy IN to OUT replacing each @NAME@
# by VALUE; dies if a placeholder is left over.
corps_subst() {
	local in=$1 out=$2 text pair
	shift 2
	text=$(<"$in")
	shopt -u patsub_replacement 2>/dev/null || true
	for pair in "$@"; do
		text=${text//@${pair%%=*}@/${pair#*=}}
	done
	if [[ $text =~ @[A-Z_]+@ ]]; then
		corps_die "$in: placeholder ${BASH_REMATCH[0]} not filled"
	fi
	printf '%s\n' "$text" >"$out"
}

# corps_nginx_conf RUNDIR LOGDIR PORT SOCKET...: generate RUNDIR/nginx.conf
# and RUNDIR/corps-site.conf from the templates in nginx/ and check them
# with nginx -t; the upstream is corps-fcgi on each SOCKET.  POST limits:
# CORPS_POST_RATE (30r/m), CORPS_POST_BURST (10).
corps_nginx_conf() {
	local run=$1 logdir=$2 port=$3 user="" servers="" sock
	shift 3
	for sock in "$@"; do
		servers+="${servers:+ }server unix:$sock;"
	done
	[ "$(id -u)" -ne 0 ] || user="user $CORPS_WEB_USER;"
	install -d -m 0755 "$run" "$run/tmp" "$logdir"
	cp "$CORPS_ROOT/nginx/security-headers.conf" "$run/"
	corps_subst "$CORPS_ROOT/nginx/corps-site.conf" "$run/corps-site.conf" \
	    "LISTEN=listen 127.0.0.1:$port;" "SERVERS=$servers" \
	    "STATIC=$CORPS_ROOT/templates/static" \
	    "SECURITY_HEADERS=$run/security-headers.conf" \
	    "POST_RATE=${CORPS_POST_RATE:-30r/m}" \
	    "POST_BURST=${CORPS_POST_BURST:-10}" \
	    "ACCESS_LOG=$logdir/nginx-access.log" \
	    "ERROR_LOG=$logdir/nginx-error.log"
	corps_subst "$CORPS_ROOT/nginx/nginx.conf.in" "$run/nginx.conf" \
	    "USER=$user" "RUNDIR=$run" "LOGDIR=$logdir" \
	    "SITE=$run/corps-site.conf"
	nginx -q -t -p "$run/" -c "$run/nginx.conf" \
	    -e "$logdir/nginx-error.log" ||
	    corps_die "nginx -t failed for $run/nginx.conf"
}

# corps_port_free PORT: true when nothing accepts on 127.0.0.1:PORT.
corps_port_free() {
	! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# corps_free_port: print a port in 10000-65535 that is free right now and
# outside the kernel's ephemeral range (ip_local_port_range, Debian's
# 32768-60999): a port in it may be taken any moment as the source port of
# some process's outgoing connection, and nginx then fails to bind it.
corps_free_port() {
	local lo hi below above n port
	read -r lo hi </proc/sys/net/ipv4/ip_local_port_range
	below=$((lo > 10000 ? lo - 10000 : 0))
	above=$((hi < 65535 ? 65535 - hi : 0))
	[ $((below + above)) -gt 0 ] ||
	    corps_die "no port outside the ephemeral range $lo-$hi"
	while :; do
		n=$(((RANDOM << 15 | RANDOM) % (below + above)))
		if [ "$n" -lt "$below" ]; then
			port=$((10000 + n))
		else
			port=$((hi + 1 + n - below))
		fi
		corps_port_free "$port" && break
	done
	echo "$port"
}

# corps_nginx_start STATE RUNDIR LOGDIR PORT: start nginx with the config
# generated in RUNDIR; waits until PORT accepts.  Returns 1 (nginx
# stopped) when it could not listen, e.g. because the port was taken.
corps_nginx_start() {
	local state=$1 run=$2 logdir=$3 port=$4 i
	corps_spawn "$state" nginx "$logdir/nginx-error.log" nginx \
	    -p "$run/" -c "$run/nginx.conf" -e "$logdir/nginx-error.log"
	for i in $(seq 100); do
		corps_port_free "$port" || return 0
		corps_alive "$state" nginx || break
		sleep 0.1
	done
	corps_stop "$state" nginx TERM 5 || true
	tail -n 5 "$logdir/nginx-error.log" >&2
	return 1
}

# corps_stack_pg_start DIR: start the stack's cluster.  Durability is off
# for tests, which need speed, not crash safety; CORPS_STACK_DURABLE=1
# (deploy/bench) keeps PostgreSQL's durable defaults, as in production.
corps_stack_pg_start() {
	if [ "${CORPS_STACK_DURABLE:-0}" = 1 ]; then
		corps_pg_start "$1/pg" "$1/pgsock" "$1/postgresql.log"
	else
		corps_pg_start "$1/pg" "$1/pgsock" "$1/postgresql.log" \
		    "fsync = off" "synchronous_commit = off" \
		    "full_page_writes = off"
	fi
}

# The process a stack belongs to (ctest runs "stack start" and "stack
# stop" as children of one ctest process); another live owner's stack is
# never touched, so two test runs in one build dir fail instead of
# wiping each other's database.  STACK_FORCE=1 overrides.
CORPS_STACK_OWNER=${CORPS_STACK_OWNER:-$PPID}

# corps_stack_check_owner DIR: die when the stack in DIR belongs to another
# process that is still running.
corps_stack_check_owner() {
	local owner
	owner=$(cat "$1/.corps-stack" 2>/dev/null || true)
	[ -z "$owner" ] || [ "$owner" = "$CORPS_STACK_OWNER" ] ||
	    [ -n "${STACK_FORCE:-}" ] || ! kill -0 "$owner" 2>/dev/null ||
	    corps_die "the stack in $1 belongs to running process $owner" \
	    "($(ps -o args= -p "$owner" | cut -c1-60)): another test run" \
	    "in the same build dir?  Wait for it, or set STACK_FORCE=1"
}

# corps_stack_start DIR BUILD: a throwaway stack in DIR: PostgreSQL
# cluster (durability off), database, role, migrations, corps-fcgi from
# BUILD, nginx on a free port; writes DIR/stack.env.  DIR must be new,
# empty or an earlier stack (which is stopped and wiped).
corps_stack_start() {
	local dir=$1 build=$2 port try
	case $dir in
	/*[[:space:]]* | [!/]*) corps_die "bad stack directory: $dir" ;;
	esac
	if [ -e "$dir/.corps-stack" ]; then
		corps_stack_check_owner "$dir"
		corps_stack_stop "$dir" >/dev/null 2>&1 || true
		rm -rf "$dir"
	elif [ -d "$dir" ] && [ -n "$(ls -A "$dir")" ]; then
		corps_die "$dir is neither empty nor a stack directory"
	fi
	install -d -m 0755 "$dir" "$dir/state"
	echo "$CORPS_STACK_OWNER" >"$dir/.corps-stack"
	[ "$(id -u)" -ne 0 ] || corps_ensure_app_user
	corps_grant_build_access "$build"
	corps_pg_init "$dir/pg"
	corps_stack_pg_start "$dir"
	corps_db_setup "$dir/pgsock"
	corps_migrate "$build" "$dir/pgsock"
	corps_fcgi_start "$build" "$dir/state" "$dir/pgsock" \
	    "$dir/fcgi/corps.sock" "$dir/corps-fcgi.log"
	for try in 1 2 3 4 5; do
		port=$(corps_free_port)
		corps_nginx_conf "$dir/nginx" "$dir" "$port" "$dir/fcgi/corps.sock"
		corps_nginx_start "$dir/state" "$dir/nginx" "$dir" "$port" &&
		    break
		[ "$try" -lt 5 ] || corps_die "nginx did not start"
	done
	cat >"$dir/stack.env" <<-EOF
	STACK_DIR=$dir
	CORPS_ROOT=$CORPS_ROOT
	BASE_URL=http://127.0.0.1:$port
	PORT=$port
	PGHOST=$dir/pgsock
	PGDATABASE=$CORPS_DB_NAME
	PGUSER=postgres
	PGDATA=$dir/pg
	PG_BINDIR=$(corps_pg_bindir)
	PG_LOG=$dir/postgresql.log
	CORPS_BUILD=$build
	FCGI_PID=$(cat "$dir/state/corps-fcgi.pid")
	FCGI_SOCKET=$dir/fcgi/corps.sock
	FCGI_LOG=$dir/corps-fcgi.log
	APP_USER=$CORPS_APP_USER
	MAILER_DB=host=$dir/pgsock dbname=$CORPS_DB_NAME user=$CORPS_MAILER_ROLE
	NGINX_PID=$(cat "$dir/state/nginx.pid")
	NGINX_ERROR_LOG=$dir/nginx-error.log
	NGINX_ACCESS_LOG=$dir/nginx-access.log
	EOF
}

# corps_sanitizer_report LOG: print sanitizer reports found in LOG; true
# when there were any.
corps_sanitizer_report() {
	local found
	found=$(grep -E -A 30 \
	    '(Address|Leak|UndefinedBehavior)Sanitizer|runtime error:' \
	    "$1" 2>/dev/null || true)
	[ -n "$found" ] || return 1
	printf '%s\n' "$found" | head -n 200
}

# corps_stack_stop DIR: stop nginx, corps-fcgi and PostgreSQL of the stack
# in DIR and delete its database files (the logs stay).  Fails when
# corps-fcgi did not exit 0 on SIGTERM or its log holds a sanitizer report.
corps_stack_stop() {
	local dir=$1 rc=0 st=0
	[ -e "$dir/.corps-stack" ] || corps_die "$dir is not a stack directory"
	corps_stack_check_owner "$dir"
	: >"$dir/.corps-stack"
	corps_stop "$dir/state" nginx QUIT 10 || true
	corps_stop "$dir/state" corps-fcgi TERM 20 || st=$?
	if [ "$st" -ne 0 ]; then
		corps_log "corps-fcgi exited with status $st on SIGTERM"
		rc=1
	fi
	corps_pg_stop "$dir/pg"
	rm -rf "$dir/pg" "$dir/nginx/tmp"
	if corps_sanitizer_report "$dir/corps-fcgi.log" >&2; then
		corps_log "sanitizer report in $dir/corps-fcgi.log"
		rc=1
	fi
	return "$rc"
}
