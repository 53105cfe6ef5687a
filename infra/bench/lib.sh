# Shared by the benchmarks in infra/bench (ingest, statements). Sourced, not executed, after infra/dev/lib.sh.
# Each function works on the run's variables: WORK (the temporary folder), PGDATA, PG_PORT, API_PORT, API_PID,
# API_DIR, GENERATOR, KEEP, COMMIT, ENVIRONMENT, and the passwords.

# The run's temporary folder, removed at exit (with the API and the cluster stopped first), also when interrupted.
bench_workspace() {
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/saas-bench.XXXXXX")
  # postgres must be able to reach what is inside.
  chmod 711 "$WORK"
  PGDATA="$WORK/pg"
  API_PID=""
  trap bench_cleanup EXIT
  trap 'exit 130' INT TERM
}

bench_cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if [ -n "$API_PID" ] && kill -0 "$API_PID" 2>/dev/null; then
    log "Stopping the API (pid $API_PID)"
    kill -TERM "$API_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$API_PID" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$API_PID" 2>/dev/null || true
  fi
  if [ -f "$PGDATA/postmaster.pid" ]; then
    log "Stopping PostgreSQL"
    as_pg_user "$PG_BIN/pg_ctl" -D "$PGDATA" -m fast -w -t 60 stop >/dev/null 2>&1 || true
  fi
  if ${KEEP:-false}; then
    log "Kept $WORK (cluster, api.log, init.log)"
  else
    rm -rf "$WORK"
  fi
  exit "$status"
}

# A port nothing listens on (checked by trying to connect; the window until it is taken is small).
free_port() {
  local port
  for _ in $(seq 1 100); do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return 0; fi
  done
  die "no free port found"
}

# The status code of a GET to the API, or nothing when it does not answer.
http_status() {
  (
    code=""
    exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 0
    printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' "$2" >&3
    read -r -t 5 _ code _ <&3 || true
    echo "$code"
  ) 2>/dev/null
}

# Builds the API (from the work tree, or from COMMIT with git archive) and the load generator in Release. Builds go
# to a cache outside the work tree, so that they neither touch bin/ and obj/ of a developer's build nor start from
# nothing each run. Sets API_DIR, GENERATOR and build_seconds.
bench_build() {
  local started api_project=src/Saas.Api
  ARTIFACTS="${SAAS_BENCH_ARTIFACTS:-${XDG_CACHE_HOME:-$HOME/.cache}/saas-bench/artifacts}"
  started=$(date +%s)
  if [ -n "${COMMIT:-}" ]; then
    commit_id=$(git -C "$REPO_ROOT" rev-parse --verify "$COMMIT^{commit}") || die "no such commit: $COMMIT"
    log "Taking the API's source from commit ${commit_id:0:7}"
    mkdir -p "$WORK/tree"
    git -C "$REPO_ROOT" archive --format=tar "$commit_id" Directory.Build.props src | tar -x -C "$WORK/tree"
    api_project="$WORK/tree/src/Saas.Api"
  fi
  log "Building the API and the load generator (Release) into $ARTIFACTS"
  dotnet build "$api_project" -c Release --artifacts-path "$ARTIFACTS" --nologo -v quiet -clp:NoSummary \
    || die "the API does not build$(if [ -n "${COMMIT:-}" ]; then echo " at $COMMIT"; else echo "; if the work tree is mid-edit, --commit HEAD builds the last commit"; fi)"
  dotnet build "$REPO_ROOT/infra/bench/LoadGenerator" -c Release --artifacts-path "$ARTIFACTS" --nologo -v quiet -clp:NoSummary
  build_seconds=$(( $(date +%s) - started ))
  API_DIR="$ARTIFACTS/bin/Saas.Api/release"
  GENERATOR="$ARTIFACTS/bin/LoadGenerator/release/LoadGenerator.dll"
  [ -f "$API_DIR/Saas.Api.dll" ] && [ -f "$GENERATOR" ] || die "the build left no Saas.Api.dll or LoadGenerator.dll under $ARTIFACTS"
}

