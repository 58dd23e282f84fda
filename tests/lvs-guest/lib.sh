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
start_daemon() {
  rm -f "/tmp/$1.log" # so a wait on the log never reads the previous run's
  case "$1" in
    keepalived) keepalived -n -l -D -f "$2" -p /run/ka.pid -c /run/ka-check.pid -r /run/ka-vrrp.pid >/tmp/keepalived.log 2>&1 & ;;
    vigil) vigil run ${VIGIL_RUN_ARGS:-} -f "$2" >/tmp/vigil.log 2>&1 & ;;
    vigil-base) vigil-base run ${VIGIL_RUN_ARGS:-} -f "$2" >/tmp/vigil-base.log 2>&1 & ;; # the bench's earlier build
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
