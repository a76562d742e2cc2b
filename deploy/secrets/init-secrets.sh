#!/bin/sh
# One-shot `secrets-init` service of docker-compose.yml: makes sure every secret of the stack exists
# as a file, which the other services read through *_FILE:
# - SECRETS_DIR (the `secrets` volume, mounted by every service) holds the database and MinIO
#   passwords, the bootstrap admin secret and the client secrets of the internal accounts;
# - ADMIN_SECRETS_DIR (the `admin-secrets` volume, mounted by the admin only) holds the admin's
#   key-encryption key, which no other service may read.
# - A missing secret is created: from the environment (.env) when set there, else random.
# - An existing secret is never replaced: PostgreSQL and the admin apply theirs only when their data is
#   first created, and a new key-encryption key would make every signing key and generated client
#   secret in the admin database unusable. A different value in the environment is refused rather
#   than silently ignored.
# - A generated bootstrap admin secret is printed once, so `docker compose logs secrets-init` shows it.
set -eu

SECRETS_DIR="${SECRETS_DIR:-/run/secrets}"
ADMIN_SECRETS_DIR="${ADMIN_SECRETS_DIR:-/run/admin-secrets}"
CLIENT_ID="${ARTSTORE_BOOTSTRAP_CLIENT_ID:-artstore-admin}"
# Readable by every container that mounts the volume: the apps run as uid 1000, not root.
umask 022

random_hex() {
  head -c "$1" /dev/urandom | od -An -v -tx1 | tr -d ' \n'
}

random_base64() {
  head -c "$1" /dev/urandom | base64 | tr -d '\n'
}

# is_base64 VALUE BYTES: whether VALUE is BYTES bytes in base64 or base64url, padded or not.
is_base64() {
  chars=$(((4 * $2 + 2) / 3))
  printf '%s' "$1" | grep -Eq "^[A-Za-z0-9+/_-]{$chars}={0,2}\$"
}

# ensure_secret DIR FILE VARIABLE BYTES [hex|base64]: sets `outcome` to generated, from-env or kept.
ensure_secret() {
  file="$1/$2"
  variable="$3"
  encoding="${5:-hex}"
  eval "given=\${$variable:-}"
  if [ -s "$file" ]; then
    if [ -n "$given" ] && [ "$given" != "$(cat "$file")" ]; then
      if [ "$variable" = ARTSTORE_KEY_ENCRYPTION_KEY ]; then
        # Replacing it would strand everything the admin encrypted with the old one.
        echo "secrets-init: $variable differs from the key already in $file. Unset it." >&2
      else
        echo "secrets-init: $variable differs from the secret already in $file. Unset it, or, once the" \
          "service that uses it has the new value, remove the old one:" \
          "docker compose run --rm secrets-init rm $file" >&2
      fi
      exit 1
    fi
    outcome=kept
    return
  fi
  if [ -n "$given" ]; then
    if [ "$encoding" = base64 ] && ! is_base64 "$given" "$4"; then
      echo "secrets-init: $variable must be $4 random bytes, base64-encoded (openssl rand -base64 $4)" >&2
      exit 1
    fi
    # The admin refuses shorter client secrets; better to say so before one is stored.
    case "$variable" in
      *_CLIENT_SECRET)
        if [ "${#given}" -lt 32 ]; then
          echo "secrets-init: $variable must be at least 32 characters (openssl rand -hex 32)" >&2
          exit 1
        fi
        ;;
    esac
    value="$given"
    outcome=from-env
  elif [ "$encoding" = base64 ]; then
    value="$(random_base64 "$4")"
    outcome=generated
  else
    value="$(random_hex "$4")"
    outcome=generated
  fi
  # Written whole or not at all: an interrupted run leaves only the temp file, retried next time.
  printf '%s' "$value" >"$file.tmp"
  mv "$file.tmp" "$file"
  written=yes
  echo "secrets-init: $2 $outcome"
}

written=no

mkdir -p "$SECRETS_DIR" "$ADMIN_SECRETS_DIR"
chmod 755 "$SECRETS_DIR" "$ADMIN_SECRETS_DIR"
ensure_secret "$SECRETS_DIR" postgres_password POSTGRES_PASSWORD 32
# MinIO generates root passwords of at most 40 characters; 20 bytes of hex stays within that.
ensure_secret "$SECRETS_DIR" minio_root_password MINIO_ROOT_PASSWORD 20
# The admin seeds the internal accounts with these; each service reads its own.
ensure_secret "$SECRETS_DIR" artstore_ingester_client_secret ARTSTORE_INGESTER_CLIENT_SECRET 32
ensure_secret "$SECRETS_DIR" artstore_query_client_secret ARTSTORE_QUERY_CLIENT_SECRET 32
ensure_secret "$SECRETS_DIR" artstore_storage_client_secret ARTSTORE_STORAGE_CLIENT_SECRET 32
ensure_secret "$ADMIN_SECRETS_DIR" artstore_key_encryption_key ARTSTORE_KEY_ENCRYPTION_KEY 32 base64
if [ "$outcome" = generated ]; then
  echo "secrets-init: back up the admin's key-encryption key (the admin-secrets volume): without it" \
    "every signing key and generated client secret in the admin database is lost."
fi
ensure_secret "$SECRETS_DIR" artstore_bootstrap_client_secret ARTSTORE_BOOTSTRAP_CLIENT_SECRET 32

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
