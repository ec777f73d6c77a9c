"""Sync and sign-in in the studio window (issue 6): menu, status bar, dock and dialogs.

``install_sync_ui(window, library, workers)`` adds all of it to a main window; nothing
here is needed for editing, which goes on whether or not a server answers.
"""

from studio.sync_ui.install import SyncUi, SyncUiOptions, install_sync_ui
from studio.sync_ui.sync_runner import EngineOptions

__all__ = ["EngineOptions", "SyncUi", "SyncUiOptions", "install_sync_ui"]
