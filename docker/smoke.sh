#!/usr/bin/env bash
# docker/smoke.sh — build the Chronicle image and check it in real containers.
#
#   docker/smoke.sh                       # from anywhere in the repository; needs a working `docker`
#
# Environment: SMOKE_IMAGE (tag to build and test, default chronicle:smoke), SMOKE_BUILD=0 (test an
# existing SMOKE_IMAGE without building), PYTHON_IMAGE (base image, passed as a build argument).
# Without a Docker engine it says so and exits 0 — except with CI=true, where that is a failure.
# Everything it creates (containers, volumes, a compose project) carries a unique name and is removed on
# exit; leftovers of an interrupted earlier run are removed at the start.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { echo "smoke: $*"; }
die() { echo "smoke: FAILED: $*" >&2; exit 1; }

if ! command -v docker >/dev/null 2>&1 || ! docker info >/dev/null 2>&1; then
  [ "${CI:-}" = true ] && die "no working Docker engine (docker info failed), and CI must run the smoke test"
  say "SKIPPED: no working Docker engine here (docker info failed); install Docker to run it"
  exit 0
fi

IMAGE=${SMOKE_IMAGE:-chronicle:smoke}
RUN=chronicle-smoke-$$-$RANDOM
LABEL=chronicle.smoke
VOL=$RUN-data
TMP=$(mktemp -d)
started=$(date +%s)

