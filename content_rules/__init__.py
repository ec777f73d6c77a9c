"""The curriculum's validation rules, shared by the desktop library and the server.

Pure Python with no imports of ours or of any framework: the studio validates a form with
the same rules the server applies to the synced mutation, so an edit accepted offline is
not refused later for a rule the author never saw. Import-linter keeps this package free
of every other package of the project.
"""
