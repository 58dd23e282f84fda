# VRRP over interfaces enslaved to a VRF: keepalived 2.2.7 (namespace vka) and Vigil (vvg) as a VRRPv3 pair over a
# veth whose two ends are each enslaved to a vrf device "vrfblue" (table 10). Multicast and unicast, each time
# keepalived MASTER / Vigil BACKUP, then the roles swapped: the higher priority holds the VIP (its local route in
# table 10), the other hears it and stays BACKUP, and takes the VIP over on the master's priority-0 advert when the
# master stops (SIGTERM). Then use_vmac, both orders: each VMAC is created in the VRF and follows its interface out of
# it and back, as keepalived's.
. /cases/lib.sh
VVIP=192.0.2.100
teardown() { for n in vka vvg; do ip netns del $n 2>/dev/null; done; true; }
teardown
ip netns add vka; ip netns add vvg
ip link add vk0 netns vka type veth peer name vv0 netns vvg
for side in "vka vk0 192.0.2.1" "vvg vv0 192.0.2.2"; do
  set -- $side
  ip -n $1 link set lo up
  ip -n $1 link add vrfblue type vrf table 10 || fail "no vrf device type in this kernel"
  ip -n $1 link set vrfblue up
  ip -n $1 link set $2 master vrfblue
  ip -n $1 addr add $3/24 dev $2
  ip -n $1 link set $2 up
done
wait_for 50 "ip netns exec vka ping -c 1 -W 1 -I vrfblue 192.0.2.2" || fail "no ping across the VRF"
ip -n vka route show table 10 | grep -q '192.0.2.0/24 dev vk0' || fail "the subnet route is not in table 10"

conf() { # $1 file, $2 interface, $3 priority, $4 own address, $5 peer (unicast) or empty (multicast), $6 vmac or empty
  {
    printf 'vrrp_instance VI_1 {\n    interface %s\n    virtual_router_id 52\n    version 3\n    priority %s\n    advert_int 0.1\n' "$2" "$3"
    [ -z "${6:-}" ] || printf '    use_vmac\n'
    [ -z "$5" ] || printf '    unicast_src_ip %s\n    unicast_peer {\n        %s\n    }\n' "$4" "$5"
    printf '    virtual_ipaddress {\n        %s/24\n    }\n}\n' $VVIP
  } >"$1"
}
# start NS NAME CONF: the daemon in the namespace; its pid (the shell that execs it) in /tmp/NAME.pid.
start() {
  case $2 in
    keepalived) ip netns exec $1 sh -c "echo \$\$ >/tmp/$2.pid; exec keepalived -n -l -D -P -f $3 -p /run/kav.pid -c /run/kav-c.pid -r /run/kav-r.pid" >/tmp/$2-vrf.log 2>&1 & ;;
    vigil) ip netns exec $1 sh -c "echo \$\$ >/tmp/$2.pid; exec vigil run -f $3" >/tmp/$2-vrf.log 2>&1 & ;;
  esac
  wait_for 20 "[ -s /tmp/$2.pid ]"
}
stop() { # $1 NAME: SIGTERM, bounded wait
  pid=$(cat /tmp/$1.pid); rm -f /tmp/$1.pid
  touch /tmp/sigterm.t; kill -TERM "$pid" 2>/dev/null
  n=0; while kill -0 "$pid" 2>/dev/null && [ $n -lt 100 ]; do sleep 0.1; n=$((n + 1)); done
  kill -0 "$pid" 2>/dev/null && { kill -KILL "$pid"; fail "$1 did not stop within 10 s"; }
  true
}
has_vip() { ip -n $1 -4 addr show dev $2 2>/dev/null | grep -q "inet $VVIP/"; }
in_table10() { ip -n $1 route show table 10 | grep -q "local $VVIP "; }
logs() { echo "-- keepalived"; tail -n 15 /tmp/keepalived-vrf.log; echo "-- vigil"; tail -n 15 /tmp/vigil-vrf.log; }
elapsed() { awk -v a="$1" -v b="$(cut -d' ' -f1 /proc/uptime)" 'BEGIN { printf "%.2f", b - a }'; }

