#!/usr/bin/env bash
# What cannot be read is said as it is, with exit 2: a symlink loop named on
# the command line, a .tonfall.yaml that is a folder or a pipe (a pipe must
# not stall the run), YAML nested too deeply in a configuration or a
# library, a YAML library whose aliases explode, and an e-mail whose multipart
# parts nest deeper than tonfall reads.
tonfall=$1
. "$(dirname "$0")/lib.sh"
cd "$scratch"

ln -s loop-b loop-a
ln -s loop-a loop-b
run "$tonfall" check loop-a
expect_status 2 "a symlink loop"
expect_stderr_has "loop-a: cannot open: Too many levels of symbolic links"

mkdir pipe folder
mkfifo pipe/.tonfall.yaml
mkdir folder/.tonfall.yaml
for dir in pipe folder; do
  write_good_file $dir/entwurf.txt
  run timeout 20 "$tonfall" check $dir/entwurf.txt
  [ "$status" != 124 ] || fail "$dir: the run stalled"
  expect_status 2 "a .tonfall.yaml that is a $dir"
  expect_stderr_has "$dir/.tonfall.yaml: not a regular file"
done

mkdir deep
python3 -c "print('enable: ' + '[' * 2000 + ']' * 2000)" >deep/.tonfall.yaml
write_good_file deep/entwurf.txt
run "$tonfall" check deep/entwurf.txt
expect_status 2 "a deep .tonfall.yaml"
expect_stderr_has "deep/.tonfall.yaml:1:"
expect_stderr_has "nested too deeply"

python3 -c "print('antworten: ' + '[' * 2000 + ']' * 2000)" >bibliothek.yaml
run "$tonfall" check bibliothek.yaml
expect_status 2 "a deep YAML library"
expect_stderr_has "bibliothek.yaml:1:"
expect_stderr_has "nested too deeply"

# An alias bomb: nine aliases of nine aliases, nine levels deep (387 million
# values from 300 bytes) used to take gigabytes.
python3 - <<'PY'
lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
lines += [f"a{i}: &a{i} [{','.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 9)]
open("bombe.yaml", "w").write("\n".join(lines) + "\n")
PY
write_good_file gut.txt
run timeout 60 "$tonfall" check bombe.yaml gut.txt
expect_status 2 "a YAML alias bomb"
expect_stderr_has "bombe.yaml: invalid YAML: its aliases expand to far more than the file holds"
expect_stdout_has "gut.txt:1:1:"
# An alias inside its own anchor, and one long string repeated by aliases.
printf 'a: &a [*a]\n' >selbst.yaml
python3 -c 'print("s: &s \"" + "x" * 100000 + "\"\nl: [" + ",".join(["*s"] * 66000) + "]")' >lang.yaml
for library in selbst lang; do
  run timeout 60 "$tonfall" check $library.yaml gut.txt
  [ "$status" -lt 124 ] || fail "$library.yaml: status $status (killed or stalled)"
  expect_status 2 "$library.yaml"
  expect_stderr_has "$library.yaml: invalid YAML: its aliases expand to far more than the file holds"
done

python3 - <<'PY'
def nest(depth):
    if depth == 20:
        return "Content-Type: text/plain; charset=utf-8\n\nDa sind Sie bei mir verkehrt.\n"
    boundary = f"grenze{depth}"
    return (f"Content-Type: multipart/mixed; boundary={boundary}\n\n--{boundary}\n"
            + nest(depth + 1) + f"\n--{boundary}--\n")
open("tief.eml", "w").write("From: a@example.org\nSubject: Test\nMIME-Version: 1.0\n" + nest(0))
PY
run "$tonfall" check tief.eml
expect_status 2 "an e-mail nested 20 levels deep"
expect_stderr_has "tief.eml: multipart parts nested more than 16 levels deep"
finish
