#!/usr/bin/env bash
# Quick-start command 1: install everything and translate corpus/ into out/.
# Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

# The offline translator (Apertium, French→Spanish→English) and the tools the
# test suite drives: Chromium for browser tests, xmllint for XLIFF/TMX schema
# checks, translate-toolkit for loading exports the way CAT tools do, OmegaT
# (it pulls Java and Groovy) for the OmegaT project round trip in console mode,
# PostgreSQL for the job queue (`batch --queue`, `worker`), whose tests start
# a throwaway cluster of their own (no server is configured or started here).
# A compiler and Python for better-sqlite3, the embedded store of record: npm
# builds it from source when no prebuilt binary can be downloaded.
apt_packages=(apertium apertium-fr-es apertium-eng-spa transfuse gawk chromium libxml2-utils python3-translate omegat postgresql build-essential python3)

node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  echo "setup: diptych needs Node.js 20 or newer (found $(node --version))." >&2
  exit 1
fi

missing=()
for package in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

echo "setup: installing npm packages"
npm ci --no-audit --no-fund --loglevel=error

echo "setup: building"
npm run build --silent

echo "setup: translating corpus/ into out/"
node dist/bundle/cli/main.js batch corpus --out out
