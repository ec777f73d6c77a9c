"""Batches of writes: one valid document for any mix of the generated write operations."""

import uuid

from hypothesis import given
from hypothesis import strategies as st

from backend_client.batch import batch_document
from backend_client.documents import query_text
from backend_client.remote import operation_for, variables_for
from local_db.sync.remote import RemoteWrite, WriteVerb

TYPES = ("grade", "subject", "topic", "lesson", "exercise", "tournament")
writes = st.builds(
    lambda entity_type, verb: RemoteWrite(
        entity_type, verb, uuid.uuid4(), uuid.uuid4(), {}, None if verb is WriteVerb.CREATE else 3
    ),
    st.sampled_from(TYPES),
    st.sampled_from(list(WriteVerb)),
)


@given(st.lists(writes, min_size=1, max_size=12))
def test_any_mix_of_writes_is_one_valid_document_in_order(batch: list[RemoteWrite]) -> None:
    document = batch_document([(operation_for(write), variables_for(write)) for write in batch])
    assert query_text(document.text) == document.text
    assert document.aliases == [f"w{index}" for index in range(len(batch))]
    positions = [document.text.index(f"\n{alias}: ") for alias in document.aliases]
    assert positions == sorted(positions)
    for alias, write in zip(document.aliases, batch, strict=True):
        carried = document.variables.get(f"{alias}_clientMutationId") or document.variables[
            f"{alias}_input"
        ].get("clientMutationId")
        assert carried == str(write.client_mutation_id)
    assert document.text.count("fragment ErrorFields on Error") == 1
