#!/usr/bin/env bash
# Local S3-compatible server for the S3 variant of research-catalogue's storage tests: S3Proxy (Apache-2.0) from
# Maven Central over jclouds' filesystem provider. No Docker needed.
#   scripts/s3proxy.sh start   idempotent: reuses a running server; prints the S3_* variables to export
#   scripts/s3proxy.sh stop
# Environment: S3PROXY_PORT (default 9555), S3PROXY_HOME_DIR (default .local/s3proxy).
# The credential is random, generated at the first start into $S3PROXY_HOME_DIR/env (never in the repository).
set -Eeuo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
HOME_DIR="${S3PROXY_HOME_DIR:-$ROOT/.local/s3proxy}"
PORT="${S3PROXY_PORT:-9555}"
LIB="$ROOT/.local/s3proxy-lib"
PIDFILE="$HOME_DIR/s3proxy.pid"
log() { echo "[s3proxy] $*" >&2; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
# shellcheck source=scripts/maven-deps.sh
. "$ROOT/scripts/maven-deps.sh"
fetch_jars() { maven_deps "$ROOT/scripts/s3proxy/pom.xml" "$LIB" S3Proxy; }

write_env() {
  mkdir -p "$HOME_DIR/data"
  if [ ! -f "$HOME_DIR/keys" ]; then
    umask 077
    cat > "$HOME_DIR/keys" <<ENV
S3_ACCESS_KEY_ID=local-$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')
S3_SECRET_ACCESS_KEY=$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')
ENV
  fi
  { echo "S3_ENDPOINT=http://127.0.0.1:$PORT"; cat "$HOME_DIR/keys"; } > "$HOME_DIR/env"
}

start() {
  write_env
  if port_open "$PORT"; then
    # Reused only when it is this checkout's own server: another one's credential is unknown here.
    if [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
      log "already listening on 127.0.0.1:$PORT, reusing it"; cat "$HOME_DIR/env"; return
    fi
    log "127.0.0.1:$PORT is taken by another process (set S3PROXY_PORT)"; return 1
  fi
  fetch_jars
  # shellcheck disable=SC1091
  . "$HOME_DIR/env"
  cat > "$HOME_DIR/s3proxy.conf" <<CONF
s3proxy.endpoint=http://127.0.0.1:$PORT
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$S3_ACCESS_KEY_ID
s3proxy.credential=$S3_SECRET_ACCESS_KEY
jclouds.provider=filesystem
jclouds.filesystem.basedir=$HOME_DIR/data
CONF
  nohup java -Xms64m -Xmx256m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$LIB/*" org.gaul.s3proxy.Main \
    --properties "$HOME_DIR/s3proxy.conf" > "$HOME_DIR/s3proxy.log" 2>&1 &
  echo $! > "$PIDFILE"
  for _ in $(seq 1 120); do
    port_open "$PORT" && { log "listening on 127.0.0.1:$PORT"; cat "$HOME_DIR/env"; return; }
    kill -0 "$(cat "$PIDFILE")" 2>/dev/null || { log "S3Proxy exited at start (see $HOME_DIR/s3proxy.log)"; return 1; }
    sleep 0.5
  done
  log "S3Proxy did not listen on 127.0.0.1:$PORT within 60 s (see $HOME_DIR/s3proxy.log)"
  return 1
}

stop() {
  [ -f "$PIDFILE" ] || return 0
  local pid; pid=$(cat "$PIDFILE")
  kill -TERM "$pid" 2>/dev/null || true
  rm -f "$PIDFILE"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
