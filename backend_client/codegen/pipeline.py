"""From the SDL and the operation documents to the text of every generated file, in memory.

Nothing is written here: ``__main__`` writes or compares, and the drift test compares too.
"""

from pathlib import Path

from backend_client.codegen.emit_enums import enums_module
from backend_client.codegen.emit_inputs import inputs_module
from backend_client.codegen.emit_operations import operations_module
from backend_client.codegen.emit_records import records_module
from backend_client.codegen.formatting import format_python
from backend_client.codegen.loading import load
from backend_client.codegen.module import GENERATED_PACKAGE, PythonModule

PACKAGE_DIR = Path(__file__).resolve().parents[1]
SCHEMA = PACKAGE_DIR / "schema.graphql"
OPERATIONS_DIR = PACKAGE_DIR / "operations"
OUTPUT_DIR = PACKAGE_DIR / "generated"
PACKAGE_DOCSTRING = """Typed code generated from schema.graphql and operations/*.graphql.

``operations`` (the Operation constants), ``inputs`` (variables), ``records`` (change-feed rows)
and ``enums``. Regenerate with ``python -m backend_client.codegen`` after editing either.
"""


def generate(schema: Path = SCHEMA, operations_dir: Path = OPERATIONS_DIR) -> dict[str, str]:
    """File name → formatted text; raises CodegenError on invalid input.

    The text is formatted as it would be in ``backend_client/generated`` (that place's ruff
    configuration), wherever it is written, so a check against a copy elsewhere agrees.
    """
    sources = load(schema, operations_dir)
    modules = {
        "inputs.py": inputs_module(sources),
        "records.py": records_module(sources.schema),
        "operations.py": operations_module(sources),
    }
    enums = f"{GENERATED_PACKAGE}.enums"
    used = set().union(*(module.imported(enums) for module in modules.values()))
    texts = {
        "__init__.py": PythonModule(PACKAGE_DOCSTRING).render(),
        "enums.py": enums_module(sources.schema, used),
        **{name: module.render() for name, module in modules.items()},
    }
    return {name: format_python(text, OUTPUT_DIR / name) for name, text in sorted(texts.items())}
