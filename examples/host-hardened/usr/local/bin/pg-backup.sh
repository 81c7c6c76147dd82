#!/usr/bin/env bash
# Dump the app database through the compose service; a failure anywhere in the pipe fails the job.
set -euo pipefail
umask 077
stamp=$(date +%F)
docker compose -f /srv/app/docker-compose.yml exec -T db pg_dump -U app -Fc app | gzip > "/var/backups/pg/app-$stamp.dump.gz"
find /var/backups/pg -name 'app-*.dump.gz' -mtime +28 -delete
