#!/bin/sh
# Generic notify script: Vigil (like keepalived) appends INSTANCE|GROUP NAME STATE PRIORITY,
# e.g. "INSTANCE VI_1 MASTER 100", once per transition, in the order of the transitions.
# With a log file as an extra first argument (notify "/etc/keepalived/notify.sh /var/log/vrrp.log")
# the line goes there, stamped; otherwise to syslog.
if [ $# -eq 5 ]; then
    log=$1
    shift
    printf '%s %s\n' "$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)" "$*" >>"$log"
else
    logger -t vrrp-notify -- "$*"
fi
