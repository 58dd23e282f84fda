#!/usr/bin/env bash
# Builds the shipped form: one self-contained NativeAOT executable at artifacts/vigil.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
dotnet publish "$root/src/Vigil/Vigil.csproj" -c Release -r linux-x64 -nologo -v q -o "$tmp"
mkdir -p "$root/artifacts"
install -m 0755 "$tmp/vigil" "$root/artifacts/vigil"
# Its symbols, beside it (not shipped): for stack traces, and for scripts/code-order.sh to name the pages a profile saw.
[ ! -f "$tmp/vigil.dbg" ] || install -m 0644 "$tmp/vigil.dbg" "$root/artifacts/vigil.dbg"
# How much of the hot code order (scripts/code-order.sh) this build still has: names renamed since are linked unordered.
order="$root/src/Vigil/HotMethods.order"
if [ -f "$root/artifacts/vigil.dbg" ] && [ -f "$order" ] && command -v nm >/dev/null; then
  echo "hot code order: $(nm --defined-only "$root/artifacts/vigil.dbg" | awk 'NR == FNR { want[$0]; n++; next } ($3 in want) { delete want[$3]; m++ } END { printf "%d of %d", m, n }' "$order" -) listed methods are in this build"
fi
echo "built $root/artifacts/vigil ($(du -h "$root/artifacts/vigil" | cut -f1))"
