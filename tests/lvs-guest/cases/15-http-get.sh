# HTTP_GET: keepalived 2.2.7 and Vigil on the same config (conf/http.conf) give identical `ipvsadm -Ln` (method
# and weight) after start, after rs1's page changes (digest mismatch: removed) and rs3's /health goes 404
# (inhibited to weight 0), after both are repaired, and an empty table after stop.
. /cases/lib.sh
setup_nat_topology
conf=/conf/http.conf
for d in keepalived vigil; do
  echo rs1 >/tmp/www/rs1/index.html; echo ok >/tmp/www/rs3/health
  start_daemon $d $conf
  wait_table 100 '192.0.2.11:80 +Masq 1$' || { cat /tmp/$d.log; fail "$d: the digest check never passed on rs1"; }
  wait_table 100 '192.0.2.13:80 +Masq 1$' || { cat /tmp/$d.log; fail "$d: /health never passed on rs3"; }
  ipvs_shape >/tmp/$d.start
  echo changed >/tmp/www/rs1/index.html; rm -f /tmp/www/rs3/health
  wait_table 100 '192.0.2.11:80' absent || { cat /tmp/$d.log; fail "$d: rs1 stayed with a wrong digest"; }
  wait_table 100 '192.0.2.13:80 +Masq 0$' || { cat /tmp/$d.log; fail "$d: rs3 was not inhibited on 404"; }
  ipvs_shape >/tmp/$d.failed
  echo rs1 >/tmp/www/rs1/index.html; echo ok >/tmp/www/rs3/health
  wait_table 100 '192.0.2.11:80 +Masq 1$' || { cat /tmp/$d.log; fail "$d: rs1 did not return"; }
  wait_table 100 '192.0.2.13:80 +Masq 1$' || { cat /tmp/$d.log; fail "$d: rs3 did not return"; }
  ipvs_shape >/tmp/$d.back
  stop_daemon $d || fail "$d did not stop"
  ipvs_shape >/tmp/$d.stop
done
ok=1
for phase in start failed back stop; do
  if ! cmp -s /tmp/keepalived.$phase /tmp/vigil.$phase; then
    ok=0; echo "DIFF after $phase:"; echo "-- keepalived"; cat /tmp/keepalived.$phase; echo "-- vigil"; cat /tmp/vigil.$phase
  fi
done
echo "table with rs1's page changed and rs3's /health gone:"; cat /tmp/vigil.failed
[ -s /tmp/vigil.start ] || fail "empty table after start"
[ ! -s /tmp/vigil.stop ] || fail "table not empty after stop"
[ $ok -eq 1 ] || fail "keepalived and vigil differ"