# takeover NAME NS DEV: SIGTERM to NAME (the master), then every 0.05 s (at most 10 s) whether it has exited and whether
# the backup in NS holds the VIP on DEV: the two times from the signal in $exited and $took. One loop, as the exit can
# come well after the takeover: keepalived sends priority 0 at once but exits only after a 1 s shutdown timer
# (vrrp_terminate_phase1, TIMER_HZ, so that IGMP leaves go out); timed from its exit, Vigil seemed to need 1.3 s.
takeover() {
  pid=$(cat /tmp/$1.pid); rm -f /tmp/$1.pid
  ts=$(cut -d' ' -f1 /proc/uptime); exited=; took=
  touch /tmp/sigterm.t; kill -TERM "$pid" 2>/dev/null
  n=0
  while [ $n -lt 200 ] && { [ -z "$exited" ] || [ -z "$took" ]; }; do
    [ -n "$exited" ] || kill -0 "$pid" 2>/dev/null || exited=$(elapsed $ts)
    [ -n "$took" ] || ! has_vip $2 $3 || took=$(elapsed $ts)
    [ -n "$exited" ] && [ -n "$took" ] || sleep 0.05
    n=$((n + 1))
  done
  [ -n "$exited" ] || { kill -KILL "$pid"; fail "$1 did not stop within 10 s"; }
  [ -n "$took" ]
}
# since_term HH:MM:SS.frac: seconds from the last SIGTERM (/tmp/sigterm.t's mtime, ns; the guest clock is UTC) to then.
since_term() {
  awk -v a="$(stat -c %y /tmp/sigterm.t | cut -d' ' -f2)" -v b="$1" \
    'BEGIN { split(a, x, ":"); split(b, y, ":"); printf "%.3f", (y[1] * 3600 + y[2] * 60 + y[3]) - (x[1] * 3600 + x[2] * 60 + x[3]) }'
}
# vigil_at PATTERN: the time of Vigil's last log line matching PATTERN (UTC, ms).
vigil_at() { grep -E "$1" /tmp/vigil-vrf.log | tail -n 1 | cut -d' ' -f1 | cut -dT -f2 | tr -d Z; }
# vip_at: when `ip -ts monitor address` (/tmp/mon.log, µs) saw the VIP added.
vip_at() { grep -E "^\[.*inet $VVIP/" /tmp/mon.log | grep -v Deleted | head -n 1 | cut -d' ' -f1 | cut -dT -f2 | tr -d ']'; }
# on_priority_zero NAME: NAME (the backup) took over on the stopping master's priority-0 advert (after Skew_Time,
# 0.06 s here), not on its Master_Down timer (0.36 s): each daemon logs which.
on_priority_zero() {
  case $1 in
    vigil) grep -q 'Backup -> Master (master 192.0.2.[12] released (sent priority 0))' /tmp/vigil-vrf.log ;;
    keepalived) grep -q 'Backup received priority 0 advertisement' /tmp/keepalived-vrf.log ;;
  esac
}

