#!/usr/bin/env bash
# Scripted end-to-end measurements of issue 4 (CI runs only --smoke; needs root, iproute2, curl, nginx, tshark, keepalived).
#
#   bench/failover/run.sh                # everything: failover, jitter, idle memory/CPU
#   REPS=5 JITTER_SECONDS=10 IDLE_SECONDS=10 bench/failover/run.sh   # a quick pass
#   ONLY=failover|jitter|idle bench/failover/run.sh
#   bench/failover/run.sh --smoke        # CI: one repetition of v3 0.1 failover, 3 s of jitter, 100 instances
#                                        # idle 2 s after 1 s (before the start-up trim: RSS not comparable); ~45 s
#
# Exits non-zero when a measurement could not be taken (a master that never takes the VIP, a kill with no takeover
# seen, no adverts captured, a daemon that died or holds fewer VIPs than instances while idle): a broken bench fails.
#
# Topology (created here, deleted by the EXIT trap, leftovers of a crashed run removed at start): namespace
# vgb-sw holds bridge vgb-br; LB namespaces vgb-a (192.0.2.1) and vgb-b (192.0.2.2) each run nginx on :8080
# answering "a"/"b"; the client namespace vgb-c (192.0.2.50) asks http://192.0.2.100:8080/ (the VIP).
#
# 1. Hard-kill failover, REPS times per row, for a Vigil pair and a keepalived pair: the MASTER (a, priority 100)
#    is SIGKILLed (keepalived: its VRRP child and parent together); measured are kill → VIP present on b (from
#    `ip -ts monitor address` in b) and kill → first HTTP answer from b at the client (a curl loop that starts
#    before the kill). Rows: VRRPv2 unicast PASS advert_int 1, VRRPv3 unicast 0.1 and 0.01.
# 2. Advert interval jitter at 0.01 s: a lone master's adverts captured by tshark in b for JITTER_SECONDS;
#    |interval − 10 ms| p50/p99/max.
# 3. Idle resident memory and CPU with IDLE_COUNTS instances (default 1 and 100; 1000 works: 250 per extra veth), v3
#    multicast advert_int 1, all master: start → every VIP held (the stamp of the last VIP added in
#    `ip -ts monitor address`, and the 50 ms poll's figure), then after IDLE_SETTLE s, over IDLE_SECONDS: resident size
#    summed over the daemon's processes (keepalived: parent + VRRP child), CPU from utime+stime. The size is
#    smaps_rollup's Rss, which is exact; status's VmRSS (used until 2026-12-07) is a batched count that can read low for
#    a many-threaded process.
#
# The Vigil binary is artifacts/vigil (NativeAOT, scripts/publish.sh) unless VIGIL=... says otherwise.
set -euo pipefail
smoke=0
# `ip -ts monitor` stamps an event when it reads it: at SCHED_RR 50, above the daemons' (Vigil's loop runs at SCHED_RR
# 10 by default, keepalived's at vrrp_rt_priority when set), it reads each VIP's event as it comes instead of in a
# backlog after a daemon's takeover burst has held a core for tens of milliseconds. Plain priority if refused.
monitor_rt=""
chrt -r 50 true 2>/dev/null && monitor_rt="chrt -r 50"
[ "${1:-}" = --smoke ] && smoke=1
if [ $smoke = 1 ]; then
  : "${REPS:=1}" "${JITTER_SECONDS:=3}" "${IDLE_SECONDS:=2}" "${IDLE_SETTLE:=1}" "${IDLE_COUNTS:=100}" "${FAILOVER_ROWS:=3 0.1}" "${START_WAIT:=20}"
