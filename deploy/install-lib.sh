# deploy/install-lib.sh: what deploy/install and deploy/upgrade share.
# Source it after deploy/lib.sh, from bash running "set -euo pipefail".
#
# Where things go (environment, read by corps_inst_paths):
#   CORPS_INSTALL_ROOT  a directory that stands for / (tests, a trial run):
#                       every path below is under it, the configuration
#                       written names those paths, and nothing outside it
#                       is touched but the system user and the database;
#                       systemctl and the system's nginx are left alone
#   CORPS_PREFIX        the programs' prefix (default ROOT/usr/local)
#   CORPS_BUILD         an existing build directory to install from; unset:
#                       build CORPS_ROOT/build-release first
#   CORPS_PGHOST        the PostgreSQL socket directory (/var/run/postgresql)
#   CORPS_PGPORT        the cluster's port, when not 5432 (a second Debian
#                       cluster): written into the environment files too
#   CORPS_SERVER_NAME   the site's host name (hostname -f)
#   CORPS_TLS_CERT, CORPS_TLS_KEY  the certificate chain and key; unset: a
#                       self-signed one in ETC/tls (made once, then kept)
#   CORPS_HTTPS_LISTEN, CORPS_HTTP_LISTEN  nginx's listen addresses (443
#                       and 80; http only redirects to https)
#   CORPS_FCGI_SERVERS  the corps-fcgi instances nginx's upstream names,
#                       space-separated HOST:PORT (instances listening on
#                       TCP, README: Instances on other hosts); unset:
#                       this host's corps-fcgi.socket
#
# Changes are counted in inst_changes; with inst_check=1 nothing is
# changed and each would-be change is printed instead.

inst_changes=0
inst_check=0

# corps_inst_paths: set the INST_* paths from the environment.
corps_inst_paths() {
	local root=${CORPS_INSTALL_ROOT:-}
	INST_ROOT=$root
	INST_PREFIX=${CORPS_PREFIX:-$root/usr/local}
	INST_BINDIR=$INST_PREFIX/bin
	INST_DATADIR=$INST_PREFIX/share/corps-roster
	INST_TEMPLATES=$INST_DATADIR/templates
	INST_MIGRATIONS=$INST_DATADIR/migrations
	INST_ETC=$root/etc/corps
	INST_UNITS=$root/etc/systemd/system
	INST_NGINX=$root/etc/nginx
	INST_SOCKET=$root/run/corps-roster/corps-fcgi.sock
	INST_LOGDIR=$root/var/log/nginx
	INST_PGHOST=${CORPS_PGHOST:-/var/run/postgresql}
	INST_PGPORT=${CORPS_PGPORT:-}
	# psql and corps-admin here take the port from PGPORT.
	[ -z "$INST_PGPORT" ] || export PGPORT=$INST_PGPORT
	INST_PGCONN="host=$INST_PGHOST${INST_PGPORT:+ port=$INST_PGPORT}"
	INST_OWNER_ROLE=corps_owner
	INST_DB_OWNER="$INST_PGCONN dbname=$CORPS_DB_NAME user=$INST_OWNER_ROLE"
}

# corps_inst_change WHAT: count a change; in check mode print it.
corps_inst_change() {
	inst_changes=$((inst_changes + 1))
	if [ "$inst_check" = 1 ]; then
		echo "would $*"
	else
		corps_log "$*"
	fi
}

# corps_inst_systemd: true when systemd runs this machine and the install
# is for real (not under CORPS_INSTALL_ROOT).
corps_inst_systemd() {
	[ -z "$INST_ROOT" ] && [ -d /run/systemd/system ]
}

# corps_inst_build: print the build directory to install from, building
# it first unless CORPS_BUILD names one.
corps_inst_build() {
	local dir=${CORPS_BUILD:-$CORPS_ROOT/build-release}
	if [ -z "${CORPS_BUILD:-}" ]; then
		corps_build "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
		    -DCORPS_SANITIZE=OFF >&2
	fi
	[ -x "$dir/corps-fcgi" ] || corps_die "no corps-fcgi in $dir"
	echo "$dir"
}

