#!/bin/sh
# Entry point of the redis:7.4.5-alpine stand-in (built by scripts/standin-images): like the
# official image, flags or a .conf file get "redis-server" put in front, and redis-server
# started as root drops to redis (uid 999, gid 1000) after giving it what is in /data.
# Any other command (the bundle's `sh -c ...`, run as 999:1000) is run as it is.
set -e
case "${1:-}" in
  -*|*.conf) set -- redis-server "$@" ;;
esac
# A umask of 0022 (Docker's default) becomes 0077: what Redis writes is for redis alone.
if [ "$(umask)" = 0022 ]; then umask 0077; fi
if [ "${1:-}" = redis-server ] && [ "$(id -u)" = 0 ]; then
  find . ! -user redis -exec chown redis:redis '{}' +
  exec setpriv --reuid=999 --regid=1000 --init-groups "$0" "$@"
fi
exec "$@"
