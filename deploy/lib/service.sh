# shellcheck shell=bash disable=SC2154 # set by the scripts that source this
# start|stop|status|check of one of the fleet's Quarkus services (registry, builder, runner) on
# this machine: the module's packaged application, target/quarkus-app/quarkus-run.jar, configured
# through environment variables only, its data under the stack directory, its output appended to
# the stack's log directory. Sourced after lib/stack.sh by deploy/registry, deploy/builder and
# deploy/runner. They set:
#   component          the service's name in messages, file names and variables (OPS_<NAME>_HEAP)
#   module             the Maven module whose application runs
#   port               its HTTP port (health, metrics, and the registry's API)
#   service_directory  where it keeps its data
# and define service_settings, which adds to the array `settings` NAME=value words, the
# environment the service is started with (on top of the caller's; its HTTP address is already
# there). They may define describe_extras, whose output ends the status line.

readonly READY_PATH=/q/health/ready
readonly DEFAULT_HEAP=256m

upper_name="${component^^}"
heap_variable="OPS_${upper_name}_HEAP"
heap="${!heap_variable:-$DEFAULT_HEAP}"
java_options_variable="OPS_${upper_name}_JAVA_OPTS"
start_timeout="$(seconds_setting "OPS_${upper_name}_START_TIMEOUT" 120)"
stop_timeout="$(seconds_setting "OPS_${upper_name}_STOP_TIMEOUT" 45)"
jar="$repository_directory/$module/target/quarkus-app/quarkus-run.jar"
pid_file="$service_directory/$component.pid"
log_file="$(log_file_of "$component")"
service_url="http://$LISTEN_HOST:$port"
# An argument only this stack's process of this service has: the pid file is checked against it.
stack_marker="-Dops.stack=$service_directory"

running_pid() {
  recorded_pid "$pid_file" "$stack_marker"
}

extras() {
  if declare -F describe_extras >/dev/null; then
    describe_extras
  fi
}

# Where builder and runner find Kafka and the registry, and the token they push with; these names
# are the CLI's, which both services also read.
add_fleet_client_settings() {
  local token
  token="$(registry_token)"
  settings+=(
    "OPS_KAFKA=$(kafka_bootstrap_servers)"
    "OPS_REGISTRY=$(registry_url)"
    "OPS_REGISTRY_TOKEN=$token"
  )
}

# --- status -------------------------------------------------------------------------------------

status() {
  local pid
  pid="$(running_pid)"
  if [ -z "$pid" ]; then
    say "stopped (data in $service_directory, log $log_file)$(extras)"
    exit "$EXIT_STOPPED"
  fi
  if http_ok "$port" "$READY_PATH"; then
    say "running (pid $pid) at $service_url, ready, log $log_file$(extras)"
  else
    say "running (pid $pid) at $service_url but not ready, log $log_file$(extras)"
  fi
}

# For deploy/up, before it starts anything: fine when the service runs or its port is free.
check() {
  [ -n "$(running_pid)" ] || require_free_service_port
}

require_free_service_port() {
  require_free_port "$port" "$component HTTP" "OPS_${upper_name}_PORT"
}

# --- start --------------------------------------------------------------------------------------

start() {
  make_directory "$service_directory"
  hold_lock "$service_directory"
  local pid
  pid="$(running_pid)"
  if [ -n "$pid" ]; then
    say "already running (pid $pid) at $service_url"
    return 0
  fi
  rm -f -- "$pid_file"

  require_service_tools
  require_free_service_port
  make_directory "$(logs_directory)"
  settings=("QUARKUS_HTTP_HOST=$LISTEN_HOST" "QUARKUS_HTTP_PORT=$port")
  service_settings

  local started
  started="$(now_millis)"
  launch
  await_ready
  say "ready at $service_url in $(($(now_millis) - started)) ms" \
    "(pid $(cat -- "$pid_file"), data $service_directory, log $log_file)"
}

require_service_tools() {
  command -v java >/dev/null || fail "java is not installed; run bin/setup-host"
  command -v curl >/dev/null || fail "curl is not installed; run bin/setup-host"
  command -v ss >/dev/null || fail "ss is not installed (package iproute2); run bin/setup-host"
  [[ "$heap" =~ ^[0-9]+[kKmMgG]?$ ]] || usage_error "$heap_variable=$heap is not a heap size (256m)"
  [ -f "$jar" ] || fail "$jar is missing; deploy/up builds it, or" \
    "mvn -B -DskipTests -pl $module -am package"
}

# In its own session (a Ctrl-C in the terminal that started it does not reach it), its output
# appended to its log, its settings exported in a subshell so that secrets stay out of any
# process's arguments.
launch() {
  local extra_options=()
  read -r -a extra_options <<<"${!java_options_variable:-}"
  # C1 only: on a small machine the services start about a third sooner, and C2's compilations
  # would compete with the VMs for the cores; a local stack never needs C2's peak speed.
  local java_arguments=("-Xmx$heap" -XX:+UseSerialGC -XX:TieredStopAtLevel=1
    -XX:+ExitOnOutOfMemoryError "${extra_options[@]}" "$stack_marker" -jar "$jar")
  printf '\n--- %s: starting %s\n' "$(date -u +%FT%TZ)" "$component" >>"$log_file"
  (
    local setting
    for setting in "${settings[@]}"; do
      export "${setting?}"
    done
    # The service must not inherit the start lock, or it would hold it for as long as it runs.
    exec setsid java "${java_arguments[@]}" >>"$log_file" 2>&1 </dev/null {lock_descriptor}>&-
  ) &
  printf '%s\n' "$!" >"$pid_file"
}

# Ready means the service's own readiness check passes: for the registry its database, for builder
# and runner Kafka and the registry as well.
await_ready() {
  local pid deadline=$((SECONDS + start_timeout))
  pid="$(cat -- "$pid_file")"
  until http_ok "$port" "$READY_PATH"; do
    if ! process_alive "$pid"; then
      rm -f -- "$pid_file"
      fail "the service exited before it was ready. $(log_tail "$log_file")"
    fi
    if ((SECONDS >= deadline)); then
      stop_process "$pid" 5
      rm -f -- "$pid_file"
      fail "the service was not ready at $service_url$READY_PATH after $start_timeout s" \
        "(OPS_${upper_name}_START_TIMEOUT); it was stopped. $(log_tail "$log_file")"
    fi
    sleep 0.5
  done
}

# --- stop ---------------------------------------------------------------------------------------

stop() {
  [ ! -d "$service_directory" ] || hold_lock "$service_directory"
  stop_recorded_process "$pid_file" "$stack_marker" "$stop_timeout"
}
