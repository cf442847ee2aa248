#!/usr/bin/env bash
# tests/deploy/systemd.sh: deploy/install for real, under a real systemd,
# on a Debian cluster, in a throwaway machine (tests/deploy/systemd-boot:
# an overlay of / whose writes vanish, own PID/mount/network namespaces,
# loopback only).  There: pg_createcluster makes a cluster of the test's
# own name and port; deploy/install installs against it (CORPS_PGPORT),
# with systemctl enabling the units and reloading nginx; corps-fcgi,
# socket activated, and corps-mailer then run under systemd with their
# whole sandbox (ProtectSystem=strict, MemoryDenyWriteExecute,
# SystemCallFilter, RestrictAddressFamilies, read-only templates...), and
# a page, a submission with a PDF and its receipt e-mail go through them
# (tests/deploy/sandbox.mjs), and systemctl reload.  Then the roles: peer
# authentication as the units use it, corps_app unable to create or drop
# tables, the wrong users refused; a second install changes nothing,
# pg_hba.conf and pg_ident.conf included.  Then deploy/upgrade as it runs
# under systemd (systemctl restart of the socket activated service), under
# a load of page views and submissions through nginx, loses no request and
# no submission and keeps the listening socket (tests/deploy/upgrade-lib.sh,
# as tests/deploy/upgrade.sh).  Then corps-fcgi on TCP (a drop-in for
# corps-fcgi.socket, nginx's upstream from deploy/install's
# CORPS_FCGI_SERVERS): the site through it, and FCGI_WEB_SERVER_ADDRS
# closing a FastCGI connection from an address not listed without an
# answer (tests/deploy/fcgi-ask.mjs).  The units stop cleanly;
# pg_dropcluster.  About 16 s, 5 to 6 of them the upgrade, 2 the TCP part.  Skipped (77) when not root or
# when this machine cannot boot systemd in namespaces (no overlayfs, no
# cgroup2, no unshare).
set -euo pipefail
CORPS_PROG=systemd.sh
. "$(dirname "${BASH_SOURCE[0]}")/../../deploy/lib.sh"
. "$CORPS_ROOT/tests/deploy/upgrade-lib.sh"

skip() {
	echo "skipped: $*"
	exit 77
}
[ "$(id -u)" -eq 0 ] || skip "the deploy tests run as root (a throwaway machine)"
[ -x "${CORPS_BUILD:-}/corps-fcgi" ] || corps_die "set CORPS_BUILD"
for c in unshare nsenter chroot findmnt pg_createcluster; do
	command -v "$c" >/dev/null || skip "no $c here"
done
[ -x /lib/systemd/systemd ] || skip "no /lib/systemd/systemd"
grep -qw overlay /proc/filesystems || skip "no overlayfs in this kernel"
cgroot=$(findmnt -n -t cgroup2 -o TARGET | head -n 1)
[ -n "$cgroot" ] || skip "no cgroup2 hierarchy mounted"
# The throwaway machine has no network: what install needs is here first.
read -r -a pkgs <<<"$(corps_build_packages)"
corps_install_missing "${pkgs[@]}" postgresql nginx-light openssl
pgver=$(basename "$(dirname "$(corps_pg_bindir)")")
pgport=$(corps_free_port)
cluster=corps_systemd_test

T=$(mktemp -d /tmp/corps-systemd.XXXXXX)
# H: what the machine reads of the host's files made for it (its /var/tmp is
# the host's as it was at the boot; its /tmp is its own).
H=$(mktemp -d /var/tmp/corps-systemd.XXXXXX)
cg=$cgroot/corps-systemd-test.$$
P=""
mkdir -p "$T/overlay" "$T/units"
for t in sysinit basic sockets shutdown; do
	printf '[Unit]\nDescription=%s (stub of the deploy test)\n' "$t" \
	    >"$T/units/$t.target"
done
printf '%s\n' '[Unit]' 'Description=Corps Roster deploy test' \
    'Wants=systemd-journald.service' >"$T/units/corps-test.target"

