#!/usr/bin/env bash
# Measures the ops registry and, when Debian's docker-registry (CNCF Distribution) is installed,
# the reference registry on the same machine in the same run, and prints the ratios:
#   - blob push: POST + PUT of BLOBS random blobs of BLOB_MIB MiB with curl, STREAMS at a time
#   - blob pull: GET of the same blobs with curl
#   - manifest GETs per second by tag with wrk (2 threads, 8 connections, MANIFEST_SECONDS)
# Every loop is bounded; only 127.0.0.1 is contacted; everything started here is stopped.
#
#   bench/registry/run.sh
#   BLOBS=4 BLOB_MIB=32 STREAMS=3 MANIFEST_SECONDS=3 ROUNDS=3 bench/registry/run.sh
#
# Needs: java 17, curl, wrk, python3, Debian's postgresql; docker-registry for the comparison.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repository="$(cd "$here/../.." && pwd)"
blobs="${BLOBS:-6}"
blob_mib="${BLOB_MIB:-64}"
streams="${STREAMS:-1}"
manifest_seconds="${MANIFEST_SECONDS:-5}"
rounds="${ROUNDS:-3}"
token="bench-token"

work="$(mktemp -d /var/tmp/registry-bench.XXXXXX)"
chmod 755 "$work"
started=()
pg_bin=""

