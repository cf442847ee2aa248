#!/usr/bin/env bash
# tests/scripts/free-port.sh: corps_free_port (deploy/lib.sh) never picks a
# port in the kernel's ephemeral range (ip_local_port_range), where any
# process's outgoing connection may take it between the pick and the
# bind; and every script that chooses a port uses corps_free_port.  1000
# picks, about 2 s.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../../deploy/lib.sh"
read -r lo hi </proc/sys/net/ipv4/ip_local_port_range
bad=0
for _ in $(seq 1000); do
	port=$(corps_free_port)
	if [ "$port" -lt 1024 ] || [ "$port" -gt 65535 ] ||
	    { [ "$port" -ge "$lo" ] && [ "$port" -le "$hi" ]; }; then
		echo "corps_free_port gave $port (ephemeral range $lo-$hi)"
		bad=1
	fi
done
# A port made up elsewhere ($RANDOM arithmetic near "port") would bypass
# the rule.
made=$(cd "$CORPS_ROOT" && grep -rnE 'port=\$\(\((.*RANDOM)' deploy tests \
    .ci --exclude-dir=node_modules | grep -v '^deploy/lib.sh:' || true)
if [ -n "$made" ]; then
	echo "ports chosen without corps_free_port:"
	echo "$made"
	bad=1
fi
[ "$bad" = 0 ] && echo "ok: 1000 ports outside $lo-$hi"
