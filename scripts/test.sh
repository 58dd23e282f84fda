#!/usr/bin/env bash
# Runs every test project (unit, simulation, property and — as root — network-namespace
# integration tests) and ends with one line: "N passed, N failed, N skipped".
# Extra arguments go to `dotnet test` (e.g. --filter 'FullyQualifiedName~Config').
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
dotnet build Vigil.sln -c Release -nologo -v q 2>&1 | tee -a "$log" | grep -E "error|rror\(s\)" || true
if grep -qE "[1-9][0-9]* Error\(s\)| error " "$log"; then
  echo "build failed"
  echo "0 passed, 1 failed, 0 skipped"
  exit 1
fi
dotnet test Vigil.sln -c Release --no-build -nologo "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
passed=0 failed=0 skipped=0
while IFS= read -r line; do
  f=$(sed -nE 's/.*Failed: *([0-9]+).*/\1/p' <<<"$line")
  p=$(sed -nE 's/.*Passed: *([0-9]+).*/\1/p' <<<"$line")
  s=$(sed -nE 's/.*Skipped: *([0-9]+).*/\1/p' <<<"$line")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${s:-0}))
done < <(grep -E '^(Passed|Failed)! +-' "$log")
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
