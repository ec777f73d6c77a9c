"""The navigator's behaviour beyond listing: moving rows, its context menu, sync marks.

The tree model (studio.tree_model) stays a lazy list of nodes; the rules of where a
row may go (drops.py), the undoable move (commands.py, mover.py), the marks' looks
(marks.py) and the menu and keys (actions.py) live here in short modules.
"""
