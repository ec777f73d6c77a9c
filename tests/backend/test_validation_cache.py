"""Cached validation answers a repeated operation exactly as the first time."""

from tests.backend.harness import Harness


def test_repeated_operations_are_validated_the_same_way(backend: Harness) -> None:
    backend.create_user("author@north.example")
    token = backend.login("author@north.example")
    for _ in range(3):
        invalid = backend.graphql("{ changes { nope } }", token=token)
        assert invalid["data"] is None
        assert invalid["errors"][0]["extensions"]["code"] == "VALIDATION_ERROR"
        assert "nope" in invalid["errors"][0]["message"]
        valid = backend.graphql("{ changes(first: 1) { resync } }", token=token)
        assert valid == {"data": {"changes": {"resync": False}}}
