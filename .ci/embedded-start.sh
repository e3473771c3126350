#!/usr/bin/env bash
# CI: `npm start` on a machine where DATABASE_URL is unset and no Postgres answers on the port the
# starter probes. The machine's own Postgres keeps 5432 (other steps use it), so the starter is
# pointed at a port where nothing listens (LOCAL_POSTGRES_PORT): it must run the embedded Postgres
# there (data in .data/postgres), answer /health 200, and stop cleanly on SIGTERM, Postgres included.
set -euo pipefail
cd "$(dirname "$0")/.."

pg_port=${EMBEDDED_CHECK_PG_PORT:-5499}
http_port=${EMBEDDED_CHECK_HTTP_PORT:-3397}
if pg_isready -h 127.0.0.1 -p "$pg_port" -q; then echo "something answers on $pg_port already: pick another EMBEDDED_CHECK_PG_PORT"; exit 1; fi

log=/tmp/ivl-ci-embedded.log
# Its own process group, so a failing check can stop the starter and everything under it.
env -u DATABASE_URL NODE_ENV=development LOG_LEVEL=info PORT="$http_port" LOCAL_POSTGRES_PORT="$pg_port" \
  QUEUE_PREFIX="ivl-ci-embedded-$$" setsid node dist/apps/cli/src/start.js > "$log" 2>&1 &
starter=$!
cleanup() { kill -TERM -- "-$starter" 2>/dev/null || true; wait "$starter" 2>/dev/null || true; }
trap cleanup EXIT

healthy=no
for _ in $(seq 1 120); do
  if curl -fsS "http://127.0.0.1:$http_port/health" >/dev/null 2>&1; then healthy=yes; break; fi
  kill -0 "$starter" 2>/dev/null || break
  sleep 1
done
if [ "$healthy" != yes ]; then echo "npm start on the embedded Postgres did not answer /health"; tail -40 "$log"; exit 1; fi
grep -q "starting the embedded Postgres on 127.0.0.1:$pg_port" "$log" || { echo "the starter did not use the embedded Postgres"; tail -40 "$log"; exit 1; }
pg_isready -h 127.0.0.1 -p "$pg_port" -q || { echo "nothing answers on $pg_port"; exit 1; }

# SIGTERM to the starter alone: it must stop the API, the worker and Postgres itself, and exit 0.
kill -TERM "$starter"
code=0; wait "$starter" || code=$?
trap - EXIT
if [ "$code" != 0 ]; then echo "the starter exited with $code on SIGTERM"; tail -40 "$log"; exit 1; fi
if pg_isready -h 127.0.0.1 -p "$pg_port" -q; then echo "the embedded Postgres still answers after the starter stopped"; exit 1; fi
if pgrep -f "dist/apps/(api|worker)/src/main.js" -g "$starter" >/dev/null 2>&1; then echo "a child outlived the starter"; exit 1; fi
echo "embedded Postgres: npm start answered /health on it and stopped cleanly"