fi
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
vigil="${VIGIL:-$root/artifacts/vigil}"
keepalived=/usr/sbin/keepalived
reps="${REPS:-20}"
jitter_seconds="${JITTER_SECONDS:-60}"
idle_seconds="${IDLE_SECONDS:-30}"
idle_settle="${IDLE_SETTLE:-8}"  # after every instance is master: start-up work (and Vigil's trim, 8 s after the start) is done
idle_counts="${IDLE_COUNTS:-1 100}"
failover_rows="${FAILOVER_ROWS:-2 1,3 0.1,3 0.01}"
start_wait="${START_WAIT:-60}" # seconds a starting master may take to hold the VIP
failures=0
only="${ONLY:-all}"
vip=192.0.2.100
P=vgb
work="$(mktemp -d /tmp/vigil-bench-XXXXXX)"
pids=()

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
fail() { failures=$((failures + 1)); log "FAILED: $*"; }

cleanup() {
  set +e
  for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null; done
  for f in "$work"/*.pid; do [ -f "$f" ] && kill -KILL "$(cat "$f")" 2>/dev/null; done
  # Every process still in our namespaces (nginx workers outlive a killed master) goes before the namespace.
  for ns in $(ip netns list | awk '{print $1}' | grep "^$P-"); do
    for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null; done
    ip netns del "$ns"
  done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM # exit runs the EXIT trap: cleanup once, and the run really stops

[ "$(id -u)" = 0 ] || { echo "run as root (network namespaces)" >&2; exit 1; }
[ -x "$vigil" ] || { echo "no $vigil: run scripts/publish.sh first (or set VIGIL=)" >&2; exit 1; }
for tool in ip curl nginx tshark "$keepalived"; do command -v "$tool" >/dev/null || { echo "missing $tool" >&2; exit 1; }; done

now() { date +%s.%N; }
ms_between() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b - a) * 1000 }'; }

# ---------------------------------------------------------------- topology
setup_lab() {
  cleanup
  work="$(mktemp -d /tmp/vigil-bench-XXXXXX)"
  ip netns add $P-sw
  ip -n $P-sw link add $P-br type bridge mcast_snooping 0
  ip -n $P-sw link set $P-br up
  local n addr
  for n in a b c; do
    case $n in a) addr=192.0.2.1 ;; b) addr=192.0.2.2 ;; c) addr=192.0.2.50 ;; esac
    ip netns add $P-$n
    ip -n $P-sw link add $P-${n}s type veth peer name $P-${n}n netns $P-$n
    ip -n $P-sw link set $P-${n}s master $P-br up
    ip -n $P-$n link set lo up
    ip -n $P-$n addr add $addr/24 dev $P-${n}n
    ip -n $P-$n link set $P-${n}n up
  done
  for n in a b; do start_nginx $n; done
  sleep 2 # bridge ports forwarding
}

start_nginx() {
  local n=$1 dir="$work/www-$1"
  mkdir -p "$dir/html"
  chmod 755 "$work" "$dir" "$dir/html" # nginx's workers run as www-data
  printf '%s' "$n" > "$dir/html/index.html"
  cat > "$dir/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx-$n.pid;
error_log $dir/error.log;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path $dir; proxy_temp_path $dir; fastcgi_temp_path $dir; uwsgi_temp_path $dir; scgi_temp_path $dir;
  server { listen 8080; root $dir/html; }
}
CONF
  ip netns exec $P-$n nginx -c "$dir/nginx.conf"
}

# ---------------------------------------------------------------- configs
# conf NODE STATE PRIORITY VERSION INTERVAL MODE(unicast|multicast) INSTANCES
conf() {
  local node=$1 state=$2 prio=$3 version=$4 interval=$5 mode=$6 count=$7 self peer i
  if [ "$node" = a ]; then self=192.0.2.1 peer=192.0.2.2; else self=192.0.2.2 peer=192.0.2.1; fi
  printf 'global_defs {\n  router_id %s\n}\n' "$P-$node"
  local ifname vrid addr
  for ((i = 1; i <= count; i++)); do
    # More than 255 instances: 250 per interface (VRIDs are per interface), on the extra veths of many_ifaces.
    if [ "$count" -gt 255 ]; then ifname=$P-x$(((i - 1) / 250)) vrid=$(((i - 1) % 250 + 1)); addr=198.51.100.$vrid
    else ifname=$P-${node}n vrid=$i addr=198.51.100.$i; fi
    printf 'vrrp_instance VI_%d {\n  state %s\n  interface %s\n  virtual_router_id %d\n  version %s\n  priority %s\n  advert_int %s\n' \
      "$i" "$state" "$ifname" "$vrid" "$version" "$prio" "$interval"
    if [ "$mode" = unicast ]; then printf '  unicast_src_ip %s\n  unicast_peer {\n    %s\n  }\n' "$self" "$peer"; fi
    if [ "$version" = 2 ]; then printf '  authentication {\n    auth_type PASS\n    auth_pass vigil01\n  }\n'; fi
    if [ "$count" = 1 ]; then printf '  virtual_ipaddress {\n    %s/24 dev %s\n  }\n}\n' "$vip" "$ifname"
    else printf '  virtual_ipaddress {\n    %s/32 dev %s\n  }\n}\n' "$addr" "$ifname"; fi
  done
}

# many_ifaces COUNT: in a, one veth pair per 250 instances ($P-xJ with 203.0.113.J+1, its peer $P-yJ), fresh
many_ifaces() {
  local j
  for ((j = 0; j <= ($1 - 1) / 250; j++)); do
    ip -n $P-a link del $P-x$j 2>/dev/null || true
    ip -n $P-a link add $P-x$j type veth peer name $P-y$j
    ip -n $P-a addr add 203.0.113.$((j + 1))/24 dev $P-x$j
    ip -n $P-a link set $P-y$j up; ip -n $P-a link set $P-x$j up
  done
}
vips_held() { ip -n $P-a -o addr show | grep -cE " ($vip/24|198\.51\.100\.[0-9]+/32) " || true; }

# start IMPL NODE CONF → records the pid in $work/IMPL-NODE.pid (keepalived: the parent; its VRRP child in -vrrp.pid)
start() {
  local impl=$1 node=$2 config=$3
  if [ "$impl" = vigil ]; then
    # Each node its own runtime dir: both share this host's /run, and a second daemon refuses a control socket in use.
    mkdir -p -m 0700 "$work/run-$node"
    ip netns exec $P-$node "$vigil" run ${VIGIL_ARGS:-} -f "$config" --runtime-dir "$work/run-$node" >> "$work/$impl-$node.log" 2>&1 &
    echo $! > "$work/$impl-$node.pid"
  else
    rm -f "$work/$impl-$node-vrrp.pid"
    ip netns exec $P-$node "$keepalived" --vrrp -n -l -G -f "$config" -p "$work/$impl-$node-parent.pid" \
      -r "$work/$impl-$node-vrrp.pid" >> "$work/$impl-$node.log" 2>&1 &
    echo $! > "$work/$impl-$node.pid"
  fi
}

# daemon_pids IMPL NODE: every process of that daemon
daemon_pids() {
  local impl=$1 node=$2
  cat "$work/$impl-$node.pid"
  if [ "$impl" = keepalived ]; then
    local i=0; while [ $i -lt 100 ] && [ ! -s "$work/$impl-$node-vrrp.pid" ]; do sleep 0.02; i=$((i + 1)); done
    cat "$work/$impl-$node-vrrp.pid" 2>/dev/null || true
  fi
}

kill_hard() { kill -KILL $(daemon_pids "$1" "$2" | tac) 2>/dev/null || true; wait "$(cat "$work/$1-$2.pid")" 2>/dev/null || true; }
stop() {
  local pid; pid=$(cat "$work/$1-$2.pid" 2>/dev/null) || return 0
  kill -TERM "$pid" 2>/dev/null || true
  local i=0; while [ $i -lt 100 ] && [ -d /proc/$pid ]; do sleep 0.05; i=$((i + 1)); done
  kill_hard "$1" "$2"
}

holds() { ip -n $P-$1 -o addr show dev $P-$1n | grep -q " $vip/"; }
wait_until() { # wait_until SECONDS CMD...
  local limit=$1; shift
  local deadline=$((SECONDS + limit))
  until "$@"; do [ $SECONDS -lt $deadline ] || return 1; sleep 0.02; done
}
a_only() { holds a && ! holds b; }
client_gets() { [ "$(ip netns exec $P-c curl -s --max-time 1 http://$vip:8080/)" = "$1" ]; }

stats() { # numbers on stdin → "min / median / max"
  sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) { print "n/a"; exit } m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.0f / %.0f / %.0f ms (n=%d)", v[1], m, v[NR], NR }'
}

# ---------------------------------------------------------------- 1. failover
failover_row() { # IMPL VERSION INTERVAL
  local impl=$1 version=$2 interval=$3 rep
  local ca="$work/$impl-a.conf" cb="$work/$impl-b.conf" vipf="$work/vip-$impl-$version-$interval" httpf="$work/http-$impl-$version-$interval"
  conf a MASTER 100 "$version" "$interval" unicast 1 > "$ca"
  conf b BACKUP 90 "$version" "$interval" unicast 1 > "$cb"
  : > "$vipf"; : > "$httpf"
  start "$impl" b "$cb"
  for ((rep = 1; rep <= reps; rep++)); do
    start "$impl" a "$ca"
    wait_until "$start_wait" a_only || { fail "$impl v$version $interval: master did not take the VIP"; tail -5 "$work/$impl-a.log" >&2; break; }
    sleep "$(awk -v i="$interval" 'BEGIN { print 3 * i + 0.5 }')" # the backup has seen adverts again
    wait_until 10 client_gets a || { fail "$impl v$version $interval: client does not reach a"; ip netns exec $P-c curl -sv --max-time 1 http://$vip:8080/ >&2; ip -n $P-a addr >&2; ip -n $P-c neigh >&2; break; }
    $monitor_rt ip -ts -n $P-b monitor address > "$work/monitor" 2>&1 &
    local monitor=$!
    ip netns exec $P-c bash -c "end=\$((SECONDS + 30)); while [ \$SECONDS -lt \$end ]; do
        [ \"\$(curl -s --max-time 0.2 http://$vip:8080/)\" = b ] && { date +%s.%N; exit 0; }; done" > "$work/probe" &
    local probe=$!
    sleep 0.3
    local victims; victims=$(daemon_pids "$impl" a | tac | tr '\n' ' ') # keepalived: the VRRP child first, then the parent
    local t0; t0=$(now)
    kill -KILL $victims
    wait "$(cat "$work/$impl-a.pid")" 2>/dev/null || true
    wait "$probe" || true
    wait_until 5 grep -q "inet $vip/" "$work/monitor" || true
    kill "$monitor" 2>/dev/null; wait "$monitor" 2>/dev/null || true
    local stamp; stamp=$(grep -v Deleted "$work/monitor" | grep -m1 "inet $vip/" | sed -E 's/^\[([0-9-]+)T([0-9:.]+)\].*/\1 \2/')
    [ -n "$stamp" ] && ms_between "$t0" "$(date -d "$stamp" +%s.%N)" >> "$vipf" && echo >> "$vipf"
    [ -s "$work/probe" ] && ms_between "$t0" "$(cat "$work/probe")" >> "$httpf" && echo >> "$httpf"
    [ -n "$stamp" ] || fail "$impl v$version $interval rep $rep: the VIP never came up on the backup"
    [ -s "$work/probe" ] || fail "$impl v$version $interval rep $rep: the client never got an answer from the backup"
    log "$impl v$version advert_int $interval rep $rep: VIP $(tail -1 "$vipf") ms, HTTP $(tail -1 "$httpf") ms"
  done
  stop "$impl" a; stop "$impl" b
  printf '| %s | v%s unicast%s, advert_int %s | %s | %s |\n' "$impl" "$version" "$([ "$version" = 2 ] && echo ' PASS')" "$interval" \
    "$(grep . "$vipf" | stats)" "$(grep . "$httpf" | stats)"
}