# A PostgreSQL cluster with default settings in $PGDATA on a free port; extra postgresql.conf lines as
# arguments ("shared_preload_libraries = 'pg_stat_statements'"). Sets PG_PORT, the passwords and POSTMASTER_PID.
bench_start_cluster() {
  local name="$1" pwfile line
  shift
  PG_PORT=$(free_port)
  PG_SUPERUSER_PASSWORD=$(random_secret) PG_OWNER_PASSWORD=$(random_secret) PG_APP_PASSWORD=$(random_secret)
  log "Creating a throwaway PostgreSQL cluster in $PGDATA (port $PG_PORT)"
  mkdir -p "$PGDATA"
  pwfile="$WORK/pwfile"
  printf '%s\n' "$PG_SUPERUSER_PASSWORD" > "$pwfile"
  if is_root; then chown postgres "$PGDATA" "$pwfile"; fi
  chmod 700 "$PGDATA"
  as_pg_user "$PG_BIN/initdb" -D "$PGDATA" -U postgres --pwfile="$pwfile" --auth=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
  rm -f "$pwfile"
  # PostgreSQL's defaults otherwise, as the ceilings in DESIGN.md were measured.
  {
    echo "# $name: throwaway benchmark cluster"
    echo "listen_addresses = '127.0.0.1'"
    echo "port = $PG_PORT"
    echo "unix_socket_directories = ''"
    for line in "$@"; do echo "$line"; done
  } >> "$PGDATA/postgresql.conf"
  as_pg_user "$PG_BIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w -t 60 start >/dev/null \
    || die "PostgreSQL did not start; see $PGDATA/server.log"
  POSTMASTER_PID=$(head -n 1 "$PGDATA/postmaster.pid")
}

connection() { echo "Host=127.0.0.1;Port=$PG_PORT;Database=$1;Username=$2;Password=$3"; }

# The application role's connection, for the API and for the bare SQL it is compared with. Its pool is bounded as README's
# "Running in production" says to bound it: at 6 connections for PostgreSQL's 2 cores here (about two a core, and a few
# more for the workers), requests past 6 queue in order in the pool instead of in the operating system's run queue. In
# infra/bench/reads the API's mix cost 703 µs of CPU a request at 6 (API and PostgreSQL), 745 at 4, 810 at 8 and 915–934
# at 16 (results/reads-mix-pool4.md, -pool6.md, -pool8.md, reads-no-reset.md; issue 22). A run may set it.
APP_POOL_SIZE=${APP_POOL_SIZE:-6}
app_connection() { echo "$(connection saas saas_app "$PG_APP_PASSWORD");Maximum Pool Size=$APP_POOL_SIZE"; }

# psql as the superuser on a database of the cluster.
bench_psql() {
  local database="$1"
  shift
  PGPASSWORD="$PG_SUPERUSER_PASSWORD" "$PG_BIN/psql" -X -h 127.0.0.1 -p "$PG_PORT" -U postgres -d "$database" -v ON_ERROR_STOP=1 "$@"
}

# The API's configuration (environment variables), then roles, database and schema with the API's own
# --init-database. Sets API_PORT.
bench_init_database() {
  API_PORT=$(free_port)
  export ASPNETCORE_ENVIRONMENT="$ENVIRONMENT"
  export ConnectionStrings__Admin="$(connection postgres postgres "$PG_SUPERUSER_PASSWORD")"
  export ConnectionStrings__Migrations="$(connection saas saas_owner "$PG_OWNER_PASSWORD")"
  export ConnectionStrings__Default="$(app_connection)"
  export Database__MigrateOnStartup=false
  export Auth__Issuer="http://127.0.0.1:$API_PORT"
  export DataProtection__Certificate__Path="$WORK/key-ring.pfx" DataProtection__Certificate__Password="$(random_secret)"
  # A benchmark sends as fast as it can: the rate limits must not be what it measures.
  export RateLimits__PerTenantPerMinute=100000000 RateLimits__PerApiKeyPerMinute=100000000
  export RateLimits__PerClientPerMinute=100000000 RateLimits__AnonymousPerMinute=100000000
  # Bulk endpoints raise their own body limit (16 MiB); the API-wide one is raised too, in case a batch is larger.
  export Api__MaxRequestBodyBytes=$((64 * 1024 * 1024))

  log "Creating roles and database, applying migrations (dotnet Saas.Api.dll --init-database)"
  # A --commit from before the key ring was encrypted at rest has no --create-key-ring-certificate: it would start serving.
  local certificate="dotnet Saas.Api.dll --create-key-ring-certificate"
  if [ -n "${COMMIT:-}" ] && ! grep -rqF -- "--create-key-ring-certificate" "$WORK/tree/src/Saas.Api"; then certificate=true; fi
  (cd "$API_DIR" && $certificate && dotnet Saas.Api.dll --init-database) > "$WORK/init.log" 2>&1 \
    || { tail -n 30 "$WORK/init.log" >&2; die "--init-database failed"; }
}

