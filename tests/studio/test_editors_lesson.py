"""The lesson editor: title and published, Markdown with a live preview, images from the library."""

import uuid
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QColor, QImage, QTextDocument
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from local_db.entities import EntityKind
from local_db.library import Library
from local_db.media import add_media
from local_db.models import MediaFile
from studio.editors.field_errors import is_marked_invalid
from studio.editors.lesson_page import LessonPage
from studio.editors.session import EditingSession
from tests.local_db.factories import Tree
from tests.studio.test_editors_helpers import (
    fast_autosave,
    open_page,
    session,
    set_text,
    settle,
    stored,
    tree,
)

__all__ = ["fast_autosave", "session", "tree"]  # fixtures used by name


def png(path: Path, color: str = "#3366cc", size: tuple[int, int] = (12, 7)) -> Path:
    image = QImage(*size, QImage.Format.Format_RGB32)
    image.fill(QColor(color))
    assert image.save(str(path))  # the format follows the .png name
    return path


def rendered_image(page: LessonPage, reference: str) -> QImage:
    resource = page.preview.document().resource(
        QTextDocument.ResourceType.ImageResource.value, QUrl(reference)
    )
    assert isinstance(resource, QImage), f"{reference} did not render"
    return resource


def test_the_lesson_loads_into_its_form_and_preview(
    qtbot: QtBot, session: EditingSession, tree: Tree, library: Library
) -> None:
    page = open_page(qtbot, session, LessonPage, tree.lesson)
    assert page.values() == {
        "title": "Halves",
        "published": False,
        "content": stored(library, EntityKind.LESSON, tree.lesson, "content"),
    }
    assert page.preview.toPlainText().startswith("Halves\nOne of two.")
    assert page.content.accessibleName() == "Content"


def test_an_empty_title_is_not_saved_and_says_so(
    qtbot: QtBot, session: EditingSession, tree: Tree, library: Library
) -> None:
    page = open_page(qtbot, session, LessonPage, tree.lesson)
    title = page.field("title")
    set_text(title.binding.widget, "")
    settle(qtbot, session)
    assert title.error.text() == "Title must not be empty"
    assert is_marked_invalid(title.binding.widget)
    assert stored(library, EntityKind.LESSON, tree.lesson, "title") == "Halves"


def test_published_and_content_are_saved(
    qtbot: QtBot, session: EditingSession, tree: Tree, library: Library, fast_autosave: None
) -> None:
    page = open_page(qtbot, session, LessonPage, tree.lesson)
    page.field("published").binding.widget.click()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: stored(library, EntityKind.LESSON, tree.lesson, "published") is True)
    page.content.selectAll()
    QTest.keyClicks(page.content, "# Thirds")
    qtbot.waitUntil(
        lambda: stored(library, EntityKind.LESSON, tree.lesson, "content") == "# Thirds"
    )


def test_the_preview_follows_the_text_after_a_pause(
    qtbot: QtBot, session: EditingSession, tree: Tree
) -> None:
    page = open_page(qtbot, session, LessonPage, tree.lesson)
    set_text(page.content, "# Quarters\n\nOne of **four**.")
    assert "Quarters" not in page.preview.toPlainText()  # not on every keystroke
    qtbot.waitUntil(lambda: page.preview.toPlainText().startswith("Quarters"))
    assert "One of four." in page.preview.toPlainText()


def test_an_inserted_image_is_kept_in_the_library_and_rendered_from_its_bytes(
    qtbot: QtBot, session: EditingSession, tree: Tree, library: Library, tmp_path: Path
) -> None:
    page = open_page(qtbot, session, LessonPage, tree.lesson)
    page.content.moveCursor(page.content.textCursor().MoveOperation.End)
    page.insert_image(png(tmp_path / "diagram.png"))
    qtbot.waitUntil(lambda: "![diagram](media:" in page.content.toPlainText())

    with library.read() as db:
        [media] = db.query(MediaFile).all()
    reference = f"media:{media.id}"
    assert page.content.toPlainText().endswith(f"![diagram]({reference})")
    (tmp_path / "diagram.png").unlink()  # the preview needs only the library's copy
    qtbot.waitUntil(lambda: reference in page.preview.toHtml())
    image = rendered_image(page, reference)
    assert (image.width(), image.height()) == (12, 7)
    assert image.pixelColor(0, 0) == QColor("#3366cc")
    settle(qtbot, session)
    assert reference in stored(library, EntityKind.LESSON, tree.lesson, "content")


def test_an_uploaded_image_renders_from_its_asset_url(
    qtbot: QtBot, session: EditingSession, tree: Tree, library: Library, tmp_path: Path
) -> None:
    asset_id = uuid.uuid4()
    with library.write() as db:
        media = add_media(db, png(tmp_path / "photo.png", "#cc3300", (5, 4)))
        media.asset_id = asset_id
    page = open_page(qtbot, session, LessonPage, tree.lesson)
    set_text(page.content, f"![photo](/api/assets/{asset_id})")
    page.flush()
    qtbot.waitUntil(lambda: "/api/assets/" in page.preview.toHtml())
    image = rendered_image(page, f"/api/assets/{asset_id}")
    assert image.pixelColor(0, 0) == QColor("#cc3300")


def test_a_file_that_is_not_an_image_is_refused_and_nothing_is_inserted(
    qtbot: QtBot, session: EditingSession, tree: Tree, library: Library, tmp_path: Path
) -> None:
    page = open_page(qtbot, session, LessonPage, tree.lesson)
    text = tmp_path / "notes.txt"
    text.write_text("just words")
    before = page.content.toPlainText()
    page.insert_image(text)
    qtbot.waitUntil(lambda: page.save_status.text().startswith("Image not added"))
    assert page.content.toPlainText() == before
    with library.read() as db:
        assert db.query(MediaFile).count() == 0
