#!/usr/bin/env bash
# LVS tests in a real kernel: the host kernel has no ip_vs, so this boots Debian's cloud kernel
# (which has ip_vs as modules) in QEMU (TCG, no KVM needed) from an initramfs holding busybox,
# the needed modules, iproute2, ipvsadm, keepalived and the NativeAOT vigil binary, runs
# tests/lvs-guest/cases/*.sh inside and reads their results from the serial console.
#   tests/lvs-guest/run.sh [case-name-substring]   (e.g. 'bench' for the benchmark, not run by default)
# Downloads are cached under artifacts/lvs-guest/cache (artifacts/ is git-ignored).
# Ends with "lvs-guest: N passed, N failed"; exit status 0 only if every case passed.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="$root/artifacts/lvs-guest"
cache="$work/cache"
only="${1:-}"
mkdir -p "$cache"
export DEBIAN_FRONTEND=noninteractive

# Host tools: qemu to boot, and the binaries copied into the guest.
need=()
for p in qemu-system-x86 ipvsadm keepalived iproute2 cpio openssl; do dpkg -s "$p" >/dev/null 2>&1 || need+=("$p"); done
if [ ${#need[@]} -gt 0 ]; then
  echo "lvs-guest: installing ${need[*]}"
  apt-get update -qq && apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# The kernel (the versioned package linux-image-cloud-amd64 depends on) and busybox-static, as .debs.
kpkg="$(apt-cache depends linux-image-cloud-amd64 | sed -nE 's/^ *Depends: (linux-image-[0-9].*)$/\1/p' | head -n 1)"
[ -n "$kpkg" ] || { echo "lvs-guest: cannot resolve linux-image-cloud-amd64 (apt-get update?)"; exit 1; }
fetch_deb() { # $1 package: download into the cache unless a .deb for it is already there
  local f; f="$(ls "$cache"/"$1"_*.deb 2>/dev/null | head -n 1)"
  if [ -z "$f" ]; then (cd "$cache" && apt-get download "$1" >/dev/null 2>&1 || { apt-get update -qq && apt-get download "$1" >/dev/null; }); f="$(ls "$cache"/"$1"_*.deb | head -n 1)"; fi
  echo "$f"
}
kdeb="$(fetch_deb "$kpkg")"
bdeb="$(fetch_deb busybox-static)"
kver="${kpkg#linux-image-}"
if [ ! -d "$cache/kernel-$kver" ]; then
  rm -rf "$cache/kernel.tmp" && mkdir -p "$cache/kernel.tmp"
  dpkg-deb -x "$kdeb" "$cache/kernel.tmp"
  mv "$cache/kernel.tmp" "$cache/kernel-$kver"
fi
if [ ! -x "$cache/busybox/bin/busybox" ]; then
  rm -rf "$cache/busybox" && dpkg-deb -x "$bdeb" "$cache/busybox"
fi
bb="$cache/busybox/bin/busybox"
kroot="$cache/kernel-$kver"
moddir="$kroot/lib/modules/$kver"
# The package ships no modules.dep (depmod runs at install time); busybox's depmod writes one.
[ -s "$moddir/modules.dep" ] || "$bb" depmod -b "$kroot" "$kver"

# vigil itself (NativeAOT); built unless present and newer than the sources.
vigil="$root/artifacts/vigil"
if [ ! -x "$vigil" ] || [ -n "$(find "$root/src" -name '*.cs' -not -path '*/obj/*' -not -path '*/bin/*' -newer "$vigil" -print -quit)" ]; then
  "$root/scripts/publish.sh"
fi

# --- the initramfs ---
rd="$work/root"
rm -rf "$rd" && mkdir -p "$rd"/{bin,sbin,etc,proc,sys,dev,run,tmp,var/run,lib/modules,root,cases,usr/bin,usr/sbin}
cp "$bb" "$rd/bin/busybox"
for a in $("$bb" --list); do [ -e "$rd/bin/$a" ] || ln -s busybox "$rd/bin/$a"; done
copy_with_libs() { # $1 binary -> $2 dir in guest; plus every shared library ldd names, at its own path
  install -D -m 0755 "$1" "$rd$2/$(basename "$1")"
  ldd "$1" 2>/dev/null | grep -oE '/[^ ]+\.so[^ ]*' | while read -r lib; do
    [ -e "$rd$lib" ] || install -D -m 0755 "$(readlink -f "$lib")" "$rd$lib"
  done
}
rm -f "$rd/bin/ip"  # iproute2's ip, not busybox's (netns, full rtnetlink)
copy_with_libs /usr/sbin/ip /sbin
copy_with_libs /usr/sbin/ipvsadm /sbin
copy_with_libs /usr/sbin/keepalived /sbin
copy_with_libs /usr/bin/openssl /usr/bin  # a TLS real server for SSL_GET (s_server), and the libssl vigil loads
copy_with_libs /bin/bash /usr/bin  # UDP datagrams from a shell (/dev/udp/HOST/PORT; busybox's nc has no -u)
copy_with_libs "$vigil" /usr/sbin
# The benchmark also runs an earlier build beside this one when artifacts/vigil-base exists (same conditions).
[ -n "$only" ] && [ -x "$root/artifacts/vigil-base" ] && copy_with_libs "$root/artifacts/vigil-base" /usr/sbin
# perf for the benchmark's profiles (cpu-clock: TCG has no PMU), when the host has it.
[[ "$only" == *bench* ]] && [ -x /usr/bin/perf ] && copy_with_libs /usr/bin/perf /usr/bin
# Modules: each wanted one plus its dependencies, in the order insmod needs (dependencies first).
wanted="ip_vs ip_vs_rr ip_vs_wrr ip_vs_lc ip_vs_wlc ip_vs_sh ip_vs_dh ip_vs_sed ip_vs_nq ip_vs_fo ip_vs_ovf ip_vs_mh ip_vs_lblc ip_vs_lblcr nf_conntrack nf_conntrack_sip ip_vs_pe_sip nf_defrag_ipv4 nf_defrag_ipv6 libcrc32c veth llc stp bridge"
order="$(awk -v wanted="$wanted" '
  { sub(/:$/, "", $1); path[$1] = 1; line[$1] = $0; n = split($1, p, "/"); name = p[n]; sub(/\.ko.*$/, "", name); byname[name] = $1 }
  function visit(m,   i, k, d, parts) {
    if (seen[m]++) return
    k = split(line[m], parts, /[: ]+/)
    for (i = 2; i <= k; i++) if (parts[i] != "") visit(parts[i])
    print m
  }
  END { n = split(wanted, w, " "); for (i = 1; i <= n; i++) { if (!(w[i] in byname)) { print "missing " w[i] > "/dev/stderr"; exit 1 } visit(byname[w[i]]) } }
' "$moddir/modules.dep")"
: >"$rd/etc/modules"
for m in $order; do
  install -D -m 0644 "$moddir/$m" "$rd/lib/modules/$(basename "$m")"
  echo "/lib/modules/$(basename "$m")" >>"$rd/etc/modules"
done
install -m 0755 "$here/init" "$rd/init"
# By default the numbered cases; a filter picks any case file (bench-*.sh only that way).
for c in "$here"/cases/*.sh; do
  if [ -z "$only" ]; then [[ "$(basename "$c")" == [0-9]* ]] || continue; else [[ "$(basename "$c")" == *"$only"* ]] || continue; fi
  install -m 0755 "$c" "$rd/cases/"
done
cp "$here/lib.sh" "$rd/cases/lib.sh"
[ -d "$here/conf" ] && cp -r "$here/conf" "$rd/conf"
echo "root:x:0:0:root:/root:/bin/sh" >"$rd/etc/passwd"
echo "root:x:0:" >"$rd/etc/group"
(cd "$rd" && find . | cpio -o -H newc --quiet | gzip -1) >"$work/initrd.gz"

# --- boot ---
log="$work/console.log"
start=$(date +%s.%N)
limit=600; [[ "$only" == *bench* ]] && limit=1800  # the benchmark: rounds of each daemon
# vCPUs: 1 for the functional cases; the benchmark 2 by default (multi-threaded TCG, one host thread per vCPU), so the
# real servers' httpd and the checker do not share one emulated CPU. LVS_GUEST_SMP overrides either.
smp="${LVS_GUEST_SMP:-1}"; [[ "$only" == *bench* ]] && smp="${LVS_GUEST_SMP:-2}"
accel=(); [ "$smp" -gt 1 ] && accel=(-accel tcg,thread=multi)
echo "lvs-guest: booting with $smp vCPU(s)"
timeout $limit qemu-system-x86_64 -m 1024 -smp "$smp" "${accel[@]}" -nographic -no-reboot \
  -kernel "$kroot/boot/vmlinuz-$kver" -initrd "$work/initrd.gz" \
  -append "console=ttyS0 rdinit=/init panic=-1 quiet" </dev/null >"$log" 2>&1 || true
end=$(date +%s.%N)
tr -d '\r' <"$log" | grep -E '^(LVSTEST|LVSLOG) ' | sed 's/^LVSLOG /  | /' || true
passed=$(tr -d '\r' <"$log" | grep -cE '^LVSTEST PASS ' || true)
failed=$(tr -d '\r' <"$log" | grep -cE '^LVSTEST FAIL ' || true)
if ! tr -d '\r' <"$log" | grep -qE '^LVSTEST DONE'; then
  echo "lvs-guest: the guest did not finish (see $log)"; tail -n 30 "$log"; failed=$((failed + 1))
fi
[ $((passed + failed)) -gt 0 ] || failed=1
echo "lvs-guest: $passed passed, $failed failed (guest run $(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }') s)"
[ "$failed" -eq 0 ]
