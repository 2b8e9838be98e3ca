# shellcheck shell=bash disable=SC2034,SC2154 # used and set by the scripts that source this
# Helpers shared by the deploy scripts: the state directory, the components, their ports and
# addresses, pid files, waiting with a deadline. Sourced, never run; the caller has set
# -euo pipefail, `component` (the name that prefixes every message) and `deploy_directory`.

# Exit codes, LSB style, so that deploy/up and init systems can tell the cases apart.
readonly EXIT_FAILED=1
readonly EXIT_USAGE=2
readonly EXIT_STOPPED=3

readonly LISTEN_HOST=127.0.0.1
readonly LOG_TAIL_LINES=30
readonly LOCK_WAIT_SECONDS=180

# Every component of the stack, in the order deploy/up starts them (each needs the ones before it);
# deploy/down stops them in the reverse order. Each is a script of that name in deploy/.
readonly STACK_COMPONENTS=(kafka postgres registry builder runner)

# The database registry-service keeps its metadata in; deploy/postgres creates it.
readonly REGISTRY_DATABASE=ops_registry

repository_directory="$(dirname -- "$deploy_directory")"

stack_directory() {
  printf '%s\n' "${OPS_STACK_DIR:-/var/lib/ops-stack}"
}

# Every component's log is in this one directory, named after the component.
logs_directory() {
  printf '%s/logs\n' "$(stack_directory)"
}

log_file_of() {
  printf '%s/%s.log\n' "$(logs_directory)" "$1"
}

# --- ports and addresses: one home for each default -----------------------------------------------

kafka_port() { port_setting OPS_KAFKA_PORT 9092; }
kafka_controller_port() { port_setting OPS_KAFKA_CONTROLLER_PORT 9093; }
postgres_port() { port_setting OPS_POSTGRES_PORT 5432; }
registry_port() { port_setting OPS_REGISTRY_PORT 5050; }
builder_port() { port_setting OPS_BUILDER_PORT 5060; }
runner_port() { port_setting OPS_RUNNER_PORT 5070; }

kafka_bootstrap_servers() {
  printf '%s:%s\n' "$LISTEN_HOST" "$(kafka_port)"
}

registry_url() {
  printf 'http://%s:%s\n' "$LISTEN_HOST" "$(registry_port)"
}

# What registry-service's application.properties expects out of the box.
postgres_user() { printf '%s\n' "${OPS_POSTGRES_USER:-ops}"; }
postgres_password() { printf '%s\n' "${OPS_POSTGRES_PASSWORD:-ops}"; }

# --- the registry's push token ---------------------------------------------------------------------

registry_token_file() {
  printf '%s/registry/push-token\n' "$(stack_directory)"
}

# The token builder, runner and the CLI push with. Made once, random, readable by this user only;
# kept across restarts so that configured clients go on working.
ensure_registry_token() {
  local file
  file="$(registry_token_file)"
  [ -s "$file" ] && return 0
  make_directory "$(dirname -- "$file")"
  (
    umask 077
    head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n' >"$file.new"
  )
  mv -- "$file.new" "$file"
}

registry_token() {
  local file
  file="$(registry_token_file)"
  [ -s "$file" ] || fail "there is no registry token in $file yet; start the registry first" \
    "(deploy/up, or deploy/registry start)"
  cat -- "$file"
}

# The packaged ops command line, pointed at this stack through its environment (which wins over
# $OPS_HOME/config.json), so that the scripts work whatever the user's configuration says.
run_cli() {
  local jar="$repository_directory/cli/target/ops.jar"
  [ -f "$jar" ] || fail "$jar is missing; build it with deploy/up, or" \
    "mvn -B -DskipTests -pl cli -am package"
  local token
  token="$(registry_token)"
  (
    export OPS_KAFKA OPS_REGISTRY OPS_REGISTRY_TOKEN
    OPS_KAFKA="$(kafka_bootstrap_servers)"
    OPS_REGISTRY="$(registry_url)"
    OPS_REGISTRY_TOKEN="$token"
    exec java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar "$jar" "$@"
  )
}

say() {
  printf '%s: %s\n' "$component" "$*"
}

fail() {
  printf '%s: %s\n' "$component" "$*" >&2
  exit "$EXIT_FAILED"
}

usage_error() {
  printf '%s: %s\n' "$component" "$*" >&2
  exit "$EXIT_USAGE"
}

# Makes a directory of the stack or says why it cannot, with the usual fix for a non-root user.
make_directory() {
  local directory="$1"
  mkdir -p -- "$directory" 2>/dev/null \
    || fail "cannot create $directory; run as root, or set OPS_STACK_DIR to a directory" \
      "you may write (OPS_STACK_DIR=~/.ops/stack)"
}

# Serialises start and stop of one component: a second `start` waits for the first and then finds
# the server running, instead of racing it for the ports. The lock ends with the script.
hold_lock() {
  local directory="$1"
  exec {lock_descriptor}>"$directory/deploy.lock"
  flock -w "$LOCK_WAIT_SECONDS" "$lock_descriptor" \
    || fail "another start or stop of $component has held $directory/deploy.lock for" \
      "$LOCK_WAIT_SECONDS s; wait for it, or end it"
}

# What every component's script does with its argument: runs its own start, stop, status or check.
run_action() {
  case "${1:-}" in
    start | stop | status | check) "$1" ;;
    *) usage_error "usage: deploy/$component start|stop|status|check" ;;
  esac
}

# Runs a component's script from deploy/up or deploy/down, which hold the stack's lock: a server
# the script starts must not inherit it.
run_component() {
  "$deploy_directory/$1" "$2" {lock_descriptor}>&-
}

