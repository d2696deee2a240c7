#!/usr/bin/env bash
# Runs every libFuzzer target for a bounded time, starting from its committed
# seed corpus (tests/fuzz/<target>/). New corpus entries go to a temporary
# directory, never into the source tree. Fails on the first crash, leak,
# timeout or property violation, and names the reproducer.
#
# Usage: run.sh FUZZ_BUILD_DIR [SECONDS_PER_TARGET] [TARGET...]
set -uo pipefail
build=$1
seconds=${2:-20}
shift $(( $# >= 2 ? 2 : $# ))
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(normalize extract email library rules fix)
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/tonfall-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT
artifacts=${TONFALL_FUZZ_ARTIFACTS:-$build/fuzz-artifacts}
mkdir -p "$artifacts"

# A fixed seed makes a run repeatable: CI explores what a longer run with the
# same seed explored first. TONFALL_FUZZ_SEED=0 lets libFuzzer pick one.
seed=${TONFALL_FUZZ_SEED:-1}

export ASAN_OPTIONS=${ASAN_OPTIONS:-halt_on_error=1:abort_on_error=1:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
failed=0
for target in "${targets[@]}"; do
  binary=$build/fuzz/fuzz_$target
  if [ ! -x "$binary" ]; then
    echo "fuzz: $binary is missing (build the fuzz preset first)" >&2
    failed=1
    continue
  fi
  mkdir -p "$work/$target"
  echo "fuzz: $target for ${seconds}s"
  if ! "$binary" "$work/$target" "$here/$target" -max_total_time="$seconds" -timeout=10 \
      -seed="$seed" \
      -rss_limit_mb=2560 -max_len=65536 -print_final_stats=1 \
      -artifact_prefix="$artifacts/$target-" > "$work/$target.log" 2>&1; then
    tail -n 60 "$work/$target.log" >&2
    echo "fuzz: $target FAILED; reproducer in $artifacts/ (run: $binary FILE)" >&2
    failed=1
  else
    grep -E '^(stat::number_of_executed_units|Done)' "$work/$target.log" | tail -n 2
  fi
done
exit $failed