# ---------------------------------------------------------------- 2. jitter
jitter_row() { # IMPL
  local impl=$1 config="$work/$1-jitter.conf" out="$work/jitter-$1"
  conf a MASTER 100 3 0.01 unicast 1 > "$config"
  start "$impl" a "$config"
  wait_until 30 holds a || true
  sleep 1
  ip netns exec $P-b timeout $((jitter_seconds + 10)) tshark -i $P-bn -n -l -f "ip proto 112 and src host 192.0.2.1" \
    -a "duration:$jitter_seconds" -T fields -e frame.time_epoch > "$out" 2>/dev/null || true
  stop "$impl" a
  ip -n $P-a addr del $vip/24 dev $P-an 2>/dev/null || true
  local captured; captured=$(wc -l < "$out")
  [ "$captured" -ge $((jitter_seconds * 50)) ] || fail "$impl jitter: $captured adverts captured in $jitter_seconds s at 10 ms"
  awk 'NR > 1 { d = ($1 - prev) * 1000 - 10; if (d < 0) d = -d; printf "%.6f\n", d } { prev = $1 }' "$out" | sort -n |
    awk -v impl="$impl" -v s="$jitter_seconds" '{ v[NR] = $1 } END {
      printf "| %s | v3 advert_int 0.01, %d s, %d adverts | %.3f / %.3f / %.3f ms |\n", impl, s, NR + 1, v[int(NR * 0.5) + 1], v[int(NR * 0.99) + 1], v[NR] }'
}

