#!/usr/bin/env bash
# Entrypoint of labctl-bed/postgres:15, a small re-implementation of the official postgres image's:
#   POSTGRES_PASSWORD   superuser password (required unless POSTGRES_HOST_AUTH_METHOD=trust)
#   POSTGRES_USER       superuser name (default postgres)
#   POSTGRES_DB         database created at first start (default: POSTGRES_USER)
#   PGDATA              data directory (default /var/lib/postgresql/data)
#   POSTGRES_INITDB_ARGS, POSTGRES_HOST_AUTH_METHOD (default scram-sha-256)
# On first start (empty PGDATA) it runs initdb, then /docker-entrypoint-initdb.d/*.sh (executable:
# run; otherwise sourced) and *.sql / *.sql.gz (psql), with POSTGRES_* exported and a server on the
# Unix socket only. Then it execs postgres as user postgres, listening on all addresses.
set -Eeo pipefail

log() { echo "docker-entrypoint: $*" >&2; }

# `docker run IMAGE -c key=value` means postgres options.
if [[ ${1:-} == -* ]]; then
	set -- postgres "$@"
fi

if [[ ${1:-} == postgres ]]; then
	export PGDATA=${PGDATA:-/var/lib/postgresql/data}
	if [[ $(id -u) == 0 ]]; then
		mkdir -p "$PGDATA" /var/run/postgresql
		chown postgres:postgres "$PGDATA" /var/run/postgresql
		chmod 700 "$PGDATA" || true
		chmod 3777 /var/run/postgresql
		# Drop root and run this script again as postgres; exec keeps postgres as PID 1.
		export HOME=/var/lib/postgresql
		exec setpriv --reuid=postgres --regid=postgres --init-groups "${BASH_SOURCE[0]}" "$@"
	fi

	if [[ ! -s $PGDATA/PG_VERSION ]]; then
		export POSTGRES_USER=${POSTGRES_USER:-postgres}
		export POSTGRES_DB=${POSTGRES_DB:-$POSTGRES_USER}
		export POSTGRES_PASSWORD=${POSTGRES_PASSWORD:-}
		auth=${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}
		if [[ -z $POSTGRES_PASSWORD && $auth != trust ]]; then
			cat >&2 <<-'MSG'
			Error: Database is uninitialized and superuser password is not specified.
			       You must specify POSTGRES_PASSWORD to a non-empty value for the
			       superuser. For example, "-e POSTGRES_PASSWORD=password" on "docker run".
			MSG
			exit 1
		fi
		log "initializing $PGDATA (user $POSTGRES_USER, database $POSTGRES_DB)"
		pwfile=$(mktemp)
		printf '%s\n' "$POSTGRES_PASSWORD" >"$pwfile"
		# shellcheck disable=SC2086 # POSTGRES_INITDB_ARGS is a list of options
		initdb --username="$POSTGRES_USER" --pwfile="$pwfile" --auth-local=trust --auth-host="$auth" \
			$POSTGRES_INITDB_ARGS >/dev/null
		rm -f "$pwfile"
		printf '\nhost all all all %s\n' "$auth" >>"$PGDATA/pg_hba.conf"
		printf "\nlisten_addresses = '*'\n" >>"$PGDATA/postgresql.conf"

		# The temporary server listens on a private Unix socket only, so that healthchecks
		# (pg_isready, on /var/run/postgresql or TCP) pass only once the real server runs.
		initsock=$(mktemp -d)
		pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -c unix_socket_directories=$initsock -p 5432" -w -t 60 start
		export PGHOST=$initsock PGPORT=5432 PGUSER=$POSTGRES_USER PGPASSWORD=$POSTGRES_PASSWORD
		psql=(psql -v ON_ERROR_STOP=1 --no-psqlrc --no-password --username "$POSTGRES_USER")
		if [[ $POSTGRES_DB != postgres ]]; then
			"${psql[@]}" --dbname postgres --set db="$POSTGRES_DB" -q <<-'SQL'
			SELECT format('CREATE DATABASE %I', :'db') \gexec
			SQL
		fi
		for f in /docker-entrypoint-initdb.d/*; do
			[[ -e $f ]] || continue
			case $f in
			*.sh)
				if [[ -x $f ]]; then
					log "running $f"
					"$f"
				else
					log "sourcing $f"
					# shellcheck disable=SC1090
					. "$f"
				fi
				;;
			*.sql) log "running $f"; "${psql[@]}" --dbname "$POSTGRES_DB" -f "$f" ;;
			*.sql.gz) log "running $f"; gunzip -c "$f" | "${psql[@]}" --dbname "$POSTGRES_DB" ;;
			*) log "ignoring $f" ;;
			esac
		done
		pg_ctl -D "$PGDATA" -m fast -w stop
		unset PGPASSWORD PGHOST PGUSER PGPORT
		rmdir "$initsock" 2>/dev/null || true
		log "PostgreSQL init process complete; ready for start up."
	fi
fi

exec "$@"
