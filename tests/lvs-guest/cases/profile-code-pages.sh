# Profile (not run by CI; `tests/lvs-guest/run.sh profile`): which pages of its executable a running vigil touches,
# for the method order the build links hot code by (scripts/code-order.sh turns this case's console lines into
# src/Vigil/HotMethods.order). The kernel's fault-around is set to one page (this guest only), so a page is resident
# only if the daemon touched it after the start-up trim dropped the start-up's pages. The workload: the benchmark's
# 1,000 real servers with TCP_CHECK, and VRRP both ways against keepalived (one instance master, one backup); first
# the steady state, then a real server's failure and return.
. /cases/lib.sh
N=1000
setup_bench_servers $N
conf=/tmp/profile.conf
write_bench_conf $N $conf
ip addr add 198.51.100.1/24 dev rsb0
ip netns exec rsb ip addr add 198.51.100.2/24 dev eth0
cat >>$conf <<'EOF'
vrrp_instance backup51 {
  state BACKUP
  interface rsb0
  virtual_router_id 51
  priority 100
  advert_int 1
  virtual_ipaddress {
    198.51.100.51/24
  }
}
vrrp_instance master52 {
  state MASTER
  interface rsb0
  virtual_router_id 52
  priority 150
  advert_int 1
  virtual_ipaddress {
    198.51.100.52/24
  }
}
EOF
cat >/tmp/peer.conf <<'EOF'
vrrp_instance peer51 {
  state MASTER
  interface eth0
  virtual_router_id 51
  priority 200
  advert_int 1
  virtual_ipaddress {
    198.51.100.51/24
  }
}
vrrp_instance peer52 {
  state BACKUP
  interface eth0
  virtual_router_id 52
  priority 50
  advert_int 1
  virtual_ipaddress {
    198.51.100.52/24
  }
}
EOF
ip netns exec rsb keepalived -n -l -P -f /tmp/peer.conf -p /run/peer.pid -r /run/peer-vrrp.pid >/tmp/peer.log 2>&1 &
peer=$!

mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
echo 4096 >/sys/kernel/debug/fault_around_bytes || fail "cannot set fault_around_bytes"

# As the benchmark runs it (bench-1000-tcp-check.sh): the victim up from the start, -D (the start-up trim's debug line),
# pages read at the moment the benchmark reads the resident size (table complete + 5 s + its 20 s window).
ip netns exec rsb sh -c "echo \$\$ >/tmp/victim.pid; exec httpd -f -p 8080 -h /tmp/www/b" &
sleep 1
VIGIL_RUN_ARGS=-D start_daemon vigil $conf
wait_for 600 "[ \$(ipvsadm -Ln | grep -c -- '->.*Masq') -ge $((N + 1)) ]" || { tail -5 /tmp/vigil.log; fail "table not complete"; }
wait_for 100 "grep -q 'master52: .* -> Master' /tmp/vigil.log" || { tail -5 /tmp/vigil.log; fail "master52 did not become master"; }
sleep 25
present_pages steady "$(cat /tmp/daemon.pid)"
# Then a real server's failure and return.
kill "$(cat /tmp/victim.pid)"
sleep 4
ip netns exec rsb sh -c "echo \$\$ >/tmp/victim.pid; exec httpd -f -p 8080 -h /tmp/www/b" &
sleep 4
present_pages events "$(cat /tmp/daemon.pid)"
grep -iE 'warn|fail|error' /tmp/vigil.log | head -5
stop_daemon vigil || fail "vigil did not stop"
kill "$(cat /tmp/victim.pid)" "$peer" 2>/dev/null
true
