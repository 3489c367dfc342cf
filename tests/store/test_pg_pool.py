"""Web requests on PostgreSQL borrow pooled connections (docgen/store/engine/pg_pool.py): the
same server process serves request after request, and nothing a request left behind — an open
transaction, the write lock, a dead connection — reaches the next one."""

from __future__ import annotations

import pg_schema
import pytest

from docgen.store.db import connect, write_transaction
from docgen.store.engine import dialect, pg_pool

pytestmark = pytest.mark.skipif(not pg_schema.on_postgres(), reason="needs DOCGEN_TEST_DATABASE_URL")


@pytest.fixture
def url(database_engine) -> str:
    db = connect(database_engine)
    try:
        db.execute("CREATE TABLE notes (body TEXT)")
    finally:
        db.conn.close()
    yield database_engine
    pg_pool.close_all()


def _backend(db) -> int:
    return db.execute("SELECT pg_backend_pid()").fetchone()[0]


def test_request_after_request_uses_the_same_server_process(url):
    pids = set()
    for _ in range(10):
        db = connect(url, pooled=True)
        pids.add(_backend(db))
        db.conn.close()
    assert len(pids) <= 2  # the pool's first connection, and one made while it was starting
    own = connect(url)  # the command line and jobs still connect on their own
    try:
        assert _backend(own) not in pids
    finally:
        own.conn.close()


def test_what_a_failed_request_left_open_is_rolled_back(url):
    db = connect(url, pooled=True)
    db.conn.execute("BEGIN")
    db.execute("INSERT INTO notes (body) VALUES ('не сохранено')")
    db.conn.close()  # the request ended half-way: no COMMIT
    again = connect(url, pooled=True)
    try:
        assert not again.conn.in_transaction
        assert again.execute("SELECT count(*) FROM notes").fetchone()[0] == 0
    finally:
        again.conn.close()


def test_the_write_lock_of_an_abandoned_request_is_released(url):
    db = connect(url, pooled=True)
    dialect(db).begin_write(db.conn)  # what write_transaction starts with: the advisory lock
    db.execute("INSERT INTO notes (body) VALUES ('x')")
    assert not pg_schema.writer_can_start(url)
    db.conn.close()  # given back with the transaction and its lock still open
    assert pg_schema.writer_can_start(url)
    again = connect(url, pooled=True)
    try:
        with write_transaction(again):
            assert again.execute("SELECT count(*) FROM notes").fetchone()[0] == 0
    finally:
        again.conn.close()


def test_a_connection_the_server_dropped_is_replaced(url):
    db = connect(url, pooled=True)
    dropped = _backend(db)
    db.conn.close()
    killer = connect(url)
    try:
        killer.execute("SELECT pg_terminate_backend(?)", [dropped])
    finally:
        killer.conn.close()
    again = connect(url, pooled=True)
    try:
        assert _backend(again) != dropped
        assert again.execute("SELECT count(*) FROM notes").fetchone()[0] == 0
    finally:
        again.conn.close()


def test_closing_twice_is_harmless_and_use_after_close_says_so(url):
    db = connect(url, pooled=True)
    db.conn.close()
    db.conn.close()
    with pytest.raises(RuntimeError, match="already given back"):
        db.execute("SELECT 1")