# round MODE FIRST(master) SECOND(backup): FIRST has priority 150, SECOND 100.
round() {
  mode=$1; first=$2; second=$3
  for d in keepalived vigil; do
    case $d in keepalived) ns=vka; dev=vk0; own=192.0.2.1; peer=192.0.2.2;; vigil) ns=vvg; dev=vv0; own=192.0.2.2; peer=192.0.2.1;; esac
    [ $mode = unicast ] || peer=
    vmac=; [ $mode = vmac ] && vmac=vmac
    prio=100; [ $d = $first ] && prio=150
    conf /tmp/$d-vrf.conf $dev $prio $own "$peer" $vmac
  done
  case $first in keepalived) mns=vka; mdev=vk0; bns=vvg; bdev=vv0;; vigil) mns=vvg; mdev=vv0; bns=vka; bdev=vk0;; esac
  [ $mode = vmac ] && { mdev=vrrp.52; bdev=vrrp.52; }
  t0=$(cut -d' ' -f1 /proc/uptime)
  start $mns $first /tmp/$first-vrf.conf
  wait_for 100 "has_vip $mns $mdev" || { logs; fail "$mode: $first never became MASTER"; }
  in_table10 $mns || { ip -n $mns route show table 10; fail "$mode: the VIP's local route is not in the VRF's table 10"; }
  start $bns $second /tmp/$second-vrf.conf
  # Once the backup runs, it must hear the master's adverts through the VRF: 1.5 s is 4 master-down intervals.
  case $second in
    vigil) wait_for 100 "ip netns exec vvg vigil status 2>/dev/null | grep -q BACKUP" || { logs; fail "$mode: vigil never reported BACKUP"; } ;;
    keepalived) wait_for 100 "grep -q 'Entering BACKUP STATE' /tmp/keepalived-vrf.log" || { logs; fail "$mode: keepalived never entered BACKUP"; } ;;
  esac
  sleep 1.5
  has_vip $bns $bdev && { logs; fail "$mode: $second took the VIP while $first was MASTER (adverts not received in the VRF)"; }
  has_vip $mns $mdev || { logs; fail "$mode: $first lost the VIP to a lower priority"; }
  case $second in # nor was it MASTER for a moment in between (split brain)
    vigil) grep -q 'Backup -> Master' /tmp/vigil-vrf.log ;;
    keepalived) grep -q 'Entering MASTER STATE' /tmp/keepalived-vrf.log ;;
  esac && { logs; fail "$mode: $second was MASTER for a while beside $first"; }
  if [ $mode = vmac ]; then
    for ns in vka vvg; do
      ip -n $ns -d link show vrrp.52 | grep -q 'master vrfblue' || { ip -n $ns -d link show vrrp.52; logs; fail "$mode: the VMAC in $ns is not in vrfblue"; }
    done
  fi
  ip -n $bns -ts monitor address >/tmp/mon.log 2>&1 & # when the kernel has the VIP, to the µs
  mon=$!
  sleep 0.2
  takeover $first $bns $bdev; rc=$?
  kill $mon 2>/dev/null
  [ $rc -eq 0 ] || { logs; fail "$mode: $second did not take over when $first stopped"; }
  in_table10 $bns || fail "$mode: $second's VIP route is not in table 10"
  log "$mode: $first MASTER, $second BACKUP; $second MASTER $took s after $first's SIGTERM ($first exited after $exited s; round $(elapsed $t0) s)"
  on_priority_zero $second || { logs; fail "$mode: $second did not take over on $first's priority-0 advert"; }
  case $second in
    vigil) log "$mode: from keepalived's SIGTERM: vigil logged Backup -> Master after $(since_term "$(vigil_at 'Backup -> Master')") s, added the VIP after $(since_term "$(vip_at)") s" ;;
    keepalived) log "$mode: from vigil's SIGTERM: vigil logged Master -> Stopped (priority 0 sent just before) after $(since_term "$(vigil_at 'Master -> Stopped')") s, keepalived added the VIP after $(since_term "$(vip_at)") s" ;;
  esac
  if [ $mode = vmac ]; then # the VMAC's interface leaves the VRF and returns while running: the VMAC follows it
    base=vv0; [ $bns = vka ] && base=vk0
    ip -n $bns link set $base nomaster
    wait_for 30 "! ip -n $bns link show vrrp.52 | grep -q 'master vrfblue'" || { logs; fail "$mode: $second's VMAC stayed in vrfblue when $base left it"; }
    ip -n $bns link set $base master vrfblue
    wait_for 30 "ip -n $bns link show vrrp.52 | grep -q 'master vrfblue'" || { logs; fail "$mode: $second's VMAC did not follow $base back into vrfblue"; }
    log "$mode: $second's VMAC left vrfblue with $base and came back with it"
  fi
  stop $second
  has_vip $bns $bdev && fail "$mode: $second left the VIP at stop"
  true
}

for mode in multicast unicast; do
  round $mode keepalived vigil
  round $mode vigil keepalived
done
# use_vmac, both orders: a backup receives a multicast master's adverts on its own VMAC (macvlan hands a frame whose
# source MAC is one of its own VMACs' to that VMAC alone), so each stays BACKUP while the other is up. Each round also
# moves the backup's interface out of the VRF and back: its VMAC follows (keepalived's update_vmac_vrfs).
round vmac keepalived vigil
round vmac vigil keepalived
teardown
