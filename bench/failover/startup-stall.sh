#!/usr/bin/env bash
# Deadline lateness around the start-up memory trim (issue 13): a lone Vigil master at advert_int 0.01 (v3 unicast),
# its adverts captured by tshark in the peer namespace from before the start, RUNS times. The trim runs 2 s after the
# start (two of the longest Master_Down_Intervals, at least 2 s) and logs a debug line (-D): the adverts' |interval − 10 ms|
# from 100 ms before that line to 300 ms after it, against all the other adverts 0.5-7 s after the first. On the absolute advert grid a deadline
# served L ms late makes one interval 10 + L and the next 10 − L, so the max |interval − 10| is the worst lateness
# (plus the capture's own jitter). Needs root, ip, tshark. VIGIL= the binary (default artifacts/vigil).
#
#   RUNS=5 bench/failover/startup-stall.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
vigil="${VIGIL:-$root/artifacts/vigil}"
runs="${RUNS:-5}"
P=vgt
work="$(mktemp -d /tmp/vigil-stall-XXXXXX)"
cleanup() {
  set +e
  for ns in $P-a $P-b; do
    for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null; done
    ip netns del "$ns" 2>/dev/null
  done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
[ "$(id -u)" = 0 ] || { echo "run as root (network namespaces)" >&2; exit 1; }
[ -x "$vigil" ] || { echo "no $vigil: run scripts/publish.sh first (or set VIGIL=)" >&2; exit 1; }
cleanup
work="$(mktemp -d /tmp/vigil-stall-XXXXXX)"
ip netns add $P-a; ip netns add $P-b
ip -n $P-a link add $P-an type veth peer name $P-bn netns $P-b
ip -n $P-a addr add 192.0.2.1/24 dev $P-an; ip -n $P-b addr add 192.0.2.2/24 dev $P-bn
ip -n $P-a link set $P-an up; ip -n $P-b link set $P-bn up; ip -n $P-a link set lo up
cat > "$work/a.conf" <<CONF
vrrp_instance VI_1 {
  state MASTER
  interface $P-an
  virtual_router_id 1
  version 3
  priority 100
  advert_int 0.01
  unicast_src_ip 192.0.2.1
  unicast_peer {
    192.0.2.2
  }
  virtual_ipaddress {
    192.0.2.100/24
  }
}
CONF
mkdir -p -m 0700 "$work/run"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg); vigil binary: $vigil"
echo "| run | adverts within −100…+300 ms of the trim's log line: n, max \|interval − 10 ms\| | the other adverts 0.5-7 s after the first: n, p99, max | the trim's log |"
echo "|---|---|---|---|"
for ((r = 1; r <= runs; r++)); do
  ip netns exec $P-b tshark -i $P-bn -n -l -f "ip proto 112" -a duration:8 -T fields -e frame.time_epoch > "$work/cap" 2>/dev/null &
  cap=$!
  sleep 1.5 # tshark is capturing
  ip netns exec $P-a "$vigil" run -D -f "$work/a.conf" --runtime-dir "$work/run" > "$work/vigil.log" 2>&1 &
  daemon=$!
  wait $cap || true
  kill -TERM $daemon 2>/dev/null; wait $daemon 2>/dev/null || true
  ip -n $P-a addr del 192.0.2.100/24 dev $P-an 2>/dev/null || true
  [ -s "$work/cap" ] || { echo "no adverts captured" >&2; cat "$work/vigil.log" >&2; exit 1; }
  # The trim's log line (debug, -D): "2026-12-06T02:22:10.692Z dbug: vigil[130] start-up memory returned …"
  stamp=$(grep -m1 'vigil\[130\]' "$work/vigil.log" | cut -d' ' -f1 || true)
  trim=$( [ -n "$stamp" ] && date -d "$stamp" +%s.%N || echo 0)
  awk -v trim="$trim" 'NR == 1 { t0 = $1 } NR > 1 { d = ($1 - prev) * 1000 - 10; if (d < 0) d = -d; at = $1 - t0
         if (trim > 0 && $1 >= trim - 0.1 && $1 < trim + 0.3) printf "w %.6f %+.0f\n", d, ($1 - trim) * 1000; else if (at >= 0.5 && at < 7) printf "a %.6f\n", d } { prev = $1 }' "$work/cap" > "$work/d"
  row() { grep "^$1 " "$work/d" | cut -d' ' -f2- | sort -n | awk -v full="$2" '{ v[NR] = $1; at[NR] = $2 } END { if (NR == 0) { print "n/a (no trim logged)"; exit }
    if (full) printf "%d, %.3f, %.3f ms", NR, v[int(NR * 0.99) + 1], v[NR]; else printf "%d, %.3f ms (at %s ms)", NR, v[NR], at[NR] }'; }
  echo "| $r | $(row w 0) | $(row a 1) | $(grep -o 'resident.*' "$work/vigil.log" || echo '-') |"
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
