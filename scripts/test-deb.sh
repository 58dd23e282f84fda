#!/usr/bin/env bash
# CI check of the Debian package: builds it (scripts/package-deb.sh), installs it with `dpkg -i` on
# this host, checks the binary, unit, man page, conffile and file list, then removes and purges it.
# The real install (not `dpkg --root DIR`) is deliberate: only a real install runs the maintainer
# scripts as on a Debian 12 host (dpkg --root chroots into DIR for them, which has no /bin/sh).
# It refuses to run where a vigil package is already installed, and always purges what it installed.
# Ends with "deb: N passed, N failed".
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if dpkg -s vigil >/dev/null 2>&1; then
  echo "test-deb: a vigil package is already installed on this host; not touching it"
  exit 1
fi
"$root/scripts/package-deb.sh" "$@" || { echo "deb: 0 passed, 1 failed (package build)"; exit 1; }
deb="$(ls -t "$root"/artifacts/vigil_*.deb | head -n 1)"
trap 'dpkg --purge vigil >/dev/null 2>&1 || true' EXIT

passed=0 failed=0
check() { # check DESCRIPTION COMMAND...
  local what="$1"; shift
  if output="$("$@" 2>&1)"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAILED: $what"; echo "$output" | head -n 20; fi
}
quiet() { # succeeds when the command succeeds and prints nothing (systemd-analyze/man warnings)
  local output
  output="$("$@" 2>&1)" && [ -z "$output" ] || { echo "$output"; return 1; }
}

# lintian: clean, no error and no warning (the one deliberate choice, the non-PIE link, is overridden with its reason
# in the package: packaging/debian/lintian-overrides).
if command -v lintian >/dev/null 2>&1; then
  check "lintian reports no errors or warnings" sh -c 'out="$(lintian --allow-root --tag-display-limit 0 "$1" 2>&1)"; echo "$out"; ! echo "$out" | grep -q "^[EW]: "' _ "$deb"
fi
check "dpkg -i $deb" dpkg -i "$deb"
check "vigil --version runs (self-contained, no dotnet)" sh -c '/usr/sbin/vigil --version | grep -Eq "^vigil [0-9]+\.[0-9]+\.[0-9]+"'
check "dpkg -L lists binary, unit, man page, copyright, changelog, /etc/vigil" sh -c 'for f in /usr/sbin/vigil /lib/systemd/system/vigil.service /usr/share/man/man8/vigil.8.gz /usr/share/doc/vigil/copyright /usr/share/doc/vigil/changelog.gz /etc/vigil /etc/default/vigil; do dpkg -L vigil | grep -qx "$f" || { echo "missing $f"; exit 1; }; done'
check "copyright names the Apache-2.0 licence" grep -qx "License: Apache-2.0" /usr/share/doc/vigil/copyright
check "unit is Type=notify with ExecReload=kill -HUP" sh -c 'grep -qx "Type=notify" /lib/systemd/system/vigil.service && grep -qx "ExecReload=/bin/kill -HUP \$MAINPID" /lib/systemd/system/vigil.service'
check "/etc/default/vigil is a conffile" sh -c 'dpkg-query -W -f="\${Conffiles}" vigil | grep -q "/etc/default/vigil"'
if command -v systemd-analyze >/dev/null 2>&1; then
  check "systemd-analyze verify of the installed unit" quiet systemd-analyze verify --man=no /lib/systemd/system/vigil.service
fi
if command -v man >/dev/null 2>&1; then
  check "man page renders without warnings, lists the commands and every signal" sh -c 'out="$(MANWIDTH=80 man --warnings -l /usr/share/man/man8/vigil.8.gz 2>&1)" && ! echo "$out" | grep -q "warning" && echo "$out" | grep -q "vigil run" && for s in SIGTERM SIGINT SIGHUP SIGUSR1 SIGUSR2 "SIGRTMIN+2 (36"; do echo "$out" | grep -qF "$s" || { echo "SIGNALS lacks $s"; exit 1; }; done'
fi
check "postinst started nothing without a config" sh -c '! pgrep -f "^/usr/sbin/vigil "'
check "postinst enabled the unit (deb-systemd-helper)" test -L /etc/systemd/system/multi-user.target.wants/vigil.service
check "dpkg -r removes the binary, keeps the conffile" sh -c 'dpkg -r vigil >/dev/null && [ ! -e /usr/sbin/vigil ] && [ -f /etc/default/vigil ]'
check "dpkg --purge removes the conffile, /etc/vigil, the unit's enablement and mask" sh -c 'dpkg --purge vigil >/dev/null && [ ! -e /etc/default/vigil ] && [ ! -e /etc/vigil ] && [ ! -L /etc/systemd/system/multi-user.target.wants/vigil.service ] && [ ! -L /etc/systemd/system/vigil.service ]'
echo "deb: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
