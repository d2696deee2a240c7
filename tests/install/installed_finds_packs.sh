#!/usr/bin/env bash
# Installs into a temporary prefix and checks that the installed binary,
# without flags or environment, loads the bundled packs from PREFIX/share.
# Usage: installed_finds_packs.sh BUILD_DIR
set -eu
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
cmake --install "$1" --prefix "$prefix" >/dev/null
test -x "$prefix/bin/tonfall"
ls "$prefix"/share/tonfall/rules/de/*.yaml >/dev/null
unset TONFALL_RULES_DIR
printf 'Da sind Sie bei mir verkehrt!\n' | (cd / && "$prefix/bin/tonfall" check --format json -) >"$prefix/out.json" || true
grep -q '"rule":"abweisung\.' "$prefix/out.json"
"$prefix/bin/tonfall" rules test >/dev/null
