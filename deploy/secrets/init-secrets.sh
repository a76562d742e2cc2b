#!/bin/sh
# One-shot `secrets-init` service of docker-compose.yml: makes sure every secret of the stack exists
# as a file in SECRETS_DIR (the `secrets` volume), which the other services read through *_FILE.
# - A missing secret is created: from the environment (.env) when set there, else random hex.
# - An existing secret is never replaced: PostgreSQL and the admin apply theirs only when their data is
#   first created, so a new value would lock the services out. A different value in the environment
#   is refused rather than silently ignored.
# - A generated bootstrap admin secret is printed once, so `docker compose logs secrets-init` shows it.
set -eu

SECRETS_DIR="${SECRETS_DIR:-/run/secrets}"
CLIENT_ID="${ARTSTORE_BOOTSTRAP_CLIENT_ID:-artstore-admin}"
# Readable by every container that mounts the volume: the apps run as uid 1000, not root.
umask 022

random_hex() {
  head -c "$1" /dev/urandom | od -An -v -tx1 | tr -d ' \n'
}

# ensure_secret FILE VARIABLE BYTES: sets `outcome` to generated, from-env or kept.
ensure_secret() {
  file="$SECRETS_DIR/$1"
  variable="$2"
  eval "given=\${$variable:-}"
  if [ -s "$file" ]; then
    if [ -n "$given" ] && [ "$given" != "$(cat "$file")" ]; then
      echo "secrets-init: $variable differs from the secret already in $file. Unset it, or, once the" \
        "service that uses it has the new value, remove the old one:" \
        "docker compose run --rm secrets-init rm $file" >&2
      exit 1
    fi
    outcome=kept
    return
  fi
  if [ -n "$given" ]; then
    value="$given"
    outcome=from-env
  else
    value="$(random_hex "$3")"
    outcome=generated
  fi
  # Written whole or not at all: an interrupted run leaves only the temp file, retried next time.
  printf '%s' "$value" >"$file.tmp"
  mv "$file.tmp" "$file"
  written=yes
  echo "secrets-init: $1 $outcome"
}

written=no

mkdir -p "$SECRETS_DIR"
chmod 755 "$SECRETS_DIR"
ensure_secret postgres_password POSTGRES_PASSWORD 32
# MinIO generates root passwords of at most 40 characters; 20 bytes of hex stays within that.
ensure_secret minio_root_password MINIO_ROOT_PASSWORD 20
ensure_secret artstore_bootstrap_client_secret ARTSTORE_BOOTSTRAP_CLIENT_SECRET 32

case "$outcome" in
  generated)
    echo "ArtStore bootstrap admin client (role admin), generated now and printed only this once:"
    echo "  client id:     $CLIENT_ID"
    echo "  client secret: $(cat "$SECRETS_DIR/artstore_bootstrap_client_secret")"
    ;;
  from-env)
    echo "ArtStore bootstrap admin client id: $CLIENT_ID; secret from ARTSTORE_BOOTSTRAP_CLIENT_SECRET."
    ;;
  kept)
    echo "ArtStore bootstrap admin client id: $CLIENT_ID; secret unchanged, read it with:" \
      "docker compose run --rm secrets-init cat $SECRETS_DIR/artstore_bootstrap_client_secret"
    ;;
esac
if [ "$written" = yes ]; then
  sync
fi
