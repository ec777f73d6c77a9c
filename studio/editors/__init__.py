"""Editors for the library's rows: forms that check as you type and save as you pause.

- ``session.EditingSession``: the one undo history and write lane all editors share;
  every write (autosave, undo, create, trash, restore) is an undo command
  (``commands``) run there, and its outcome comes back as ``events``.
- ``page.EditorPage`` and its subclasses (``simple_pages``, ``tournament_page``,
  ``lesson_page``, ``exercise_page`` with ``answers/``): one row's form each.
- ``trash_view``: the trash, with Restore.
- ``area.EditorArea``: where the window shows the open editor or the trash.
- ``undo_actions``: Edit ▸ Undo / Redo and the keys that reach them from any input.
"""
