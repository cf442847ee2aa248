#!/usr/bin/env bash
# tests/deploy/install.sh: deploy/install on a fresh root (a temporary
# directory standing for /, see common.sh) and a throwaway cluster:
# --check lists the changes and makes none; the install; the site served
# over https by nginx with the installed site and corps-fcgi started from
# the installed units as systemd would; the units pass systemd-analyze
# verify; a second run changes nothing and says so; an edited
# /etc/corps/corps.env is kept; --uninstall removes the programs, units
# and site but not the database.  About 15 s.
set -euo pipefail
CORPS_PROG=install.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

t_pg_start
cd "$T"

# --check on the fresh root: changes listed, none made.
out=$(bash "$CORPS_ROOT/deploy/install" --check)
grep -q '^would install .* files under' <<<"$out" ||
    t_fail "--check lists no programs: $out"
grep -q 'changes to make$' <<<"$out" || t_fail "--check: $out"
[ ! -e "$INST_BINDIR/corps-fcgi" ] || t_fail "--check installed programs"
[ ! -e "$INST_ETC/corps.env" ] || t_fail "--check wrote corps.env"

out=$(bash "$CORPS_ROOT/deploy/install" 2>&1) || t_fail "install: $out"
grep -q 'changes made$' <<<"$out" || t_fail "first install: $out"
for f in "$INST_BINDIR"/corps-{fcgi,admin,mailer} \
    "$INST_TEMPLATES/apply.mustache" "$INST_ETC/corps.env" \
    "$INST_UNITS"/corps-{fcgi.socket,fcgi.service,mailer.service}; do
	[ -e "$f" ] || t_fail "not installed: $f"
done
grep -qx 'CORPS_SECURE_COOKIES=1' "$INST_ETC/corps.env" ||
    t_fail "corps.env without CORPS_SECURE_COOKIES=1"
[ "$(stat -c '%a %U:%G' "$INST_ETC/corps.env")" = "640 root:$CORPS_APP_USER" ] ||
    t_fail "corps.env: $(stat -c '%a %U:%G' "$INST_ETC/corps.env")"
[ "$(t_sql "SELECT rolsuper OR rolcreatedb OR rolcreaterole FROM pg_roles
    WHERE rolname = 'corps_app'")" = f ] || t_fail "corps_app is privileged"
[ "$(t_sql "SELECT pg_get_userbyid(datdba) FROM pg_database
    WHERE datname = 'corps'")" = corps_owner ] || t_fail "database owner"
[ "$(t_sql "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'
    AND tableowner <> 'corps_owner'")" = 0 ] ||
    t_fail "tables not owned by corps_owner"

# The units as systemd would run them, behind nginx with TLS.
systemd-analyze verify "$INST_UNITS"/corps-{fcgi.socket,fcgi.service,mailer.service} \
    >"$T/verify.log" 2>&1 || { cat "$T/verify.log"; t_fail "verify"; }
[ ! -s "$T/verify.log" ] || { cat "$T/verify.log"; t_fail "verify warns"; }
for u in corps-fcgi.service corps-mailer.service; do
	systemd-analyze security --offline=true "$INST_UNITS/$u" 2>/dev/null |
	    grep 'Overall exposure level'
done
t_units_start
[ "$(stat -c '%a %G %F' "$INST_SOCKET")" = "660 $(id -gn "$CORPS_WEB_USER") socket" ] ||
    t_fail "socket: $(stat -c '%a %G %F' "$INST_SOCKET")"
t_nginx_start
headers=$(t_curl -D - -o "$T/apply.html" "https://localhost:$PORT/apply" \
    --resolve "localhost:$PORT:127.0.0.1")
grep -q '^HTTP/1.1 200' <<<"$headers" || t_fail "GET /apply: $headers"
grep -qi '^strict-transport-security: max-age=31536000' <<<"$headers" ||
    t_fail "no HSTS: $headers"
grep -q 'name="form_token"' "$T/apply.html" || t_fail "not the form"
headers=$(t_curl -D - -o /dev/null "https://localhost:$PORT/login" \
    --resolve "localhost:$PORT:127.0.0.1")
grep -qi '^set-cookie:.*; Secure' <<<"$headers" ||
    t_fail "cookie without Secure (CORPS_SECURE_COOKIES=1): $headers"
redirect=$(curl -sS -o /dev/null -w '%{http_code} %{redirect_url}' \
    "http://127.0.0.1:$HTTP_PORT/apply")
[[ $redirect == "301 https://127.0.0.1/apply" ]] ||
    t_fail "http does not redirect: $redirect"

# A second run changes nothing, and keeps an edited environment file.
echo "CORPS_WORKERS=3" >>"$INST_ETC/corps.env"
sum=$(sha256sum "$INST_ETC/corps.env")
out=$(bash "$CORPS_ROOT/deploy/install" 2>&1) || t_fail "second: $out"
grep -qx 'install: no change: everything is installed and up to date' \
    <<<"$out" || t_fail "second install changed things: $out"
[ "$(sha256sum "$INST_ETC/corps.env")" = "$sum" ] || t_fail "env rewritten"
out=$(bash "$CORPS_ROOT/deploy/install" --check 2>&1)
grep -q 'no change' <<<"$out" || t_fail "--check after install: $out"

# --uninstall: programs, units and site go; the database stays.
"$UNIT_RUN" stop "$T/fcgi" >/dev/null || t_fail "corps-fcgi stop status"
bash "$CORPS_ROOT/deploy/install" --uninstall >/dev/null 2>&1
for f in "$INST_BINDIR/corps-fcgi" "$INST_UNITS/corps-fcgi.service" \
    "$INST_NGINX/sites-enabled/corps-roster" "$INST_TEMPLATES"; do
	[ ! -e "$f" ] || t_fail "left after --uninstall: $f"
done
[ "$(t_sql 'SELECT count(*) > 0 FROM schema_migrations')" = t ] ||
    t_fail "the database went with --uninstall"
[ -e "$INST_ETC/corps.env" ] || t_fail "--uninstall removed corps.env"
echo "ok: install, https, second run unchanged, uninstall"
