"""Django's PostgreSQL backend, with a cheaper health check.

With CONN_HEALTH_CHECKS, Django checks a kept connection before a request's first
query by sending `SELECT 1`: a round trip per request, which on the booking path is
as many as the booking itself. An idle connection the server has closed (a restart,
`pg_terminate_backend`, PgBouncer's idle timeout) has something to read on its
socket, the server's last message or the end of the stream; a live one, between
requests, has nothing. So the check looks at the socket without waiting and sends
`SELECT 1` only when there is something there, or when the client already knows the
connection is not idle and sound.
"""

import select

from django.db.backends.postgresql import base
from psycopg import pq


class DatabaseWrapper(base.DatabaseWrapper):
    def is_usable(self) -> bool:
        server = self.connection
        if server is None or server.closed:
            return False
        if (
            server.pgconn.status != pq.ConnStatus.OK
            or server.info.transaction_status != pq.TransactionStatus.IDLE
        ):
            return super().is_usable()
        try:
            # poll, not select: a worker may hold more than select's 1 024 descriptors.
            socket = select.poll()
            socket.register(server.fileno(), select.POLLIN)
            waiting = socket.poll(0)
        except (OSError, ValueError):  # the socket cannot be looked at: ask the server
            return super().is_usable()
        return not waiting or super().is_usable()
