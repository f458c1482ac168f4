#!/usr/bin/env bash
# A whole deployment on one machine, each host in its own network namespace:
#
#   10.77.0.1   (this machine, bridge uo-br0)  HAProxy :8080, PgBouncer :6441,
#               PostgreSQL 15 primary :5441 and streaming replica :5442, Redis :6390
#   10.77.0.11  namespace uo-web1     gunicorn :8000
#   10.77.0.12  namespace uo-web2     gunicorn :8000
#   10.77.0.21  namespace uo-worker   manage.py db_worker
#
#   deploy/cluster.sh up      # make cluster: install the Debian packages, create, start
#   deploy/cluster.sh down    # make cluster-down: stop and delete everything "up" made
#   deploy/cluster.sh start-web web1 | kill-host web1 | start-worker | kill-host worker
#
# Needs root (namespaces, clusters). Nothing listens beyond the addresses above and
# loopback; the PostgreSQL clusters are "15/uoprimary" and "15/uoreplica", beside any
# other (the test suite's 15/main is never touched). The settings the web and worker
# hosts get (env file in $CLUSTER_DIR) are those of a real deployment.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${BIN:-$ROOT/.venv/bin}
BIN=$(realpath -m "$BIN")
DIR=${CLUSTER_DIR:-/var/tmp/usines-cluster}
PG=15
BRIDGE=uo-br0
NET=10.77.0
LB=$NET.1
declare -A HOSTS=([web1]=$NET.11 [web2]=$NET.12 [worker]=$NET.21)
PRIMARY_PORT=5441
REPLICA_PORT=5442
BOUNCER_PORT=6441
REDIS_PORT=6390
HTTP_PORT=8080
WEB_WORKERS=${WEB_WORKERS:-2}

say() { printf '\033[1m== %s\033[0m\n' "$*"; }

# Wait (at most $1 tenths of a second) until the command after it succeeds.
wait_for() {
  local tenths=$1
  shift
  for _ in $(seq "$tenths"); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.1
  done
  echo "timed out waiting for: $*" >&2
  return 1
}

as_postgres() { runuser -u postgres -- "$@"; }
psql_primary() { as_postgres psql -X -q -v ON_ERROR_STOP=1 -p "$PRIMARY_PORT" "$@"; }

