#!/usr/bin/env bash
# tests/scripts/apt-installs.sh: every "apt-get install" or "apt install"
# command in the project's own files (scripts, configuration and
# documentation; comments, build directories and npm packages aside)
# passes --no-install-recommends, so that installing Chromium or
# nginx brings no desktop daemons (avahi, printer rules) onto a server.
# Prints each offending line; exits 1 when there is one, or when it finds
# no install command at all (then it looks in the wrong place).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cmd='^[^#]*\<apt(-get)?[[:space:]]+([^#]*[[:space:]])?install'
files=$(cd "$root" && find . -type f -not -path './.git/*' \
    -not -path './build*' -not -path '*/node_modules/*' \
    -not -path './tests/scripts/*' -not -path './tests/data/*')
found=$(cd "$root" && grep -nE "$cmd" $files || true)
[ -n "$found" ] || { echo "no apt-get install found"; exit 1; }
bad=$(grep -v -- '--no-install-recommends' <<<"$found" || true)
if [ -n "$bad" ]; then
	echo "apt-get install without --no-install-recommends:"
	echo "$bad"
	exit 1
fi
echo "ok: $found"
