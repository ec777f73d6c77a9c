"""Benchmarks: each prints its figures and the ratio to its floor (see docs/benchmarks.md)."""
