#!/usr/bin/env bash
# Start the demo exactly as the README says, wait for /healthz and a consuming worker, then stop it.
set -euo pipefail
cd "$(dirname "$0")/.."
var_dir=$(mktemp -d)
port=${LISKO_SMOKE_PORT:-8765}
env -u DATABASE_URL -u REDIS_URL PYTHONUNBUFFERED=1 LISKO_VAR_DIR="$var_dir" LISKO_DEMO_PORT="$port" \
    setsid make demo >"$var_dir/demo.log" 2>&1 &
demo_pid=$!
stop() { kill -TERM -- "-$demo_pid" 2>/dev/null || true; wait "$demo_pid" 2>/dev/null || true; }
trap stop EXIT
for second in $(seq 1 300); do
    # Healthy means the web process answers and the worker consumes all three queues (matching,
    # notices, default): /healthz alone would not notice a worker that died at start.
    if grep -q "Log in" "$var_dir/demo.log" && body=$(curl -fsS "http://127.0.0.1:$port/healthz") \
        && grep -q " ready\.$" "$var_dir/demo.log" \
        && grep -Eq "\.> [^ ]+\.matching " "$var_dir/demo.log" \
        && grep -Eq "\.> [^ ]+\.notices " "$var_dir/demo.log" && kill -0 "$demo_pid" 2>/dev/null; then
        echo "demo healthy after ${second}s: $body"
        # The demo runs as production does (no debug): pages and the phone app's files must
        # come through the production static storage, and a missing page is Lisko's own 404.
        for page in /login/ /me/sw.js /me/manifest.webmanifest /api/docs/; do
            code=$(curl -s -o /dev/null -w "%{http_code}" "http://127.0.0.1:$port$page")
            if [ "$code" != 200 ]; then echo "$page answered $code"; tail -n 40 "$var_dir/demo.log"; exit 1; fi
        done
        code=$(curl -s -o "$var_dir/404.html" -w "%{http_code}" "http://127.0.0.1:$port/no-such-page/")
        if [ "$code" != 404 ] || grep -q "URLconf" "$var_dir/404.html"; then
            echo "a missing page answered $code or showed Django's debug page"; exit 1
        fi
        grep -A 9 "Lisko is running" "$var_dir/demo.log"
        grep -A 3 -F -- "[queues]" "$var_dir/demo.log"
        exit 0
    fi
    if ! kill -0 "$demo_pid" 2>/dev/null; then
        echo "demo exited early:"; tail -n 40 "$var_dir/demo.log"; exit 1
    fi
    sleep 1
done
echo "demo did not become healthy in 300 s:"; tail -n 40 "$var_dir/demo.log"; exit 1
