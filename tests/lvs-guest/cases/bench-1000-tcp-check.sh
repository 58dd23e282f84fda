# Benchmark (not run by CI; `tests/lvs-guest/run.sh bench`): 1,000 real servers with TCP_CHECK at
# delay_loop 1, keepalived 2.2.7 beside Vigil on the same config: CPU (user+system over 20 s, all the
# daemon's processes) and RSS once the table is complete; then the time a dead real server (its listener
# killed) takes to leave the table, against the bound delay_loop + connect_timeout + 50 ms (retry 0).
# Numbers are from a TCG-emulated guest (no KVM): compare them with each other, not with a real host.
. /cases/lib.sh
N=1000
ip netns add rsb
ip link add rsb0 type veth peer name eth0 netns rsb
ip -6 addr add 2001:db8:1::fffe/64 dev rsb0 nodad
ip link set rsb0 up
: >/tmp/addrs
i=1; while [ $i -le $N ]; do printf 'address add 2001:db8:1::1:%x/64 dev eth0 nodad\n' $i >>/tmp/addrs; i=$((i + 1)); done
ip netns exec rsb ip link set lo up
ip netns exec rsb ip link set eth0 up
ip netns exec rsb ip -6 -batch /tmp/addrs
ip netns exec rsb ip -6 route add default via 2001:db8:1::fffe
mkdir -p /tmp/www/b && echo b >/tmp/www/b/index.html
ip netns exec rsb sh -c "exec httpd -f -p 80 -h /tmp/www/b" &
ip netns exec rsb sh -c "echo \$\$ >/tmp/victim.pid; exec httpd -f -p 8080 -h /tmp/www/b" &
ip -6 addr add 2001:db8:2::10/128 dev lo

conf=/tmp/bench.conf
{
  echo "virtual_server 2001:db8:2::10 80 {"
  echo "  delay_loop 1"; echo "  lb_algo rr"; echo "  lb_kind NAT"; echo "  protocol TCP"
  echo "  real_server 2001:db8:1::1:1 8080 {"; echo "    TCP_CHECK {"; echo "      connect_timeout 1"; echo "      retry 0"; echo "    }"; echo "  }"
  i=2; while [ $i -le $N ]; do
    printf '  real_server 2001:db8:1::1:%x 80 {\n    TCP_CHECK {\n      connect_timeout 1\n      retry 0\n    }\n  }\n' $i
    i=$((i + 1))
  done
  echo "}"
} >$conf

pids_of() { # the daemon and its children
  root=$(cat /tmp/daemon.pid); echo $root
  for s in /proc/[0-9]*/stat; do awk -v r="$root" '$4 == r { print $1 }' "$s" 2>/dev/null; done
}
ticks() { t=0; for p in $(pids_of); do t=$((t + $(awk '{ print $14 + $15 }' /proc/$p/stat 2>/dev/null || echo 0))); done; echo $t; }
rss_kb() { for p in $(pids_of); do printf '%s=%s ' "$(cat /proc/$p/comm)" "$(awk '/VmRSS/ { print $2 }' /proc/$p/status)"; done; }
uptime_ms() { awk '{ printf "%d", $1 * 1000 }' /proc/uptime; }
dests() { ipvsadm -Ln | grep -c -- '->.*Masq'; }

bench() {
  d=$1
  ip netns exec rsb sh -c "echo \$\$ >/tmp/victim.pid; exec httpd -f -p 8080 -h /tmp/www/b" &
  sleep 1
  t0=$(uptime_ms)
  start_daemon $d $conf
  wait_for 600 "[ \$(dests) -ge $N ]" || { tail -5 /tmp/$d.log; fail "$d: table not complete"; }
  log "$d: $N real servers in the table $(( $(uptime_ms) - t0 )) ms after start"
  sleep 5
  c0=$(ticks); w0=$(uptime_ms); sleep 20; c1=$(ticks); w1=$(uptime_ms)
  log "$d: CPU $(( (c1 - c0) * 10 )) ms over $(( w1 - w0 )) ms ($(( (c1 - c0) * 1000 / ((w1 - w0) / 10) / 10 )).$(( (c1 - c0) * 1000 / ((w1 - w0) / 10) % 10 ))% of one core); RSS kB: $(rss_kb)"
  kill "$(cat /tmp/victim.pid)"; k=$(uptime_ms)
  wait_for 300 "! ipvsadm -Ln | grep -q '2001:db8:1::1:1\]:8080'" || fail "$d: dead real server stayed"
  log "$d: dead real server out of the table $(( $(uptime_ms) - k )) ms after its listener was killed (bound: 1000 + 1000 + 50 ms; polling adds up to one ipvsadm run)"
  stop_daemon $d || fail "$d did not stop"
}
bench keepalived
bench vigil
