#!/usr/bin/env bash
# Installs the Debian packages the tests need when this machine lacks them, and only then:
# Java 17+ for the offline Apex checks (apex-ls and PMD run on the JVM), and Chromium for the
# browser tests (playwright-core drives /usr/bin/chromium; Playwright's own download is not used).
set -euo pipefail

missing=()
if ! command -v java >/dev/null 2>&1; then
  missing+=(openjdk-17-jre-headless)
fi
if [[ ! -x /usr/bin/chromium ]]; then
  missing+=(chromium fonts-liberation) # fonts: Recommends, which --no-install-recommends skips
fi

if ((${#missing[@]} == 0)); then
  exit 0
fi
if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
  echo "Missing system packages: ${missing[*]}. Install them (Debian: sudo apt-get install -y ${missing[*]}) and run again." >&2
  exit 1
fi
echo "Installing ${missing[*]} ..." >&2
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
