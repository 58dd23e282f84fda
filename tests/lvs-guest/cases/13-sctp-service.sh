# protocol SCTP: keepalived 2.2.7 and Vigil install the same SCTP service (ipvsadm -Ln identical), and remove it at stop.
. /cases/lib.sh
setup_nat_topology
conf=/conf/sctp.conf
for d in keepalived vigil; do
  start_daemon $d $conf
  wait_table 100 '192.0.2.12:80 +Masq 2$' || { cat /tmp/$d.log; fail "$d: the SCTP service never held rs2"; }
  ipvs_shape >/tmp/$d.sctp
  stop_daemon $d || fail "$d did not stop"
  [ -z "$(ipvs_shape)" ] || { ipvs_shape; fail "$d left the SCTP service at stop"; }
done
cat /tmp/vigil.sctp
grep -qE '^SCTP +203.0.113.10:80 rr' /tmp/vigil.sctp || fail "vigil did not install an SCTP service"
cmp -s /tmp/keepalived.sctp /tmp/vigil.sctp || { echo "-- keepalived"; cat /tmp/keepalived.sctp; fail "keepalived and vigil differ"; }