# in_m CMD...: run CMD in the throwaway machine, as root, with a plain
# environment; at most 120 s.
in_m() {
	timeout 120 nsenter -t "$P" -a -r -w env -i \
	    PATH=/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
	    LANG=C.UTF-8 "$@"
}

# cleanup: on failure the units' journal; then the machine goes (SIGKILL
# to its PID 1 ends every process in it, and its mounts with them).
cleanup() {
	local rc=$?
	set +e
	trap - EXIT
	if [ "$rc" -ne 0 ] && [ "$rc" -ne 77 ] && [ -n "$P" ]; then
		in_m journalctl --no-pager -n 60 -u corps-fcgi.service \
		    -u corps-mailer.service -u nginx.service \
		    -u "postgresql@$pgver-$cluster.service"
		grep -i corps "$T/console.log" | tail -n 20
	fi
	[ -z "$P" ] || kill -KILL "$P"
	[ -z "${boot:-}" ] || wait "$boot"
	for _ in $(seq 50); do
		[ -d "$cg" ] || break
		find "$cg" -depth -type d -exec rmdir {} + 2>/dev/null
		sleep 0.1
	done
	rm -rf "$T" "$H"
	exit "$rc"
}
trap cleanup EXIT

t_fail() {
	echo "FAIL: $*"
	exit 1
}

# Version 2 for deploy/upgrade, and the site for the node clients.
upg_version2 "$H"
printf '%s\n' BASE_URL=https://localhost >"$H/stack.env"

# Boot: the machine's PID 1 is systemd; it is in the cgroup made here, the
# root of its cgroup namespace.
mkdir "$cg"
(
	echo "$BASHPID" >"$cg/cgroup.procs"
	exec unshare --pid --fork --mount --net --uts --ipc --cgroup \
	    "$CORPS_ROOT/tests/deploy/systemd-boot" "$T" "$T/units" \
	    "$(realpath "$CORPS_ROOT")" "$(realpath "$CORPS_BUILD")"
) >"$T/boot.log" 2>&1 &
boot=$!
# P is the machine's PID 1 once systemd-boot has made the machine and
# run systemd (before, nsenter would enter the host's root), and systemctl
# can reach it once it listens on its private socket.
for _ in $(seq 100); do
	p=$(cat "/proc/$boot/task/$boot/children" 2>/dev/null || true)
	p=${p% }
	if [ -n "$p" ] && [ "$(cat "/proc/$p/comm" 2>/dev/null)" = systemd ] &&
	    [ -S "/proc/$p/root/run/systemd/private" ]; then
		P=$p
		break
	fi
	sleep 0.1
done
[ -n "$P" ] || { cat "$T/boot.log"; t_fail "the machine did not boot"; }
state=$(in_m timeout 30 systemctl is-system-running --wait) || true
[ "$state" = running ] || { cat "$T/boot.log"; t_fail "systemd: $state"; }

# A Debian cluster of the test's own name and port.
in_m pg_createcluster "$pgver" "$cluster" -p "$pgport" --start >/dev/null ||
    t_fail "pg_createcluster"
hba=/etc/postgresql/$pgver/$cluster/pg_hba.conf
ident=/etc/postgresql/$pgver/$cluster/pg_ident.conf

install_env=(CORPS_BUILD="$CORPS_BUILD" CORPS_PGPORT="$pgport"
    CORPS_SERVER_NAME=localhost)
out=$(in_m "${install_env[@]}" bash "$CORPS_ROOT/deploy/install" 2>&1) ||
    { echo "$out"; t_fail "install"; }
grep -q 'changes made$' <<<"$out" || t_fail "install: $out"
for u in corps-fcgi.socket corps-mailer.service nginx.service; do
	[ "$(in_m systemctl is-active "$u")" = active ] || t_fail "$u not active"
done
[ "$(in_m systemctl is-enabled corps-fcgi.socket)" = enabled ] ||
    t_fail "corps-fcgi.socket not enabled"