# corps_inst_programs BUILD: cmake --install the programs, templates and
# migrations under INST_PREFIX when they differ from what is there.  They
# are staged first (DESTDIR) and compared, so an unchanged tree is left
# alone, and only the changed files are put in place (corps_inst_swap).
corps_inst_programs() {
	local build=$1 stage diff
	stage=$(mktemp -d)
	DESTDIR=$stage cmake --install "$build" --prefix "$INST_PREFIX" \
	    >/dev/null
	diff=$(cd "$stage$INST_PREFIX" && find . -type f | while read -r f; do
		cmp -s "$f" "$INST_PREFIX/$f" || echo "$f"
	done)
	if [ -n "$diff" ]; then
		corps_inst_change "install $(wc -l <<<"$diff") files under" \
		    "$INST_PREFIX ($(head -n 3 <<<"$diff" | tr '\n' ' ')...)"
		if [ "$inst_check" = 0 ]; then
			corps_inst_swap "$stage$INST_PREFIX" "$diff"
			inst_programs_changed=1
		fi
	fi
	rm -rf "$stage"
}

# corps_inst_swap STAGE FILES: each of FILES (paths under STAGE, one a
# line) copied beside its place under INST_PREFIX, then renamed over the
# old one.  rename(2) is atomic, so nginx serving the style sheet and a
# program starting see the old file or the new one, never no file or half
# of one (cmake --install unlinks and rewrites: a request in between got
# 404 during deploy/upgrade); a running program keeps its old file.
corps_inst_swap() {
	local stage=$1 f dest
	while read -r f; do
		dest=$INST_PREFIX/${f#./}
		[ -d "${dest%/*}" ] || install -d -m 0755 "${dest%/*}"
		cp -p "$stage/$f" "$dest.corps-new"
		mv -f "$dest.corps-new" "$dest"
	done <<<"$2"
}

# corps_inst_put FILE DEST MODE OWNER: install FILE as DEST (mode, owner
# user:group) when its content, mode or owner differ.
corps_inst_put() {
	local file=$1 dest=$2 mode=$3 owner=$4
	if cmp -s "$file" "$dest" &&
	    [ "$(stat -c '%a %U:%G' "$dest")" = "${mode#0} $owner" ]; then
		return 0
	fi
	corps_inst_change "write $dest"
	[ "$inst_check" = 1 ] && return 0
	install -D -m "$mode" -o "${owner%:*}" -g "${owner#*:}" "$file" "$dest"
}

# corps_inst_subst TEMPLATE DEST MODE OWNER NAME=VALUE...: fill in the
# template's placeholders and install the result (corps_inst_put).
corps_inst_subst() {
	local template=$1 dest=$2 mode=$3 owner=$4 tmp
	shift 4
	tmp=$(mktemp)
	corps_subst "$template" "$tmp" "$@"
	corps_inst_put "$tmp" "$dest" "$mode" "$owner"
	rm -f "$tmp"
}

# corps_inst_migrate: apply pending migrations as the owner role (root
# maps to it by peer authentication).
corps_inst_migrate() {
	local pending
	pending=$(CORPS_DB=$INST_DB_OWNER CORPS_MIGRATIONS=$INST_MIGRATIONS \
	    "$INST_BINDIR/corps-admin" migrate status |
	    sed -n 's/^[0-9]* applied, \([0-9]*\) pending$/\1/p')
	[ "${pending:-1}" != 0 ] || return 0
	corps_inst_change "apply ${pending:-all} pending migrations"
	[ "$inst_check" = 1 ] && return 0
	CORPS_DB=$INST_DB_OWNER CORPS_MIGRATIONS=$INST_MIGRATIONS \
	    "$INST_BINDIR/corps-admin" migrate >&2
}
