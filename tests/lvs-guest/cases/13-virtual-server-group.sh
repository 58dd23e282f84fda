# virtual_server_group (IP PORT, a range A.B.C.D-E PORT, fwmark) with `virtual_server group NAME`, keepalived
# 2.2.7 beside Vigil on the same config: `ipvsadm -Ln` identical after start (one service per entry, each with
# the block's real servers) and empty after stop.
. /cases/lib.sh
setup_nat_topology
cat >/tmp/vsg.conf <<CONF
virtual_server_group WEB {
    $VIP 80
    198.51.100.20-22 8080
    fwmark 5
}
virtual_server group WEB {
    delay_loop 1
    lb_algo wrr
    lb_kind NAT
    protocol TCP
    real_server 192.0.2.11 80 {
        weight 2
        TCP_CHECK {
            connect_timeout 1
        }
    }
    real_server 192.0.2.12 80 {
        TCP_CHECK {
            connect_timeout 1
        }
    }
}
CONF
for d in keepalived vigil; do
  start_daemon $d /tmp/vsg.conf
  wait_for 100 "[ \$(ipvs_shape | grep -c -- '->') -ge 10 ]" || { ipvs_shape; cat /tmp/$d.log; fail "$d: the group's services did not all get their real servers"; }
  sleep 1
  ipvs_shape >/tmp/$d.vsg
  stop_daemon $d || fail "$d did not stop"
  [ -z "$(ipvs_shape)" ] || { ipvs_shape; fail "$d: table not empty after stop"; }
done
cmp -s /tmp/keepalived.vsg /tmp/vigil.vsg || { echo "-- keepalived"; cat /tmp/keepalived.vsg; echo "-- vigil"; cat /tmp/vigil.vsg; fail "tables differ"; }
echo "table (both):"; cat /tmp/vigil.vsg
[ "$(grep -c '^TCP\|^FWM' /tmp/vigil.vsg)" = 5 ] || fail "expected 5 services (1 + a range of 3 + 1 fwmark)"
