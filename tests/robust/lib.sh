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

# as_nobody WHY: sets the array `as_user` to the command prefix that runs a
# command as the user nobody when the test runs as root (root ignores
# permissions and process limits), or leaves it empty. Skips the test (exit
# 77) when that is not possible; WHY says what root would get wrong.
as_nobody() {
  as_user=()
  [ "$(id -u)" = 0 ] || return 0
  if ! command -v setpriv >/dev/null; then
    echo "SKIP: running as root and setpriv is missing: $1"
    exit 77
  fi
  as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
  # nobody must reach the binary.
  if ! "${as_user[@]}" test -x "$tonfall"; then
    echo "SKIP: running as root, and the user nobody cannot run $tonfall"
    exit 77
  fi
}

finish() {
  if [ "$failures" -ne 0 ]; then
    echo "$failures check(s) failed" >&2
    exit 1
  fi
  echo "ok"
  exit 0
}
