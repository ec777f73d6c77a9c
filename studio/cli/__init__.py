"""``content-studio``: the studio with no arguments, a headless command with one.

Qt is imported only when the window opens, so headless commands start quickly and run
on machines without a display.
"""

from studio.cli.main import main

__all__ = ["main"]