# A partner (client credentials, bench-partner) to provision a tenant, and a frontend of that partner (authorization code +
# PKCE, bench-frontend) for its admin to sign in through, as README.md's "Getting a token" does with the development
# clients; for the API bench_start_api starts next. Sets PARTNER_SECRET and REDIRECT_URI.
bench_bootstrap_clients() {
  PARTNER_SECRET=$(random_secret)
  REDIRECT_URI="http://127.0.0.1/bench/callback"
  export Auth__BootstrapClients__0__ClientId=bench-partner Auth__BootstrapClients__0__Secret="$PARTNER_SECRET"
  export Auth__BootstrapClients__0__Scopes__0=partner
  export Auth__BootstrapClients__1__ClientId=bench-frontend Auth__BootstrapClients__1__PartnerClientId=bench-partner
  export Auth__BootstrapClients__1__Scopes__0=api Auth__BootstrapClients__1__Scopes__1=offline_access
  export Auth__BootstrapClients__1__RedirectUris__0="$REDIRECT_URI"
}

# Starts the API on API_PORT and waits until /health/ready answers 200. Sets API_PID.
bench_start_api() {
  log "Starting the API ($ENVIRONMENT) on http://127.0.0.1:$API_PORT"
  # As the image runs it (infra/Dockerfile): two malloc arenas.
  (cd "$API_DIR" && MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}" exec dotnet Saas.Api.dll --urls "http://127.0.0.1:$API_PORT") > "$WORK/api.log" 2>&1 &
  API_PID=$!
  for _ in $(seq 1 120); do
    kill -0 "$API_PID" 2>/dev/null || { tail -n 30 "$WORK/api.log" >&2; die "the API exited while starting"; }
    [ "$(http_status "$API_PORT" /health/ready)" = "200" ] && break
    sleep 0.5
  done
  [ "$(http_status "$API_PORT" /health/ready)" = "200" ] || { tail -n 30 "$WORK/api.log" >&2; die "the API did not become ready"; }
  log "API pid $API_PID, PostgreSQL postmaster pid $POSTMASTER_PID"
}

# Warns when the API logged errors.
bench_check_api_log() {
  if grep -q '"LogLevel":"\(Error\|Critical\)"' "$WORK/api.log"; then
    log "warning: the API logged errors during the run:"
    grep -m 5 '"LogLevel":"\(Error\|Critical\)"' "$WORK/api.log" >&2 || true
  fi
}

