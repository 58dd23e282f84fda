# persistence_engine sip: keepalived 2.2.7 and Vigil install the same persistent UDP 5060 service with the SIP
# persistence engine (`ipvsadm -Ln`: "persistent 120 pe sip"); a reload (SIGHUP) that drops the engine and one
# that brings it back edit the service in place (IPVS_CMD_SET_SERVICE) the same way; the table is empty after stop.
. /cases/lib.sh
setup_nat_topology
grep -q '^ip_vs_pe_sip ' /proc/modules || fail "ip_vs_pe_sip is not loaded (run.sh's module list)"
conf=/tmp/sip.conf
sed '/persistence_engine/d' /conf/sip.conf >/tmp/sip-nope.conf
for d in keepalived vigil; do
  cp /conf/sip.conf $conf
  start_daemon $d $conf
  wait_table 100 '192.0.2.12:5060 +Masq 2$' || { cat /tmp/$d.log; ipvs_shape; fail "$d: the SIP service never held rs2"; }
  ipvs_shape >/tmp/$d.sip
  cp /tmp/sip-nope.conf $conf
  kill -HUP "$(cat /tmp/daemon.pid)"
  wait_table 100 ' pe sip' absent || { cat /tmp/$d.log; ipvs_shape; fail "$d: the reload did not drop the engine"; }
  ipvs_shape >/tmp/$d.nope
  cp /conf/sip.conf $conf
  kill -HUP "$(cat /tmp/daemon.pid)"
  wait_table 100 ' pe sip' || { cat /tmp/$d.log; ipvs_shape; fail "$d: the reload did not bring the engine back"; }
  ipvs_shape >/tmp/$d.back
  stop_daemon $d || fail "$d did not stop"
  [ -z "$(ipvs_shape)" ] || { ipvs_shape; fail "$d left the SIP service at stop"; }
done
echo "both:"; cat /tmp/vigil.sip
grep -qE '^UDP +203.0.113.10:5060 rr persistent 120 pe sip *$' /tmp/vigil.sip || fail "vigil did not install a persistent service with the sip engine"
grep -qE '^UDP +203.0.113.10:5060 rr persistent 120 *$' /tmp/vigil.nope || { cat /tmp/vigil.nope; fail "vigil: the service without the engine is not as expected"; }
for s in sip nope back; do
  cmp -s /tmp/keepalived.$s /tmp/vigil.$s || { echo "-- keepalived ($s)"; cat /tmp/keepalived.$s; echo "-- vigil ($s)"; cat /tmp/vigil.$s; fail "keepalived and vigil differ ($s)"; }
done
cmp -s /tmp/vigil.sip /tmp/vigil.back || fail "vigil: the table after the second reload differs from the first"
grep 'persistence engine' /tmp/vigil.log | sed 's/^.*reload: /vigil: /'
[ "$(grep -c 'edited in place' /tmp/vigil.log)" -ge 2 ] || { cat /tmp/vigil.log; fail "vigil did not edit the service in place at both reloads"; }
