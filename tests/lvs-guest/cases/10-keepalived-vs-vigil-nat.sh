# keepalived 2.2.7 and Vigil on the same LVS-NAT config (conf/nat.conf): `ipvsadm -Ln` (method and
# weight) must be identical after start, after two real servers die (rs1 removed; rs3 inhibited to
# weight 0), after they return, and empty after stop; the client is answered by the same real servers.
. /cases/lib.sh
setup_nat_topology
ip addr add $VIP/32 dev cl0
conf=/conf/nat.conf

run_one() { # $1 daemon: writes /tmp/$1.{start,dead,back,stop,clients}
  d=$1
  for i in 1 2 3; do [ -f /tmp/rs$i.pid ] || start_rs $i; done
  t0=$(cut -d' ' -f1 /proc/uptime)
  start_daemon $d $conf
  wait_table 100 '192.0.2.11:80 +Masq 1$' || { cat /tmp/$d.log; fail "$d: the table never held rs1"; }
  wait_table 100 '192.0.2.13:80 +Masq 1$' || { cat /tmp/$d.log; fail "$d: the table never held rs3"; }
  log "$d: table complete $(awk -v a="$t0" -v b="$(cut -d' ' -f1 /proc/uptime)" 'BEGIN { printf "%.1f", b - a }') s after start"
  ipvs_shape >/tmp/$d.start
  answering 8 >/tmp/$d.clients.start
  stop_rs 1; stop_rs 3
  t0=$(cut -d' ' -f1 /proc/uptime)
  wait_table 150 '192.0.2.11:80' absent || { cat /tmp/$d.log; fail "$d: dead rs1 stayed in the table"; }
  wait_table 150 '192.0.2.13:80 +Masq 0$' || { cat /tmp/$d.log; fail "$d: dead rs3 was not inhibited"; }
  log "$d: dead servers out $(awk -v a="$t0" -v b="$(cut -d' ' -f1 /proc/uptime)" 'BEGIN { printf "%.1f", b - a }') s after they stopped"
  ipvs_shape >/tmp/$d.dead
  if [ $d = vigil ]; then # the checkers' view in vigil status (table and JSON)
    vigil status >/tmp/vigil.status 2>&1 || { cat /tmp/vigil.status; fail "vigil status failed"; }
    cat /tmp/vigil.status
    grep -qE '192\.0\.2\.11:80 +DOWN +- ' /tmp/vigil.status || fail "vigil status does not show rs1 DOWN and out of the table"
    grep -qE '192\.0\.2\.13:80 +DOWN +0 ' /tmp/vigil.status || fail "vigil status does not show rs3 DOWN at weight 0"
    vigil status --json | grep -q '"state": "UP"' || fail "vigil status --json has no real server state"
  fi
  answering 6 >/tmp/$d.clients.dead
  start_rs 1; start_rs 3
  wait_table 150 '192.0.2.11:80 +Masq 1$' || { cat /tmp/$d.log; fail "$d: rs1 did not return"; }
  wait_table 150 '192.0.2.13:80 +Masq 1$' || { cat /tmp/$d.log; fail "$d: rs3 did not return"; }
  ipvs_shape >/tmp/$d.back
  stop_daemon $d || fail "$d did not stop"
  ipvs_shape >/tmp/$d.stop
}

run_one keepalived
run_one vigil
ok=1
for phase in start dead back stop clients.start clients.dead; do
  if ! cmp -s /tmp/keepalived.$phase /tmp/vigil.$phase; then
    ok=0; echo "DIFF after $phase:"; echo "-- keepalived"; cat /tmp/keepalived.$phase; echo "-- vigil"; cat /tmp/vigil.$phase
  fi
done
echo "table after start:"; cat /tmp/vigil.start
echo "table with rs1, rs3 dead:"; cat /tmp/vigil.dead
echo "clients: $(cat /tmp/vigil.clients.start) / dead: $(cat /tmp/vigil.clients.dead)"
[ -s /tmp/vigil.start ] || fail "empty table after start"
[ ! -s /tmp/vigil.stop ] || fail "table not empty after stop"
[ "$(cat /tmp/vigil.clients.start)" = "rs1 rs2 rs3 " ] || fail "clients answered by '$(cat /tmp/vigil.clients.start)'"
[ "$(cat /tmp/vigil.clients.dead)" = "rs2 " ] || fail "with rs1, rs3 dead, clients answered by '$(cat /tmp/vigil.clients.dead)'"
[ $ok -eq 1 ] || fail "keepalived and vigil differ"
