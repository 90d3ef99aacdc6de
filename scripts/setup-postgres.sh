#!/usr/bin/env bash
# Installs PostgreSQL 15 with pgvector 0.8.0 (Debian 12) and starts a private test server on 127.0.0.1; prints its URL.
#
# Idempotent, as root, no prompts. pgvector is not packaged for Debian 12: it is built from Debian 13's source
# package, fetched through a private apt state under $ENGRAM_PG_DIR (/etc/apt is never touched), with OPTFLAGS=""
# so the library runs on any x86-64. The cluster is test data only: trust auth, loopback, and by default fast settings
# (fsync, synchronous_commit and full_page_writes off: a crash loses acknowledged commits). ENGRAM_PG_DURABLE=1 starts
# it with PostgreSQL's durable defaults instead, for crash and restart tests on a private second server
# (ENGRAM_PG_DIR and ENGRAM_PG_PORT set): they must not run on the shared fast one.
# The last line of stdout is the URL: ENGRAM_TEST_DATABASE_URL=$(scripts/setup-postgres.sh | tail -n 1)
# Stop it:  su postgres -s /bin/sh -c "/usr/lib/postgresql/15/bin/pg_ctl -D \$ENGRAM_PG_DIR/data -m fast stop"
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

PG_VERSION=15
PGVECTOR_VERSION=0.8.0
PORT=${ENGRAM_PG_PORT:-55432}
WORK=${ENGRAM_PG_DIR:-/tmp/engram-pg}
DATA=$WORK/data
PG_BIN=/usr/lib/postgresql/$PG_VERSION/bin
EXTENSION_DIR=/usr/share/postgresql/$PG_VERSION/extension
URL="postgres://postgres@127.0.0.1:$PORT/postgres"

log() { echo "setup-postgres: $*" >&2; }

if [ "$(id -u)" -ne 0 ]; then
  log "run this as root (it installs packages and starts the server as the postgres user)"
  exit 1
fi

if [ -n "${ENGRAM_PG_SHARED_BUFFERS:-}" ] && ! [[ "$ENGRAM_PG_SHARED_BUFFERS" =~ ^[1-9][0-9]*(kB|MB|GB)$ ]]; then
  log "ENGRAM_PG_SHARED_BUFFERS='$ENGRAM_PG_SHARED_BUFFERS' is not a size such as 256MB or 6GB"
  exit 2
fi

# An already running server with pgvector is reused as it is.
reusable() {
  [ -x "$PG_BIN/pg_isready" ] && "$PG_BIN/pg_isready" -q -t 2 -h 127.0.0.1 -p "$PORT" 2>/dev/null &&
    psql "$URL" -qAt -c "create extension if not exists vector" >/dev/null 2>&1
}
# Something accepts TCP connections on the port (a server starting, stopping, or not PostgreSQL at all).
# ss only lists listeners; a connect could hang for minutes on one whose backlog is full.
port_taken() {
  if command -v ss >/dev/null; then
    [ -n "$(ss -Hltn "sport = :$1")" ]
  else
    timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null
  fi
}
if reusable; then
  log "reusing the server on 127.0.0.1:$PORT"
  echo "$URL"
  exit 0
fi

