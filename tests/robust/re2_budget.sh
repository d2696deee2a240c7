#!/usr/bin/env bash
# A rule whose RE2 program exceeds the memory budget: a clear error naming the
# rule and where it is, exit 2 - for a pattern, an exception (unless) and a
# pack whose rules are each fine.
tonfall=$1
. "$(dirname "$0")/lib.sh"
cd "$scratch"
big=$(python3 -c "print('(?:\\\\pL{1000})' * 100)")
cat >pattern.yaml <<YAML
pack: gross
language: de
rules:
  - id: klein.gut
    severity: info
    category: klein
    message: m
    pattern: '\bverkehrt\b'
  - id: riesig.muster
    severity: info
    category: riesig
    message: m
    pattern: '$big'
YAML
cat >unless.yaml <<YAML
pack: gross
language: de
rules:
  - id: riesig.ausnahme
    severity: info
    category: riesig
    message: m
    pattern: '\bverkehrt\b'
    unless: ['$big']
YAML
write_good_file gut.txt
run timeout 600 "$tonfall" check --pack pattern.yaml gut.txt
expect_status 2 "pattern"
expect_stderr_has "pattern.yaml:13:14: rule 'riesig.muster': pattern too large"
run timeout 600 "$tonfall" check --pack unless.yaml gut.txt
expect_status 2 "unless"
expect_stderr_has "unless.yaml:9:14: rule 'riesig.ausnahme': pattern too large"
finish
