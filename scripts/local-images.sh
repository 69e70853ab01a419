#!/usr/bin/env bash
# Stand-ins for the official images on a machine that cannot pull them (no image registry, only Debian's mirror).
#
#   eval "$(scripts/local-images.sh)"       # then docker-compose / mvn -Ddb=testcontainers use the stand-ins
#
# Builds, from a debootstrap Debian base, images that behave like the official ones as far as CouncilLine uses
# them, and prints on standard output the environment variables that point docker-compose.yml and Testcontainers
# at them (progress goes to standard error). On a machine that can pull the official images it builds nothing
# and prints nothing: the compose file's defaults are the official images.
# Images that exist already are not built again: each stand-in's tag carries a hash of its directory, so an edit
# builds a new one. The debootstrap base is kept as a tarball in $LOCAL_IMAGES_CACHE (default
# /var/cache/councilline) for the next run. Needs root (debootstrap) and a running Docker engine.
set -euo pipefail
cd "$(dirname "$0")"

CACHE=${LOCAL_IMAGES_CACHE:-/var/cache/councilline}
PROBE=${LOCAL_IMAGES_PROBE:-postgres:17}
SUITE=bookworm
BASE=councilline-local/debian:$SUITE
log() { echo "local-images: $*" >&2; }

if [ "${LOCAL_IMAGES_FORCE:-}" != 1 ] && timeout 120 docker pull -q "$PROBE" >/dev/null 2>&1; then
  log "$PROBE can be pulled: this machine uses the official images; nothing to build"
  exit 0
fi
log "$PROBE cannot be pulled: building stand-ins from Debian $SUITE"

base() {
  if docker image inspect "$BASE" >/dev/null 2>&1; then
    return
  fi
  local tarball="$CACHE/debian-$SUITE-minbase.tar"
  if [ ! -s "$tarball" ]; then
    command -v debootstrap >/dev/null || { log "debootstrap is missing (apt-get install -y debootstrap)"; exit 1; }
    local root
    root=$(mktemp -d)
    log "debootstrap --variant=minbase $SUITE (about half a minute)"
    debootstrap --variant=minbase "$SUITE" "$root" >&2
    # apt in the images: no recommends, no documentation, as in the official slim images
    printf 'APT::Install-Recommends "false";\nAPT::Install-Suggests "false";\n' > "$root/etc/apt/apt.conf.d/90norecommends"
    mkdir -p "$CACHE"
    tar -C "$root" -cf "$tarball.part" .
    mv "$tarball.part" "$tarball"
    rm -rf "$root"
  fi
  log "importing $tarball as $BASE"
  docker import "$tarball" "$BASE" >/dev/null
}

# build NAME DIR: the image from scripts/local-images/DIR, tagged NAME-<hash of DIR>; prints that tag
build() {
  local hash tag
  hash=$( (cd "local-images/$2" && find . -type f -print0 | sort -z | xargs -0 sha256sum) | sha256sum | cut -c1-12)
  tag="$1-$hash"
  if ! docker image inspect "$tag" >/dev/null 2>&1; then
    log "building $tag"
    docker build -q --network host --build-arg "BASE=$BASE" -t "$tag" "local-images/$2" >&2
  fi
  echo "$tag"
}

base
postgres=$(build councilline-local/postgres:15 postgres)
nginx=$(build councilline-local/nginx:debian nginx)
mailpit=$(build councilline-local/mailpit:python mailpit)
prometheus=$(build councilline-local/prometheus:debian prometheus)
jre=$(build councilline-local/jre:17 jre)
log "no stand-in for grafana/grafana (packaged neither by Debian nor on npm): start the services you need by name,"
log "  e.g. docker-compose up -d proxy prometheus (as scripts/cluster-test.py does)"

cat <<ENV
export POSTGRES_IMAGE=$postgres
export NGINX_IMAGE=$nginx
export MAILPIT_IMAGE=$mailpit
export PROMETHEUS_IMAGE=$prometheus
export JRE_IMAGE=$jre
export TESTCONTAINERS_POSTGRES_IMAGE=$postgres
export TESTCONTAINERS_RYUK_DISABLED=true
export TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1
ENV
