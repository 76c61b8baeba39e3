#!/usr/bin/env bash
# Finishes the debootstrapped rootfs of the stand-in base image (run by scripts/standin-images
# on the host, as root, with the rootfs directory as $1; no chroot needed).
#
# 1. Accounts: the stand-ins keep the uids of the official images, because the bundle's
#    secret files are owned by the container user that reads them: every non-root user of
#    assets/image-users.yaml (postgres 70, redis 999:1000, nodejs 1001; Debian's packages
#    pick dynamic uids for the first two), passed in FRESHTRACK_IMAGE_USERS.
#    An account is renumbered in passwd/shadow/group, then every file owned by its old
#    uid or gid is given to the new one. A target id already held by another account is a
#    hard error: silently sharing a uid would hand one service's secrets to another.
# 2. Debian's postinst leftovers and caches: the cluster created by postgresql-15 (the
#    entrypoint runs initdb itself), apt caches and lists, documentation, translations,
#    host-specific files (resolv.conf, hostname, the snakeoil key made during debootstrap).
set -euo pipefail

root=${1:?usage: fixup-rootfs.sh ROOTFS_DIR}
[ -f "$root/etc/passwd" ] || { echo "fixup-rootfs: $root/etc/passwd not found" >&2; exit 1; }

# field FILE NAME N: field N of the colon-separated line whose first field is NAME.
field() { awk -F: -v n="$2" -v f="$3" '$1 == n { print $f; exit }' "$root/etc/$1"; }
# holder FILE ID: the name of the entry whose third field (uid or gid) is ID.
holder() { awk -F: -v id="$2" '$3 == id { print $1; exit }' "$root/etc/$1"; }
# set_field FILE NAME N VALUE: rewrite field N of NAME's line in place.
set_field() {
  local file="$root/etc/$1" tmp
  tmp=$(mktemp "$file.XXXXXX")
  awk -F: -v OFS=: -v n="$2" -v f="$3" -v v="$4" '$1 == n { $f = v } { print }' "$file" >"$tmp"
  chmod --reference="$file" "$tmp"
  chown --reference="$file" "$tmp"
  mv "$tmp" "$file"
}

# give_files KIND OLD NEW: every file of the rootfs owned by uid (KIND=u) or gid (KIND=g)
# OLD gets NEW, keeping its mode (chown clears set-id bits on executables).
give_files() {
  local kind=$1 old=$2 new=$3 test=-uid path mode
  [ "$kind" = g ] && test=-gid
  while IFS= read -r -d '' path; do
    mode=$(stat -c %a "$path")
    if [ "$kind" = u ]; then chown -h "$new" "$path"; else chgrp -h "$new" "$path"; fi
    [ -L "$path" ] || chmod "$mode" "$path"
  done < <(find "$root" -xdev "$test" "$old" -print0)
}

# refuse_taken FILE ID NAME: stop when ID (a uid in passwd, a gid in group) belongs to an
# entry other than NAME: silently sharing an id would hand one service's secrets to another.
refuse_taken() {
  local other
  other=$(holder "$1" "$2")
  if [ -n "$other" ] && [ "$other" != "$3" ]; then
    echo "fixup-rootfs: id $2 in /etc/$1 is already '$other'; cannot give it to '$3'" >&2
    exit 1
  fi
}

# ensure_group NAME GID
ensure_group() {
  local name=$1 gid=$2 old
  refuse_taken group "$gid" "$name"
  old=$(field group "$name" 3)
  if [ -z "$old" ]; then
    printf '%s:x:%s:\n' "$name" "$gid" >>"$root/etc/group"
    [ -f "$root/etc/gshadow" ] && printf '%s:!::\n' "$name" >>"$root/etc/gshadow"
  elif [ "$old" != "$gid" ]; then
    set_field group "$name" 3 "$gid"
    give_files g "$old" "$gid"
  fi
}

# ensure_user NAME UID GROUP HOME SHELL
ensure_user() {
  local name=$1 uid=$2 group=$3 home=$4 shell=$5 gid old
  gid=$(field group "$group" 3)
  refuse_taken passwd "$uid" "$name"
  old=$(field passwd "$name" 3)
  if [ -z "$old" ]; then
    printf '%s:x:%s:%s::%s:%s\n' "$name" "$uid" "$gid" "$home" "$shell" >>"$root/etc/passwd"
    [ -f "$root/etc/shadow" ] && printf '%s:!:19000:0:99999:7:::\n' "$name" >>"$root/etc/shadow"
  else
    set_field passwd "$name" 4 "$gid"
    set_field passwd "$name" 6 "$home"
    if [ "$old" != "$uid" ]; then
      set_field passwd "$name" 3 "$uid"
      give_files u "$old" "$uid"
    fi
  fi
  mkdir -p "$root$home"
  chown "$uid:$gid" "$root$home"
}

# The cluster made by postgresql-15's postinst: gone before renumbering (fewer files to
# walk) and for good (the image's PGDATA is /var/lib/postgresql/data, made by initdb).
rm -rf "$root/var/lib/postgresql/15" "$root/etc/postgresql/15"
rm -f "$root"/var/log/postgresql/*.log

# The uids and gids are the ones assets/image-users.yaml declares for the images (the
# bundle's secret files are owned by them); only the homes and shells are this file's.
users=${FRESHTRACK_IMAGE_USERS:?set by scripts/standin-images: NAME UID GID lines from assets/image-users.yaml}
declare -A home=([postgres]=/var/lib/postgresql [redis]=/var/lib/redis [nodejs]=/app)
declare -A shell=([postgres]=/bin/bash)
while read -r name uid gid; do
  [ -n "${home[$name]:-}" ] || { echo "fixup-rootfs: no home for image user '$name' of assets/image-users.yaml" >&2; exit 1; }
  ensure_group "$name" "$gid"
  ensure_user "$name" "$uid" "$name" "${home[$name]}" "${shell[$name]:-/usr/sbin/nologin}"
done <<<"$users"

# Shrink: package caches and lists, documentation (copyright files stay), translations.
rm -rf "$root"/var/cache/apt/* "$root"/var/lib/apt/lists/* "$root"/var/cache/debconf/*-old \
  "$root"/usr/share/man/* "$root"/usr/share/info/* "$root"/usr/share/locale/* \
  "$root"/usr/share/lintian "$root"/usr/share/bash-completion
find "$root/usr/share/doc" -mindepth 1 ! -type d ! -name copyright -delete
find "$root/usr/share/doc" -mindepth 1 -type d -empty -delete
find "$root/var/log" -type f -delete
# PostgreSQL's LLVM JIT provider and what only it links (libLLVM, libz3): about 160 MB.
# Without the provider PostgreSQL simply runs no query with JIT; nothing else loads them.
rm -rf "$root"/usr/lib/postgresql/15/lib/llvmjit.so "$root"/usr/lib/postgresql/15/lib/llvmjit_types.bc \
  "$root"/usr/lib/postgresql/15/lib/bitcode "$root"/usr/lib/x86_64-linux-gnu/libLLVM-*.so* \
  "$root"/usr/lib/x86_64-linux-gnu/libz3.so*

# Host-specific files: Docker mounts its own resolv.conf, hostname and hosts at run time.
: >"$root/etc/resolv.conf"
: >"$root/etc/hostname"
: >"$root/etc/machine-id" 2>/dev/null || true
rm -f "$root/etc/ssl/private/ssl-cert-snakeoil.key" "$root/etc/ssl/certs/ssl-cert-snakeoil.pem"
