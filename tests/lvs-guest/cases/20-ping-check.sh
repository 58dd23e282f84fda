# PING_CHECK, keepalived 2.2.7 and Vigil on the same config (conf/ping.conf): a real server that stops answering
# ICMP echo (net.ipv4.icmp_echo_ignore_all in its namespace; its httpd still runs) is taken out and comes back
# when it answers again; `ipvsadm -Ln` identical at each step, ping_group_range as it was after stop.
. /cases/lib.sh
setup_nat_topology
conf=/conf/ping.conf
echo_off() { ip netns exec rs2 sysctl -qw net.ipv4.icmp_echo_ignore_all=$1; }
range=$(cat /proc/sys/net/ipv4/ping_group_range)

run_one() { # $1 daemon: writes /tmp/$1.{start,dead,back}
  d=$1
  echo_off 0
  start_daemon $d $conf
  wait_table 100 '192.0.2.12:80 +Masq 2$' || { cat /tmp/$d.log; fail "$d: the table never held rs2"; }
  wait_table 100 '192.0.2.11:80 +Masq 1$' || { cat /tmp/$d.log; fail "$d: the table never held rs1"; }
  ipvs_shape >/tmp/$d.start
  echo_off 1
  t0=$(cut -d' ' -f1 /proc/uptime)
  wait_table 150 '192.0.2.12:80' absent || { cat /tmp/$d.log; fail "$d: rs2 stayed in the table without answering ICMP"; }
  log "$d: rs2 out $(awk -v a="$t0" -v b="$(cut -d' ' -f1 /proc/uptime)" 'BEGIN { printf "%.1f", b - a }') s after it stopped answering"
  sleep 1 # rs1 must stay: its checks go on answering
  ipvs_shape >/tmp/$d.dead
  echo_off 0
  wait_table 150 '192.0.2.12:80 +Masq 2$' || { cat /tmp/$d.log; fail "$d: rs2 did not return"; }
  ipvs_shape >/tmp/$d.back
  stop_daemon $d || fail "$d did not stop"
  [ -z "$(ipvs_shape)" ] || fail "$d: table not empty after stop"
  [ "$(cat /proc/sys/net/ipv4/ping_group_range)" = "$range" ] || log "$d: ping_group_range left at $(cat /proc/sys/net/ipv4/ping_group_range) (was $range)"
}

run_one keepalived
ka_range=$(cat /proc/sys/net/ipv4/ping_group_range)
sysctl -qw net.ipv4.ping_group_range="$range"
run_one vigil
[ "$(cat /proc/sys/net/ipv4/ping_group_range)" = "$ka_range" ] || fail "ping_group_range after stop: keepalived $ka_range, vigil $(cat /proc/sys/net/ipv4/ping_group_range)"
for phase in start dead back; do
  cmp -s /tmp/keepalived.$phase /tmp/vigil.$phase || { echo "-- keepalived"; cat /tmp/keepalived.$phase; echo "-- vigil"; cat /tmp/vigil.$phase; fail "tables differ ($phase)"; }
done
echo "table with rs2 silent (both):"; cat /tmp/vigil.dead