# ---------------------------------------------------------------- 3. idle memory and CPU
idle_row() { # IMPL INSTANCES
  local impl=$1 count=$2 config="$work/$1-idle-$2.conf"
  [ "$count" -gt 255 ] && many_ifaces "$count"
  conf a MASTER 100 3 1 multicast "$count" > "$config"
  # Start → every instance MASTER with its VIP (Master_Down_Interval 3.61 s at priority 100, advert_int 1): the
  # poll below only notices it (every 50 ms); the time is the stamp of the last VIP added in
  # `ip -ts monitor address`, started before the daemon.
  $monitor_rt ip -ts -n $P-a monitor address > "$work/idle-monitor" 2>&1 &
  local monitor=$!
  sleep 0.2
  local t0; t0=$(now)
  start "$impl" a "$config"
  local held=0 deadline=$((SECONDS + 60)) all_master=n/a
  local polled=n/a
  while [ $SECONDS -lt $deadline ]; do held=$(vips_held); [ "$held" = "$count" ] && { polled="$(ms_between "$t0" "$(now)")"; break; }; sleep 0.05; done
  sleep 0.2; kill "$monitor" 2>/dev/null; wait "$monitor" 2>/dev/null || true
  [ "$held" = "$count" ] || fail "$impl idle $count: $held of $count VIPs held 60 s after the start"
  local stamp; stamp=$(grep -v Deleted "$work/idle-monitor" | grep -E "inet ($vip/24|198\.51\.100\.[0-9]+/32) " | tail -1 |
    sed -E 's/^\[([0-9-]+)T([0-9:.]+)\].*/\1 \2/')
  # Both are upper bounds (`ip monitor` stamps when it reads the event): the monitor's figure, with the poll's in
  # brackets.
  [ -n "$stamp" ] && all_master="$(ms_between "$t0" "$(date -d "$stamp" +%s.%N)") ms (poll $polled ms)"
  sleep "$idle_settle"
  local pidlist; pidlist=$(daemon_pids "$impl" a | tr '\n' ' ')
  local hz; hz=$(getconf CLK_TCK)
  ticks() { local t=0 p; for p in $pidlist; do t=$((t + $(awk '{ print $14 + $15 }' /proc/$p/stat 2>/dev/null || echo 0))); done; echo $t; }
  local t1; t1=$(ticks); sleep "$idle_seconds"; local t2; t2=$(ticks)
  # IDLE_HOOK=CMD runs as CMD IMPL COUNT PID... once the idle window is measured (a heap dump, a perf record).
  [ -z "${IDLE_HOOK:-}" ] || $IDLE_HOOK "$impl" "$count" $pidlist || true
  local rss=0 p; for p in $pidlist; do
    [ -r /proc/$p/status ] || { fail "$impl idle $count: process $p died"; continue; }
    rss=$((rss + $(awk '/^Rss:/ { print $2 }' /proc/$p/smaps_rollup))); done
  # IDLE_SMAPS=DIR keeps each process's memory map and thread list for a breakdown (DIR/IMPL-COUNT-PID.smaps).
  if [ -n "${IDLE_SMAPS:-}" ]; then mkdir -p "$IDLE_SMAPS"; for p in $pidlist; do
    cp /proc/$p/smaps "$IDLE_SMAPS/$impl-$count-$p.smaps" 2>/dev/null || true
    for t in /proc/$p/task/*; do echo "$(basename $t) $(cat $t/comm)"; done > "$IDLE_SMAPS/$impl-$count-$p.threads" 2>/dev/null || true
  done; cp "$work/$impl-a.log" "$IDLE_SMAPS/$impl-$count.log" 2>/dev/null || true; fi
  held=$(vips_held)
  [ "$held" = "$count" ] || fail "$impl idle $count: $held of $count VIPs held at the end"
  stop "$impl" a
  if [ "$count" -gt 255 ]; then for ((p = 0; p <= (count - 1) / 250; p++)); do ip -n $P-a link del $P-x$p 2>/dev/null || true; done
  else for ((p = 1; p <= count; p++)); do ip -n $P-a addr del 198.51.100.$p/32 dev $P-an 2>/dev/null || true; done; fi
  printf '| %s | %d instance(s), v3 multicast advert_int 1, master | %s | %d process(es) | %.1f MB | %.2f %% of one core |\n' "$impl" "$count" \
    "$all_master" "$(echo $pidlist | wc -w)" "$(awk -v k=$rss 'BEGIN { print k / 1024 }')" "$(awk -v d=$((t2 - t1)) -v hz="$hz" -v s="$idle_seconds" 'BEGIN { print d / hz / s * 100 }')"
}

# ---------------------------------------------------------------- run
setup_lab
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg); vigil binary: $vigil; $(keepalived --version 2>&1 | head -1)"
if [ "$only" = all ] || [ "$only" = failover ]; then
  echo; echo "| daemon | pair | kill -9 → VIP on backup (min / median / max) | kill -9 → first HTTP answer from the backup via the VIP |"
  echo "|---|---|---|---|"
  IFS=, read -ra rows <<< "$failover_rows"
  for row in "${rows[@]}"; do
    for impl in vigil keepalived; do failover_row $impl $row; done
  done
fi
if [ "$only" = all ] || [ "$only" = jitter ]; then
  echo; echo "| daemon | advert stream | \|interval − 10 ms\| p50 / p99 / max |"
  echo "|---|---|---|"
  for impl in vigil keepalived; do jitter_row $impl; done
fi
if [ "$only" = all ] || [ "$only" = idle ]; then
  echo; echo "| daemon | idle load | start → all master | processes | RSS (sum) | CPU |"
  echo "|---|---|---|---|---|---|"
  for impl in ${IMPLS:-vigil keepalived}; do for n in $idle_counts; do idle_row $impl $n; done; done
fi
echo; echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ $failures -gt 0 ]; then echo "bench/failover: $failures measurement(s) failed" >&2; exit 1; fi
