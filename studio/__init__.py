"""The desktop studio: PySide6 windows, item models and the command line.

Only this package imports Qt. It reads and writes the offline library through local_db
(queries for what it shows, services for every edit) and never the other way round.
"""
