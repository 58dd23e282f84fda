# SSL_GET from the NativeAOT binary: keepalived 2.2.7 and Vigil on the same config (conf/ssl.conf) against two TLS
# real servers (openssl s_server) give identical `ipvsadm -Ln` after start, after rs1's TLS server dies (removed)
# and after it returns, and an empty table after stop.
. /cases/lib.sh
setup_nat_topology
conf=/conf/ssl.conf
OPENSSL_CONF=/dev/null openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj /CN=rs -days 2 \
  -keyout /tmp/tls.key -out /tmp/tls.crt >/tmp/req.log 2>&1 || { cat /tmp/req.log; fail "cannot make a test certificate"; }
start_tls() { # $1 index: s_server in rs$1's namespace, pid in /tmp/tls$1.pid
  ip netns exec rs$1 sh -c "echo \$\$ >/tmp/tls$1.pid; OPENSSL_CONF=/dev/null exec openssl s_server -quiet -accept 443 -cert /tmp/tls.crt -key /tmp/tls.key -www" >/dev/null 2>&1 &
  wait_for 30 "[ -s /tmp/tls$1.pid ]"
  wait_for 50 "nc -z 192.0.2.1$1 443"
}
stop_tls() { kill "$(cat /tmp/tls$1.pid)" 2>/dev/null; rm -f /tmp/tls$1.pid; wait_for 50 "! nc -z 192.0.2.1$1 443"; }
for d in keepalived vigil; do
  for i in 1 2; do [ -f /tmp/tls$i.pid ] || start_tls $i; done
  start_daemon $d $conf
  wait_table 150 '192.0.2.11:443 +Masq 1$' || { cat /tmp/$d.log; fail "$d: SSL_GET never passed on rs1"; }
  wait_table 150 '192.0.2.12:443 +Masq 2$' || { cat /tmp/$d.log; fail "$d: SSL_GET never passed on rs2"; }
  ipvs_shape >/tmp/$d.start
  stop_tls 1
  wait_table 150 '192.0.2.11:443' absent || { cat /tmp/$d.log; fail "$d: rs1 stayed after its TLS server died"; }
  ipvs_shape >/tmp/$d.dead
  start_tls 1
  wait_table 150 '192.0.2.11:443 +Masq 1$' || { cat /tmp/$d.log; fail "$d: rs1 did not return"; }
  ipvs_shape >/tmp/$d.back
  stop_daemon $d || fail "$d did not stop"
  ipvs_shape >/tmp/$d.stop
done
for i in 1 2; do stop_tls $i; done
ok=1
for phase in start dead back stop; do
  if ! cmp -s /tmp/keepalived.$phase /tmp/vigil.$phase; then
    ok=0; echo "DIFF after $phase:"; echo "-- keepalived"; cat /tmp/keepalived.$phase; echo "-- vigil"; cat /tmp/vigil.$phase
  fi
done
echo "table after start:"; cat /tmp/vigil.start
[ -s /tmp/vigil.start ] || fail "empty table after start"
[ ! -s /tmp/vigil.stop ] || fail "table not empty after stop"
[ $ok -eq 1 ] || fail "keepalived and vigil differ"
