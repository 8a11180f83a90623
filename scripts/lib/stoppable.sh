# Sourced by the project's scripts. run_stoppable LABEL COMMAND ARGS... runs COMMAND in a process group (and session)
# of its own and waits for it. SIGTERM, SIGINT or SIGHUP to the script sends SIGTERM to that whole group (once: a
# Ctrl+C in the terminal reaches the command only through here; SIGTERM because background jobs of scripts ignore
# SIGINT); the script then waits for the group to end, prints one line saying what was stopped and exits with 128 + the
# signal's number. A second signal sends SIGTERM again (sirim-verify takes it as "kill what remains at once");
# whatever is left of the group 10 s after the first signal is killed (SIGKILL). Without a signal, run_stoppable
# returns COMMAND's exit code.
stoppable_signal=0
stoppable_group=""
stoppable_label=""
stoppable_watchdog=""

stoppable_on_signal() { # $1 signal name, $2 its number
  if [ -z "$stoppable_group" ]; then exit $((128 + $2)); fi
  if [ "$stoppable_signal" -eq 0 ]; then
    stoppable_signal=$2
    echo "[stop] SIG$1: stopping $stoppable_label (SIGTERM to process group $stoppable_group; a second signal kills it at once) …" >&2
    kill -s TERM -- "-$stoppable_group" 2>/dev/null
    # Bounded: what still runs 10 s after the first signal is killed (the watchdog is a group of its own, ended below).
    setsid sh -c 'sleep 10; kill -s KILL -- "-$1"' watchdog "$stoppable_group" >/dev/null 2>&1 &
    stoppable_watchdog=$!
  else
    echo "[stop] SIG$1 again: SIGTERM again to $stoppable_label" >&2
    kill -s TERM -- "-$stoppable_group" 2>/dev/null
  fi
}

run_stoppable() {
  stoppable_label=$1; shift
  trap 'stoppable_on_signal TERM 15' TERM
  trap 'stoppable_on_signal INT 2' INT
  trap 'stoppable_on_signal HUP 1' HUP
  # setsid execs in place (a background job of a script is not a group leader): $! is the group's id.
  setsid "$@" &
  stoppable_group=$!
  local code
  while :; do
    wait "$stoppable_group" && code=0 || code=$?   # (a form that 'set -e' lets through)
    # wait returns early (code > 128) when a trapped signal arrives; the command may still be stopping.
    kill -0 "$stoppable_group" 2>/dev/null || break
  done
  if [ "$stoppable_signal" -ne 0 ]; then
    # The leader is gone; anything it left in its group goes with it.
    kill -s KILL -- "-$stoppable_group" 2>/dev/null || true
    if [ -n "$stoppable_watchdog" ]; then kill -- "-$stoppable_watchdog" 2>/dev/null || kill "$stoppable_watchdog" 2>/dev/null || true; fi
    echo "[stop] stopped $stoppable_label (process group $stoppable_group); exit code $((128 + stoppable_signal))" >&2
    exit $((128 + stoppable_signal))
  fi
  stoppable_group=""
  trap - TERM INT HUP
  return "$code"
}
