"""The generator's one failure type, so ``__main__`` can print it and exit without a traceback."""


class CodegenError(Exception):
    """The SDL or an operation cannot become typed code; the message says where and why."""
