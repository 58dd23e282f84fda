#!/bin/sh
# The seed's nginx check, corrected (README.md in this directory explains each change).
# Exit 0 while this node's nginx runs; if it does not, start it once and exit 0 only if that worked.
# A non-zero exit lowers the VRRP priority by the vrrp_script's weight (-20), which moves the VIP to
# the backup; the daemon keeps running (the original killed keepalived instead).
#
# Usage: nginx_check.sh [NGINX_CONF [PID_FILE]]   (defaults: Debian's /etc/nginx/nginx.conf, /run/nginx.pid)
# The PID file identifies *this* node's nginx; a name match (`ps -C nginx`) would also count an
# nginx that belongs to something else on the same host.
conf=${1:-/etc/nginx/nginx.conf}
pidfile=${2:-/run/nginx.pid}

# /proc/PID/stat reads "PID (nginx) STATE ...". A killed master stays in /proc as a zombie (Z)
# until its parent, usually init, reaps it, and some inits are slow at that: a zombie is not running.
running() {
    pid=$(cat "$pidfile" 2>/dev/null) || return 1
    case "$(cat "/proc/$pid/stat" 2>/dev/null)" in
        "$pid (nginx) Z"* | "$pid (nginx) X"*) return 1 ;;
        "$pid (nginx) "*) return 0 ;;
        *) return 1 ;;
    esac
}

running && exit 0
# nginx exits non-zero when its configuration is broken or it cannot bind; on success its parent
# exits before the daemonized master writes the PID file, so wait for that briefly (at most 1 s).
/usr/sbin/nginx -c "$conf" || exit 1
for _ in 1 2 3 4 5 6 7 8 9 10; do
    running && exit 0
    sleep 0.1
done
exit 1
