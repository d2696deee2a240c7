#!/usr/bin/env bash
# The command line speaks German when the locale asks for it, English
# otherwise: every command's help, usage errors and the common input errors.
# Usage: language.sh TONFALL
set -u
tonfall=$1
failed=0
fail() { echo "FAIL: $*"; failed=1; }
english_words='\b(the|of|to|and|or|with|for|is|are|by|this|these|each|when|not|from|as)\b'

for command in "" check fix explain rules "rules list" "rules test" "rules export" eval config mcp; do
  # shellcheck disable=SC2086
  english=$(env -u LANGUAGE LC_ALL=C.UTF-8 "$tonfall" $command --help 2>&1)
  # shellcheck disable=SC2086
  german=$(env -u LANGUAGE LC_ALL=de_DE.UTF-8 "$tonfall" $command --help 2>&1)
  # The check can fail: the English help is full of English sentences.
  [ "$(grep -cE "$english_words.*$english_words" <<<"$english")" -gt 0 ] || fail "tonfall $command --help: no English found in the English help"
  left=$(grep -E "$english_words.*$english_words" <<<"$german")
  [ -z "$left" ] || fail "tonfall $command --help in German still has English:"$'\n'"$left"
  grep -q "^Aufruf: " <<<"$german" || fail "tonfall $command --help in German: no 'Aufruf:' line"
done

say() { env -u LC_ALL -u LC_MESSAGES -u LANG -u LANGUAGE "$@" "$tonfall" check /no/such/draft.txt 2>&1 >/dev/null; }
[[ $(say LC_ALL=de_DE.UTF-8) == *"Datei oder Ordner nicht gefunden"* ]] || fail "missing file: no German error"
[[ $(say LANG=de_AT.UTF-8) == *"nicht gefunden"* ]] || fail "LANG=de_AT: no German error"
[[ $(say LC_ALL=C.UTF-8) == *"no such file or directory"* ]] || fail "LC_ALL=C: not English"
[[ $(say LC_ALL=en_US.UTF-8 LANG=de_DE.UTF-8) == *"no such file or directory"* ]] || fail "LC_ALL=en_US must win over LANG"
[[ $(say LC_ALL=C LANGUAGE=de) == *"no such file or directory"* ]] || fail "the C locale must ignore LANGUAGE"
[[ $(say LANG=en_US.UTF-8 LANGUAGE=fr:de) == *"nicht gefunden"* ]] || fail "LANGUAGE=fr:de: German is the first language tonfall speaks"
[[ $(say LANG=de_DE.UTF-8 LANGUAGE=en:de) == *"no such file or directory"* ]] || fail "LANGUAGE=en:de: English comes first"
[[ $(env LC_ALL=de_DE.UTF-8 "$tonfall" chekc 2>&1) == *"unbekannter Befehl 'chekc'; meinten Sie 'check'?"* ]] ||
  fail "typo: no German suggestion"
[[ $(env LC_ALL=de_DE.UTF-8 "$tonfall" check --format xml x 2>&1) == *"Mehr dazu mit --help."* ]] ||
  fail "usage error: no German hint"
# The command-line parser's own errors, in each of their shapes.
usage() { env LC_ALL=de_DE.UTF-8 "$tonfall" "$@" </dev/null 2>&1 | head -n 1; }
[ "$(usage check --format xml x)" = "tonfall: --format: „xml“ ist keiner der Werte {text,json,sarif,github,junit,checkstyle}" ] ||
  fail "a value not allowed: $(usage check --format xml x)"
[ "$(usage check --jobs 0 x)" = "tonfall: --jobs: „0“ liegt nicht zwischen 1 und 1024" ] || fail "out of range: $(usage check --jobs 0 x)"
[ "$(usage fix --only)" = "tonfall: --only: ein Wert fehlt (ID|CATEGORY)" ] || fail "a missing value: $(usage fix --only)"
[ "$(usage explain)" = "tonfall: rule fehlt" ] || fail "a missing argument: $(usage explain)"
[ "$(usage check --nope x)" = "tonfall: Dieses Argument war nicht erwartet: --nope" ] || fail "an unknown option: $(usage check --nope x)"
[ "$(usage check --format 'a: b' x)" = "tonfall: --format: „a: b“ ist keiner der Werte {text,json,sarif,github,junit,checkstyle}" ] ||
  fail "a value with a colon: $(usage check --format 'a: b' x)"
# Library messages that quote a name or a number.
work=$(mktemp -d)
printf 'Hallo\n' >"$work/a.txt"
printf '\377\n' >"$work/b.txt"
printf 'disable: [gibt.es.nicht]\n' >"$work/.tonfall.yaml"
[[ $(cd "$work" && env LC_ALL=de_DE.UTF-8 "$tonfall" check a.txt 2>&1) == *"keine Regel und keine Kategorie heißt „gibt.es.nicht“"* ]] ||
  fail "an unknown rule in the configuration: no German"
printf 'severity: {floskel: info, floskel: warning}\n' >"$work/.tonfall.yaml"
[[ $(cd "$work" && env LC_ALL=de_DE.UTF-8 "$tonfall" check a.txt 2>&1) == *"Schlüssel „floskel“ doppelt in „severity“"* ]] ||
  fail "a duplicate key: no German"
rm "$work/.tonfall.yaml"
[[ $(cd "$work" && env LC_ALL=de_DE.UTF-8 "$tonfall" check b.txt 2>&1) == *"b.txt: ungültiges UTF-8 bei Byte 0"* ]] ||
  fail "invalid UTF-8: no German"
rm -r "$work"

[ "$failed" = 0 ] && echo "help of 11 commands and 18 messages follow the locale"
exit "$failed"
