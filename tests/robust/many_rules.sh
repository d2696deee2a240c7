#!/usr/bin/env bash
# A pack of 5,000 generated rules loads, compiles and checks a draft. The
# time is printed, not asserted tightly (a busy machine must not fail the
# test): the bound is a generous 30 s.
tonfall=$1
. "$(dirname "$0")/lib.sh"
cd "$scratch"
python3 - <<'PY'
import random
random.seed(6)
words = ["Antrag", "Rechnung", "Vertrag", "Kündigung", "Lieferung", "Frist", "Gebühr",
         "Abteilung", "Formular", "Zahlung", "Erstattung", "Störung", "Termin"]
verbs = ["prüfen", "bearbeiten", "ablehnen", "verschieben", "klären", "senden"]
with open("viele.yaml", "w") as out:
    out.write("pack: viele\nlanguage: de\nrules:\n")
    for i in range(5000):
        w, v = random.choice(words), random.choice(verbs)
        out.write(f"  - id: gen.regel-{i:04d}\n    severity: info\n    category: gen\n"
                  f"    message: Regel {i}\n"
                  f"    pattern: '\\bwir (?:können|werden) (?:den|die|das) {w}{i} nicht {v}\\b'\n"
                  f"    suggest: ['wir {v} {w}{i} gern']\n")
PY
printf 'Wir können die Rechnung4711 nicht prüfen.\nWir werden den Antrag17 nicht klären.\n' >brief.txt
start=$(date +%s%N)
run "$tonfall" rules list --pack viele.yaml
load_ms=$(( ($(date +%s%N) - start) / 1000000 ))
expect_status 0 "rules list"
[ "$(grep -c 'gen.regel-' <<<"$out")" = 5000 ] || fail "rules list does not show 5000 rules"
start=$(date +%s%N)
run "$tonfall" check --pack viele.yaml --format json brief.txt
check_ms=$(( ($(date +%s%N) - start) / 1000000 ))
echo "many_rules: 5000 rules: load+list ${load_ms} ms, load+compile+check ${check_ms} ms"
[ "$status" = 0 ] || [ "$status" = 1 ] || fail "check: exit status $status; stderr: $err"
[ "$check_ms" -lt 30000 ] || fail "loading 5000 rules took ${check_ms} ms (bound: 30 s)"
finish
