"""Uploaded bytes on disk, addressed by their sha256.

``<upload_dir>/ab/cd/abcd…`` (two levels of 256 folders keep any one folder small). Equal
bytes are one file, whoever uploaded them; tenants are kept apart by the database rows,
which are the only way to reach a file. Incoming files wait in ``<upload_dir>/tmp`` on
the same file system, so putting one in place is an atomic rename.
"""

import os
from pathlib import Path


class AssetStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    @property
    def temp_dir(self) -> Path:
        return self.root / "tmp"

    def path_for(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def keep(self, temp_path: Path, sha256: str) -> Path:
        """Moves a received file into place, or drops it when the bytes are already kept.

        Blocking file-system work: call it from a worker thread.
        """
        final = self.path_for(sha256)
        if final.exists():
            temp_path.unlink(missing_ok=True)
            return final
        try:
            final.parent.mkdir(parents=True, exist_ok=True)
            os.replace(temp_path, final)
        except OSError:
            temp_path.unlink(missing_ok=True)
            raise
        return final