cleanup() {
  for pid in "${started[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  if [[ -n "$pg_bin" && -f "$work/pg/postmaster.pid" ]]; then
    runuser -u postgres -- "$pg_bin/pg_ctl" -D "$work/pg" -m fast -w stop >/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

now() {
  date +%s.%N
}

wait_for() {
  local url="$1" name="$2"
  for _ in $(seq 1 300); do
    if curl -s -o /dev/null -w '%{http_code}' "$url" | grep -qE '^(200|401)$'; then
      return 0
    fi
    sleep 0.2
  done
  echo "$name did not come up; its log is in $work" >&2
  exit 1
}

# The ops registry needs PostgreSQL: Debian's server, run as the postgres user on a private port.
start_postgres() {
  pg_bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
  pg_port="$(free_port)"
  install -d -o postgres "$work/pg"
  runuser -u postgres -- "$pg_bin/initdb" -D "$work/pg" -U ops --auth=trust >/dev/null
  runuser -u postgres -- "$pg_bin/pg_ctl" -D "$work/pg" -l "$work/pg/server.log" -w \
    -o "-p $pg_port -k $work/pg -c listen_addresses=127.0.0.1" start >/dev/null
  runuser -u postgres -- "$pg_bin/createdb" -h 127.0.0.1 -p "$pg_port" -U ops ops_registry
}

start_ops_registry() {
  local jar="$repository/registry-service/target/quarkus-app/quarkus-run.jar"
  if [[ ! -f "$jar" ]]; then
    (cd "$repository" && mvn -B -q -pl registry-service -am package -DskipTests)
  fi
  ops_port="$(free_port)"
  env QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT="$ops_port" \
    QUARKUS_DATASOURCE_REACTIVE_URL="postgresql://127.0.0.1:$pg_port/ops_registry" \
    QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:$pg_port/ops_registry" \
    QUARKUS_DATASOURCE_USERNAME=ops OPS_REGISTRY_STORAGE="$work/ops" \
    OPS_REGISTRY_PUSH_TOKENS="$token" \
    java -jar "$jar" >"$work/ops.log" 2>&1 &
  started+=("$!")
  wait_for "http://127.0.0.1:$ops_port/q/health/ready" "the ops registry"
}

start_distribution() {
  distribution_port="$(free_port)"
  cat >"$work/distribution.yml" <<YAML
version: 0.1
log:
  level: info
storage:
  filesystem:
    rootdirectory: $work/distribution
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$distribution_port
YAML
  docker-registry serve "$work/distribution.yml" >"$work/distribution.log" 2>&1 &
  started+=("$!")
  wait_for "http://127.0.0.1:$distribution_port/v2/" "docker-registry"
}

# make_blobs DIR COUNT MIB: random blobs named by their digest
make_blobs() {
  mkdir -p "$1"
  for i in $(seq 1 "$2"); do
    head -c "$(($3 * 1024 * 1024))" /dev/urandom >"$1/blob"
    mv "$1/blob" "$1/sha256:$(sha256sum <"$1/blob" | cut -d' ' -f1)"
  done
}

# push_one BASE REPOSITORY FILE: a monolithic upload, POST then PUT
push_one() {
  local base="$1" repo="$2" file="$3" digest location separator
  digest="$(basename "$file")"
  location="$(curl -sS -D - -o /dev/null -X POST -H "Authorization: Bearer $token" \
    "$base/v2/$repo/blobs/uploads/" | tr -d '\r' | sed -n 's/^[Ll]ocation: //p')"
  [[ "$location" == http* ]] || location="$base$location"
  separator="?"
  [[ "$location" == *\?* ]] && separator="&"
  curl -sS -f -o /dev/null -X PUT -H "Authorization: Bearer $token" -H 'Expect:' \
    -H 'Content-Type: application/octet-stream' -T "$file" "$location${separator}digest=$digest"
}

pull_one() {
  local base="$1" repo="$2" file="$3"
  curl -sS -f -o /dev/null "$base/v2/$repo/blobs/$(basename "$file")"
}

put_manifest() {
  local base="$1" repo="$2" dir="$3" config layers="" file
  config="$work/config.json"
  printf '{"architecture":"amd64","os":"linux"}' >"$config"
  local config_digest="sha256:$(sha256sum <"$config" | cut -d' ' -f1)"
  cp "$config" "$work/$config_digest"
  push_one "$base" "$repo" "$work/$config_digest"
  for file in "$dir"/sha256:*; do
    layers+="${layers:+,}{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"$(basename "$file")\",\"size\":$(stat -c %s "$file")}"
  done
  curl -sS -f -o /dev/null -X PUT -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/vnd.oci.image.manifest.v1+json' \
    -d "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"$config_digest\",\"size\":$(stat -c %s "$config")},\"layers\":[$layers]}" \
    "$base/v2/$repo/manifests/latest"
}

export -f push_one pull_one
export token

# measure NAME BASE ROUND: prints "push_MBps pull_MBps manifest_per_s"
measure() {
  local base="$2" repo="bench/$1-$3" dir="$work/blobs-$1-$3" start push pull gets
  make_blobs "$dir" "$blobs" "$blob_mib"
  local mb
  mb="$(python3 -c "print($blobs * $blob_mib * 1048576 / 1e6)")"
  start="$(now)"
  ls "$dir"/sha256:* | xargs -P "$streams" -I{} bash -c 'push_one "$0" "$1" "$2"' "$base" "$repo" {}
  push="$(python3 -c "print(round($mb / ($(now) - $start), 1))")"
  start="$(now)"
  ls "$dir"/sha256:* | xargs -P "$streams" -I{} bash -c 'pull_one "$0" "$1" "$2"' "$base" "$repo" {}
  pull="$(python3 -c "print(round($mb / ($(now) - $start), 1))")"
  put_manifest "$base" "$repo" "$dir"
  gets="$(wrk -t2 -c8 -d"${manifest_seconds}s" \
    -H 'Accept: application/vnd.oci.image.manifest.v1+json' \
    "$base/v2/$repo/manifests/latest" | sed -n 's/^Requests\/sec: *//p')"
  rm -rf "$dir"
  echo "$push $pull $gets"
}

start_postgres
start_ops_registry
registries=("ops http://127.0.0.1:$ops_port")
if command -v docker-registry >/dev/null; then
  start_distribution
  registries+=("distribution http://127.0.0.1:$distribution_port")
else
  echo "docker-registry is not installed (apt-get install docker-registry): no comparison" >&2
fi

echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $blobs blobs of $blob_mib MiB," \
  "$streams stream(s), $manifest_seconds s of manifest GETs, $rounds rounds (+1 warm-up)"
declare -A best
for round in $(seq 0 "$rounds"); do
  for entry in "${registries[@]}"; do
    read -r name base <<<"$entry"
    read -r push pull gets <<<"$(measure "$name" "$base" "$round")"
    if [[ "$round" == 0 ]]; then
      echo "warm-up  $name: push $push MB/s, pull $pull MB/s, manifest $gets req/s (not counted)"
      continue
    fi
    echo "round $round  $name: push $push MB/s, pull $pull MB/s, manifest $gets req/s"
    for pair in "push:$push" "pull:$pull" "gets:$gets"; do
      key="$name-${pair%%:*}"
      value="${pair#*:}"
      best[$key]="$(python3 -c "print(max(float('${best[$key]:-0}'), float('$value')))")"
    done
  done
done

echo
printf '%-22s %10s %14s %8s\n' "best of $rounds rounds" "ops" "distribution" "ratio"
for metric in "push:blob push MB/s" "pull:blob pull MB/s" "gets:manifest GET/s"; do
  key="${metric%%:*}"
  ops="${best[ops-$key]}"
  dist="${best[distribution-$key]:-}"
  ratio="-"
  [[ -n "$dist" ]] && ratio="$(python3 -c "print(f'{$ops / $dist:.2f}')")"
  printf '%-22s %10s %14s %8s\n' "${metric#*:}" "$ops" "${dist:--}" "$ratio"
done
