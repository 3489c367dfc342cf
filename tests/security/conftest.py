"""Fixtures of the security tests: one world for the session (built once), clients per account."""

from __future__ import annotations

import pytest
from security_helpers import ACCOUNTS, World, build_world, client_for


@pytest.fixture(scope="session")
def world(tmp_path_factory) -> World:
    return build_world(tmp_path_factory.mktemp("security") / "data")


@pytest.fixture(scope="session")
def clients(world):
    """account name -> a logged-in client (for reads; writes use fresh clients)."""
    return {account: client_for(world, account) for account in ACCOUNTS}
