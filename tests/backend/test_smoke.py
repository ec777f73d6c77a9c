"""The server answers over loopback HTTP on each database."""

from tests.backend.harness import Harness


def test_sign_in_and_create_a_subject(backend: Harness) -> None:
    backend.create_user("author@north.example")
    token = backend.login("author@north.example")
    body = backend.graphql(
        'mutation { createSubject(input: {name: "Maths", slug: "maths"})'
        " { subject { slug version } errors { code } } }",
        token=token,
    )
    assert body["data"]["createSubject"] == {
        "subject": {"slug": "maths", "version": 1},
        "errors": None,
    }
