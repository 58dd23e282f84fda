#!/usr/bin/env bash
# Writes src/Vigil/HotMethods.order, the order the NativeAOT build links managed methods in (IlcOrderFile), and
# src/Vigil/HotNative.order, the runtime's functions in the order gold links them (--section-ordering-file): the code
# a running daemon executes first, packed together, so the kernel's 64 KiB fault-around maps back little besides them
# after the start-up trim drops the start-up's code (the resident size of an idle or checking daemon).
#   tests/lvs-guest/run.sh profile     # boots the guest; its console lists the pages vigil touched
#   scripts/code-order.sh [CONSOLE_LOG] [VIGIL_DBG]
# The profile must come from the binary whose symbols are given (publish.sh keeps artifacts/vigil.dbg beside it).
# A name the build no longer has is ignored and a new method goes where the default layout puts it, so an old order
# only loses effect as the code changes; run this again after large changes.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
console="${1:-$root/artifacts/lvs-guest/console.log}"
dbg="${2:-$root/artifacts/vigil.dbg}"
out="$root/src/Vigil/HotMethods.order"
native="$root/src/Vigil/HotNative.order"
[ -s "$console" ] && [ -s "$dbg" ] || { echo "code-order: need $console and $dbg" >&2; exit 1; }

# The profile's executable pages, "TAG PAGE" per line (steady state first, then the events' pages).
pages="$(mktemp)"; trap 'rm -f "$pages"' EXIT
# A record's runs may go on over "PAGES+ " lines, cut at a space: joined as they are.
tr -d '\r' <"$console" | sed -n 's/^LVSLOG //p' | awk '
  /^PAGES\+ / { text = text substr($0, 8); next }
  /^PAGES / { emit(); tag = $2; take = ($3 == "r-xp"); text = $0; sub(/^.*pages:/, "", text); next }
  END { emit() }
  function emit(   i, k, n, r, p) {
    if (!take) return
    n = split(text, r, " "); for (i = 1; i <= n; i++) { split(r[i], p, "+"); for (k = 0; k < p[2]; k++) print tag, p[1] + k }
    take = 0
  }
' >"$pages"
[ -s "$pages" ] || { echo "code-order: no PAGES lines of the executable in $console" >&2; exit 1; }

# Every function on a touched page, in the layout order they had, steady state first: the managed methods (section
# __managedcode) by name for ILC, the runtime's native ones (before it; compiled one section per function) by section
# for the linker.
nm -n -S "$dbg" | awk -v pages="$pages" -v managed="$out" -v native="$native" '
  BEGIN { while ((getline line < pages) > 0) { split(line, f, " "); if (!(f[2] in tag)) tag[f[2]] = f[1] } }
  $NF == "__start___managedcode" { inside = 1; next }
  $NF == "__stop___managedcode" { inside = 0; done = 1; next }
  !done && NF == 4 && $3 ~ /^[tT]$/ {
    a = hex($1); z = a + hex($2) - 1; best = ""
    for (p = int(a / 4096); p <= int(z / 4096); p++) if (p in tag) { if (tag[p] == "steady") { best = "steady"; break } best = tag[p] }
    if (best == "") next
    name = inside ? $4 : ".text." $4; file = inside ? managed : native
    if (best == "steady") print name > file; else { n++; later[n] = name; where[n] = file }
  }
  END { for (i = 1; i <= n; i++) print later[i] > where[i] }
  function hex(s,   i, v) { v = 0; s = tolower(s); for (i = 1; i <= length(s); i++) v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1; return v }
'
echo "code-order: $(wc -l <"$out") methods in $out, $(wc -l <"$native") runtime functions in $native ($(awk '$1 == "steady"' "$pages" | wc -l) steady-state pages, $(awk '$1 == "events"' "$pages" | wc -l) after events)"
