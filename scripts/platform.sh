#!/usr/bin/env bash
# The project's single entry point (called by the npm scripts and .ci/run). On a fresh clone it brings in what is
# missing — Node 24 when the machine's node is older than 22, the npm dependencies, the local Kafka broker — checks
# PostgreSQL (falling back to an embedded one), creates the topics, then runs the requested command:
#   start       start every service in apps/ (Ctrl-C stops them cleanly)
#   test        type-check, lint (module boundaries included) and every unit, integration and scenario test
#   bench       the benchmarks (not part of test)
#   chaos       the seeded fault schedule against the intel exchange (not part of test; a short one is)
#   infra       only the bootstrap above
#   dlq-replay  replay dead letters back to their topic (arguments are passed on)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
NODE_VERSION_PIN="24.21.0"
log() { echo "[platform] $*" >&2; }
port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

ensure_node() {
  local major=0
  command -v node >/dev/null && major=$(node -p 'process.versions.node.split(".")[0]')
  if [ "$major" -ge 22 ]; then return; fi
  local arch; case "$(uname -m)" in x86_64) arch=x64 ;; aarch64|arm64) arch=arm64 ;; *) log "unsupported CPU $(uname -m)"; exit 1 ;; esac
  local dir="$ROOT/.tools/node"
  if [ ! -x "$dir/bin/node" ] || [ "$("$dir/bin/node" --version)" != "v$NODE_VERSION_PIN" ]; then
    log "node $major is older than 22: installing Node $NODE_VERSION_PIN (npm package node-linux-$arch) into .tools/node"
    rm -rf "$dir"
    npm install --global --prefix "$dir" --no-audit --no-fund "node-linux-$arch@$NODE_VERSION_PIN" >&2
  fi
  export PATH="$dir/bin:$PATH"
  # Native addons must build against Node 24's headers, not the machine's (~/.npmrc may point nodedir at Node 20).
  export npm_config_nodedir="$dir/lib/node_modules/node-linux-$arch"
  log "using node $(node --version) from .tools/node"
}

ensure_deps() {
  local stamp="node_modules/.wco-installed"
  local want; want="$(node --version) $(sha1sum package-lock.json | cut -d' ' -f1)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then return; fi
  log "installing dependencies (npm ci)"
  npm ci --no-audit --no-fund >&2
  echo "$want" > "$stamp"
}

ensure_postgres() {
  if [ -n "${DATABASE_URL:-}" ]; then
    local hp; hp=$(node -e 'const u=new URL(process.argv[1]);console.log(u.hostname+" "+(u.port||5432))' "$DATABASE_URL")
    # shellcheck disable=SC2086
    port_open $hp || { log "PostgreSQL from DATABASE_URL is not reachable ($hp)"; exit 1; }
    return
  fi
  if ! port_open 127.0.0.1 5432 && command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
    log "PostgreSQL on 127.0.0.1:5432 is down; starting the machine's cluster"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start >&2 || true
  fi
  if port_open 127.0.0.1 5432; then
    export DATABASE_URL="postgres://postgres@127.0.0.1:5432/postgres"
  else
    log "no PostgreSQL on 127.0.0.1:5432: starting the embedded PostgreSQL (embedded-postgres) on 127.0.0.1:54329"
    node scripts/embedded-postgres.js start >&2
    export DATABASE_URL="postgres://postgres:postgres@127.0.0.1:54329/postgres"
  fi
  log "PostgreSQL: $(node -e 'const u=new URL(process.argv[1]);console.log(u.host+u.pathname)' "$DATABASE_URL")"
}

ensure_kafka() {
  if [ -z "${KAFKA_BROKERS:-}" ]; then
    bash scripts/kafka.sh start
    export KAFKA_BROKERS="127.0.0.1:9092"
  fi
  log "Kafka: $KAFKA_BROKERS"
  if [ -f scripts/create-topics.ts ]; then
    SWC_NODE_PROJECT=tsconfig.json node --require @swc-node/register scripts/create-topics.ts >&2
  fi
}

