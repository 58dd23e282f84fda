# Shared by the guest cases (sourced). The LVS-NAT topology, all inside the guest:
#   client ns "cl" 203.0.113.2 --veth-- director (root ns) 203.0.113.1, VIP 203.0.113.10
#   director 192.0.2.1 on bridge "brrs" --veth-- real server ns rs1..rs3 at 192.0.2.11..13 (httpd on :80)
# Real servers route back through the director (NAT). Every wait is bounded.
set -u
# busybox's shell prefers its own applets to PATH; iproute2's ip is needed (netns, bridge).
ip() { /sbin/ip "$@"; }
VIP=203.0.113.10

fail() { echo "FAIL: $*"; exit 1; }
log() { echo "$*"; }

teardown_nat_topology() { # what an earlier case left
  for i in 1 2 3; do [ -f /tmp/rs$i.pid ] && stop_rs $i; ip netns del rs$i 2>/dev/null; done
  ip netns del cl 2>/dev/null; ip link del brrs 2>/dev/null; ipvsadm -C
  true
}

setup_nat_topology() {
  teardown_nat_topology
  sysctl -qw net.ipv4.ip_forward=1
  ip netns add cl
  ip link add cl0 type veth peer name eth0 netns cl
  ip addr add 203.0.113.1/24 dev cl0
  ip link set cl0 up
  ip netns exec cl ip addr add 203.0.113.2/24 dev eth0
  ip netns exec cl ip link set eth0 up
  ip netns exec cl ip link set lo up
  ip netns exec cl ip route add default via 203.0.113.1
  ip link add brrs type bridge
  ip addr add 192.0.2.1/24 dev brrs
  ip link set brrs up
  for i in 1 2 3; do
    ip netns add rs$i
    ip link add rs$i-p type veth peer name eth0 netns rs$i
    ip link set rs$i-p master brrs up
    ip netns exec rs$i ip addr add 192.0.2.1$i/24 dev eth0
    ip netns exec rs$i ip link set eth0 up
    ip netns exec rs$i ip link set lo up
    ip netns exec rs$i ip route add default via 192.0.2.1
    mkdir -p /tmp/www/rs$i && echo "rs$i" >/tmp/www/rs$i/index.html
    start_rs $i
  done
}

start_rs() { # $1 index: httpd in its namespace, pid in /tmp/rs$1.pid
  # the shell writes its own pid, then becomes httpd (ip netns exec forks, so $! would be ip's)
  ip netns exec rs$1 sh -c "echo \$\$ >/tmp/rs$1.pid; exec httpd -f -p 80 -h /tmp/www/rs$1" &
  wait_for 20 "[ -s /tmp/rs$1.pid ]"
  wait_for 50 "http_get 192.0.2.1$1 | grep -q rs$1"
}

stop_rs() { # kill, and wait (bounded) until the port is closed
  kill "$(cat /tmp/rs$1.pid)" 2>/dev/null; rm -f /tmp/rs$1.pid
  wait_for 50 "! http_get 192.0.2.1$1 | grep -q rs$1"
}

# The body of GET / from $1 (busybox nc; its static wget crashes in the resolver here).
http_get() { printf 'GET / HTTP/1.0\r\n\r\n' | nc -w 2 "$1" 80 2>/dev/null | tail -n 1; }

client_get() { ip netns exec cl sh -c "printf 'GET / HTTP/1.0\r\n\r\n' | nc -w 2 $VIP 80" 2>/dev/null | tail -n 1; }

# Which real servers answer N requests through the VIP, sorted and unique, on one line.
answering() { i=0; while [ $i -lt "${1:-9}" ]; do client_get; i=$((i + 1)); done | sort -u | tr '\n' ' '; }

# wait_for TRIES CMD: evaluates CMD every 0.1 s until it succeeds, at most TRIES times.
wait_for() {
  n=0
  while ! eval "$2" >/dev/null 2>&1; do
    n=$((n + 1)); [ $n -lt "$1" ] || return 1
    sleep 0.1
  done
}

# The IPVS table without its header lines (which carry the kernel's version and table size).
ipvs_table() { ipvsadm -Ln | tail -n +4; }

# The table as compared between keepalived and Vigil: services and destinations with method and
# weight, without the connection counters (which depend on the traffic each run saw).
ipvs_shape() { ipvsadm -Ln | tail -n +4 | awk '$1 == "->" { print $1, $2, $3, $4; next } { print }'; }

# wait_table TRIES PATTERN [absent]: until the table (shape) matches PATTERN (grep -E), or no longer does.
wait_table() {
  if [ "${3:-}" = absent ]; then wait_for "$1" "! ipvs_shape | grep -qE '$2'"; else wait_for "$1" "ipvs_shape | grep -qE '$2'"; fi
}

# start_daemon keepalived|vigil CONF: in the background, its pid in /tmp/daemon.pid, output in /tmp/NAME.log.
# VIGIL_BASE_ENV="NAME=VALUE ..." runs vigil-base with that environment (the same binary with a runtime knob, say).
start_daemon() {
  rm -f "/tmp/$1.log" # so a wait on the log never reads the previous run's
  case "$1" in
    keepalived) keepalived -n -l -D -f "$2" -p /run/ka.pid -c /run/ka-check.pid -r /run/ka-vrrp.pid >/tmp/keepalived.log 2>&1 & ;;
    vigil) vigil run ${VIGIL_RUN_ARGS:-} -f "$2" >/tmp/vigil.log 2>&1 & ;;
    vigil-base) env ${VIGIL_BASE_ENV:-} vigil-base run ${VIGIL_RUN_ARGS:-} -f "$2" >/tmp/vigil-base.log 2>&1 & ;; # the bench's earlier build
  esac
  echo $! >/tmp/daemon.pid
}

