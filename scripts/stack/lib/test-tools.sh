# shellcheck shell=bash
# Debian packages only `npm test` needs, not the stack nor `npm run dev`: chromium (the live
# page's browser test drives it with puppeteer-core) and promtool (from the prometheus package;
# the alerting rules are unit-tested with `promtool test rules`). Installed if absent.

# command -> Debian package that provides it
declare -A TEST_TOOL_PACKAGES=([chromium]=chromium [promtool]=prometheus)

test_tools_install() {
  local cmd missing=()
  for cmd in "${!TEST_TOOL_PACKAGES[@]}"; do
    command -v "$cmd" >/dev/null 2>&1 || missing+=("${TEST_TOOL_PACKAGES[$cmd]}")
  done
  if ((${#missing[@]} > 0)); then
    apt_install "${missing[@]}"
  fi
  for cmd in "${!TEST_TOOL_PACKAGES[@]}"; do
    command -v "$cmd" >/dev/null 2>&1 || die "test tools: '$cmd' still missing after installing ${TEST_TOOL_PACKAGES[$cmd]}"
  done
  log "test tools: $(chromium --version 2>/dev/null | head -n1), $(promtool --version 2>&1 | head -n1)"
}
