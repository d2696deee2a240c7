#!/usr/bin/env bash
# The tonfall benchmark: builds the corpora, installs the peers, measures tonfall,
# GNU grep, ripgrep and textlint+prh on the same inputs and writes bench/RESULTS.md.
# See bench/README.md. Takes about 15 minutes on a 2-core machine (caps: measure.py).
#
#   bash bench/run.sh            everything
#   bash bench/run.sh --setup    only install, build and make the corpora
set -euo pipefail

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$BENCH")
cd "$ROOT"
export LC_ALL=C.UTF-8

say() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*"; }

# --- Debian packages: German prose, the peers, the profilers --------------------------
need=()
[ -d /usr/share/man/de ] || need+=(manpages-de)
[ -d /usr/share/games/fortunes/de ] || need+=(fortunes-de)
command -v groff >/dev/null || need+=(groff)
command -v rg >/dev/null || need+=(ripgrep)
command -v grep >/dev/null || need+=(grep)
command -v node >/dev/null || need+=(nodejs)
command -v npm >/dev/null || need+=(npm)
command -v python3 >/dev/null || need+=(python3)
command -v valgrind >/dev/null || need+=(valgrind)
command -v perf >/dev/null || need+=(linux-perf)
if [ ${#need[@]} -gt 0 ]; then
  say "installing ${need[*]}"
  SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  # manpages-de lands in /usr/share/man only if dpkg does not exclude it (as slim images do)
  $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
if [ ! -d /usr/share/man/de/man1 ]; then
  echo "bench: /usr/share/man/de is empty; dpkg may exclude man pages (see /etc/dpkg/dpkg.cfg.d)" >&2
  exit 2
fi

# --- tonfall --------------------------------------------------------------------------
[ -f build/CMakeCache.txt ] || cmake --preset default >/dev/null
say "building tonfall"
cmake --build --preset default >/dev/null

# --- textlint + textlint-rule-prh from the npm registry, pinned in bench/package.json --
if [ ! -x "$BENCH/node_modules/.bin/textlint" ] || [ "$BENCH/package.json" -nt "$BENCH/node_modules/.package-lock.json" ]; then
  say "installing textlint and textlint-rule-prh into bench/node_modules"
  if [ -f "$BENCH/package-lock.json" ]; then
    npm ci --prefix "$BENCH" --no-audit --no-fund --loglevel=error
  else
    npm install --prefix "$BENCH" --no-audit --no-fund --loglevel=error
  fi
fi

# --- corpora ---------------------------------------------------------------------------
say "corpora (cached in bench/corpus/)"
python3 "$BENCH/make_corpus.py"

[ "${1:-}" = "--setup" ] && exit 0

# --- measurements and bench/RESULTS.md ------------------------------------------------
python3 "$BENCH/measure.py"
