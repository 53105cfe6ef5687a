# Shared by the scripts in infra/checks. Sourced, not executed.
#
# API_URL (default http://localhost:5080) is the API under test. When nothing answers there, the scripts start one
# with infra/dev/run on that port (SAAS_DEV_API_PORT) and stop it when they end; an API that is already running is
# used as it is and left running.
set -euo pipefail

CHECKS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# log, die, apt_install, ensure_chromium and REPO_ROOT
source "$CHECKS_DIR/../dev/lib.sh"
API_URL="${API_URL:-http://localhost:5080}"
API_URL="${API_URL%/}"
OUT_DIR="$CHECKS_DIR/.out"
export API_URL CHECKS_DIR REPO_ROOT OUT_DIR

# npm ci when node_modules is missing or older than package-lock.json.
ensure_node_modules() {
  command -v npm >/dev/null || die "npm is missing: install Node.js 20 or later (Debian: apt-get install nodejs npm)"
  if [ ! -f "$CHECKS_DIR/node_modules/.package-lock.json" ] \
    || [ "$CHECKS_DIR/package-lock.json" -nt "$CHECKS_DIR/node_modules/.package-lock.json" ]; then
    log "Installing the checks' npm packages (npm ci)"
    (cd "$CHECKS_DIR" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

api_ready() { curl -sf -o /dev/null --max-time 5 "$API_URL/health/ready"; }

api_port() {
  local hostport=${API_URL#*://}
  hostport=${hostport%%/*}
  case "$hostport" in
    *:*) echo "${hostport##*:}" ;;
    *) case "$API_URL" in https:*) echo 443 ;; *) echo 80 ;; esac ;;
  esac
}

STARTED_API_PID=""
STARTED_PG=false

# Makes sure an API answers at API_URL, starting one with infra/dev/run if nothing listens on its port.
# Whoever calls this must call stop_api on exit (the trap below does).
ensure_api() {
  if api_ready; then
    log "Using the API already running at $API_URL"
    return 0
  fi
  local port
  port=$(api_port)
  if port_in_use "$port"; then
    log "Something listens on port $port but $API_URL/health/ready does not answer 200 yet; waiting up to 60 s"
    for _ in $(seq 60); do
      if api_ready; then return 0; fi
      sleep 1
    done
    die "port $port is taken by something that is not a ready API; stop it, or set API_URL=http://localhost:<free port>"
  fi
  case "$API_URL" in
    http://localhost:*|http://127.0.0.1:*) ;;
    *) die "nothing answers at $API_URL, and the dev API can only be started on localhost" ;;
  esac

  if ! pg_cluster_running; then
    STARTED_PG=true
    # Another checkout's development cluster may hold the default port: take a free one (the database is ours).
    if [ -z "${SAAS_DEV_PG_PORT:-}" ] && port_in_use 54320; then
      for candidate in $(seq 54321 54399); do
        if ! port_in_use "$candidate"; then export SAAS_DEV_PG_PORT="$candidate"; break; fi
      done
      log "Port 54320 is taken: this checkout's development cluster starts on ${SAAS_DEV_PG_PORT:-?}"
    fi
  fi
  mkdir -p "$OUT_DIR"
  log "Starting the API with infra/dev/run on port $port (log: ${OUT_DIR#"$REPO_ROOT"/}/api.log)"
  # Its own session, so that Ctrl+C here reaches the scripts' trap rather than the API directly.
  SAAS_DEV_API_PORT="$port" setsid "$REPO_ROOT/infra/dev/run" >"$OUT_DIR/api.log" 2>&1 < /dev/null &
  STARTED_API_PID=$!
  trap stop_api EXIT
  trap 'exit 130' INT TERM
  # The first start installs PostgreSQL, creates the cluster and builds the API: allow 10 minutes.
  for _ in $(seq 600); do
    if api_ready; then
      log "The API is ready at $API_URL"
      return 0
    fi
    if ! kill -0 "$STARTED_API_PID" 2>/dev/null; then
      tail -n 30 "$OUT_DIR/api.log" >&2
      STARTED_API_PID=""
      die "infra/dev/run ended before the API was ready (see above)"
    fi
    sleep 1
  done
  die "the API did not become ready within 10 minutes; see ${OUT_DIR#"$REPO_ROOT"/}/api.log"
}

pg_cluster_running() {
  (
    # shellcheck source=../dev/lib.sh
    source "$REPO_ROOT/infra/dev/lib.sh"
    PG_BIN=$(find_postgres_bin) || exit 1
    [ -f "$REPO_ROOT/.data/pg/PG_VERSION" ] || exit 1
    as_pg_user "$PG_BIN/pg_ctl" -D "$(dev_cluster_dir)" status >/dev/null 2>&1
  )
}

# Stops only what ensure_api started: the API process (by its id, a child of that infra/dev/run), then the
# cluster if it was not running before.
stop_api() {
  local status=$?
  if [ -n "$STARTED_API_PID" ]; then
    local api
    api=$(pgrep -P "$STARTED_API_PID" -f 'Saas.Api.dll --urls' || true)
    log "Stopping the API that these checks started"
    if [ -n "$api" ]; then kill -TERM "$api" 2>/dev/null || true; fi
    # infra/dev/run stops the cluster it started when the API ends.
    for _ in $(seq 30); do
      kill -0 "$STARTED_API_PID" 2>/dev/null || break
      sleep 1
    done
    if kill -0 "$STARTED_API_PID" 2>/dev/null; then kill -TERM "$STARTED_API_PID" 2>/dev/null || true; fi
    STARTED_API_PID=""
    if $STARTED_PG && pg_cluster_running; then "$REPO_ROOT/infra/dev/stop" >/dev/null || true; fi
  fi
  return "$status"
}
