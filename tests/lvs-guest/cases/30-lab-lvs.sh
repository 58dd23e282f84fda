# `vigil lab --scenario lvs` in a kernel with ip_vs: two LVS-DR directors (VRRP and virtual_server in one vigil run
# each) in front of two real servers; a real server dies and returns, then the master director powers off. The
# scenario asserts each step itself (exit 0) and prints the client's failures and outage per step.
. /cases/lib.sh
teardown_nat_topology
vigil lab --scenario lvs --timing fast --rate 40 --prefix vglv- >/tmp/lab.out 2>&1
rc=$?
grep -E '^(network|lvs|step|  ok|  FAILED|steady|waiting)|outage|answered' /tmp/lab.out | head -n 40
[ $rc -eq 0 ] || { tail -n 40 /tmp/lab.out; fail "vigil lab --scenario lvs exited $rc"; }
ip netns list | grep -q vglv- && fail "the lab left namespaces behind"
true
