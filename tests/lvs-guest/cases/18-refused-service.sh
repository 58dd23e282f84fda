# A virtual server the kernel refuses (lb_algo mh with ip_vs_mh unloaded: no modprobe in the guest) beside a good
# one, keepalived 2.2.7 and Vigil on the same config (conf/refused.conf): the good service's table is identical and
# the refused one in neither, before and after the refused service's real server dies; the daemon keeps running and
# its checkers run (vigil status: NOT INSTALLED, then its real server DOWN, the table untouched). Vigil also tries
# the service again at a reload (SIGHUP) once the module is back; keepalived 2.2.7 does not (it marked it alive).
. /cases/lib.sh
setup_nat_topology
rmmod ip_vs_mh || fail "cannot unload ip_vs_mh"
trap 'insmod /lib/modules/ip_vs_mh.ko 2>/dev/null' EXIT
conf=/conf/refused.conf

run_one() { # $1 daemon: writes /tmp/$1.{start,dead}
  d=$1
  [ -f /tmp/rs3.pid ] || start_rs 3
  start_daemon $d $conf
  wait_table 100 '192.0.2.12:80 +Masq 2$' || { cat /tmp/$d.log; fail "$d: the good service never held its real servers"; }
  sleep 1 # the checkers have started (delay_loop 1)
  ipvs_shape >/tmp/$d.start
  if [ $d = vigil ]; then
    vigil status >/tmp/vigil.status 2>&1; cat /tmp/vigil.status
    grep -qE '^TCP 203\.0\.113\.10:81 mh NAT +- +NOT INSTALLED' /tmp/vigil.status || fail "vigil status does not show the refused service"
    grep -qE '192\.0\.2\.13:80 +UP +- +TCP_CHECK up' /tmp/vigil.status || fail "vigil status does not show the refused service's checker up"
  fi
  stop_rs 3
  if [ $d = vigil ]; then
    wait_for 80 "vigil status | grep -qE '192\.0\.2\.13:80 +DOWN +- +TCP_CHECK down'" || { vigil status; cat /tmp/vigil.log; fail "the refused service's checker never saw its real server die"; }
  else
    wait_for 80 "grep -q 'Removing service \\[192.0.2.13\\]' /tmp/keepalived.log" || { cat /tmp/keepalived.log; fail "keepalived's checker never saw rs3 die"; }
  fi
  ipvs_shape >/tmp/$d.dead
  kill -0 "$(cat /tmp/daemon.pid)" || { cat /tmp/$d.log; fail "$d exited"; }
}

run_one keepalived
grep -E 'IPVS cmd|192\.0\.2\.13' /tmp/keepalived.log | sed 's/^/keepalived: /' | head -n 6
stop_daemon keepalived || fail "keepalived did not stop"
run_one vigil
grep -E 'refused|192\.0\.2\.13' /tmp/vigil.log | sed 's/^/vigil: /' | head -n 4
for phase in start dead; do
  cmp -s /tmp/keepalived.$phase /tmp/vigil.$phase || { echo "-- keepalived"; cat /tmp/keepalived.$phase; echo "-- vigil"; cat /tmp/vigil.$phase; fail "tables differ ($phase)"; }
done
echo "table (both):"; cat /tmp/vigil.dead
grep -q ':81' /tmp/vigil.dead && fail "the refused service is in the table"
# the module is back and rs3 up: a reload installs the service afresh (its checkers start again, up without alpha)
insmod /lib/modules/ip_vs_mh.ko || fail "cannot load ip_vs_mh again"
start_rs 3
kill -HUP "$(cat /tmp/daemon.pid)"
wait_table 100 "$VIP:81 mh" || { cat /tmp/vigil.log; fail "vigil did not install the service at the reload"; }
wait_table 100 '192.0.2.13:80 +Masq 1$' || { ipvs_shape; cat /tmp/vigil.log; fail "the installed service never got its real server"; }
echo "after the reload (vigil):"; ipvs_shape | grep -A1 ':81'
stop_daemon vigil || fail "vigil did not stop"
[ -z "$(ipvs_shape)" ] || fail "table not empty after stop"
