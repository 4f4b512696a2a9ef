#!/bin/sh
# deps.sh - install the Debian 12 packages flowq needs to build and test,
# when they are missing.  Without root it prints the one command to run.
# usage: tools/deps.sh [--quiet]
PKGS="gcc make libdeflate-dev libisal-dev zlib1g-dev libpcre2-dev"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && { [ "$1" = --quiet ] || echo "deps: all packages present"; exit 0; }
if [ "$(id -u)" = 0 ]; then
	echo "deps: installing$missing" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >/dev/null 2>&1 || true
	apt-get install -y -qq --no-install-recommends $missing >/dev/null || {
		echo "deps: apt-get install failed" >&2; exit 1; }
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
	sudo apt-get update -qq && sudo apt-get install -y -qq --no-install-recommends $missing || exit 1
else
	echo "deps: missing packages:$missing" >&2
	echo "deps: run: sudo apt-get install -y$missing" >&2
	exit 1
fi
