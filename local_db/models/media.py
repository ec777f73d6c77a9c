"""Files lessons show (images, audio, PDFs), kept inside the library until uploaded.

Inside the library file, not beside it: a library copied to another computer keeps its
pictures. ``asset_id`` is set once the server holds the bytes.
"""

import uuid

from sqlalchemy import Index, Integer, LargeBinary, String, Uuid, text
from sqlalchemy.orm import Mapped, mapped_column

from local_db.models.base import Base, CommonColumns


class MediaFile(CommonColumns, Base):
    __tablename__ = "media_files"

    sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    filename: Mapped[str] = mapped_column(String(255), nullable=False)
    content_type: Mapped[str] = mapped_column(String(100), nullable=False)
    size: Mapped[int] = mapped_column(Integer, nullable=False)
    data: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
    asset_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)

    __table_args__ = (
        Index(
            "uq_media_files_sha256", "sha256", unique=True, sqlite_where=text("deleted_at IS NULL")
        ),
    )