stop_daemon() { # SIGTERM, then wait (bounded) for it to exit
  pid=$(cat /tmp/daemon.pid)
  kill -TERM "$pid" 2>/dev/null
  n=0; while kill -0 "$pid" 2>/dev/null && [ $n -lt 100 ]; do sleep 0.1; n=$((n + 1)); done
  kill -0 "$pid" 2>/dev/null && { kill -KILL "$pid"; echo "$(basename "$2") did not stop within 10 s"; return 1; }
  true
}

# The benchmark's real servers (bench-*, profile-*): namespace rsb behind veth rsb0, $1 addresses
# 2001:db8:1::1:N on one listener at :80, and the victim 2001:db8:1::2:1 (its httpd started by the case, on :8080).
setup_bench_servers() {
  ip netns add rsb
  ip link add rsb0 type veth peer name eth0 netns rsb
  ip -6 addr add 2001:db8:1::fffe/64 dev rsb0 nodad
  ip link set rsb0 up
  : >/tmp/addrs
  i=1; while [ $i -le "$1" ]; do printf 'address add 2001:db8:1::1:%x/64 dev eth0 nodad\n' $i >>/tmp/addrs; i=$((i + 1)); done
  echo "address add 2001:db8:1::2:1/64 dev eth0 nodad" >>/tmp/addrs
  ip netns exec rsb ip link set lo up
  ip netns exec rsb ip link set eth0 up
  ip netns exec rsb ip -6 -batch /tmp/addrs
  ip netns exec rsb ip -6 route add default via 2001:db8:1::fffe
  mkdir -p /tmp/www/b && echo b >/tmp/www/b/index.html
  # The listener: one openssl s_server process (an accept loop, no fork per connection, backlog 4096; a check's
  # reset only ends that TLS handshake). Until 2026-12-06 this was busybox httpd (accept backlog 9, a fork per
  # connection): in the TCG guest it accepted ~150-400 connections a second, so neither daemon could reach 1,000
  # checks a second and SYNs dropped at its queue were retried after 1 s = connect_timeout (false DOWNs).
  OPENSSL_CONF=/dev/null openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj /CN=rs -days 2 \
    -keyout /tmp/tls.key -out /tmp/tls.crt >/tmp/req.log 2>&1 || { cat /tmp/req.log; fail "cannot make a test certificate"; }
  ip netns exec rsb sh -c "OPENSSL_CONF=/dev/null exec openssl s_server -quiet -accept '[::]:80' -cert /tmp/tls.crt -key /tmp/tls.key" >/tmp/s_server.log 2>&1 &
  sleep 1; renice_httpd
  wait_for 50 "ip netns exec rsb grep -q ':0050 0*:0000 0A' /proc/net/tcp6" || { cat /tmp/s_server.log; fail "the real servers' listener did not start"; }
  ip -6 addr add 2001:db8:2::10/128 dev lo
}

# The real servers at nice -10: they share the guest's vCPUs with the director's checker (on a real network they
# have hosts of their own), so a daemon at its fair share does not slow their accepts.
renice_httpd() { for p in $(pidof httpd) $(pidof openssl); do renice -n -10 -p $p >/dev/null; done; }

# write_bench_conf N FILE: one service of N real servers with TCP_CHECK at delay_loop 1, and the victim in a service
# of its own, so polling its one line stays cheap while the others are checked.
write_bench_conf() {
  {
    echo "virtual_server 2001:db8:2::10 80 {"
    echo "  delay_loop 1"; echo "  lb_algo rr"; echo "  lb_kind NAT"; echo "  protocol TCP"
    i=1; while [ $i -le "$1" ]; do
      printf '  real_server 2001:db8:1::1:%x 80 {\n    TCP_CHECK {\n      connect_timeout 1\n      retry 0\n    }\n  }\n' $i
      i=$((i + 1))
    done
    echo "}"
    echo "virtual_server 2001:db8:2::10 8080 {"
    echo "  delay_loop 1"; echo "  lb_algo rr"; echo "  lb_kind NAT"; echo "  protocol TCP"
    echo "  real_server 2001:db8:1::2:1 8080 {"; echo "    TCP_CHECK {"; echo "      connect_timeout 1"; echo "      retry 0"; echo "    }"; echo "  }"
    echo "}"
  } >"$2"
}

# present_pages TAG PID: per mapping of the process's executable, its resident pages as runs FIRST+COUNT of page numbers
# (the executable is linked at a fixed address, so page number × 4096 is the address its symbols have), and how many
# 64 KiB windows they fall in: what the kernel's default fault-around would make resident.
present_pages() {
  grep " $(readlink /proc/$2/exe)\$" /proc/$2/maps | while read -r range perms rest; do
    s=$((0x${range%-*} / 4096)); e=$((0x${range#*-} / 4096))
    dd if=/proc/$2/pagemap bs=8 skip=$s count=$((e - s)) 2>/dev/null | od -An -v -tx8 -w8 | awk -v tag="$1" -v perms="$perms" -v s=$s '
      { p = s + NR - 1; if (substr($1, 1, 1) ~ /[89a-f]/) { if (!(int(p / 16) in w)) { w[int(p / 16)]; windows++ } if (p == last + 1) n++; else { flush(); first = p; n = 1 } last = p } }
      function flush() { if (n) { runs = runs " " first "+" n; total += n } n = 0 }
      END { flush(); printf "PAGES %s %s %d in %d windows of 64 KiB, pages:%s\n", tag, perms, total, windows + 0, runs }' | fold -s -w 900 | sed '2,$s/^/PAGES+ /'
  done
}
