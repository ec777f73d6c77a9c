"""Merged values typed in the conflicts dialog: text stays text, the rest is JSON."""

import pytest

from studio.sync_ui.values import editable_text, parse_merged, short_text


def test_text_fields_take_the_text_as_typed_and_others_read_json() -> None:
    assert parse_merged(" 3 ", local="a", remote=None) == " 3 "
    assert parse_merged("3", local=2, remote=4) == 3
    assert parse_merged('{"correct": true}', local={}, remote=None) == {"correct": True}
    assert parse_merged("  ", local=2, remote=None) is None
    with pytest.raises(ValueError, match="needs a JSON value"):
        parse_merged("three", local=2, remote=4)
    answer = {"choices": [{"text": "2", "correct": True}]}
    assert parse_merged(editable_text(answer), local=answer, remote=None) == answer


def test_a_long_or_multi_line_value_is_one_short_line_in_a_list() -> None:
    assert short_text("content", "# Halves\n\nOne of two.") == "# Halves One of two."
    assert len(short_text("content", "x" * 500)) == 80
    assert short_text("deleted_at", None) == "not deleted"
    assert short_text("difficulty", None) == "(empty)"
