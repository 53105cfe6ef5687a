# Shared by infra/dev/run, test and stop. Sourced, not executed.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DEV_PG_PORT="${SAAS_DEV_PG_PORT:-54320}"

log() { printf '\033[1;34m==>\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31merror:\033[0m %s\n' "$*" >&2; exit 1; }

is_root() { [ "$(id -u)" -eq 0 ]; }

# True when something accepts connections on the port at 127.0.0.1 or ::1, the two addresses "localhost" binds.
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null || (exec 3<>"/dev/tcp/::1/$1") 2>/dev/null; }

# The development cluster's folder by its real path. As root .data/pg may be a link to /var/lib/saas-dev/…, and
# pg_ctl, running as postgres, cannot follow it through a checkout that postgres may not traverse.
dev_cluster_dir() { readlink -m "$REPO_ROOT/.data/pg"; }

# PostgreSQL refuses to run as root, so as root the server runs as the 'postgres' system user (from /: the
# current folder may be one it cannot enter, and its tools would warn about it).
as_pg_user() {
  if is_root; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

find_postgres_bin() {
  local candidate
  if [ -n "${PG_BIN:-}" ] && [ -x "$PG_BIN/initdb" ]; then echo "$PG_BIN"; return 0; fi
  candidate=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$candidate" ] && [ -x "$candidate/initdb" ]; then echo "$candidate"; return 0; fi
  return 1
}

# Installs a Debian package with apt-get (with sudo when not root), refreshing the package lists once if needed.
apt_install() {
  local sudo=""
  if ! is_root; then
    command -v sudo >/dev/null || die "installing '$1' needs root: run 'apt-get install $1' yourself, or this as root."
    sudo="sudo"
  fi
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$1" \
    || { $sudo apt-get update && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$1"; } \
    || die "could not install '$1' with apt-get"
}

# Installs Debian's postgresql package when the server binaries (initdb, pg_ctl, postgres) are missing.
ensure_postgres_binaries() {
  if ! PG_BIN=$(find_postgres_bin); then
    log "PostgreSQL server binaries not found: installing the 'postgresql' package with apt-get"
    apt_install postgresql
    PG_BIN=$(find_postgres_bin) || die "the postgresql package is installed but initdb is not under /usr/lib/postgresql/*/bin"
  fi
  export PG_BIN
  if is_root; then
    id postgres >/dev/null 2>&1 || die "running as root needs the 'postgres' system user (the postgresql package creates it)"
  fi
}

# Installs Debian's chromium (the browser tests and checks drive it headless) when it is missing.
ensure_chromium() {
  if [ ! -x /usr/bin/chromium ]; then
    log "Chromium not found: installing the 'chromium' package with apt-get"
    apt_install chromium
  fi
}

random_secret() { head -c 48 /dev/urandom | base64 -w0 | tr -dc 'A-Za-z0-9' | cut -c1-32; }
