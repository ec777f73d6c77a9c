"""Generates ``backend_client/generated`` from the pinned SDL and ``operations/*.graphql``.

Run ``python -m backend_client.codegen`` after changing either; ``--check`` (CI, and the
drift test) fails when the committed files differ from what would be generated now.
Every operation is validated against the SDL first, so an operation the server would
refuse never becomes code.
"""

from backend_client.codegen.errors import CodegenError
from backend_client.codegen.pipeline import OPERATIONS_DIR, OUTPUT_DIR, SCHEMA, generate

__all__ = ["OPERATIONS_DIR", "OUTPUT_DIR", "SCHEMA", "CodegenError", "generate"]
