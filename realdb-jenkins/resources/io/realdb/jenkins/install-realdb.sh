#!/bin/sh
# Fetches a realdb distribution archive, checks its SHA-256 and unpacks it once per checksum into a
# cache on the agent, then prints the path of its realdb command. An archive whose checksum does
# not match is never unpacked.
#
# usage: install-realdb.sh URL SHA256 [CACHE]
#   CACHE defaults to $REALDB_CACHE, else ~/.cache/realdb
# exit codes: 0 done, 2 bad arguments, 3 download failed, 4 checksum mismatch, 5 not a realdb archive
set -eu

if [ $# -lt 2 ]; then
  echo "usage: install-realdb.sh URL SHA256 [CACHE]" >&2
  exit 2
fi
url=$1
sha=$2
cache=${3:-}
[ -n "$cache" ] || cache=${REALDB_CACHE:-${HOME:-/tmp}/.cache/realdb}

case "$sha" in
  *[!0-9a-f]*) sha_ok=no ;;
  *) sha_ok=yes ;;
esac
if [ "$sha_ok" != yes ] || [ ${#sha} -ne 64 ]; then
  echo "install-realdb: '$sha' is not a SHA-256 (64 lower-case hex digits)" >&2
  exit 2
fi

home="$cache/$sha"
if [ -x "$home/bin/realdb" ]; then
  echo "install-realdb: using $home (fetched earlier)" >&2
  echo "$home/bin/realdb"
  exit 0
fi

mkdir -p "$cache"
tmp=$(mktemp -d "$cache/.fetch.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
archive="$tmp/realdb.tar.gz"

echo "install-realdb: fetching $url" >&2
if command -v curl >/dev/null 2>&1; then
  curl -fsSL --retry 3 --retry-delay 2 -o "$archive" "$url" || { echo "install-realdb: cannot fetch $url" >&2; exit 3; }
elif command -v wget >/dev/null 2>&1; then
  wget -q -O "$archive" "$url" || { echo "install-realdb: cannot fetch $url" >&2; exit 3; }
else
  echo "install-realdb: neither curl nor wget is installed on this agent" >&2
  exit 3
fi

actual=$(sha256sum "$archive" | cut -d ' ' -f 1)
if [ "$actual" != "$sha" ]; then
  echo "install-realdb: the SHA-256 of $url is $actual, not the expected $sha: not using it" >&2
  exit 4
fi

mkdir "$tmp/unpacked"
tar -xzf "$archive" -C "$tmp/unpacked" || { echo "install-realdb: $url is not a .tar.gz archive" >&2; exit 5; }
launcher=$(find "$tmp/unpacked" -maxdepth 3 -type f -path '*/bin/realdb' | head -n 1)
if [ -z "$launcher" ]; then
  echo "install-realdb: $url holds no bin/realdb: not a realdb distribution" >&2
  exit 5
fi
chmod +x "$launcher"
root=$(dirname "$(dirname "$launcher")")
# Another build on this agent may have unpacked the same checksum meanwhile; either copy will do.
[ -e "$home" ] || mv "$root" "$home" 2>/dev/null || true
if [ ! -x "$home/bin/realdb" ]; then
  echo "install-realdb: cannot install into $home" >&2
  exit 3
fi
echo "install-realdb: unpacked into $home" >&2
echo "$home/bin/realdb"
