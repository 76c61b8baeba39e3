#!/usr/bin/env bash
# Entry point of the postgres:15.14-alpine stand-in (built by scripts/standin-images on
# Debian's PostgreSQL 15). It keeps the behaviour of the official image that the bundle
# and its tests depend on:
# - "postgres ARGS" (or just "-c ..." flags, which get "postgres" put in front) prepares
#   PGDATA (0700) and /var/run/postgresql as root, then runs this script again as uid 70;
#   any other command is run as it is;
# - only as uid 70 does it read POSTGRES_PASSWORD_FILE (or POSTGRES_PASSWORD),
#   POSTGRES_USER (default postgres) and POSTGRES_DB (default: the user), so a password
#   file that uid 70 cannot read stops the container with a message naming the file;
# - an empty PGDATA is initialised once: initdb with that user and password, local
#   connections trusted, every other host with scram-sha-256, the database created by a
#   temporary server listening on the unix socket only, /docker-entrypoint-initdb.d run;
# - a PGDATA that already holds a cluster is started as it is: the password is NOT applied
#   again (changing POSTGRES_PASSWORD later changes nothing, as with the real image).
set -Eeuo pipefail

say() { printf '%s\n' "$*"; }
fail() { printf 'error: %s\n' "$*" >&2; exit 1; }

# file_env VAR [DEFAULT]: VAR from VAR or from the file named by VAR_FILE (not both).
file_env() {
  local var=$1 file_var="${1}_FILE" def=${2:-} val
  val=$def
  if [ -n "${!var:-}" ] && [ -n "${!file_var:-}" ]; then
    fail "both $var and $file_var are set (but are exclusive)"
  fi
  if [ -n "${!var:-}" ]; then
    val=${!var}
  elif [ -n "${!file_var:-}" ]; then
    local file=${!file_var}
    [ -e "$file" ] || fail "$file_var names $file, which does not exist"
    [ -r "$file" ] || fail "cannot read $file ($file_var) as uid $(id -u) ($(id -un 2>/dev/null || echo '?')): the file is $(stat -c '%u:%g mode %a' "$file" 2>/dev/null || echo 'not accessible'); it must be readable by uid 70 (postgres)"
    val=$(<"$file")
  fi
  export "$var=$val"
  unset "$file_var"
}

# Options with which postgres only prints something and exits: no setup for them.
wants_help() {
  local arg
  for arg in "$@"; do
    case $arg in -'?'|--help|--describe-config|-V|--version|-C|-C*) return 0 ;; esac
  done
  return 1
}

psql_run() {
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --no-password --no-psqlrc -p 5432 "$@"
}

init_database() {
  if [ -z "$POSTGRES_PASSWORD" ] && [ "${POSTGRES_HOST_AUTH_METHOD:-}" != trust ]; then
    fail "the database is uninitialized and no superuser password is given: set POSTGRES_PASSWORD_FILE (or POSTGRES_PASSWORD) to a non-empty password, or POSTGRES_HOST_AUTH_METHOD=trust to allow every connection without one (not recommended)"
  fi
  local initdb_args=()
  read -r -a initdb_args <<<"${POSTGRES_INITDB_ARGS:-}"
  # initdb's default for its own pg_hba.conf is trust on the socket and on localhost.
  initdb --username="$POSTGRES_USER" --pwfile=<(printf '%s\n' "$POSTGRES_PASSWORD") "${initdb_args[@]}"
  local auth=${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}
  printf '\nhost all all all %s\n' "$auth" >>"$PGDATA/pg_hba.conf"

  # A temporary server that nobody outside can reach; the command's own flags (ssl=on...)
  # apply to it too, the port is 5432 on the socket whatever they say.
  local opts="-c listen_addresses='' -p 5432"
  if [ $# -gt 0 ]; then opts="$(printf '%q ' "$@")$opts"; fi
  PGUSER="$POSTGRES_USER" pg_ctl -D "$PGDATA" -w -o "$opts" start
  export PGPASSWORD="$POSTGRES_PASSWORD"
  if [ "$POSTGRES_DB" != postgres ]; then
    if [ -z "$(psql_run --dbname postgres -tA -v db="$POSTGRES_DB" <<<"SELECT 1 FROM pg_database WHERE datname = :'db';")" ]; then
      psql_run --dbname postgres -v db="$POSTGRES_DB" <<<'CREATE DATABASE :"db";'
    fi
  fi
  local f
  for f in /docker-entrypoint-initdb.d/*; do
    [ -e "$f" ] || continue
    case $f in
      *.sh)
        if [ -x "$f" ]; then
          say "$0: running $f"
          "$f"
        else
          say "$0: sourcing $f"
          # shellcheck disable=SC1090
          . "$f"
        fi ;;
      *.sql) say "$0: running $f"; psql_run --dbname "$POSTGRES_DB" -f "$f" ;;
      *.sql.gz) say "$0: running $f"; gunzip -c "$f" | psql_run --dbname "$POSTGRES_DB" ;;
      *) say "$0: ignoring $f" ;;
    esac
  done
  unset PGPASSWORD
  pg_ctl -D "$PGDATA" -m fast -w stop
  say
  say 'PostgreSQL init process complete; ready for start up.'
  say
}

if [ "${1:0:1}" = '-' ]; then
  set -- postgres "$@"
fi

if [ "${1:-}" = postgres ] && ! wants_help "$@"; then
  export PGDATA=${PGDATA:-/var/lib/postgresql/data}
  mkdir -p "$PGDATA"
  chmod 0700 "$PGDATA" || :
  mkdir -p /var/run/postgresql
  chmod 03775 /var/run/postgresql || :
  if [ "$(id -u)" = 0 ]; then
    find "$PGDATA" /var/run/postgresql \( ! -user postgres -o ! -group postgres \) -exec chown postgres:postgres '{}' +
    HOME=/var/lib/postgresql exec setpriv --reuid=70 --regid=70 --init-groups "${BASH_SOURCE[0]}" "$@"
  fi

  file_env POSTGRES_PASSWORD
  file_env POSTGRES_USER postgres
  file_env POSTGRES_DB "$POSTGRES_USER"
  file_env POSTGRES_INITDB_ARGS

  if [ -s "$PGDATA/PG_VERSION" ]; then
    say
    say 'PostgreSQL Database directory appears to contain a database; Skipping initialization'
    say
  else
    shift
    init_database "$@"
    set -- postgres "$@"
  fi
fi

exec "$@"