# A port from the environment: a number from 1 to 65535, or the usage error names the variable.
port_setting() {
  local variable="$1" default="$2"
  local value="${!variable:-$default}"
  if [[ ! "$value" =~ ^[0-9]{1,5}$ ]] || ((10#$value < 1 || 10#$value > 65535)); then
    usage_error "$variable=$value is not a TCP port (1 to 65535)"
  fi
  printf '%d\n' "$((10#$value))"
}

# A whole number of seconds from the environment.
seconds_setting() {
  local variable="$1" default="$2"
  local value="${!variable:-$default}"
  [[ "$value" =~ ^[0-9]{1,6}$ ]] || usage_error "$variable=$value is not a number of seconds"
  printf '%d\n' "$((10#$value))"
}

# What listens on a TCP port, one ss line per listener ("LISTEN 0 128 0.0.0.0:5432 0.0.0.0:*
# users:(("postgres",pid=12,fd=3))"), or nothing. Any listener counts: one on 0.0.0.0 or [::]
# keeps us from binding 127.0.0.1 as well.
port_holder() {
  local port="$1"
  ss -H -l -t -n -p "( sport = :$port )" 2>/dev/null || true
}

# "python3 (pid 21685) on 0.0.0.0:9092" from an ss line; without root, ss shows no process.
describe_listener() {
  local line="$1"
  local address program pid
  address="$(awk '{print $4}' <<<"$line")"
  program="$(sed -n 's/.*users:(("\([^"]*\)".*/\1/p' <<<"$line")"
  pid="$(sed -n 's/.*users:(("[^"]*",pid=\([0-9]*\).*/\1/p' <<<"$line")"
  if [ -n "$program" ]; then
    printf '%s (pid %s) listening on %s' "$program" "$pid" "$address"
  else
    printf 'a process listening on %s (run as root to see which)' "$address"
  fi
}

# Fails, naming the port, its purpose and its holder, when something already listens there.
require_free_port() {
  local port="$1" purpose="$2" variable="$3"
  local holder
  holder="$(port_holder "$port" | head -n 1)"
  [ -z "$holder" ] && return 0
  fail "port $port ($purpose) is already taken by $(describe_listener "$holder")." \
    "Stop that process, or choose another port with $variable=<port>. Nothing was started."
}

# True when a TCP connection to the port succeeds within a second.
port_accepts() {
  local port="$1"
  # shellcheck disable=SC2016 # the probe gets host and port as arguments, not in its text
  timeout 1 bash -c 'exec 3<>"/dev/tcp/$1/$2"' port-probe "$LISTEN_HOST" "$port" 2>/dev/null
}

process_alive() {
  local pid="$1"
  [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null
}

# The pid in a pid file when that process runs and has this exact argument (a pid file may outlive
# its process and the pid be reused by anything); nothing otherwise.
recorded_pid() {
  local file="$1" argument="$2"
  local pid
  pid="$(read_pid_file "$file")"
  if [ -n "$pid" ] && process_alive "$pid" && process_has_argument "$pid" "$argument"; then
    printf '%s\n' "$pid"
  fi
}

# Stops the process of a pid file, as recorded_pid finds it, and removes the file.
stop_recorded_process() {
  local file="$1" argument="$2" grace_seconds="$3"
  local pid
  pid="$(recorded_pid "$file" "$argument")"
  if [ -z "$pid" ]; then
    rm -f -- "$file"
    say "not running"
    return 0
  fi
  say "stopping (pid $pid)"
  stop_process "$pid" "$grace_seconds"
  rm -f -- "$file"
  say "stopped"
}

# The pid recorded in a pid file, or nothing when there is no usable one.
read_pid_file() {
  local file="$1"
  [ -f "$file" ] || return 0
  local pid
  pid="$(head -n 1 -- "$file" 2>/dev/null || true)"
  [[ "$pid" =~ ^[0-9]+$ ]] && printf '%s\n' "$pid"
  return 0
}

# True when the process's command line contains this exact argument: a pid file may outlive its
# process and the pid be reused by anything.
process_has_argument() {
  local pid="$1" argument="$2"
  [ -r "/proc/$pid/cmdline" ] && tr '\0' '\n' <"/proc/$pid/cmdline" | grep -Fxq -- "$argument"
}

# Sends SIGTERM, waits up to the grace period, then SIGKILL. Returns once the process is gone.
stop_process() {
  local pid="$1" grace_seconds="$2"
  kill -TERM "$pid" 2>/dev/null || return 0
  local deadline=$((SECONDS + grace_seconds))
  while process_alive "$pid" && ((SECONDS < deadline)); do
    sleep 0.2
  done
  if process_alive "$pid"; then
    say "still running after ${grace_seconds} s, killing pid $pid"
    kill -KILL "$pid" 2>/dev/null || true
    while process_alive "$pid"; do
      sleep 0.1
    done
  fi
}

log_tail() {
  local file="$1"
  if [ -s "$file" ]; then
    printf 'The end of %s:\n' "$file"
    tail -n "$LOG_TAIL_LINES" -- "$file"
  else
    printf '%s is empty.\n' "$file"
  fi
}

# True when an HTTP GET of this path on the stack's address answers 2xx within two seconds.
http_ok() {
  local port="$1" path="$2"
  curl -fsS -o /dev/null --max-time 2 "http://$LISTEN_HOST:$port$path" 2>/dev/null
}

# Milliseconds since the epoch, for the start-up duration shown to people.
now_millis() {
  date +%s%3N
}
