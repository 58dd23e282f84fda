#!/usr/bin/env bash
# Captures real keepalived 2.2.7 advertisements as golden test vectors for the Vigil codec.
#
# Two network namespaces (vgcod-a runs keepalived, vgcod-b listens with tshark) joined by a
# veth pair with fixed MACs, so the IPv6 link-local source is reproducible. For each case
# keepalived becomes master, sends adverts, then is stopped with SIGTERM, which makes it send
# a priority-0 advert (RFC 5798 §6.4.3 "Shutdown"). The first advert and the priority-0
# advert are written as text vectors: the envelope facts (src, dst, ttl) and the VRRP
# message (the IP payload) in hex, plus the parameters the encoder needs to rebuild it.
#
# Usage (root): tests/Vigil.Core.Tests/Golden/capture-keepalived.sh [OUTDIR]
# Network safety: touches only the namespaces it creates (prefix vgcod), addresses only from
# 192.0.2.0/24 and 2001:db8::/32, stops only the processes it started, by PID.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:-$here/vectors}"
nsa=vgcod-a
nsb=vgcod-b
tmp="$(mktemp -d /tmp/vgcod.XXXXXX)"
pids=()

cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  ip netns del "$nsa" 2>/dev/null || true
  ip netns del "$nsb" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

command -v keepalived >/dev/null || { echo "keepalived not installed" >&2; exit 2; }
command -v tshark >/dev/null || { echo "tshark not installed" >&2; exit 2; }
[ "$(id -u)" -eq 0 ] || { echo "run as root (network namespaces)" >&2; exit 2; }

# Leftovers from an earlier, interrupted run.
ip netns del "$nsa" 2>/dev/null || true
ip netns del "$nsb" 2>/dev/null || true

ip netns add "$nsa"
ip netns add "$nsb"
for ns in "$nsa" "$nsb"; do
  ip netns exec "$ns" sysctl -qw net.ipv6.conf.default.accept_dad=0
  ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.accept_dad=0
  ip -n "$ns" link set lo up
done
ip -n "$nsa" link add vgcod-a0 address 02:00:5e:00:0a:01 type veth peer name vgcod-b0 netns "$nsb" address 02:00:5e:00:0b:01
ip -n "$nsa" addr add 192.0.2.1/24 dev vgcod-a0
ip -n "$nsb" addr add 192.0.2.2/24 dev vgcod-b0
ip -n "$nsa" addr add 2001:db8::1/64 dev vgcod-a0 nodad
ip -n "$nsb" addr add 2001:db8::2/64 dev vgcod-b0 nodad
ip -n "$nsa" link set vgcod-a0 up
ip -n "$nsb" link set vgcod-b0 up
sleep 1

# capture NAME PARAMS CONFIG_BODY
#   PARAMS: the encoder parameters, one "key=value" per line, copied into the vector files.
capture() {
  local name="$1" params="$2" instance="$3"
  local conf="$tmp/$name.conf" pcap="$tmp/$name.pcap"
  cat >"$conf" <<CONF
global_defs {
  router_id vgcod
}
vrrp_instance VGCOD {
$instance
}
CONF
  : >"$pcap"
  chmod 666 "$pcap"
  ip netns exec "$nsb" tshark -q -i vgcod-b0 -f "ip proto 112 or ip6 proto 112" -w "$pcap" 2>"$tmp/$name.tshark.log" &
  local tpid=$!
  pids+=("$tpid")
  sleep 3
  ip netns exec "$nsa" keepalived -n -l -D -P -f "$conf" -p "$tmp/$name.pid" -r "$tmp/$name.vrrp.pid" >"$tmp/$name.keepalived.log" 2>&1 &
  local kpid=$!
  pids+=("$kpid")
  sleep 7
  kill -TERM "$kpid"
  for _ in $(seq 1 30); do kill -0 "$kpid" 2>/dev/null || break; sleep 0.2; done
  sleep 1
  kill -INT "$tpid"
  wait "$tpid" 2>/dev/null || true
  wait "$kpid" 2>/dev/null || true

  # With the VRRP dissector disabled the IP payload appears as data.data.
  local rows
  rows="$(tshark -r "$pcap" --disable-protocol vrrp -T fields -E separator=, \
    -e ip.src -e ip.dst -e ip.ttl -e ipv6.src -e ipv6.dst -e ipv6.hlim -e data.data)"
  local first="" zero=""
  while IFS=, read -r s4 d4 t4 s6 d6 h6 data; do
    [ -n "$data" ] || continue
    local prio="${data:4:2}"
    if [ "$prio" = "00" ]; then
      [ -n "$zero" ] || zero="$s4$s6,$d4$d6,$t4$h6,$data"
    else
      [ -n "$first" ] || first="$s4$s6,$d4$d6,$t4$h6,$data"
    fi
  done <<<"$rows"
  [ -n "$first" ] || { echo "$name: no advert captured" >&2; cat "$tmp/$name.keepalived.log" >&2; exit 1; }
  write_vector "$out/$name.txt" "$name" "$params" "$first" "$conf"
  if [ -n "$zero" ]; then
    write_vector "$out/$name.prio0.txt" "$name (priority 0 on shutdown)" "$(sed 's/^priority=.*/priority=0/' <<<"$params")" "$zero" "$conf"
  fi
  echo "$name: captured"
}

