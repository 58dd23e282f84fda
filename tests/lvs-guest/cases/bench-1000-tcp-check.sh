# Benchmark (not run by CI; `tests/lvs-guest/run.sh bench`): 1,000 real servers with TCP_CHECK at
# delay_loop 1, keepalived 2.2.7 beside Vigil on the same config: CPU (user+system over 20 s, all the
# daemon's processes) and RSS once the table is complete; then the time a dead real server (its listener
# killed) takes to leave the table, against the bound delay_loop + connect_timeout + 50 ms (retry 0).
# Numbers are from a TCG-emulated guest (no KVM): compare them with each other, not with a real host.
. /cases/lib.sh
N=1000
setup_bench_servers $N
conf=/tmp/bench.conf
write_bench_conf $N $conf

pids_of() { # the daemon and its children
  root=$(cat /tmp/daemon.pid); echo $root
  for s in /proc/[0-9]*/stat; do awk -v r="$root" '$4 == r { print $1 }' "$s" 2>/dev/null; done
}
user_sys() { u=0; s=0; for p in $(pids_of); do u=$((u + $(awk '{ print $14 }' /proc/$p/stat))); s=$((s + $(awk '{ print $15 }' /proc/$p/stat))); done; echo "$u $s"; }
ticks() { t=0; for p in $(pids_of); do t=$((t + $(awk '{ print $14 + $15 }' /proc/$p/stat 2>/dev/null || echo 0))); done; echo $t; }
# Resident size from smaps_rollup (exact). status's VmRSS, the measure until 2026-12-07, is approximate on this 6.1 kernel
# (each thread batches its page-fault counts, up to 64 faults, before the process total sees them): for the 11-thread
# vigil it read 1.7-2 MB below smaps (run after the start-up trim), for the one-thread keepalived processes about right.
rss_of() { awk '/^Rss:/ { print $2 }' /proc/$1/smaps_rollup; }
rss_kb() { for p in $(pids_of); do printf '%s=%s(VmRSS %s anon %s file %s shmem %s) ' "$(cat /proc/$p/comm)" "$(rss_of $p)" "$(awk '/VmRSS/ { print $2 }' /proc/$p/status)" "$(awk '/RssAnon/ { print $2 }' /proc/$p/status)" "$(awk '/RssFile/ { print $2 }' /proc/$p/status)" "$(awk '/RssShmem/ { print $2 }' /proc/$p/status)"; done; }
# per thread of the daemon (and its children): name=ticks, to see which thread spends the CPU
thread_ticks() { for p in $(pids_of); do for t in /proc/$p/task/*; do printf '%s/%s=%s\n' "${t##*/}" "$(cat $t/comm | tr ' ' _)" "$(awk '{ print $14 + $15 }' $t/stat)"; done; done; }
idle_ticks() { awk '/^cpu / { print $5 + $6 }' /proc/stat; }
uptime_ms() { awk '{ printf "%d", $1 * 1000 }' /proc/uptime; }
dests() { ipvsadm -Ln | grep -c -- '->.*Masq'; }
tcp_opens() { awk '/^Tcp: [0-9]/ { print $6 }' /proc/net/snmp; } # ActiveOpens: connects the director began (the daemon's checks)
flaps() { grep -cE "is DOWN|Removing service" /tmp/$1.log; }
# perf profile of the daemon's processes (cpu-clock: TCG has no PMU), after the measured window, first round only
profile() {
  command -v perf >/dev/null || return 0
  echo 0 >/proc/sys/kernel/kptr_restrict; echo -1 >/proc/sys/kernel/perf_event_paranoid
  perf record -q -e cpu-clock -F 499 -p "$(pids_of | tr '\n' ',' | sed 's/,$//')" -o /tmp/perf.$1 -- sleep 8 >/dev/null 2>&1
  log "$1: profile (8 s, cpu-clock) by dso: $(perf report -i /tmp/perf.$1 --stdio --sort dso 2>/dev/null | awk '/%/ && !/^#/ { printf "%s %s; ", $1, $2 }')"
  perf report -i /tmp/perf.$1 --stdio --sort dso,sym 2>/dev/null | awk '/%/ && !/^#/' | head -30 | sed "s/^/$1 profile: /"
}