# "abc1234", "abc1234 with uncommitted changes under src/", or the --commit's id.
bench_commit() {
  local commit
  if [ -n "${COMMIT:-}" ]; then
    echo "${commit_id:0:7}"
  else
    commit=$(git -C "$REPO_ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
    if [ -n "$(git -C "$REPO_ROOT" status --porcelain -- src 2>/dev/null)" ]; then commit="$commit with uncommitted changes under src/"; fi
    echo "$commit"
  fi
}

# "Machine: …" and ".NET …" lines of a results file.
bench_machine() {
  local cpu_model memory_gb pg_version
  cpu_model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
  memory_gb=$(awk '/MemTotal/ { printf "%.0f", $2 / 1048576 }' /proc/meminfo)
  pg_version=$("$PG_BIN/postgres" --version | awk '{ print $3 }')
  echo "Machine: $(nproc) cores ($cpu_model), $memory_gb GB RAM; PostgreSQL $pg_version with default settings;"
  echo ".NET $(dotnet --version) SDK, API built in Release and run as \`$ENVIRONMENT\` with default GC settings, MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2} and Maximum Pool Size=$APP_POOL_SIZE."
}

# infra/bench/auth and infra/bench/requests: builds the API and the in-process harness (infra/bench/InProcess) against the
# API it measures — the work tree's, or the --commit's tree that bench_build unpacked — then starts a cluster and the API,
# provisions a tenant and signs in as its admin through the API, and runs the harness's VERB with ROUNDS and PER_ROUND
# beside the idle API (which made the schema and the keys and issued the token). Writes $WORK/table.md.
bench_in_process() {
  local verb="$1" api_project="$REPO_ROOT/src/Saas.Api/Saas.Api.csproj" harness
  run_started=$(date +%s)
  ensure_postgres_binaries
  command -v dotnet >/dev/null || die "the .NET SDK (dotnet) is needed"
  bench_workspace
  bench_build
  if [ -n "${COMMIT:-}" ]; then api_project="$WORK/tree/src/Saas.Api/Saas.Api.csproj"; fi
  log "Building the in-process harness (infra/bench/InProcess) against $api_project"
  dotnet build "$REPO_ROOT/infra/bench/InProcess" -c Release --artifacts-path "$ARTIFACTS" -p:SaasApiProject="$api_project" \
    --nologo -v quiet -clp:NoSummary || die "the harness does not build against this API"
  harness="$ARTIFACTS/bin/InProcess/release/InProcess.dll"

  bench_start_cluster "infra/bench/$verb"
  bench_init_database
  bench_bootstrap_clients
  bench_start_api

  # infra/bench/compare runs two builds side by side: each waits here for the other, so that both are measured at the
  # same moment of this shared machine (a build from a commit takes a minute longer than the work tree's).
  if [ -n "${SAAS_BENCH_BARRIER:-}" ]; then
    log "Waiting for the other build of the comparison"
    touch "$SAAS_BENCH_BARRIER/$$"
    for _ in $(seq 1 1200); do [ "$(find "$SAAS_BENCH_BARRIER" -type f | wc -l)" -ge 2 ] && break; sleep 0.5; done
  fi

  log "Provisioning a tenant and signing in as its admin through the API"
  dotnet "$GENERATOR" token --api "http://127.0.0.1:$API_PORT" --partner-id bench-partner --partner-secret "$PARTNER_SECRET" \
    --frontend-id bench-frontend --redirect-uri "$REDIRECT_URI" --output "$WORK/token" || die "signing in failed"
  log "Measuring in process: $ROUNDS rounds of $PER_ROUND requests of each kind"
  dotnet "$harness" "$verb" "$API_DIR" "$WORK/token" "$WORK/table.md" "$ROUNDS" "$PER_ROUND" > "$WORK/harness.log" 2>&1 \
    || { tail -n 30 "$WORK/harness.log" >&2; die "the harness failed"; }
  grep '^  - ' "$WORK/harness.log" >&2 || true
  bench_check_api_log
}

# The options of infra/bench/auth and infra/bench/requests (--rounds, --per-round, --commit, --results, --keep) into
# ROUNDS, PER_ROUND, COMMIT, RESULTS and KEEP; usage is the script's own.
bench_in_process_options() {
  while [ $# -gt 0 ]; do
    case "$1" in
      --rounds) ROUNDS="$2"; shift 2 ;;
      --per-round) PER_ROUND="$2"; shift 2 ;;
      --commit) COMMIT="$2"; shift 2 ;;
      --results) RESULTS="$2"; shift 2 ;;
      --keep) KEEP=true; shift ;;
      -h|--help) usage; exit 0 ;;
      *) usage >&2; die "unknown option: $1" ;;
    esac
  done
  for value in "$ROUNDS" "$PER_ROUND"; do
    [[ "$value" =~ ^[1-9][0-9]*$ ]] || die "--rounds and --per-round take whole numbers ≥ 1, not '$value'"
  done
}

# Writes RESULTS: a title, the command and commit, the machine, the harness's table and the lines given after the title.
bench_in_process_results() {
  local verb="$1" title="$2" total=$(( $(date +%s) - run_started ))
  shift 2
  mkdir -p "$(dirname "$RESULTS")"
  {
    echo "# $title"
    echo
    echo "\`infra/bench/$verb --rounds $ROUNDS --per-round $PER_ROUND${COMMIT:+ --commit $COMMIT}\` on $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(bench_commit)."
    bench_machine
    echo
    cat "$WORK/table.md"
    printf '%s\n' "$@"
    echo "Total run time $((total / 60)) min $((total % 60)) s, of which building $build_seconds s."
  } > "$RESULTS"
  log "Wrote $RESULTS"
}
