# shellcheck shell=bash disable=SC2034,SC2154 # used and set by the scripts that source this
# Helpers shared by deploy/kafka and deploy/postgres: the state directory, ports, pid files,
# waiting with a deadline. Sourced, never run; the caller has set -euo pipefail and `component`
# (the name that prefixes every message).

# Exit codes, LSB style, so that deploy/up and init systems can tell the cases apart.
readonly EXIT_FAILED=1
readonly EXIT_USAGE=2
readonly EXIT_STOPPED=3

readonly LISTEN_HOST=127.0.0.1
readonly LOG_TAIL_LINES=30
readonly LOCK_WAIT_SECONDS=180

stack_directory() {
  printf '%s\n' "${OPS_STACK_DIR:-/var/lib/ops-stack}"
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

# Milliseconds since the epoch, for the start-up duration shown to people.
now_millis() {
  date +%s%3N
}
