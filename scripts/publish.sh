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
echo "built $root/artifacts/vigil ($(du -h "$root/artifacts/vigil" | cut -f1))"
