"""Refusals of the command line itself (not of the domain)."""


class CommandError(Exception):
    pass
