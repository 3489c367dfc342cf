"""One S3 client per URL and process, for the last few URLs only, all from one boto3 session: a
session loads botocore's service models (megabytes), and a test run makes a bucket per test."""

from __future__ import annotations

import pytest

from docgen.store import blobstore
from docgen.store.blobstore import open_store

boto3 = pytest.importorskip("boto3")


def test_a_url_keeps_its_client_only_the_last_few_are_kept_and_one_session_makes_them(monkeypatch):
    from docgen.store import s3files

    made = []
    real_session = boto3.session.Session

    def counted(*args, **kwargs):
        made.append(1)
        return real_session(*args, **kwargs)

    monkeypatch.setattr(s3files.boto3.session, "Session", counted)
    monkeypatch.setattr(s3files, "_shared", None)
    monkeypatch.setattr(blobstore, "_s3_stores", type(blobstore._s3_stores)())
    for name, value in (("AWS_ACCESS_KEY_ID", "x"), ("AWS_SECRET_ACCESS_KEY", "x")):
        monkeypatch.setenv(name, value)
    urls = [f"s3://bucket-{n}/docgen?endpoint=http://127.0.0.1:9" for n in range(10)]  # never called
    first = open_store("", urls[0])
    assert open_store("", urls[0]) is first  # no new client for the same bucket
    stores = [open_store("", url) for url in urls]
    assert [store.location for store in stores] == [f"s3://bucket-{n}/docgen/" for n in range(10)]
    assert list(blobstore._s3_stores) == urls[-blobstore.KEEP_S3_STORES :]
    assert len(made) == 1