cleanup() {
  local rc=$?
  docker ps -aq --filter "label=$LABEL=$RUN" | xargs -r docker rm -f >/dev/null 2>&1 || true
  if docker compose version >/dev/null 2>&1; then
    CHRONICLE_IMAGE=$IMAGE CHRONICLE_ENV_FILE=.env.example \
      docker compose -f docker/compose.yaml -p "$RUN" down -v >/dev/null 2>&1 || true
  fi
  docker volume rm -f "$VOL" >/dev/null 2>&1 || true
  rm -rf "$TMP"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# leftovers of an earlier run that was killed before its trap ran (its shell is gone)
for c in $(docker ps -aq --filter "label=$LABEL"); do
  pid=$(docker inspect -f "{{index .Config.Labels \"$LABEL.pid\"}}" "$c" 2>/dev/null || true)
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || docker rm -f "$c" >/dev/null 2>&1 || true
done
for v in $(docker volume ls -q --filter "label=$LABEL"); do
  pid=$(docker volume inspect -f "{{index .Labels \"$LABEL.pid\"}}" "$v" 2>/dev/null || true)
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || docker volume rm -f "$v" >/dev/null 2>&1 || true
done

# run IMAGE in a throwaway container without network: `in_image [docker run options --] command…`
in_image() {
  local opts=()
  if [[ " $* " == *" -- "* ]]; then
    while [ "$1" != "--" ]; do opts+=("$1"); shift; done
    shift
  fi
  docker run --rm --network none --label "$LABEL=$RUN" --label "$LABEL.pid=$$" "${opts[@]}" "$IMAGE" "$@"
}

# expect NAME TEXT REGEX… : every extended regex must match TEXT
expect() {
  local name=$1 text=$2; shift 2
  for re in "$@"; do
    grep -Eq -- "$re" <<<"$text" || { printf '%s\n' "$text" >&2; die "$name: output does not match /$re/"; }
  done
}

step() { echo; say "== $*"; }

# ---- 1. build ----------------------------------------------------------------------------------------
if [ "${SMOKE_BUILD:-1}" != 0 ]; then
  step "build $IMAGE from docker/Dockerfile"
  t0=$(date +%s)
  build_args=()
  [ -n "${PYTHON_IMAGE:-}" ] && build_args+=(--build-arg "PYTHON_IMAGE=$PYTHON_IMAGE")
  docker build -f docker/Dockerfile -t "$IMAGE" "${build_args[@]}" . >"$TMP/build.log" 2>&1 \
    || { tail -n 40 "$TMP/build.log" >&2; die "docker build"; }
  say "built in $(( $(date +%s) - t0 )) s"
  # the image this tag had before is now untagged: drop it (the build cache is kept)
  docker image prune -f --filter "label=org.opencontainers.image.title=chronicle" >/dev/null || true
fi
size=$(docker image inspect -f '{{.Size}}' "$IMAGE")
base=$(docker image inspect -f '{{.Size}}' "${PYTHON_IMAGE:-python:3.12-slim}" 2>/dev/null || echo 0)
say "image $IMAGE: $(( size / 1000000 )) MB (base $(( base / 1000000 )) MB, Chronicle adds $(( (size - base) / 1000000 )) MB)"

# ---- 2. image settings ---------------------------------------------------------------------------------
step "image settings: non-root user, /data volume, SIGTERM, healthcheck, command"
config=$(docker image inspect -f 'user={{.Config.User}}
stopsignal={{.Config.StopSignal}}
healthcheck={{json .Config.Healthcheck.Test}}
cmd={{json .Config.Cmd}}
volumes={{json .Config.Volumes}}
env={{json .Config.Env}}' "$IMAGE")
echo "$config"
expect "image settings" "$config" '^user=[1-9][0-9]*(:[0-9]+)?$' '^stopsignal=SIGTERM$' \
  '^healthcheck=\["CMD","chronicle","health"\]$' '^cmd=\["chronicle","run"\]$' '"/data":' \
  'CHRONICLE_DB=/data/chronicle.db'
out=$(in_image id)
echo "$out"
expect "runs as non-root" "$out" '^uid=[1-9][0-9]*\('
[[ "$out" != uid=0* ]] || die "the container runs as root"

# ---- 3. answers from the image alone -------------------------------------------------------------------
step "chronicle date 1950-06-25 (seeds shipped inside the image, no volume)"
out=$(in_image chronicle date 1950-06-25)
printf '%s\n' "$out" | head -n 4
expect "chronicle date" "$out" '^June 25, 1950: [1-9][0-9]* event' '38th parallel' '^Source: '

step "chronicle facts stats on a new volume (creates and seeds /data/chronicle.db)"
docker volume create --label "$LABEL=$RUN" --label "$LABEL.pid=$$" "$VOL" >/dev/null
stats1=$(in_image -v "$VOL:/data" -- chronicle facts stats)
echo "$stats1"
expect "chronicle facts stats" "$stats1" '^[1-9][0-9]* events, [1-9][0-9]* people, .* schema version [1-9][0-9]*$'

# what seeding wrote: unchanged later means the database survived and nothing was seeded again
SEEDED='import sqlite3; c = sqlite3.connect("file:/data/chronicle.db?mode=ro", uri=True); print(*c.execute("SELECT id, loaded_at FROM packs ORDER BY id"))'
seeded1=$(in_image -v "$VOL:/data" -- python -c "$SEEDED")
say "packs seeded: $seeded1"
[ -n "$seeded1" ] || die "no pack recorded in the database"

out=$(in_image -v "$VOL:/data" -- chronicle health 2>&1) && die "chronicle health was healthy with no bot running" || true
echo "$out"
expect "chronicle health without a bot" "$out" '^database: ok \([1-9][0-9]* events, schema [0-9]+\)' 'no heartbeat yet'

# ---- 4. the bot itself: healthy while connected, clean exit on docker stop ------------------------------
step "the bot in the image, connected to the loopback fake Discord (tests/fakediscord), on the volume"
mkdir -p "$TMP/ci"
cp -R tests/fakediscord "$TMP/ci/fakediscord"
cp docker/smoke_bot.py "$TMP/ci/"
find "$TMP/ci" -name __pycache__ -prune -exec rm -rf {} +
chmod -R a+rX "$TMP/ci"
bot=$RUN-bot
docker create --name "$bot" --network none --label "$LABEL=$RUN" --label "$LABEL.pid=$$" \
  -v "$VOL:/data" -e DISCORD_TOKEN=smoke-test-token -e PYTHONPATH=/tmp/ci \
  --health-interval 2s --health-timeout 10s --health-retries 3 \
  "$IMAGE" python /tmp/ci/smoke_bot.py >/dev/null
docker cp "$TMP/ci" "$bot:/tmp/ci"
docker start "$bot" >/dev/null
status=starting
for _ in $(seq 60); do
  status=$(docker inspect -f '{{.State.Health.Status}} {{.State.Status}}' "$bot")
  [[ "$status" == healthy* || "$status" != *running ]] && break
  sleep 1
done
if [[ "$status" != healthy* ]]; then
  docker logs "$bot" 2>&1 | tail -n 30 >&2
  docker inspect -f '{{json .State.Health}}' "$bot" >&2 || true
  die "the bot's container did not become healthy (status: $status)"
fi
say "docker reports the container: $status"
out=$(docker exec "$bot" chronicle health)
echo "$out"
expect "chronicle health with the bot running" "$out" '^database: ok' '^gateway: heartbeat [0-9]+ s ago.*1 server\(s\)'

step "docker stop: SIGTERM, the bot closes Discord and the database"
t0=$(date +%s%N)
docker stop -t 30 "$bot" >/dev/null
took_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
code=$(docker inspect -f '{{.State.ExitCode}}' "$bot")
logs=$(docker logs "$bot" 2>&1)
printf '%s\n' "$logs" | grep -E 'connected as|received SIGTERM|database closed' || true
say "stopped in ${took_ms} ms, exit code $code"
expect "bot logs" "$logs" 'received SIGTERM: shutting down' 'stopped; database closed'
[ "$code" = 0 ] || die "the bot exited with $code after docker stop"
[ "$took_ms" -lt 20000 ] || die "docker stop took ${took_ms} ms: the bot did not stop on SIGTERM"
docker rm "$bot" >/dev/null

# ---- 5. a new container on the same volume: the data is still there ------------------------------------
step "a new container on the same volume"
stats2=$(in_image -v "$VOL:/data" -- chronicle facts stats)
echo "$stats2"
[ "$stats2" = "$stats1" ] || die "facts stats changed across containers"
seeded2=$(in_image -v "$VOL:/data" -- python -c "$SEEDED")
say "packs seeded: $seeded2"
[ "$seeded2" = "$seeded1" ] || die "the packs were seeded again ($seeded1 -> $seeded2): the database did not persist"
out=$(in_image -v "$VOL:/data" -- sh -c 'ls -ln /data; chronicle health --max-age 3600' 2>&1) \
  || die "chronicle health on the kept volume: $out"
echo "$out"
expect "kept volume" "$out" ' 10001 +10001 .* chronicle\.db$' ' chronicle\.heartbeat$' '^database: ok' '^gateway: heartbeat'

# ---- 6. the compose file runs the same image ------------------------------------------------------------
step "docker compose run (docker/compose.yaml: env_file, read-only root, init, named volume)"
if docker compose version >/dev/null 2>&1; then
  out=$(CHRONICLE_IMAGE=$IMAGE CHRONICLE_ENV_FILE=.env.example \
    docker compose -f docker/compose.yaml -p "$RUN" run --rm chronicle \
    sh -c 'chronicle facts stats && id -u && cat /proc/1/cmdline | tr "\0" " " && touch /opt/x' 2>&1) \
    && die "the root file system is writable under compose" || true
  printf '%s\n' "$out" | grep -v -E '^ *(Network|Volume|Container) ' || true
  expect "compose run" "$out" '^[1-9][0-9]* events, .* schema version' '^10001$' 'docker-init -- sh' \
    'Read-only file system'
else
  [ "${CI:-}" = true ] && die "docker compose is not available"
  say "skipped: no docker compose plugin"
fi

echo
say "all checks passed in $(( $(date +%s) - started )) s"
