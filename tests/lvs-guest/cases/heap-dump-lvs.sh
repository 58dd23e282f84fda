# Heap dump (not run by CI; `tests/lvs-guest/run.sh heap-dump`): the benchmark's 1,000 TCP_CHECK real servers under
# vigil, and once it runs steadily (the table complete + 25 s, when the benchmark reads the resident size) its GC
# regions (the anonymous rw-p mappings that start on a 1 MiB boundary) are written to the console, gzipped in base64
# ("HEAPREGION start end" then "HEAPB64" lines), with the process's maps ("HEAPMAP"). scripts/heap-histogram.py
# turns them into objects by type, named from artifacts/vigil.dbg.
. /cases/lib.sh
N=1000
setup_bench_servers $N
conf=/tmp/bench.conf
write_bench_conf $N $conf
ip netns exec rsb sh -c "echo \$\$ >/tmp/victim.pid; exec httpd -f -p 8080 -h /tmp/www/b" &
sleep 1
renice_httpd
VIGIL_RUN_ARGS=-D start_daemon vigil $conf
wait_for 600 "[ \$(ipvsadm -Ln | grep -c -- '->.*Masq') -ge $((N + 1)) ]" || { tail -5 /tmp/vigil.log; fail "table not complete"; }
sleep 25
pid=$(cat /tmp/daemon.pid)
log "heap-dump: Rss $(awk '/^Rss:/ { print $2 }' /proc/$pid/smaps_rollup) kB"
grep -o 'start-up memory returned.*' /tmp/vigil.log | sed 's/^/heap-dump: /'
grep -m1 -o 'real servers.*' /tmp/vigil.log | sed 's/^/heap-dump: first line: /' # when the table was first written, against the trims
sed 's/^/HEAPMAP /' /proc/$pid/maps
grep -E '^[0-9a-f]+-[0-9a-f]+ rw-p 00000000 00:00 0 *$' /proc/$pid/maps | while read -r range rest; do
  s=$((0x${range%-*})); e=$((0x${range#*-}))
  [ $((s % 1048576)) = 0 ] || continue
  echo "HEAPREGION ${range%-*} ${range#*-}"
  dd if=/proc/$pid/mem bs=4096 skip=$((s / 4096)) count=$(((e - s) / 4096)) 2>/dev/null | gzip -c | base64 | sed 's/^/HEAPB64 /'
done
stop_daemon vigil || fail "vigil did not stop"
kill "$(cat /tmp/victim.pid)" 2>/dev/null
true
