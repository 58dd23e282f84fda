# lvs_sync_daemon: keepalived 2.2.7 and Vigil start the same kernel sync daemons (ipvsadm -L --daemon identical):
# following VI_1, the master daemon once it is MASTER; without an instance, master and backup with every option;
# none left running after stop.
. /cases/lib.sh
setup_nat_topology
daemons() { ipvsadm -L --daemon 2>/dev/null; }
for d in keepalived vigil; do
  start_daemon $d /conf/syncd-follow.conf
  wait_for 100 "daemons | grep -q '^master sync daemon'" || { daemons; cat /tmp/$d.log; fail "$d: no master sync daemon once VI_1 is MASTER"; }
  daemons >/tmp/$d.follow
  stop_daemon $d || fail "$d did not stop"
  wait_for 30 '[ -z "$(daemons)" ]' || { daemons; fail "$d left a sync daemon running at stop (following VI_1)"; }

  start_daemon $d /conf/syncd-both.conf
  wait_for 100 '[ "$(daemons | wc -l)" -ge 2 ]' || { daemons; cat /tmp/$d.log; fail "$d: master and backup sync daemons expected"; }
  daemons >/tmp/$d.both
  stop_daemon $d || fail "$d did not stop"
  wait_for 30 '[ -z "$(daemons)" ]' || { daemons; fail "$d left a sync daemon running at stop (both)"; }
done
echo "-- vigil, following VI_1"; cat /tmp/vigil.follow
echo "-- vigil, no instance"; cat /tmp/vigil.both
cmp -s /tmp/keepalived.follow /tmp/vigil.follow || { echo "-- keepalived"; cat /tmp/keepalived.follow; fail "following VI_1: keepalived and vigil differ"; }
cmp -s /tmp/keepalived.both /tmp/vigil.both || { echo "-- keepalived"; cat /tmp/keepalived.both; fail "no instance: keepalived and vigil differ"; }
