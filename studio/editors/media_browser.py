"""A Markdown preview that finds lesson images in the library instead of on disk or the web.

QTextBrowser asks ``loadResource`` for every image it lays out; library references
are answered from the library's bytes (one indexed read, cached for the page's life,
so typing does not read them again) and anything else is left to Qt.
"""

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QImage, QTextDocument
from PySide6.QtWidgets import QTextBrowser, QWidget

ReadMedia = Callable[[str], bytes | None]


class MediaBrowser(QTextBrowser):
    def __init__(self, read_media: ReadMedia, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._read_media = read_media
        self._images: dict[str, QImage | None] = {}
        self.setOpenLinks(False)  # a click must not navigate the preview away from the lesson

    def loadResource(self, type: int, name: QUrl | str) -> Any:
        if type == QTextDocument.ResourceType.ImageResource.value:
            reference = name.toString() if isinstance(name, QUrl) else name
            if reference not in self._images:
                data = self._read_media(reference)
                self._images[reference] = None if data is None else QImage.fromData(data)
            image = self._images[reference]
            if image is not None:
                return image
        return super().loadResource(type, name)
