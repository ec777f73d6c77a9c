"""Tournament scheduling in the studio (issue 7): the workspace, and the editor's tabs.

The workspace (a dock: list and calendar) finds tournaments; the tournament editor
(studio.editors.tournament_page) edits one, with its participants and its bracket and
schedule. Everything here reads on the workers' pool and writes on the write lane, and
only admins (or a library with no account) may change anything (see ``access``).
"""
