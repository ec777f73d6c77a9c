"""Files added to lessons: only what the server accepts, judged by the bytes, kept once."""

from pathlib import Path

import pytest

from local_db.library import Library
from local_db.media import MAX_MEDIA_BYTES, add_media, reference, referenced_ids
from local_db.models import MediaFile
from local_db.services.errors import ValidationFailed

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_a_picture_is_kept_once_and_referenced(library: Library, tmp_path: Path) -> None:
    first, second = tmp_path / "a.png", tmp_path / "copy.png"
    first.write_bytes(PNG)
    second.write_bytes(PNG)
    with library.write() as session:
        media = add_media(session, first)
        again = add_media(session, second)
        assert again.id == media.id
        assert (media.content_type, media.size, media.filename) == ("image/png", len(PNG), "a.png")
        text = f"![a]({reference(media)}) and ![b]({reference(again)})"
    assert referenced_ids(text) == [media.id]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("page.html", b"<html><script>alert(1)</script>", "is not a file lessons can show"),
        ("fake.png", b"GIF8 but not quite a png", "is not a file lessons can show"),
        ("drawing.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "is not a file"),
    ],
)
def test_files_the_server_would_refuse_are_refused_with_the_field(
    library: Library, tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ValidationFailed) as refused, library.write() as session:
        add_media(session, path)
    assert refused.value.errors[0].field == "file"
    assert message in refused.value.errors[0].message
    with library.read() as session:
        assert session.query(MediaFile).count() == 0


def test_too_large_and_missing_files_are_refused(library: Library, tmp_path: Path) -> None:
    big = tmp_path / "big.png"
    with big.open("wb") as handle:
        handle.write(PNG)
        handle.truncate(MAX_MEDIA_BYTES + 1)
    for path, message in ((big, "the limit is"), (tmp_path / "absent.png", "cannot be read")):
        with pytest.raises(ValidationFailed) as refused, library.write() as session:
            add_media(session, path)
        assert message in refused.value.errors[0].message
