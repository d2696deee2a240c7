#!/usr/bin/env bash
# A rule pack nested 10,000 levels deep (flow sequences, block sequences,
# flow mappings): a clear error naming the pack, exit 2, never a stack
# overflow.
tonfall=$1
. "$(dirname "$0")/lib.sh"
cd "$scratch"
python3 - <<'PY'
depth = 10000
head = "pack: tief\nlanguage: de\nrules:\n"
rule = "  - id: a.b\n    severity: info\n    category: a\n    message: m\n"
open("flow.yaml", "w").write(head + rule + "    pattern: " + "[" * depth + "x" + "]" * depth + "\n")
open("block.yaml", "w").write(head + "".join("  " * i + "-\n" for i in range(1, depth)))
open("map.yaml", "w").write(head + rule + "    pattern: " + "{a: " * depth + "x" + "}" * depth + "\n")
PY
write_good_file gut.txt
for pack in flow block map; do
  run "$tonfall" check --pack $pack.yaml gut.txt
  [ "$status" -lt 128 ] || fail "$pack.yaml: killed by signal $((status - 128))"
  expect_status 2 "$pack.yaml"
  expect_stderr_has "$pack.yaml:"
  expect_stderr_has "nested too deeply"
done
finish
