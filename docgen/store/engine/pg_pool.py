"""Pooled PostgreSQL connections for the web requests (psycopg_pool, psycopg's own pool).

A request used to open a connection and close it at the end: a TCP connect, authentication and
a new server process each time (~9 ms here, more across a network), and at a September peak one
server process per request in flight on every node. Each process now keeps a small pool per
database URL: a request borrows a connection and gives it back. The pool checks a connection
before lending it (a restarted server costs a reconnect, not an error), and a connection given
back inside a transaction (a request that failed half-way) is rolled back first, so no lock or
half-written change outlives its request. Job threads, workers and the command line still open
connections of their own.

Pools are per process (made lazily, after gunicorn forks) and per URL; only the last few URLs
keep a pool (the test suite gives every test a schema of its own).
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from typing import Any

POOL_SIZE_ENV = "DOCGEN_DB_POOL_SIZE"
POOL_SIZE = 4  # per web process (a sync gunicorn worker serves one request at a time): room to spare
KEEP_POOLS = 4
WAIT_SECONDS = 30.0  # a request waits this long for a free connection, then fails

_pools: OrderedDict[tuple[int, str], Any] = OrderedDict()
_guard = threading.Lock()


def pool_size() -> int:
    try:
        return max(1, int(os.environ.get(POOL_SIZE_ENV) or POOL_SIZE))
    except ValueError:
        return POOL_SIZE


def pool_for(url: str, configure: Any) -> Any:
    """This process's pool for `url` (made on first use; `configure` runs on each new connection)."""
    from psycopg_pool import ConnectionPool

    key = (os.getpid(), url)
    evicted = []
    with _guard:
        pool = _pools.get(key)
        if pool is not None:
            _pools.move_to_end(key)
            return pool
        pool = ConnectionPool(
            url,
            min_size=1,
            max_size=pool_size(),
            kwargs={"autocommit": True},
            configure=configure,
            check=ConnectionPool.check_connection,
            timeout=WAIT_SECONDS,
            name=f"docgen-{len(_pools)}",
            open=True,
        )
        _pools[key] = pool
        while len(_pools) > KEEP_POOLS:
            evicted.append(_pools.popitem(last=False)[1])
    for old in evicted:  # connections still lent out are closed when given back
        old.close(timeout=5)
    return pool


def close_all() -> None:
    """Close this process's pools (tests; a worker process that ends)."""
    with _guard:
        pools = list(_pools.values())
        _pools.clear()
    for pool in pools:
        pool.close(timeout=5)
