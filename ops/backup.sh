#!/usr/bin/env bash
# A backup of the PostgreSQL database named by DATABASE_URL, in pg_dump's custom format (compressed,
# restorable table by table). Usage: ops/backup.sh [DIRECTORY]   (default: backups/)
# The file is named mobility-<UTC date and time>.dump; backups older than BACKUP_KEEP_DAYS (default
# 35) in the same directory are deleted after a successful dump.
set -euo pipefail
: "${DATABASE_URL:?DATABASE_URL must name the PostgreSQL database to back up}"
case "$DATABASE_URL" in postgres://*|postgresql://*) ;; *) echo "Backups are for PostgreSQL (DATABASE_URL=$DATABASE_URL)" >&2; exit 2 ;; esac
directory="${1:-backups}"
keep_days="${BACKUP_KEEP_DAYS:-35}"
mkdir -p "$directory"
file="$directory/mobility-$(date -u +%Y%m%dT%H%M%SZ).dump"
pg_dump --format=custom --no-owner --no-privileges --file="$file.partial" "$DATABASE_URL"
mv "$file.partial" "$file"
pg_restore --list "$file" >/dev/null  # the archive is readable
find "$directory" -maxdepth 1 -name 'mobility-*.dump' -mtime +"$keep_days" -print -delete
echo "$file"
