# Reconcile at start: a service of the config's key left with other settings and a stray real server
# (as a crashed run or a hand edit leaves it) is replaced by exactly what the config says; after
# `kill -9` the table stays, and the next start converges to the same table; other services are untouched.
. /cases/lib.sh
setup_nat_topology
ip addr add $VIP/32 dev cl0
conf=/conf/nat.conf

start_daemon keepalived $conf
wait_table 100 '192.0.2.13:80 +Masq 1$' || fail "keepalived: table incomplete"
ipvs_shape >/tmp/expected
stop_daemon keepalived || fail "keepalived did not stop"

ipvsadm -A -t $VIP:80 -s wlc -p 30
ipvsadm -a -t $VIP:80 -r 192.0.2.50:80 -m -w 9
ipvsadm -A -t 198.51.100.1:443 -s rr
ipvsadm -a -t 198.51.100.1:443 -r 192.0.2.60:443 -m -w 1
start_daemon vigil $conf
wait_table 100 '192.0.2.13:80 +Masq 1$' || { cat /tmp/vigil.log; fail "vigil: table incomplete"; }
ipvs_shape | grep -v '198.51.100.1:443\|192.0.2.60:443' >/tmp/after-leftover
cmp -s /tmp/expected /tmp/after-leftover || { echo "-- expected"; cat /tmp/expected; echo "-- got"; cat /tmp/after-leftover; fail "leftover not replaced"; }
ipvs_shape | grep -q '198.51.100.1:443' || fail "a service outside the config was removed"
grep -q "removed 1 service" /tmp/vigil.log || { cat /tmp/vigil.log; fail "the leftover removal was not logged"; }

kill -KILL "$(cat /tmp/daemon.pid)"; sleep 0.5
[ -n "$(ipvs_shape | grep "$VIP:80")" ] || fail "table gone after kill -9 (nothing to reconcile)"
start_daemon vigil $conf
wait_for 100 "grep -q 'installed with' /tmp/vigil.log" || fail "vigil did not restart"
ipvs_shape | grep -v '198.51.100.1:443\|192.0.2.60:443' >/tmp/after-crash
cmp -s /tmp/expected /tmp/after-crash || { cat /tmp/after-crash; fail "restart after kill -9 did not converge"; }
stop_daemon vigil || fail "vigil did not stop"
[ "$(ipvs_shape)" = "$(printf "TCP  198.51.100.1:443 rr\n-> 192.0.2.60:443 Masq 1")" ] || { ipvs_shape; cat /tmp/vigil.log; fail "stop removed more or less than vigil's services"; }
ipvsadm -C