write_vector() {
  local file="$1" title="$2" params="$3" row="$4" conf="$5"
  local src dst ttl data
  IFS=, read -r src dst ttl data <<<"$row"
  {
    echo "# keepalived $(keepalived -v 2>&1 | head -1 | awk '{print $2}') advert: $title"
    echo "# captured by capture-keepalived.sh; config used:"
    sed 's/^/#   /' "$conf"
    echo "$params"
    echo "src=$src"
    echo "dst=$dst"
    echo "ttl=$ttl"
    echo "vrrp=$data"
  } >"$file"
}

mkdir -p "$out"

capture v2-multicast-noauth "version=2
family=ipv4
vrid=51
priority=100
interval_cs=100
auth=none
vips=192.0.2.100 192.0.2.101" "  state BACKUP
  interface vgcod-a0
  virtual_router_id 51
  priority 100
  advert_int 1
  virtual_ipaddress {
    192.0.2.100/24
    192.0.2.101/24
  }"

capture v2-unicast-pass "version=2
family=ipv4
vrid=52
priority=150
interval_cs=100
auth=pass
auth_pass=vgpass1
vips=192.0.2.110" "  state BACKUP
  interface vgcod-a0
  virtual_router_id 52
  priority 150
  advert_int 1
  authentication {
    auth_type PASS
    auth_pass vgpass1
  }
  unicast_src_ip 192.0.2.1
  unicast_peer {
    192.0.2.2
  }
  virtual_ipaddress {
    192.0.2.110/24
  }"

capture v3-ipv4-multicast-int10cs "version=3
family=ipv4
vrid=53
priority=100
interval_cs=10
auth=none
vips=192.0.2.120" "  state BACKUP
  version 3
  interface vgcod-a0
  virtual_router_id 53
  priority 100
  advert_int 0.1
  virtual_ipaddress {
    192.0.2.120/24
  }"

capture v3-ipv4-unicast "version=3
family=ipv4
vrid=54
priority=200
interval_cs=100
auth=none
vips=192.0.2.130" "  state BACKUP
  version 3
  interface vgcod-a0
  virtual_router_id 54
  priority 200
  advert_int 1
  unicast_src_ip 192.0.2.1
  unicast_peer {
    192.0.2.2
  }
  virtual_ipaddress {
    192.0.2.130/24
  }"

capture v3-ipv6-multicast "version=3
family=ipv6
vrid=55
priority=100
interval_cs=100
auth=none
vips=2001:db8::100 2001:db8::101" "  state BACKUP
  version 3
  interface vgcod-a0
  virtual_router_id 55
  priority 100
  advert_int 1
  virtual_ipaddress {
    2001:db8::100/64
    2001:db8::101/64
  }"
