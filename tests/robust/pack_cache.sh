#!/usr/bin/env bash
# The pack cache: a second run reads the checked packs from the cache and
# gives the same output; an edited pack, a damaged or unwritable cache and a
# pack with a broken pattern behave as if there were no cache.
tonfall=$1
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
cd "$scratch"
cp "$here/../cli/_pack/test.yaml" pack.yaml
printf 'Da sind Sie bei mir verkehrt! Ärger gibt es keinen.\n' >draft.txt
export TONFALL_CACHE_DIR="$scratch/cache"

run "$tonfall" check --pack pack.yaml --format json draft.txt
expect_status 1 "first run"
first=$out
[ "$(ls cache | wc -l)" = 1 ] || fail "the first run wrote no cache file: $(ls -la cache 2>&1)"
run "$tonfall" check --pack pack.yaml --format json draft.txt
expect_status 1 "from the cache"
[ "$out" = "$first" ] || fail "output from the cache differs: $out"

# An edited pack is a new key, and the edit takes effect.
sed -i 's/\\bärger\\b/\\bkeinen\\b/' pack.yaml
run "$tonfall" check --pack pack.yaml --format json draft.txt
grep -q '"text":"keinen"' <<<"$out" || fail "the edited rule did not take effect: $out"
[ "$(ls cache | wc -l)" = 2 ] || fail "the edited pack got no cache file of its own"

# Old cache files are pruned when a new one is written: the newest eight stay.
for k in 1 2 3 4 5 6 7 8 9 10; do
  printf 'old' >"cache/packs-00000000000000$((k + 10)).bin"
  touch -d "2020-01-$((k + 10))" "cache/packs-00000000000000$((k + 10)).bin"
done
printf '\n' >>pack.yaml
run "$tonfall" check --pack pack.yaml --format json draft.txt
expect_status 1 "after a further edit"
[ "$(ls cache | wc -l)" = 8 ] || fail "the cache was not pruned to eight files: $(ls cache)"
[ -e cache/packs-0000000000000020.bin ] || fail "the newest old cache file was pruned: $(ls cache)"
[ ! -e cache/packs-0000000000000011.bin ] || fail "the oldest cache file was kept: $(ls cache)"

# A damaged cache file is a miss, not an error.
for file in cache/*; do head -c 100 "$file" >"$file.cut" && mv "$file.cut" "$file"; done
run "$tonfall" check --pack pack.yaml --format json draft.txt
expect_status 1 "damaged cache"
grep -q '"text":"keinen"' <<<"$out" || fail "a damaged cache changed the output: $out"

# A flipped bit anywhere in a cache file is a miss too: the file carries a
# checksum, and the run gives the output it gives without a cache.
newest=$(ls -t cache/packs-*.bin | head -1)
size=$(stat -c %s "$newest")
for offset in 40 $((size / 3)) $((size / 2)) $((size - 12)); do
  cp "$newest" flipped.bin
  byte=$(od -An -tu1 -j "$offset" -N1 flipped.bin | tr -d ' ')
  printf "$(printf '\\%03o' $((byte ^ 4)))" | dd of=flipped.bin bs=1 seek="$offset" conv=notrunc status=none
  cmp -s flipped.bin "$newest" && fail "byte $offset was not flipped"
  cp flipped.bin "$newest"
  run "$tonfall" check --pack pack.yaml --format json draft.txt
  expect_status 1 "flipped byte at $offset"
  grep -q '"text":"keinen"' <<<"$out" || fail "a flipped byte at $offset changed the output: $out"
  cmp -s flipped.bin "$newest" && fail "the damaged cache file was kept (byte $offset)"
done

# A cache folder that others can write is not used: the run works, and
# nothing is written there.
mkdir shared && chmod 777 shared
TONFALL_CACHE_DIR="$scratch/shared" run "$tonfall" check --pack pack.yaml --format json draft.txt
expect_status 1 "group- and world-writable cache folder"
[ -z "$(ls shared)" ] || fail "a cache was written into a folder others can write: $(ls -la shared)"

# A FIFO at the cache file's path neither blocks nor breaks the run.
mkdir fifo && export TONFALL_CACHE_DIR="$scratch/fifo"
run "$tonfall" check --pack pack.yaml --format json draft.txt
expect_status 1 "run that writes the cache for the FIFO test"
cached=$(ls fifo/packs-*.bin) && rm "$cached" && mkfifo "$cached"
out=$(timeout 30 "$tonfall" check --pack pack.yaml --format json draft.txt 2>&1)
status=$?
[ "$status" = 1 ] || fail "a FIFO at the cache path: exit $status (124 means it blocked): $out"
export TONFALL_CACHE_DIR="$scratch/cache"

# A temporary file left by a killed writer is removed once it is old; a
# fresh one may belong to a writer that is still running and stays.
printf 'half' >cache/packs-0000000000000001.bin.99.1.tmp
touch -d '2020-01-01' cache/packs-0000000000000001.bin.99.1.tmp
printf 'half' >cache/packs-0000000000000002.bin.99.2.tmp
printf '\n' >>pack.yaml
run "$tonfall" check --pack pack.yaml --format json draft.txt
expect_status 1 "a run that writes a new cache file"
[ ! -e cache/packs-0000000000000001.bin.99.1.tmp ] || fail "a stale temporary file was kept"
[ -e cache/packs-0000000000000002.bin.99.2.tmp ] || fail "a fresh temporary file was removed"

# A relative XDG_CACHE_HOME is ignored (XDG specification): the cache goes
# to $HOME/.cache, never into the folder tonfall runs in.
mkdir home
(unset TONFALL_CACHE_DIR; HOME="$scratch/home" XDG_CACHE_HOME=relative "$tonfall" check --pack pack.yaml draft.txt >/dev/null 2>&1)
[ ! -e relative ] || fail "a relative XDG_CACHE_HOME put the cache into the working folder"
ls home/.cache/tonfall/packs-*.bin >/dev/null 2>&1 || fail "no cache under \$HOME/.cache with a relative XDG_CACHE_HOME"

# A cache that cannot be written is skipped.
TONFALL_CACHE_DIR=/proc/tonfall-cache run "$tonfall" check --pack pack.yaml --format json draft.txt
expect_status 1 "unwritable cache"

# A pattern that does not compile is never cached: the error comes every time.
cat >broken.yaml <<'YAML'
pack: kaputt
language: de
rules:
  - id: kaputt.muster
    severity: info
    category: kaputt
    message: m
    pattern: '(offen'
YAML
for attempt in 1 2; do
  run "$tonfall" check --pack broken.yaml draft.txt
  expect_status 2 "broken pattern, run $attempt"
  expect_stderr_has "broken.yaml:8:14: rule 'kaputt.muster': pattern does not compile"
done
finish