# Where a daemon's resident memory is, first round only: /proc/PID/smaps summed by kind (the binary's code, read-only
# data, and data split into pages still the file's and pages copied on write; libraries; malloc heap; thread stacks, the
# mappings holding a thread's stack pointer from /proc/PID/task/TID/syscall, by thread; other anonymous memory, for vigil
# mostly the GC's regions) with the transparent huge pages among them, and every other anonymous mapping of 128 kB or more.
memory_map() {
  for p in $(pids_of); do
    case "$(cat /proc/$p/comm)" in vigil*) present_pages "$1" $p;; esac # which code pages the fault-around brought back
    log "$1: memory of $(cat /proc/$p/comm) ($p): Rss $(rss_of $p) kB; $(grep -E '^(VmRSS|RssAnon|RssFile|RssShmem|Threads)' /proc/$p/status | tr -s ' \t' ' ' | tr '\n' ';') THP $(cat /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null)"
    for t in /proc/$p/task/*; do printf '%s %s\n' "$(tr ' ' _ <$t/comm)" "$(awk '{ print $(NF-1) }' $t/syscall 2>/dev/null)"; done >/tmp/sps
    awk -v d="$1" '
      function pad(h) { sub(/^0x/, "", h); while (length(h) < 16) h = "0" h; return h } # busybox awk: no strtonum, so hex compared as strings
      FNR == NR { if ($2 ~ /^0x/) { n++; tname[n] = $1; tsp[n] = pad($2) } next }
      function flush() {
        if (rss == "") return
        kind = ""
        for (i = 1; i <= n; i++) if (tsp[i] >= s && tsp[i] < e) { kind = "thread stacks"; stk[tname[i]] += rss }
        if (kind == "") {
          if (name ~ /^(vigil|vigil-base|keepalived)$/) kind = "binary " perms
          else if (name ~ /\.so/) kind = "libraries"
          else if (name == "") kind = "other anonymous"
          else kind = name
        }
        if (kind == "binary rw-p") { sum["binary rw-p file"] += rss - anon; sum["binary rw-p copied"] += anon } else sum[kind] += rss
        if (kind == "other anonymous" && rss >= 128) big = big sprintf("%s %d kB rss %d; ", substr(r, 1, 12), size, rss)
        huge += ahp; total += rss; rss = ""; ahp = 0
      }
      /^[0-9a-f]+-[0-9a-f]+ / { flush(); r = $1; perms = $2; name = (NF >= 6) ? $6 : ""; sub(/.*\//, "", name); split($1, q, "-"); s = pad(q[1]); e = pad(q[2]); next }
      /^Size:/ { size = $2 } /^Rss:/ { rss = $2 } /^Anonymous:/ { anon = $2 } /^AnonHugePages:/ { ahp = $2 }
      END {
        flush(); out = ""; for (k in sum) out = out sprintf("%s %d, ", k, sum[k])
        print d ": resident by kind (kB, total " total "): " out "of them transparent huge pages " huge
        out = ""; for (k in stk) out = out sprintf("%s %d, ", k, stk[k]); print d ": thread stacks (kB): " out
        print d ": large anonymous: " big
      }' /tmp/sps /proc/$p/smaps | while read -r line; do log "$line"; done
  done
}

bench() {
  d=$1
  ip netns exec rsb sh -c "echo \$\$ >/tmp/victim.pid; exec httpd -f -p 8080 -h /tmp/www/b" &
  sleep 1
  renice_httpd
  t0=$(uptime_ms)
  start_daemon $d $conf
  wait_for 600 "[ \$(dests) -ge $((N + 1)) ]" || { tail -5 /tmp/$d.log; fail "$d: table not complete"; }
  log "$d: $N real servers in the table $(( $(uptime_ms) - t0 )) ms after start"
  sleep 5
  thread_ticks >/tmp/th0; i0=$(idle_ticks)
  o0=$(tcp_opens); f0=$(flaps $d)
  us0=$(user_sys); c0=$(ticks); w0=$(uptime_ms); sleep 20; c1=$(ticks); w1=$(uptime_ms); us1=$(user_sys)
  o1=$(tcp_opens); f1=$(flaps $d)
  thread_ticks >/tmp/th1; i1=$(idle_ticks)
  log "$d: guest idle $(( (i1 - i0) * 10 )) ms of $(( w1 - w0 )) ms; threads (ticks over the window): $(awk -F= 'NR == FNR { a[$1] = $2; next } { d = $2 - a[$1]; if (d > 0) printf "%s=%d ", $1, d }' /tmp/th0 /tmp/th1)"
  log "$d: user/system ticks $us0 -> $us1; checks begun $((o1 - o0)) ($(( (o1 - o0) * 1000 / (w1 - w0) ))/s); servers down in the window $((f1 - f0)); $(grep -o 'start-up memory returned.*' /tmp/$d.log)"
  t=0; for p in $(pids_of); do t=$((t + $(rss_of $p))); done; echo "Rss: $t" >/tmp/rss.$d
  [ "$round" != 1 ] || { memory_map $d; profile $d; }
  log "$d: CPU $(( (c1 - c0) * 10 )) ms over $(( w1 - w0 )) ms ($(( (c1 - c0) * 1000 / ((w1 - w0) / 10) / 10 )).$(( (c1 - c0) * 1000 / ((w1 - w0) / 10) % 10 ))% of one core); RSS kB: $(rss_kb)"
  # The kill and the poll of the table at nice -20, so a saturated guest (1,000 checks a second, each forking an
  # httpd child) does not delay the observer: /proc/net/ip_vs read every 20 ms (no ipvsadm process per poll).
  out=$(D=$d sh -c 'renice -n -20 -p $$ >/dev/null; ms() { read u _ </proc/uptime; echo "${u%.*}${u#*.}0"; }
    c=$(grep -cE "is DOWN|Removing service" /tmp/$D.log)  # servers that flapped before (timeouts in a saturated guest)
    kill "$(cat /tmp/victim.pid)"; k=$(ms); n=0
    l=-1; while grep -q "0002:0001\]:1F90" /proc/net/ip_vs; do
      [ $l -ge 0 ] || [ "$(grep -cE "is DOWN|Removing service" /tmp/$D.log)" -eq "$c" ] || l=$(( $(ms) - k ))
      n=$((n + 1)); [ $n -lt 1500 ] || { echo -1; exit; }; usleep 20000
    done
    echo $(( $(ms) - k )) $l')
  [ "${out%% *}" -ge 0 ] 2>/dev/null || fail "$d: dead real server stayed"
  log "$d: dead real server out of the table ${out%% *} ms after its listener was killed (bound: 1000 + 1000 + 50 ms; /proc/net/ip_vs polled every 20 ms; the daemon's log named it at ${out#* } ms, -1: not before)"
  stop_daemon $d || fail "$d did not stop"
  echo "$d $(( (c1 - c0) * 10000 / (w1 - w0) )) $(awk '/Rss/ { print $2 }' /tmp/rss.$d) ${out%% *} $(( (o1 - o0) * 1000 / (w1 - w0) ))" >>/tmp/results
}
export VIGIL_RUN_ARGS=-D # the start-up trim logs the GC heap at debug level (no LVS line is at that level)
# Three rounds, the order alternating, so a drift in the shared host's load falls on each daemon alike;
# vigil-base (an earlier build, when run.sh was given one) runs beside them under the same conditions.
daemons="keepalived vigil"; command -v vigil-base >/dev/null && daemons="keepalived vigil vigil-base"
: >/tmp/results
for round in 1 2 3; do
  order=$daemons; [ $((round % 2)) = 1 ] || order=$(echo $daemons | tr ' ' '\n' | sed -n '1!G;h;$p' | tr '\n' ' ')
  for d in $order; do log "round $round: $d"; bench $d; done
done
# medians of the rounds: CPU (per mille of a core, all the daemon's processes), RSS (kB, all), dead server out (ms), checks begun/s
for d in $daemons; do
  m() { awk -v d=$d -v k=$1 '$1 == d { print $k }' /tmp/results | sort -n | sed -n 2p; }
  log "median of 3 $d: CPU $(m 2) per mille, RSS (smaps) $(m 3) kB, dead server out $(m 4) ms, checks begun $(m 5)/s; all: $(awk -v d=$d '$1 == d { printf "[%s %s %s %s] ", $2, $3, $4, $5 }' /tmp/results)"
done
