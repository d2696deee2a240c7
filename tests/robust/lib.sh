# Shared by the tests/robust/ scripts: a scratch directory, and checks that
# name what went wrong. Source it after setting `tonfall`.
set -u
scratch=$(mktemp -d "${TMPDIR:-/tmp}/tonfall-robust.XXXXXX")
chmod 755 "$scratch"
trap 'chmod -R u+rwx "$scratch" 2>/dev/null; rm -rf "$scratch"' EXIT
failures=0

fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

# run CMD...: runs it, keeping exit status in $status, output in $out and $err.
run() {
  "$@" >"$scratch/.out" 2>"$scratch/.err" </dev/null
  status=$?
  out=$(cat "$scratch/.out")
  err=$(cat "$scratch/.err")
}

expect_status() {
  [ "$status" = "$1" ] || fail "exit status $status, expected $1${2:+ ($2)}; stderr: $(head -c 2000 <<<"$err")"
}

expect_stderr_has() {
  grep -qF -- "$1" <<<"$err" || fail "standard error lacks '$1'; it was: $(head -c 2000 <<<"$err")"
}

expect_stdout_has() {
  grep -qF -- "$1" <<<"$out" || fail "standard output lacks '$1'; it was: $(head -c 2000 <<<"$out")"
}

# A file with one finding of the bundled packs: it must still be checked
# whatever else is wrong.
write_good_file() {
  printf 'Da sind Sie bei mir verkehrt.\n' >"$1"
}

finish() {
  if [ "$failures" -ne 0 ]; then
    echo "$failures check(s) failed" >&2
    exit 1
  fi
  echo "ok"
  exit 0
}
