#!/usr/bin/env bash
# Installs the clients the serve tests drive (tests/serve/package-lock.json:
# language-grammar-api, annotatedtext-remark, puppeteer-core) into the
# git-ignored tests/serve/node_modules, with the machine's npm. Does nothing
# when that install matches the lock file. The page test's browser is
# Debian's Chromium, installed here when missing (not by .ci/install-deps:
# only this test needs it).
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v chromium >/dev/null; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  echo "Installing: chromium" >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
stamp=node_modules/.tonfall-lock
if [ -f "$stamp" ] && cmp -s package-lock.json "$stamp"; then exit 0; fi
command -v npm >/dev/null || { echo "npm is missing: install Node.js 20 and npm" >&2; exit 1; }
npm ci --no-audit --no-fund --loglevel=error
cp package-lock.json "$stamp"
