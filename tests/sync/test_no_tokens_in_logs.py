"""No token or password reaches a log record during a sign-in and a sync, whatever logs:
our code, httpx and httpcore at DEBUG, the sync engine."""

import logging

import pytest

from backend_client.redaction import install_redaction
from local_db.entities import EntityKind
from tests.backend.harness import PASSWORD
from tests.local_db.factories import valid_values
from tests.sync.conftest import AUTHOR
from tests.sync.world import World


def test_sign_in_and_sync_log_no_secret(world: World, caplog: pytest.LogCaptureFixture) -> None:
    install_redaction()
    caplog.set_level(logging.DEBUG)
    ada = world.studio(AUTHOR)
    ada.service.create(EntityKind.SUBJECT, valid_values(EntityKind.SUBJECT))
    assert ada.sync().outcome == "done"
    logging.getLogger("gql.transport.httpx").info(
        ">>> %s", f'{{"query": "mutation", "variables": {{"password": "{PASSWORD}"}}}}'
    )

    refresh = ada.session.store.load(ada.session.address.url, AUTHOR)
    secrets = {PASSWORD, ada.session.access_token(), refresh}
    assert all(secrets) and caplog.records, "the test must see tokens and log records"
    assert any(record.name.startswith("httpx") for record in caplog.records)
    for record in caplog.records:
        message = record.getMessage()
        for secret in secrets:
            assert secret not in message, f"{record.name} logged a secret"
    for secret in secrets:
        assert secret not in caplog.text
