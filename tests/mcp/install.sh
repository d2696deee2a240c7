#!/usr/bin/env bash
# Installs the MCP clients the tests drive (tests/mcp/package-lock.json: the
# Inspector CLI 1.x, the Inspector 2.x and the Node.js 22 it needs) into the
# git-ignored tests/mcp/node_modules, with the machine's npm. Does nothing
# when that install matches the lock file.
set -euo pipefail
cd "$(dirname "$0")"
stamp=node_modules/.tonfall-lock
if [ -f "$stamp" ] && cmp -s package-lock.json "$stamp"; then exit 0; fi
command -v npm >/dev/null || { echo "npm is missing: install Node.js 20 and npm" >&2; exit 1; }
npm ci --no-audit --no-fund --loglevel=error
cp package-lock.json "$stamp"
