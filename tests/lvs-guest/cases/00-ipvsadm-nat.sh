# The harness itself: the guest kernel has ip_vs; a NAT service set up with ipvsadm answers the client
# through the VIP from every real server, round robin.
. /cases/lib.sh
setup_nat_topology
ip addr add $VIP/32 dev cl0
ipvsadm -A -t $VIP:80 -s rr
for i in 1 2 3; do ipvsadm -a -t $VIP:80 -r 192.0.2.1$i:80 -m -w 1; done
ipvsadm -Ln
got=$(answering 6)
[ "$got" = "rs1 rs2 rs3 " ] || fail "answering: '$got'"
ipvsadm -C
[ -z "$(ipvs_table)" ] || fail "not empty after -C"
