# persistence_engine sip: keepalived 2.2.7 and Vigil install the same persistent UDP 5060 service with the SIP
# persistence engine (`ipvsadm -Ln`: "persistent 120 pe sip"), and the kernel then keys persistence by SIP Call-ID
# (two calls from one client reach different real servers, a call's next datagram the same one). A reload (SIGHUP)
# that drops the engine (no Call-ID template any more) and one that brings it back (Call-IDs again) edit the service
# in place (IPVS_CMD_SET_SERVICE) the same way under both daemons; the table is empty after stop.
. /cases/lib.sh
setup_nat_topology
ip addr add $VIP/32 dev cl0 # the VIP is local, so IPVS sees the client's datagrams (no VRRP here)
grep -q '^ip_vs_pe_sip ' /proc/modules || fail "ip_vs_pe_sip is not loaded (run.sh's module list)"

# sip_route CALL-ID: one SIP OPTIONS datagram from the client (a new source port each time); prints the real
# server of the kernel's connection template for that Call-ID (/proc/net/ip_vs_conn: "... sip CALL-ID").
sip_route() {
  printf 'OPTIONS sip:%s SIP/2.0\r\nVia: SIP/2.0/UDP 203.0.113.2\r\nCall-ID: %s\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n' $VIP "$1" >/tmp/sip.msg
  # one datagram: cat writes the file at once (bash's printf would send one per line); busybox's nc has no -u
  ip netns exec cl /usr/bin/bash -c "cat /tmp/sip.msg >/dev/udp/$VIP/5060"
  hex=$(awk -v id="$1" '$NF == id && $(NF-1) == "sip" { print $6 }' /proc/net/ip_vs_conn) # DestIP, 8 hex digits
  [ -z "$hex" ] || printf '%d.%d.%d.%d\n' $(echo "$hex" | sed 's/../0x& /g')
}
# sip_check TAG: calls TAGa and TAGb (fresh Call-IDs) go to different real servers (rr), TAGa's second datagram to TAGa's.
sip_check() {
  a1=$(sip_route "${1}a84b4c76e66710"); b=$(sip_route "${1}f81d4fae7dec11d0"); a2=$(sip_route "${1}a84b4c76e66710")
  echo "$1: call a -> $a1, call b -> $b, call a again -> $a2"
  [ -n "$a1" ] && [ -n "$b" ] || { cat /proc/net/ip_vs_conn; fail "$1: no connection template keyed by Call-ID"; }
  [ "$a1" = "$a2" ] || fail "$1: call a moved from $a1 to $a2"
  [ "$a1" != "$b" ] || fail "$1: both calls went to $a1 (persistence by client address, not Call-ID)"
}

conf=/tmp/sip.conf
sed '/persistence_engine/d' /conf/sip.conf >/tmp/sip-nope.conf
for d in keepalived vigil; do
  cp /conf/sip.conf $conf
  start_daemon $d $conf
  wait_table 100 '192.0.2.12:5060 +Masq 2$' || { cat /tmp/$d.log; ipvs_shape; fail "$d: the SIP service never held rs2"; }
  ipvs_shape >/tmp/$d.sip
  sip_check ${d}1
  cp /tmp/sip-nope.conf $conf
  kill -HUP "$(cat /tmp/daemon.pid)"
  wait_table 100 ' pe sip' absent || { cat /tmp/$d.log; ipvs_shape; fail "$d: the reload did not drop the engine"; }
  ipvs_shape >/tmp/$d.nope
  # the kernel dropped the engine: a datagram makes no template keyed by its Call-ID
  [ -z "$(sip_route ${d}0a84b4c76e66710)" ] || fail "$d: the engine still keys persistence after the reload dropped it"
  cp /conf/sip.conf $conf
  kill -HUP "$(cat /tmp/daemon.pid)"
  wait_table 100 ' pe sip' || { cat /tmp/$d.log; ipvs_shape; fail "$d: the reload did not bring the engine back"; }
  ipvs_shape >/tmp/$d.back
  sip_check ${d}2
  stop_daemon $d || fail "$d did not stop"
  [ -z "$(ipvs_shape)" ] || { ipvs_shape; fail "$d left the SIP service at stop"; }
done
echo "both:"; cat /tmp/vigil.sip
grep -qE '^UDP +203.0.113.10:5060 rr persistent 120 pe sip *$' /tmp/vigil.sip || fail "vigil did not install a persistent service with the sip engine"
grep -qE '^UDP +203.0.113.10:5060 rr persistent 120 *$' /tmp/vigil.nope || { cat /tmp/vigil.nope; fail "vigil: the service without the engine is not as expected"; }
for s in sip nope back; do
  cmp -s /tmp/keepalived.$s /tmp/vigil.$s || { echo "-- keepalived ($s)"; cat /tmp/keepalived.$s; echo "-- vigil ($s)"; cat /tmp/vigil.$s; fail "keepalived and vigil differ ($s)"; }
done
cmp -s /tmp/vigil.sip /tmp/vigil.back || fail "vigil: the table after the second reload differs from the first"
grep 'persistence engine' /tmp/vigil.log | sed 's/^.*reload: /vigil: /'
[ "$(grep -c 'edited in place' /tmp/vigil.log)" -ge 2 ] || { cat /tmp/vigil.log; fail "vigil did not edit the service in place at both reloads"; }
