# Hitless reload (SIGHUP), keepalived 2.2.7 beside Vigil on the same two configs: an unchanged service keeps
# its connection and packet counters (`ipvsadm -Ln --stats`), an edited one (scheduler rr -> wlc, a real
# server's weight, one real server replaced) keeps its own and the kept real server's, a removed service
# goes and a new one comes; the tables after the reload are identical.
. /cases/lib.sh
setup_nat_topology
ip addr add $VIP/32 dev cl0

rs_block() { # $1 address, $2 weight
  printf '    real_server %s 80 {\n        weight %s\n        TCP_CHECK {\n            connect_timeout 1\n        }\n    }\n' "$1" "$2"
}
service() { # $1 port, $2 scheduler, then address:weight pairs
  port=$1; sched=$2; shift 2
  printf 'virtual_server %s %s {\n    delay_loop 1\n    lb_algo %s\n    lb_kind NAT\n    protocol TCP\n' $VIP "$port" "$sched"
  for rw in "$@"; do rs_block "${rw%:*}" "${rw#*:}"; done
  printf '}\n'
}
{ service 80 rr 192.0.2.11:1 192.0.2.12:1 192.0.2.13:1
  service 8080 rr 192.0.2.11:1 192.0.2.12:2
  service 8081 rr 192.0.2.13:1; } >/tmp/reload-a.conf
{ service 80 rr 192.0.2.11:1 192.0.2.12:1 192.0.2.13:1
  service 8080 wlc 192.0.2.12:3 192.0.2.13:1
  service 8082 rr 192.0.2.11:1; } >/tmp/reload-b.conf

get() { ip netns exec cl sh -c "printf 'GET / HTTP/1.0\r\n\r\n' | nc -w 2 $VIP $1" 2>/dev/null | tail -n 1; }
stats() { ipvsadm -Ln --stats -t "$VIP:$1" | tail -n +3; }
# The kernel's estimator publishes the counters every 2 s: wait until two reads 2.2 s apart agree.
settle() { n=0; a=$(stats 80; stats 8080); while [ $n -lt 5 ]; do sleep 2.2; b=$(stats 80; stats 8080); [ "$a" = "$b" ] && return 0; a=$b; n=$((n + 1)); done; return 1; }

run_one() { # $1 daemon: writes /tmp/$1.{reloaded,s80a,s80b,s8080a,s8080b}
  d=$1
  cp /tmp/reload-a.conf /tmp/reload.conf
  start_daemon $d /tmp/reload.conf
  wait_table 100 "$VIP:8081" || { cat /tmp/$d.log; fail "$d: no table"; }
  wait_table 100 '192.0.2.13:80 +Masq 1$' || { cat /tmp/$d.log; fail "$d: table incomplete"; }
  sleep 1
  i=0; while [ $i -lt 6 ]; do get 80 >/dev/null; get 8080 >/dev/null; i=$((i + 1)); done
  settle || fail "$d: the counters never settled"
  stats 80 >/tmp/$d.s80a; stats 8080 | grep -v '192.0.2.11:80' >/tmp/$d.s8080a
  grep -q '^TCP .* [1-9][0-9]* ' /tmp/$d.s80a || { cat /tmp/$d.s80a; fail "$d: no traffic counted"; }
  cp /tmp/reload-b.conf /tmp/reload.conf
  kill -HUP "$(cat /tmp/daemon.pid)"
  wait_table 100 "$VIP:8082" || { cat /tmp/$d.log; fail "$d: reload did not add the new service"; }
  wait_table 100 "$VIP:8081" absent || { cat /tmp/$d.log; fail "$d: reload did not remove the old service"; }
  settle || fail "$d: the counters never settled after the reload"
  ipvs_shape >/tmp/$d.reloaded
  stats 80 >/tmp/$d.s80b; stats 8080 | grep -v '192.0.2.13:80' >/tmp/$d.s8080b
  cmp -s /tmp/$d.s80a /tmp/$d.s80b || { echo "-- before"; cat /tmp/$d.s80a; echo "-- after"; cat /tmp/$d.s80b; cat /tmp/$d.log; fail "$d: the unchanged service's counters changed"; }
  # the edited service's counters and its kept real server's survive (ipvsadm -E / edit dest)
  cmp -s /tmp/$d.s8080a /tmp/$d.s8080b || { echo "-- before"; cat /tmp/$d.s8080a; echo "-- after"; cat /tmp/$d.s8080b; fail "$d: the edited service's counters were reset"; }
  if [ $d = vigil ]; then # the kernel's counters in the SIGUSR2 dump and the exporter's metric names
    kill -USR2 "$(cat /tmp/daemon.pid)"
    wait_for 30 "grep -q 'Virtual Server: TCP $VIP:80' /run/vigil/keepalived.stats" || { cat /tmp/vigil.log; fail "no LVS section in the SIGUSR2 dump"; }
    conns=$(awk '$1 == "TCP" && $2 ~ /:80$/ { print $3 }' /tmp/vigil.s80b)
    grep -A1 "Virtual Server: TCP $VIP:80" /run/vigil/keepalived.stats | grep -q "Connections: $conns" || { cat /run/vigil/keepalived.stats; fail "SIGUSR2 dump: connections differ from ipvsadm's $conns"; }
    echo "SIGUSR2 dump (VIP:80):"; grep -A7 "Virtual Server: TCP $VIP:80" /run/vigil/keepalived.stats | head -8
  fi
  stop_daemon $d || fail "$d did not stop"
  [ -z "$(ipvs_shape)" ] || fail "$d: table not empty after stop"
}

run_one keepalived
run_one vigil
cmp -s /tmp/keepalived.reloaded /tmp/vigil.reloaded || { echo "-- keepalived"; cat /tmp/keepalived.reloaded; echo "-- vigil"; cat /tmp/vigil.reloaded; fail "tables after the reload differ"; }
echo "after reload (both):"; cat /tmp/vigil.reloaded
echo "unchanged service, counters before and after the reload (vigil):"; cat /tmp/vigil.s80b
grep 'reload: IPVS' /tmp/vigil.log | sed 's/^.*reload: /vigil: /'
grep -q 'edited in place' /tmp/vigil.log || fail "vigil did not log the in-place edit"