# 1. PostgreSQL 15 and the tools to build pgvector, from Debian's packages.
if [ ! -f "$EXTENSION_DIR/vector.control" ]; then
  if [ ! -x "$PG_BIN/pg_config" ] || [ ! -f "/usr/include/postgresql/$PG_VERSION/server/postgres.h" ] ||
    ! command -v make >/dev/null || ! command -v gcc >/dev/null; then
    log "installing postgresql-$PG_VERSION, postgresql-server-dev-$PG_VERSION, make and gcc"
    apt-get update -qq
    # Waits for another apt run (up to 10 minutes) instead of failing on the dpkg lock.
    apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=600 \
      "postgresql-$PG_VERSION" "postgresql-server-dev-$PG_VERSION" make gcc >/dev/null
  fi

  # 2. pgvector from Debian 13's source package, through a private apt state (sources, lists and cache in $WORK).
  log "building pgvector $PGVECTOR_VERSION"
  APT_DIR=$WORK/apt
  mkdir -p "$APT_DIR/lists/partial" "$APT_DIR/cache/archives/partial" "$WORK/src"
  MIRROR=$(awk '/^URIs:/ { print $2; exit }' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  MIRROR=${MIRROR:-http://deb.debian.org/debian}
  echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $MIRROR trixie main" \
    >"$APT_DIR/sources.list"
  APT_OPTIONS=(
    -o "Dir::Etc::SourceList=$APT_DIR/sources.list"
    -o "Dir::Etc::SourceParts=/nonexistent"
    -o "Dir::State::Lists=$APT_DIR/lists"
    -o "Dir::Cache=$APT_DIR/cache"
  )
  apt-get "${APT_OPTIONS[@]}" update -qq
  (cd "$WORK/src" && apt-get "${APT_OPTIONS[@]}" source --download-only -qq "pgvector=$PGVECTOR_VERSION-1" >/dev/null 2>&1)
  rm -rf "$WORK/src/pgvector-$PGVECTOR_VERSION"
  tar xzf "$WORK/src/pgvector_$PGVECTOR_VERSION.orig.tar.gz" -C "$WORK/src"
  # OPTFLAGS="" drops pgvector's default -march=native, so the library also runs on other x86-64 CPUs.
  make -s -C "$WORK/src/pgvector-$PGVECTOR_VERSION" PG_CONFIG="$PG_BIN/pg_config" OPTFLAGS="" -j"$(nproc)" >/dev/null
  make -s -C "$WORK/src/pgvector-$PGVECTOR_VERSION" PG_CONFIG="$PG_BIN/pg_config" install >/dev/null
fi

# 3. A private cluster (not Debian's 'main' cluster), owned by postgres.
install -d -o postgres -g postgres -m 0700 "$WORK"
if [ ! -f "$DATA/PG_VERSION" ]; then
  log "creating a cluster in $DATA"
  install -d -o postgres -g postgres -m 0700 "$DATA"
  su postgres -s /bin/sh -c "'$PG_BIN/initdb' -D '$DATA' -U postgres -A trust -E UTF8 --no-locale" >/dev/null
fi
if [ "${ENGRAM_PG_DURABLE:-0}" = "1" ]; then
  # fsync, synchronous_commit and full_page_writes stay on (PostgreSQL's defaults): an acknowledged commit survives a crash
  SPEED=""
  shared_buffers=128MB
else
  SPEED="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  shared_buffers=256MB
fi
# ENGRAM_PG_SHARED_BUFFERS=6GB: a larger buffer for the 1M benchmarks (an HNSW index of 2.6 GB read through 256 MB makes
# its merge ~4x slower; docs/postgres.md). It applies when this script starts the server, not to one already running.
shared_buffers="${ENGRAM_PG_SHARED_BUFFERS:-$shared_buffers}"
start_server() {
  su postgres -s /bin/sh -c "'$PG_BIN/pg_ctl' -D '$DATA' -l '$WORK/server.log' -w -t 60 start -o \"-c listen_addresses=127.0.0.1 -p $PORT -k '$WORK' $SPEED -c max_connections=200 -c shared_buffers=$shared_buffers -c maintenance_work_mem=512MB\"" >/dev/null
}
# A server that holds the port but does not answer yet (starting up, or shutting down when the session that started it
# ends) is waited for, up to a minute: then it is reused, or its port is free again. A port still held after that goes
# to the next free one, with a cluster of its own (two servers must never share a data directory).
if ! su postgres -s /bin/sh -c "'$PG_BIN/pg_ctl' -D '$DATA' status" >/dev/null 2>&1; then
  deadline=$((SECONDS + 60))
  while true; do
    if reusable; then
      log "reusing the server on 127.0.0.1:$PORT"
      echo "$URL"
      exit 0
    fi
    if ! port_taken "$PORT"; then
      log "starting the server on 127.0.0.1:$PORT${SPEED:+ (fast, not crash-safe)}"
      if start_server; then break; fi
      log "the server did not start; the end of $WORK/server.log:"
      tail -n 5 "$WORK/server.log" >&2 || true
    elif [ -z "${waiting:-}" ]; then
      waiting=1
      log "127.0.0.1:$PORT is held by a server that does not answer yet; waiting up to a minute"
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      for next in $(seq $((PORT + 1)) $((PORT + 20))); do
        if ! port_taken "$next"; then
          log "127.0.0.1:$PORT stayed unusable; using 127.0.0.1:$next with its own cluster in $WORK-$next"
          exec env ENGRAM_PG_PORT="$next" ENGRAM_PG_DIR="$WORK-$next" bash "$0"
        fi
      done
      log "no free port in $((PORT + 1))-$((PORT + 20)); stop what holds $PORT, or set ENGRAM_PG_PORT"
      exit 1
    fi
    sleep 3
  done
fi
for _ in $(seq 1 60); do "$PG_BIN/pg_isready" -q -t 2 -h 127.0.0.1 -p "$PORT" && break; sleep 1; done
psql "$URL" -v ON_ERROR_STOP=1 -qAt -c "create extension if not exists vector" >/dev/null
log "pgvector $(psql "$URL" -qAt -c "select extversion from pg_extension where extname = 'vector'") on $URL"
echo "$URL"
