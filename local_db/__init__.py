"""The offline library: the SQLite database authors edit without a network.

Nothing here imports Qt or an HTTP client, so the same code serves the studio, the
command line, the benchmarks and the sync engine.
"""
