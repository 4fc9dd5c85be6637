#!/usr/bin/env bash
# Restore a backup made by ops/backup.sh into the PostgreSQL database named by DATABASE_URL, which it
# replaces entirely. Usage: ops/restore.sh FILE
# Then: schema migrations newer than the backup, and a new data version, so that every running
# instance reloads its data and no page cached before the restore is served again.
set -euo pipefail
file="${1:?usage: ops/restore.sh FILE}"
: "${DATABASE_URL:?DATABASE_URL must name the PostgreSQL database to restore into}"
case "$DATABASE_URL" in postgres://*|postgresql://*) ;; *) echo "Restores are for PostgreSQL (DATABASE_URL=$DATABASE_URL)" >&2; exit 2 ;; esac
pg_restore --list "$file" >/dev/null
pg_restore --clean --if-exists --no-owner --no-privileges --single-transaction --exit-on-error \
  --dbname="$DATABASE_URL" "$file"
python="${PYTHON:-.venv/bin/python}"
"$python" manage.py migrate --noinput
"$python" manage.py reload_data
echo "Restored $file"
