"""The frozen build's entry script: PyInstaller needs a file to run, the studio has a function."""

import sys

from studio.cli import main

if __name__ == "__main__":
    sys.exit(main())
