# Sourced by .ci/run: starts a throwaway PostgreSQL cluster owned by this CI run, on 127.0.0.1 and a free
# port, creates a database and exports TEST_DATABASE_URL for `npm test`; the cluster is stopped and its
# directory removed when the run exits (it sets the EXIT trap: a later trap in .ci/run must call
# ci_postgres_stop itself).

ci_pg_bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

if [ -z "$(ci_pg_bindir)" ]; then
  ci_sudo=""; [ "$(id -u)" -eq 0 ] || ci_sudo="sudo"
  $ci_sudo apt-get update && DEBIAN_FRONTEND=noninteractive $ci_sudo apt-get install -y --no-install-recommends postgresql
fi
CI_PG_BIN="$(ci_pg_bindir)"

# PostgreSQL refuses to run as root: then the cluster belongs to the `postgres` user the package creates.
ci_as_pg=()
CI_PG_DIR="$(mktemp -d "${TMPDIR:-/tmp}/circlebot-pg.XXXXXX")"
if [ "$(id -u)" -eq 0 ]; then
  chown postgres: "$CI_PG_DIR"
  ci_as_pg=(runuser -u postgres --)
fi

ci_postgres_stop() {
  "${ci_as_pg[@]}" "$CI_PG_BIN/pg_ctl" -D "$CI_PG_DIR/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$CI_PG_DIR"
}
trap ci_postgres_stop EXIT

CI_PG_PORT="$(node -e "const s = require('node:net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); })")"

# Trust authentication is safe here: the cluster listens on 127.0.0.1 only and lives for this run.
"${ci_as_pg[@]}" "$CI_PG_BIN/initdb" -D "$CI_PG_DIR/data" -U postgres --auth=trust --encoding=UTF8 --no-locale \
  >"$CI_PG_DIR/initdb.log" 2>&1 || { cat "$CI_PG_DIR/initdb.log"; exit 1; }
# Durability buys nothing in a cluster thrown away at the end of the run.
"${ci_as_pg[@]}" "$CI_PG_BIN/pg_ctl" -D "$CI_PG_DIR/data" -l "$CI_PG_DIR/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $CI_PG_PORT -k $CI_PG_DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  start >/dev/null || { cat "$CI_PG_DIR/server.log"; exit 1; }
"$CI_PG_BIN/createdb" -h 127.0.0.1 -p "$CI_PG_PORT" -U postgres circlebot_test

export TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$CI_PG_PORT/circlebot_test"
echo "PostgreSQL $("$CI_PG_BIN/postgres" --version | awk '{print $3}') for the tests at $TEST_DATABASE_URL"