# Debian packages the test suite drives, installed together (one apt-get update) when missing and apt is usable
# (root; CI runs as root):
# - promtool (package prometheus) checks the alert rules and runs their unit tests (deploy/observability.spec.ts);
#   without it that spec says what it skipped;
# - chromium: the console's browser tests (browsers cannot be downloaded by Playwright here);
# - libhttp-oai-perl: HTTP::OAI's harvester, the OAI-PMH client the project did not write, harvests the research
#   catalogue in apps/research-catalogue/src/oai/oai-harvester.int-spec.ts.
ensure_test_packages() {
  local lean=() full=()
  command -v promtool >/dev/null || lean+=(prometheus)
  perl -MHTTP::OAI -e 1 2>/dev/null || lean+=(libhttp-oai-perl)
  # chromium with its recommended packages (fonts), as the browser tests were written against.
  [ -x /usr/bin/chromium ] || full+=(chromium)
  local missing=("${lean[@]}" "${full[@]}")
  [ ${#missing[@]} -eq 0 ] && return
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    log "installing Debian packages for the tests: ${missing[*]}"
    {
      apt-get update -qq &&
        { [ ${#lean[@]} -eq 0 ] || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${lean[@]}"; } &&
        { [ ${#full[@]} -eq 0 ] || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${full[@]}"; }
    } >&2 || log "could not install ${missing[*]}: the tests that need them will fail or say what they skipped"
  else
    log "missing Debian packages (apt is not usable here): install ${missing[*]} for the tests that drive them"
  fi
}

# The S3 variant of research-catalogue's storage tests runs against S3Proxy (scripts/s3proxy.sh) unless S3_ENDPOINT
# is already set. Best effort: when it cannot be fetched or started, the S3 variant is skipped and says why.
ensure_s3() {
  [ -n "${S3_ENDPOINT:-}" ] && { log "S3: $S3_ENDPOINT"; return; }
  local vars
  if vars=$(bash scripts/s3proxy.sh start); then
    set -a; eval "$vars"; set +a
    log "S3: $S3_ENDPOINT (S3Proxy)"
  else
    log "S3Proxy could not be started: research-catalogue's S3 storage tests will be skipped"
  fi
}

bootstrap() { ensure_node; ensure_deps; ensure_postgres; ensure_kafka; }

# The web console's static build, served by the gateway at / (GATEWAY_CONSOLE_DIR, default dist/apps/console).
build_console() {
  log "building the web console (vite build apps/console into dist/apps/console)"
  NODE_ENV=production npx vite build --config apps/console/vite.config.mts --logLevel warn >&2
}

services() { for d in apps/*/; do [ -f "$d/src/main.ts" ] && basename "$d"; done; }

run_ts() { SWC_NODE_PROJECT="$ROOT/tsconfig.json" node --require @swc-node/register "$@"; }

# Once the gateway listens (port 3000, its default): where the platform is, and how to get a token for it.
announce_gateway() {
  local gateway="http://127.0.0.1:3000"
  for _ in $(seq 1 360); do
    if port_open 127.0.0.1 3000; then
      log "gateway:       $gateway  (routes /api/intel, /api/budget, /api/assistance, /api/research to the services)"
      log "API reference: $gateway/docs  (one OpenAPI document: $gateway/docs/openapi.json)"
      log "web console:   $gateway/  (development sign-in with a seeded user when the development issuer is on)"
      if [ "${AUTH_DEV_ISSUER:-}" = "true" ]; then
        log "token:         npm run dev-token -- --member FR --roles member-analyst   (then: curl -H \"Authorization: Bearer <token>\" $gateway/api/intel/operations)"
      fi
      return 0
    fi
    sleep 0.5
  done
  log "the gateway did not start listening on 127.0.0.1:3000"
}

cmd_start() {
  bootstrap
  [ -n "${GATEWAY_CONSOLE_DIR:-}" ] || build_console
  if [ -z "${AUTH_ISSUER:-}" ] && [ -z "${AUTH_DEV_ISSUER:-}" ]; then
    # No identity provider configured: use the built-in development issuer (refused with NODE_ENV=production).
    export AUTH_DEV_ISSUER=true
    log "auth: development issuer (get a token: npm run dev-token -- --member FR --roles member-analyst)"
  fi
  local pids=() announcer=""
  trap 'log "stopping services"; kill -TERM "${pids[@]}" $announcer 2>/dev/null; wait; exit 0' INT TERM
  for s in $(services); do
    log "starting $s"
    # node itself is the background job (not a subshell), so the TERM below reaches it.
    SERVICE_NAME="$s" SWC_NODE_PROJECT="$ROOT/tsconfig.json" \
      node --require @swc-node/register --require ./libs/telemetry/src/register.ts "apps/$s/src/main.ts" &
    pids+=($!)
  done
  [ ${#pids[@]} -gt 0 ] || { log "no services in apps/"; exit 1; }
  announce_gateway &
  announcer=$!
  wait -n "${pids[@]}" || true
  log "a service exited; stopping the others"
  kill -TERM "${pids[@]}" $announcer 2>/dev/null || true
  wait
  exit 1
}

cmd_test() {
  bootstrap
  ensure_test_packages
  ensure_s3
  local t0=$SECONDS
  log "type-check (tsc --noEmit, strict)"
  npx tsc -p tsconfig.json --noEmit
  npx tsc -p apps/console/tsconfig.json --noEmit
  log "lint (ESLint with @nx/enforce-module-boundaries)"
  # The boundary rule reads Nx's cached project graph and silently skips itself without one (a fresh clone).
  npx nx show projects >/dev/null
  npx eslint --max-warnings=0 --no-error-on-unmatched-pattern apps libs deploy bench scripts e2e tools
  log "format (Prettier, .prettierrc; npm run format rewrites)"
  npx prettier --check --log-level warn .
  log "unit, integration and scenario tests (Jest)"
  local report="$ROOT/tmp/jest-results.json"
  mkdir -p "$ROOT/tmp"
  rm -f "$report"
  local rc=0
  npx jest --ci --json --outputFile="$report" "$@" || rc=$?
  log "npm test took $((SECONDS - t0)) s after bootstrap"
  # The closing line counts a suite that failed to run (a missing file, a crash in its setup) as a failure, and a red
  # run whose report is missing or counts nothing failed as one failure: the last line never looks green on a red run.
  rm -f "$report.stale"
  [ -f "$report" ] || echo '{}' > "$report.stale"
  node -e '
    const r = require(process.argv[1]); const rc = Number(process.argv[2]);
    const suitesThatDidNotRun = (r.testResults ?? []).filter((s) => s.status === "failed" && !(s.assertionResults ?? []).some((a) => a.status === "failed"));
    for (const s of suitesThatDidNotRun) console.error(`suite failed to run: ${s.name}: ${(s.message ?? "").split("\n").find((l) => l.trim()) ?? ""}`);
    let failed = (r.numFailedTests ?? 0) + suitesThatDidNotRun.length;
    if (rc !== 0 && failed === 0) failed = 1;
    console.log(`jest: ${r.numPassedTests ?? 0} passed, ${failed} failed, ${r.numPendingTests ?? 0} skipped`);
  ' "$([ -f "$report" ] && echo "$report" || echo "$report.stale")" "$rc"
  return $rc
}

cmd_bench() {
  bootstrap
  for f in bench/*/*.bench.ts; do
    [ -f "$f" ] || continue
    log "benchmark $f"
    OTEL_METRICS_EXPORTER=none LOG_LEVEL=warn run_ts "$f"
  done
}

cmd_chaos() {
  bootstrap
  OTEL_METRICS_EXPORTER=none run_ts e2e/chaos/src/chaos-main.ts "$@"
}

case "${1:-}" in
  start) shift; cmd_start "$@" ;;
  test) shift; cmd_test "$@" ;;
  bench) shift; cmd_bench "$@" ;;
  chaos) shift; cmd_chaos "$@" ;;
  infra) bootstrap ;;
  dlq-replay) shift; bootstrap; run_ts scripts/dlq-replay.ts "$@" ;;
  dev-token) shift; ensure_node; ensure_deps; run_ts libs/auth/src/dev-token.ts "$@" ;;
  *) echo "usage: $0 start|test|bench|chaos|infra|dlq-replay" >&2; exit 2 ;;
esac
