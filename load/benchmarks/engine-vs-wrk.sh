#!/usr/bin/env bash
# Benchmark of the load engine against wrk and hey, side by side, on the same local nginx endpoint.
#
#   load/benchmarks/engine-vs-wrk.sh            # 2 rounds, 64 connections, 10 s per tool, 1,000,000-request memory run
#   ROUNDS=3 DURATION=20 CONNECTIONS=64 MEMORY_REQUESTS=1000000 load/benchmarks/engine-vs-wrk.sh
#
# nginx runs on 127.0.0.1 with one worker and answers every request with a static 'ok'. Each round runs wrk, hey and
# the engine (closed model: CONNECTIONS virtual users over CONNECTIONS pooled connections) for DURATION seconds each,
# and prints req/s and the ratios engine/wrk and engine/hey. The engine gets WARMUP extra seconds first, excluded from
# its figures (JIT compilation); wrk and hey need none. Then the engine sends MEMORY_REQUESTS requests and reports its
# peak resident memory (VmHWM from /proc). Targets (issue 6): engine >= 70 % of wrk, engine > hey, peak RSS < 150 MB.
# Every process started here is stopped on exit. STRICT=1 makes a missed target fail the script.
# INLINE_COMPLETIONS=1 (default) runs the engine with DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1: .NET runs socket
# continuations on the epoll thread instead of queueing them to the thread pool, which is what a 2-core load generator
# wants (TechEmpower's .NET entries do the same). INLINE_COMPLETIONS=0 measures the runtime's default.
set -euo pipefail

CONNECTIONS=${CONNECTIONS:-64}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-2}
ROUNDS=${ROUNDS:-2}
MEMORY_REQUESTS=${MEMORY_REQUESTS:-1000000}
WRK_THREADS=${WRK_THREADS:-2}
STRICT=${STRICT:-0}

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
WORK=$(mktemp -d /tmp/sirim-load-bench.XXXXXX)
NGINX_PID=""

cleanup() {
  if [[ -n "$NGINX_PID" ]] && kill -0 "$NGINX_PID" 2>/dev/null; then
    kill "$NGINX_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$NGINX_PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$NGINX_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

# --- tools -----------------------------------------------------------------------------------------------------------
have() { command -v "$1" >/dev/null 2>&1 || [[ -x "/usr/sbin/$1" ]]; }
missing=()
have nginx || missing+=(nginx)
have wrk || missing+=(wrk)
have hey || missing+=(hey)
if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "missing tools: ${missing[*]}; install them with: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  echo "installing ${missing[*]} (apt)..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
command -v dotnet >/dev/null 2>&1 || { echo "dotnet SDK not found on PATH" >&2; exit 1; }
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

# --- nginx on a free loopback port ---------------------------------------------------------------------------------------
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
PORT=""
for candidate in $(seq 18400 18499); do
  if ! port_in_use "$candidate"; then PORT=$candidate; break; fi
done
[[ -n "$PORT" ]] || { echo "no free port in 18400-18499" >&2; exit 1; }
URL="http://127.0.0.1:$PORT/"

mkdir -p "$WORK/nginx/logs"
cat > "$WORK/nginx/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 100000000;
  keepalive_timeout 120s;
  client_body_temp_path $WORK/nginx/body;
  proxy_temp_path $WORK/nginx/proxy;
  fastcgi_temp_path $WORK/nginx/fastcgi;
  uwsgi_temp_path $WORK/nginx/uwsgi;
  scgi_temp_path $WORK/nginx/scgi;
  server {
    listen 127.0.0.1:$PORT;
    location / { default_type text/plain; return 200 'ok'; }
  }
}
CONF
"$NGINX" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" &
NGINX_PID=$!
for _ in $(seq 1 50); do port_in_use "$PORT" && break; sleep 0.1; done
port_in_use "$PORT" || { echo "nginx did not start; see $WORK/nginx/logs/error.log" >&2; exit 1; }

# --- the engine's benchmark driver -----------------------------------------------------------------------------------------
echo "building the engine benchmark (Release)..."
dotnet build -c Release -nologo -v quiet "$ROOT/load/benchmarks/Sirim.Verification.Load.Bench/Sirim.Verification.Load.Bench.csproj" \
  -o "$WORK/bench" >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log" >&2; exit 1; }
INLINE_COMPLETIONS=${INLINE_COMPLETIONS:-1}
BENCH=(env DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS="$INLINE_COMPLETIONS" dotnet "$WORK/bench/Sirim.Verification.Load.Bench.dll")

rps_of() { awk '/Requests\/sec:/ { print $2; exit }' "$1"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }

echo
echo "endpoint: $URL (nginx 1 worker, static 'ok'); $CONNECTIONS connections; ${DURATION}s per tool; engine inline socket completions: $INLINE_COMPLETIONS; machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf '\n%-6s %12s %12s %14s %11s %11s\n' round "wrk req/s" "hey req/s" "engine req/s" engine/wrk engine/hey
failed=0
for round in $(seq 1 "$ROUNDS"); do
  wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${DURATION}s" "$URL" >"$WORK/wrk.$round.txt"
  sleep 1
  hey -z "${DURATION}s" -c "$CONNECTIONS" "$URL" >"$WORK/hey.$round.txt"
  sleep 1
  "${BENCH[@]}" --url "$URL" --connections "$CONNECTIONS" --duration $((DURATION + WARMUP)) --warmup "$WARMUP" --quiet >"$WORK/engine.$round.txt" || true
  sleep 1
  wrk_rps=$(rps_of "$WORK/wrk.$round.txt"); hey_rps=$(rps_of "$WORK/hey.$round.txt"); engine_rps=$(rps_of "$WORK/engine.$round.txt")
  vs_wrk=$(ratio "$engine_rps" "$wrk_rps"); vs_hey=$(ratio "$engine_rps" "$hey_rps")
  printf '%-6s %12.0f %12.0f %14.0f %11s %11s\n' "$round" "$wrk_rps" "$hey_rps" "$engine_rps" "$vs_wrk" "$vs_hey"
  awk -v r="$vs_wrk" 'BEGIN { exit !(r >= 0.70) }' || failed=1
  awk -v r="$vs_hey" 'BEGIN { exit !(r > 1.0) }' || failed=1
done
echo
echo "engine details (last round):"
sed 's/^/  /' "$WORK/engine.$ROUNDS.txt"

echo
echo "memory: the engine sends $MEMORY_REQUESTS requests ($CONNECTIONS connections)..."
"${BENCH[@]}" --url "$URL" --connections "$CONNECTIONS" --requests "$MEMORY_REQUESTS" --quiet >"$WORK/memory.txt" || true
sed 's/^/  /' "$WORK/memory.txt"
peak=$(awk '/Peak RSS/ { print $4; exit }' "$WORK/memory.txt")
count=$(awk '/^Requests:/ { print $2; exit }' "$WORK/memory.txt")
echo
printf 'targets: engine >= 0.70 x wrk and > hey in every round: %s; peak RSS %s MB over %s requests (< 150 MB): %s\n' \
  "$([[ $failed -eq 0 ]] && echo met || echo MISSED)" "$peak" "$count" \
  "$(awk -v p="$peak" 'BEGIN { print (p < 150) ? "met" : "MISSED" }')"
awk -v p="$peak" 'BEGIN { exit !(p < 150) }' || failed=1
if [[ "$STRICT" == 1 && $failed -ne 0 ]]; then exit 1; fi
