# FILE_CHECK and lvs_sync_daemon across a reload (SIGHUP), keepalived 2.2.7 beside Vigil on the same configs:
# rs1's weight follows its track_file (1 + value × weight) at start, when the file changes, and when a reload
# changes the FILE_CHECK's weight (to -100: clamped to 0); a reload to FILE_CHECK weight 0 makes the non-zero
# value a failure and takes it out, and the file still counts after the reloads; an lvs_sync_daemon whose id the
# reload changes is restarted with the new one. `ipvsadm -Ln` and `ipvsadm -L --daemon` identical at each step.
. /cases/lib.sh
setup_nat_topology
conf() { # $1 FILE_CHECK weight, $2 sync id
  printf 'global_defs {\n    lvs_sync_daemon cl0 id %s\n}\ntrack_file tf {\n    file /tmp/tf\n}\n' "$2"
  printf 'virtual_server %s 80 {\n    delay_loop 1\n    lb_algo rr\n    lb_kind NAT\n    protocol TCP\n' $VIP
  printf '    real_server 192.0.2.11 80 {\n        weight 1\n        FILE_CHECK {\n            track_file tf\n            weight %s\n        }\n    }\n' "$1"
  printf '    real_server 192.0.2.12 80 {\n        weight 1\n        TCP_CHECK {\n            connect_timeout 1\n        }\n    }\n}\n'
}
daemons() { ipvsadm -L --daemon 2>/dev/null; }
snap() { ipvs_shape >/tmp/$d.$1; daemons >>/tmp/$d.$1; }

run_one() { # $1 daemon: writes /tmp/$1.{start,file,reload,zero,down,back}
  d=$1
  echo 2 >/tmp/tf
  conf 10 9 >/tmp/fc.conf
  start_daemon $d /tmp/fc.conf
  wait_table 100 '192.0.2.11:80 +Masq 21$' || { ipvs_shape; cat /tmp/$d.log; fail "$d: rs1 not at 1 + 2 × 10"; }
  wait_table 100 '192.0.2.12:80 +Masq 1$' || { cat /tmp/$d.log; fail "$d: no rs2"; }
  wait_for 50 "daemons | grep -q 'syncid=9'" || { daemons; cat /tmp/$d.log; fail "$d: no sync daemon"; }
  snap start
  echo 3 >/tmp/tf
  wait_table 100 '192.0.2.11:80 +Masq 31$' || { ipvs_shape; cat /tmp/$d.log; fail "$d: rs1 did not follow the file to 31"; }
  snap file
  conf 5 10 >/tmp/fc.conf
  kill -HUP "$(cat /tmp/daemon.pid)"
  wait_table 100 '192.0.2.11:80 +Masq 16$' || { ipvs_shape; cat /tmp/$d.log; fail "$d: the reload did not set rs1 to 1 + 3 × 5"; }
  wait_for 50 "daemons | grep -q 'syncid=10'" || { daemons; cat /tmp/$d.log; fail "$d: the reload did not restart the sync daemon with id 10"; }
  snap reload
  conf -100 10 >/tmp/fc.conf # 1 + 3 × -100 clamps to weight 0 (a fault is only INT_MIN in keepalived 2.2.7)
  kill -HUP "$(cat /tmp/daemon.pid)"
  wait_table 100 '192.0.2.11:80 +Masq 0$' || { ipvs_shape; cat /tmp/$d.log; fail "$d: rs1 not at weight 0 with a FILE_CHECK weight of -100"; }
  snap zero
  conf 0 10 >/tmp/fc.conf # FILE_CHECK weight 0: a non-zero value is down
  kill -HUP "$(cat /tmp/daemon.pid)"
  wait_table 100 '192.0.2.11:80' absent || { ipvs_shape; cat /tmp/$d.log; fail "$d: rs1 stayed with its file at 3 and a FILE_CHECK weight of 0"; }
  sleep 1
  snap down
  echo 0 >/tmp/tf # the watcher runs on after the reloads: 0 is up, back at weight 1
  wait_table 100 '192.0.2.11:80 +Masq 1$' || { ipvs_shape; cat /tmp/$d.log; fail "$d: rs1 did not come back with its file at 0"; }
  snap back
  stop_daemon $d || fail "$d did not stop"
  [ -z "$(ipvs_shape)" ] || fail "$d: table not empty after stop"
  wait_for 30 '[ -z "$(daemons)" ]' || { daemons; fail "$d left a sync daemon running at stop"; }
}

run_one keepalived
run_one vigil
for phase in start file reload zero down back; do
  cmp -s /tmp/keepalived.$phase /tmp/vigil.$phase || { echo "-- keepalived"; cat /tmp/keepalived.$phase; echo "-- vigil"; cat /tmp/vigil.$phase; fail "keepalived and vigil differ ($phase)"; }
done
echo "after the reload (both):"; cat /tmp/vigil.reload