# The site through nginx and the socket; the mailer sends the receipt.
res=$(in_m STACK_DIR="$H" \
    NODE_EXTRA_CA_CERTS=/etc/corps/tls/corps.crt \
    node "$CORPS_ROOT/tests/deploy/sandbox.mjs") || t_fail "sandbox.mjs: $res"
echo "$res"
grep -q '"mailed":true' <<<"$res" || t_fail "no receipt e-mail: $res"
ref=$(sed -n 's/.*"reference":"\([^"]*\)".*/\1/p' <<<"$res")
db() {
	in_m runuser -u postgres -- psql -X -At -p "$pgport" -d corps -c "$1"
}
[ "$(db "SELECT count(*) FROM application_cvs JOIN applications a
    ON a.id = application_id WHERE reference = '$ref'")" = 1 ] ||
    t_fail "no CV stored for $ref"

# systemctl reload (SIGHUP: templates re-read, workers replaced) inside
# the sandbox: the same main process, and the pages still answer.
pid=$(in_m systemctl show -P MainPID corps-fcgi.service)
in_m systemctl reload corps-fcgi.service || t_fail "systemctl reload"
code=$(in_m curl -sS -o /dev/null -w '%{http_code}' --max-time 10 \
    --cacert /etc/corps/tls/corps.crt https://localhost/apply)
[ "$code" = 200 ] || t_fail "GET /apply after the reload: $code"
[ "$(in_m systemctl show -P MainPID corps-fcgi.service)" = "$pid" ] ||
    t_fail "the reload restarted corps-fcgi"

# The sandbox was in force, not only written down.
pid=$(in_m systemctl show -P MainPID corps-fcgi.service)
[ "$pid" -gt 0 ] || t_fail "corps-fcgi.service has no main process"
st=$(in_m cat "/proc/$pid/status")
grep -qP '^NoNewPrivs:\t1$' <<<"$st" || t_fail "NoNewPrivs off"
grep -qP '^Seccomp:\t2$' <<<"$st" || t_fail "no seccomp filter"
grep -qP '^CapEff:\t0+$' <<<"$st" || t_fail "capabilities left"
in_m awk '$5 == "/" && $6 ~ /^ro/' "/proc/$pid/mountinfo" | grep -q . ||
    t_fail "/ is writable to corps-fcgi"

# The roles as the units and install use them: peer authentication over
# the socket through the ident map, in pg_hba.conf of the Debian cluster.
[ "$(in_m runuser -u postgres -- psql -X -At -p "$pgport" -c 'SHOW hba_file')" \
    = "$hba" ] || t_fail "the cluster does not read $hba"
# as USER ROLE SQL: run SQL in the database corps as ROLE, logged in as
# the system user USER by peer authentication; prints psql's output.
as() {
	in_m runuser -u "$1" -- psql -X -At -v ON_ERROR_STOP=1 \
	    -h /var/run/postgresql -p "$pgport" -d corps -U "$2" -c "$3" 2>&1
}
for r in corps_app corps_mailer; do
	[ "$(as "$CORPS_APP_USER" "$r" 'SELECT current_user')" = "$r" ] ||
	    t_fail "$CORPS_APP_USER cannot log in as $r"
done
[ "$(as root corps_owner 'SELECT current_user')" = corps_owner ] ||
    t_fail "root cannot log in as corps_owner"
for ur in "root corps_app" "$CORPS_APP_USER corps_owner" \
    "$CORPS_WEB_USER corps_app" "$CORPS_APP_USER postgres"; do
	read -r u r <<<"$ur"
	out=$(as "$u" "$r" 'SELECT 1') && t_fail "$u logged in as $r"
	grep -q 'authentication failed' <<<"$out" || t_fail "$u as $r: $out"
done
for q in 'CREATE TABLE corps_test_t (i int)' 'DROP TABLE applications' \
    'CREATE SCHEMA corps_test_s' 'TRUNCATE audit_log' \
    'ALTER TABLE applications ADD COLUMN x int'; do
	out=$(as "$CORPS_APP_USER" corps_app "$q") && t_fail "corps_app: $q"
	grep -qE 'permission denied|must be owner' <<<"$out" ||
	    t_fail "corps_app: $q: $out"
done

# A second install changes nothing, in the cluster's files either.
sums=$(in_m sha256sum "$hba" "$ident")
out=$(in_m "${install_env[@]}" bash "$CORPS_ROOT/deploy/install" 2>&1) ||
    { echo "$out"; t_fail "second install"; }
grep -qx 'install: no change: everything is installed and up to date' \
    <<<"$out" || t_fail "second install: $out"
[ "$(in_m sha256sum "$hba" "$ident")" = "$sums" ] ||
    t_fail "the second install changed $hba or $ident"
[ "$(in_m grep -c 'map=corps_roster' "$hba")" = 1 ] ||
    t_fail "not one corps line in $hba"

# deploy/upgrade to version 2 under load (4 s, the upgrade 1 s in): it
# restarts corps-fcgi.service while systemd keeps corps-fcgi.socket.
sock=/run/corps-roster/corps-fcgi.sock
# socket: the listening socket's inode and corps-fcgi.socket's invocation.
socket() {
	in_m sh -c "stat -c %i $sock; systemctl show -P InvocationID \
	    corps-fcgi.socket" | paste -sd ' '
}
sock0=$(socket)
pids=$(in_m systemctl show -P MainPID corps-fcgi.service corps-mailer.service)
before=$(db 'SELECT count(*) FROM applications')
upg_under_load "$H" /etc/corps/tls/corps.crt 4 1 \
    in_m CORPS_PGPORT="$pgport" CORPS_SERVER_NAME=localhost
upg_counts "$H" "$before" in_m runuser -u postgres -- psql -X -At \
    -p "$pgport" -d corps
[ "$(socket)" = "$sock0" ] ||
    t_fail "the listening socket changed: $sock0 -> $(socket)"
for pid in $(in_m systemctl show -P MainPID corps-fcgi.service \
    corps-mailer.service); do
	grep -qxF "$pid" <<<"$pids" && t_fail "$pid was not restarted"
	in_m grep -q "$UPG_MARKER" "/proc/$pid/exe" ||
	    t_fail "$pid is not version 2"
done
in_m curl -sS --max-time 10 --cacert /etc/corps/tls/corps.crt \
    https://localhost/static/style.css | grep -q "$UPG_MARKER" ||
    t_fail "the new style sheet is not served"

# corps-fcgi on TCP, as on a host of its own (README: Instances on other
# hosts): a drop-in moves corps-fcgi.socket to 127.0.0.1:PORT, install
# with CORPS_FCGI_SERVERS points nginx's upstream there, and corps.env's
# FCGI_WEB_SERVER_ADDRS says who may connect.  Under the same sandbox.
fport=$(corps_free_port)
# fcgi_listen ADDRESS: corps-fcgi.socket's ListenStream, by a drop-in.
fcgi_listen() {
	in_m install -D -m 0644 /dev/stdin \
	    /etc/systemd/system/corps-fcgi.socket.d/tcp.conf \
	    <<<"$(printf '%s\n' '[Socket]' ListenStream= "ListenStream=$1")"
	in_m systemctl daemon-reload
	in_m systemctl stop corps-fcgi.service corps-fcgi.socket
	in_m systemctl start corps-fcgi.socket || t_fail "listen on $1"
}
# fcgi_addrs [ADDRS]: corps.env's FCGI_WEB_SERVER_ADDRS (none: the line
# goes), then corps-fcgi.service restarted to read it.
fcgi_addrs() {
	in_m sed -i '/^FCGI_WEB_SERVER_ADDRS=/d' /etc/corps/corps.env
	[ -z "${1:-}" ] || in_m sh -c \
	    "echo FCGI_WEB_SERVER_ADDRS=$1 >>/etc/corps/corps.env"
	in_m systemctl restart corps-fcgi.service || t_fail "restart"
}
# logged TEXT: true once corps-fcgi's journal has TEXT (5 s at most).
logged() {
	for _ in $(seq 50); do
		in_m journalctl -q -u corps-fcgi.service | grep -qF "$1" && return 0
		sleep 0.1
	done
	return 1
}
# ask FROM: a FastCGI request straight to the port from the address FROM.
ask() {
	in_m node "$CORPS_ROOT/tests/deploy/fcgi-ask.mjs" 127.0.0.1 "$fport" "$1"
}
fcgi_listen "127.0.0.1:$fport"
# The programs installed are version 2 (the upgrade): install them again.
out=$(in_m "${install_env[@]}" CORPS_BUILD="$H/b2" \
    CORPS_FCGI_SERVERS="127.0.0.1:$fport" bash "$CORPS_ROOT/deploy/install" \
    2>&1) || { echo "$out"; t_fail "install"; }
grep -qx 'install: 1 changes made' <<<"$out" || t_fail "install: $out"
in_m grep -q "server 127.0.0.1:$fport;" /etc/nginx/sites-enabled/corps-roster ||
    t_fail "nginx's upstream is not 127.0.0.1:$fport"
l=$(in_m systemctl show -P Listen corps-fcgi.socket)
[ "$l" = "127.0.0.1:$fport (Stream)" ] || t_fail "corps-fcgi.socket: $l"
fcgi_addrs 127.0.0.1
res=$(in_m STACK_DIR="$H" NODE_EXTRA_CA_CERTS=/etc/corps/tls/corps.crt \
    node "$CORPS_ROOT/tests/deploy/sandbox.mjs") || t_fail "over TCP: $res"
echo "over TCP: $res"
r=$(ask 127.0.0.2)
grep -q '"answered":false,"bytes":0' <<<"$r" || t_fail "127.0.0.2 served: $r"
# The web server not listed: nginx's requests are refused too.
fcgi_addrs 127.0.0.2
r=$(ask 127.0.0.1)
grep -q '"answered":false,"bytes":0' <<<"$r" || t_fail "127.0.0.1 served: $r"
code=$(in_m curl -sS -o /dev/null -w '%{http_code}' --max-time 10 \
    --cacert /etc/corps/tls/corps.crt https://localhost/apply)
[ "$code" = 502 ] || t_fail "GET /apply, nginx not listed: $code"
# A dual-stack socket (a bare port): libfcgi would not check its IPv4
# clients (AF_INET6 to it), so corps-fcgi refuses to start with the list.
fcgi_listen "$fport"
fcgi_addrs 127.0.0.1
logged 'checks IPv4 clients only' ||
    t_fail "corps-fcgi started on a dual-stack socket with the list"
# Without the list, anyone who reaches the port is served.
fcgi_listen "127.0.0.1:$fport"
fcgi_addrs
r=$(ask 127.0.0.2)
grep -q '"answered":true' <<<"$r" || t_fail "no list, 127.0.0.2: $r"
logged 'on TCP without FCGI_WEB_SERVER_ADDRS' ||
    t_fail "no warning on TCP without FCGI_WEB_SERVER_ADDRS"
echo "FCGI_WEB_SERVER_ADDRS: the clients not listed got 0 bytes"

# systemctl stop: both services end cleanly (exit 0 on SIGTERM).
in_m systemctl stop corps-fcgi.socket corps-fcgi.service \
    corps-mailer.service || t_fail "systemctl stop"
for u in corps-fcgi.service corps-mailer.service; do
	r=$(in_m systemctl show -P Result "$u")
	[ "$r" = success ] || t_fail "$u stopped with $r"
done
in_m pg_dropcluster --stop "$pgver" "$cluster" || t_fail "pg_dropcluster"
echo "ok: site, upload and mail under systemd's sandbox; roles; second" \
    "install unchanged; upgrade under load lost nothing"