install_packages() {
  local missing=()
  for package in haproxy pgbouncer redis-server postgresql-$PG wrk iproute2 curl; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
  done
  if ((${#missing[@]})); then
    say "apt-get install ${missing[*]}"
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
  fi
}

network_up() {
  say "bridge $BRIDGE ($LB/24) and namespaces"
  ip link add "$BRIDGE" type bridge
  ip addr add "$LB/24" dev "$BRIDGE"
  ip link set "$BRIDGE" up
  for host in "${!HOSTS[@]}"; do
    local ns=uo-$host
    ip netns add "$ns"
    ip link add "$ns-h" type veth peer name eth0 netns "$ns"
    ip link set "$ns-h" master "$BRIDGE" up
    ip -n "$ns" addr add "${HOSTS[$host]}/24" dev eth0
    ip -n "$ns" link set eth0 up
    ip -n "$ns" link set lo up
  done
}

postgres_up() {
  local password=$1
  say "PostgreSQL primary $PG/uoprimary on :$PRIMARY_PORT"
  pg_createcluster "$PG" uoprimary -p "$PRIMARY_PORT" -- --auth-local=peer \
    --auth-host=scram-sha-256 >/dev/null
  local conf=/etc/postgresql/$PG/uoprimary
  cat >"$conf/conf.d/cluster.conf" <<EOF
listen_addresses = '127.0.0.1,$LB'
timezone = 'UTC'
max_connections = 200
wal_level = replica
max_wal_senders = 5
max_replication_slots = 5
hot_standby = on
EOF
  printf 'host all usines %s.0/24 scram-sha-256\nhost replication replicator 127.0.0.1/32 scram-sha-256\n' \
    "$NET" >>"$conf/pg_hba.conf"
  pg_ctlcluster "$PG" uoprimary start
  psql_primary <<EOF
CREATE ROLE usines LOGIN PASSWORD '$password';
CREATE DATABASE usines OWNER usines;
CREATE ROLE replicator REPLICATION LOGIN PASSWORD '$password';
SELECT pg_create_physical_replication_slot('uoreplica');
EOF

  say "PostgreSQL replica $PG/uoreplica on :$REPLICA_PORT (pg_basebackup, slot uoreplica)"
  pg_createcluster "$PG" uoreplica -p "$REPLICA_PORT" >/dev/null
  local data=/var/lib/postgresql/$PG/uoreplica
  find "$data" -mindepth 1 -delete
  as_postgres env PGPASSWORD="$password" pg_basebackup -h 127.0.0.1 -p "$PRIMARY_PORT" \
    -U replicator -D "$data" -S uoreplica -X stream -R -c fast
  conf=/etc/postgresql/$PG/uoreplica
  cp "/etc/postgresql/$PG/uoprimary/conf.d/cluster.conf" "$conf/conf.d/cluster.conf"
  printf 'host all usines %s.0/24 scram-sha-256\n' "$NET" >>"$conf/pg_hba.conf"
  pg_ctlcluster "$PG" uoreplica start
  wait_for 300 as_postgres psql -X -p "$REPLICA_PORT" -tAc "SELECT pg_is_in_recovery()"
}

pgbouncer_up() {
  local password=$1
  say "PgBouncer (transaction pooling) on $LB:$BOUNCER_PORT"
  mkdir -p "$DIR/pgbouncer"
  printf '"usines" "%s"\n' "$password" >"$DIR/pgbouncer/userlist.txt"
  cat >"$DIR/pgbouncer/pgbouncer.ini" <<EOF
[databases]
usines = host=127.0.0.1 port=$PRIMARY_PORT dbname=usines
[pgbouncer]
listen_addr = $LB
listen_port = $BOUNCER_PORT
unix_socket_dir =
auth_type = scram-sha-256
auth_file = $DIR/pgbouncer/userlist.txt
pool_mode = transaction
default_pool_size = 20
max_client_conn = 1000
server_reset_query =
logfile = $DIR/pgbouncer/pgbouncer.log
pidfile = $DIR/pgbouncer/pgbouncer.pid
EOF
  chown -R postgres: "$DIR/pgbouncer"
  chmod 600 "$DIR/pgbouncer/userlist.txt"
  as_postgres pgbouncer -d "$DIR/pgbouncer/pgbouncer.ini"
  wait_for 100 bash -c "exec 3<>/dev/tcp/$LB/$BOUNCER_PORT"
}

redis_up() {
  say "Redis on $LB:$REDIS_PORT"
  redis-server --bind "$LB" --port "$REDIS_PORT" --daemonize yes --protected-mode no \
    --save '' --appendonly no --dir "$DIR" --pidfile "$DIR/redis.pid" \
    --logfile "$DIR/logs/redis.log"
  wait_for 100 redis-cli -h "$LB" -p "$REDIS_PORT" ping
}

haproxy_up() {
  say "HAProxy on $LB:$HTTP_PORT in front of web1 and web2 (health check /healthz)"
  cat >"$DIR/haproxy.cfg" <<EOF
global
  daemon
  pidfile $DIR/haproxy.pid
  stats socket $DIR/haproxy.sock mode 600 level admin
  maxconn 4096

defaults
  mode http
  timeout connect 2s
  timeout client 30s
  timeout server 30s
  timeout queue 15s
  timeout check 3s
  # A request refused at connection (a dead host) is retried on the other host; a
  # request a host took and never answered is not (the booking may be made: the
  # client replays it with its idempotency key).
  retries 3
  option redispatch 1
  option http-keep-alive

frontend www
  bind $LB:$HTTP_PORT
  # The client's address for the rate limits (CLIENT_IP_HEADER=HTTP_X_REAL_IP):
  # always the balancer's own view, never what a client sent.
  http-request set-header X-Real-IP %[src]
  # Load-test harness only (cluster-rush): the load generator on this machine
  # plays many clients, each with its own made-up address.
  http-request set-header X-Real-IP %[req.hdr(X-Load-Client)] if { src $LB } { req.hdr(X-Load-Client) -m found }
  http-request del-header X-Load-Client
  # TLS would end here in production: X-Forwarded-Proto https (BEHIND_PROXY=1).
  http-request set-header X-Forwarded-Proto http
  default_backend web

# A sync gunicorn worker answers one request at a time: each host gets at most
# twice its workers at once and the rest wait here, so that a health check never
# queues behind a crowd and a busy host is not taken for a dead one. A refused
# connection marks a host down at once, before its health checks notice.
backend web
  balance leastconn
  option httpchk
  http-check send meth GET uri /healthz ver HTTP/1.1 hdr Host $LB
  http-check expect status 200
  default-server inter 1s fall 3 rise 2 maxconn $((2 * WEB_WORKERS)) \
    observe layer4 error-limit 1 on-error mark-down
  server web1 ${HOSTS[web1]}:8000 check
  server web2 ${HOSTS[web2]}:8000 check
EOF
  haproxy -c -q -f "$DIR/haproxy.cfg"
  haproxy -f "$DIR/haproxy.cfg"
}

write_env() {
  local password=$1
  say "settings in $DIR/env"
  cat >"$DIR/env" <<EOF
DATABASE_URL=postgres://usines:$password@$LB:$BOUNCER_PORT/usines
DATABASE_POOLED=1
DATABASE_REPLICA_URL=postgres://usines:$password@$LB:$REPLICA_PORT/usines
REDIS_URL=redis://$LB:$REDIS_PORT/0
SECRET_KEY=$(head -c 32 /dev/urandom | base64 | tr -d '/+=')
ALLOWED_HOSTS=$LB
SITE_URL=http://$LB:$HTTP_PORT
BEHIND_PROXY=1
CLIENT_IP_HEADER=HTTP_X_REAL_IP
SECURE_SSL_REDIRECT=0
SECURE_COOKIES=0
CONN_MAX_AGE=600
EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend
EMAIL_FILE_PATH=$DIR/mail
STATIC_ROOT=$DIR/static
MEDIA_ROOT=$DIR/media
PYTHONDONTWRITEBYTECODE=1
EOF
  # What the setup and the checks use: the primary itself, not through PgBouncer.
  sed "s#@$LB:$BOUNCER_PORT/#@$LB:$PRIMARY_PORT/#; /^DATABASE_POOLED=/d" "$DIR/env" \
    >"$DIR/env.direct"
  chmod 600 "$DIR/env" "$DIR/env.direct"
}

# Run a command with the cluster's settings ($1: env or env.direct), in a namespace
# when $2 names one.
with_env() {
  local file=$1 ns=$2
  shift 2
  local prefix=()
  [[ -n $ns ]] && prefix=(ip netns exec "uo-$ns")
  "${prefix[@]}" env $(cat "$DIR/$file") "$@"
}

migrate() {
  say "migrate, reference data, static files (on the primary)"
  (cd "$ROOT" && with_env env.direct "" "$BIN/python" manage.py migrate --no-input -v 0)
  (cd "$ROOT" && with_env env.direct "" "$BIN/python" manage.py load_reference -v 0)
  (cd "$ROOT" && with_env env.direct "" "$BIN/python" manage.py ensure_schedules -v 0)
  (cd "$ROOT" && with_env env.direct "" "$BIN/python" manage.py collectstatic --no-input -v 0)
}

start_web() {
  local host=$1
  with_env env "$host" setsid "$BIN/gunicorn" usines.wsgi --chdir "$ROOT/src" \
    --bind "${HOSTS[$host]}:8000" --workers "$WEB_WORKERS" --backlog 2048 \
    --pid "$DIR/$host.pid" --log-level warning --error-logfile "$DIR/logs/$host.log" \
    --daemon
  wait_for 300 curl -fsS -H "Host: $LB" "http://${HOSTS[$host]}:8000/healthz"
}

start_worker() {
  cd "$ROOT"
  # No wrapper shell: the pid written is db_worker's own.
  setsid ip netns exec uo-worker env $(cat "$DIR/env") "$BIN/python" manage.py db_worker \
    --interval 0.2 </dev/null >>"$DIR/logs/worker.log" 2>&1 &
  echo $! >"$DIR/worker.pid"
}

# Kill every process of a host (its namespace), the hard way: a machine lost.
kill_host() {
  local pids
  pids=$(ip netns pids "uo-$1" || true)
  [[ -n $pids ]] && kill -9 $pids
  rm -f "$DIR/$1.pid"
}

up() {
  [[ $EUID -eq 0 ]] || { echo "run as root (namespaces, PostgreSQL clusters)" >&2; exit 1; }
  if [[ -e $DIR ]] || ip link show "$BRIDGE" >/dev/null 2>&1; then
    echo "a cluster is already up ($DIR): make cluster-down first" >&2
    exit 1
  fi
  install_packages
  mkdir -p "$DIR/logs" "$DIR/mail" "$DIR/media"
  local password
  password=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')
  network_up
  postgres_up "$password"
  pgbouncer_up "$password"
  redis_up
  write_env "$password"
  migrate
  say "web hosts web1, web2 (gunicorn, $WEB_WORKERS workers each) and the worker host"
  start_web web1
  start_web web2
  start_worker
  haproxy_up
  wait_for 100 curl -fsS "http://$LB:$HTTP_PORT/healthz"
  say "up: http://$LB:$HTTP_PORT/  (healthz: $(curl -fsS "http://$LB:$HTTP_PORT/healthz"))"
}

down() {
  say "stopping and deleting the cluster"
  for host in "${!HOSTS[@]}"; do
    ip netns list | grep -qw "uo-$host" && kill_host "$host"
  done
  for pidfile in "$DIR/haproxy.pid" "$DIR/redis.pid" "$DIR/pgbouncer/pgbouncer.pid"; do
    [[ -f $pidfile ]] && kill "$(cat "$pidfile")" 2>/dev/null || true
  done
  for cluster in uoreplica uoprimary; do
    if pg_lsclusters -h | awk '{print $1 "/" $2}' | grep -qx "$PG/$cluster"; then
      pg_dropcluster --stop "$PG" "$cluster"
    fi
    rm -rf "/etc/postgresql/$PG/$cluster"  # what pg_dropcluster leaves: our conf.d
  done
  for host in "${!HOSTS[@]}"; do
    ip netns list | grep -qw "uo-$host" && ip netns del "uo-$host"
  done
  ip link show "$BRIDGE" >/dev/null 2>&1 && ip link del "$BRIDGE"
  rm -rf "$DIR"
  say "down"
}

case ${1:-} in
  up) up ;;
  down) down ;;
  start-web) start_web "$2" ;;
  start-worker) start_worker ;;
  kill-host) kill_host "$2" ;;
  *) echo "usage: $0 up|down|start-web HOST|start-worker|kill-host HOST" >&2; exit 2 ;;
esac
