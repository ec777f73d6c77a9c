"""The lesson editor: title, published, Markdown content with a live preview and images.

The preview follows the text after a short pause (rendering Markdown on every
keystroke of a long lesson would make typing stutter). "Insert image…" copies the file
into the library on the write lane and then puts ``![name](media:<id>)`` at the cursor;
that insertion is an ordinary edit, saved and undone like typing.
"""

import functools
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from local_db.entities import EntityKind
from local_db.library import Library
from local_db.media import add_media, reference
from local_db.services import ValidationFailed
from local_db.services.errors import invalid
from studio.editors.bindings import check_box, line_edit, plain_text
from studio.editors.debounce import Debouncer
from studio.editors.media_browser import MediaBrowser
from studio.editors.media_lookup import media_bytes
from studio.editors.page import EditorPage
from studio.editors.reasons import reason

PREVIEW_DELAY_MS = 250
IMAGE_FILTER = "Images (*.png *.jpg *.jpeg *.gif *.webp)"


class LessonPage(EditorPage):
    kind = EntityKind.LESSON

    def build(self, layout: QVBoxLayout) -> None:
        form = QFormLayout()
        self.add_row(form, "title", "Title", line_edit(QLineEdit()))
        published = QCheckBox("Students can see this lesson")
        self.add_row(form, "published", "Published", check_box(published))
        layout.addLayout(form)

        self.content = QPlainTextEdit()
        self.content.setObjectName("content")
        self.content.setTabChangesFocus(True)
        self.preview = MediaBrowser(self._read_media, self)
        self.preview.setObjectName("preview")
        self.preview.setAccessibleName("Lesson preview")
        self._preview_later = Debouncer(PREVIEW_DELAY_MS, self._render_preview, self)
        self.content.textChanged.connect(self._preview_later.poke)

        self.insert_image_button = QPushButton("Insert image…", self)
        self.insert_image_button.setObjectName("insertImage")
        self.insert_image_button.clicked.connect(lambda: self.insert_image())
        insert = QAction("Insert image…", self)
        insert.setShortcut(QKeySequence("Ctrl+Shift+I"))
        insert.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        insert.triggered.connect(lambda: self.insert_image())
        self.addAction(insert)

        caption, box = self.add_field("content", "Content", plain_text(self.content))
        tools = QHBoxLayout()
        tools.addWidget(caption, 1)
        tools.addWidget(self.insert_image_button)
        layout.addLayout(tools)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.setObjectName("lessonSplitter")
        split.addWidget(box)
        split.addWidget(self.preview)
        layout.addWidget(split, 1)

    def after_fields(self) -> list[QWidget]:
        return [self.insert_image_button, self.preview]

    def shown(self) -> None:
        self._render_preview()

    def closing(self) -> None:
        self._preview_later.cancel()

    def insert_image(self, path: Path | None = None) -> None:
        """Copy an image into the library and reference it at the cursor.

        Without ``path`` the author picks a file; tests pass one.
        """
        if path is None:
            chosen, _ = QFileDialog.getOpenFileName(self, "Insert image", "", IMAGE_FILTER)
            if not chosen:
                return
            path = Path(chosen)
        self.session.workers.write(
            functools.partial(store_image, self.session.library, path),
            on_done=self._image_stored,
            on_error=self._image_refused,
        )

    def _image_stored(self, markdown: str) -> None:
        self.content.textCursor().insertText(markdown)
        self.content.setFocus()

    def _image_refused(self, error: BaseException) -> None:
        self.save_status.setText(f"Image not added: {reason(error)}")

    def _render_preview(self) -> None:
        self._preview_later.cancel()
        self.preview.setMarkdown(self.content.toPlainText())

    def _read_media(self, name: str) -> bytes | None:
        with self.session.library.read() as db:
            return media_bytes(db, name)


def store_image(library: Library, path: Path) -> str:
    """Runs on the write lane: the image's Markdown, once the library holds the file."""
    with library.write() as db:
        media = add_media(db, path)
        if not media.content_type.startswith("image/"):
            raise ValidationFailed([invalid("file", "is not an image")])  # rolls the copy back
        name = Path(media.filename).stem.replace("[", "").replace("]", "") or "image"
        return f"![{name}]({reference(media)})"
