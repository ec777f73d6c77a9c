"""``operations.py``: result classes, parsers and an ``Operation`` constant per operation.

Each document carries the fragments it uses and no others, so the server never sees an unused
fragment (a validation error) and a document can be sent exactly as generated.
"""

from graphql import OperationDefinitionNode, print_ast

from backend_client.codegen.loading import Sources
from backend_client.codegen.module import PythonModule, string_literal
from backend_client.codegen.naming import ensure_unique, upper_snake
from backend_client.codegen.parsers import emit_shape
from backend_client.codegen.shapes import Shape, ShapeBuilder

DOCSTRING = """The studio's GraphQL operations, checked against schema.graphql when generated.

Each operation ``FooBar`` is the constant ``FOO_BAR: Operation[FooBarVariables, FooBarData]``.
Result classes: ``FooBarData`` is the ``data`` object; a nested selection is
``FooBar_<Key>_<Key>...`` (response keys in PascalCase, e.g. ``Changes_Changes_PageInfo``);
a selection that is one fragment spread is the fragment's class (``UserFields``), shared.
Every class ``X`` has ``parse_<x in snake_case>(value, path)``; attributes are the response
keys in snake_case; fields under ``@include``/``@skip`` default to None.

``OPERATIONS`` holds every operation by name. ``FRAGMENTS`` holds each fragment's text, for
documents composed at run time (a batch of aliased writes), whose payloads the fragment
parsers (``parse_grade_fields``, ``parse_error_fields``, ...) read.
"""
ROOT_PATH = "data"


def operations_module(sources: Sources) -> PythonModule:
    module = PythonModule(DOCSTRING)
    builder = ShapeBuilder(sources)
    for name in sources.fragments:
        builder.fragment(name)
    roots = {_name(operation): builder.operation(operation) for operation in sources.operations}
    builder.check_unique()
    root_names = {shape.class_name for shape in roots.values()}
    for shape in builder.shapes:
        emit_shape(shape, module, ROOT_PATH if shape.class_name in root_names else None)
    fragments = "".join(
        f'    "{name}": {string_literal(print_ast(fragment), "    ", len(name) + 4)},\n'
        for name, fragment in sources.fragments.items()
    )
    module.add(f"FRAGMENTS: dict[str, str] = {{\n{fragments}}}")
    ensure_unique((upper_snake(name) for name in roots), "operation constants")
    for operation in sources.operations:
        module.add(_constant(operation, roots[_name(operation)], sources, module))
    module.use("typing", "Any")
    entries = "".join(f'    "{name}": {upper_snake(name)},\n' for name in roots)
    module.add(f"OPERATIONS: dict[str, {module.typed('Operation')}[Any, Any]] = {{\n{entries}}}")
    return module


def _constant(
    operation: OperationDefinitionNode, root: Shape, sources: Sources, module: PythonModule
) -> str:
    name = _name(operation)
    variables = module.generated("inputs", f"{name}Variables")
    return (
        f"{upper_snake(name)}: {module.typed('Operation')}[{variables}, {root.class_name}] = "
        "Operation(\n"
        f'    name="{name}",\n'
        f'    kind="{operation.operation.value}",\n'
        f"    document={_document(operation, sources)},\n"
        f"    parse={root.parser_name},\n"
        ")"
    )


def _document(operation: OperationDefinitionNode, sources: Sources) -> str:
    """The operation's text joined to ``FRAGMENTS`` entries, so each fragment's text is
    written once in the module however many operations use it."""
    fragments = sources.fragments_used(operation)
    if not fragments:
        return string_literal(print_ast(operation), " " * 4, len("document="))
    text = string_literal(print_ast(operation), " " * 12)
    spreads = "".join(f'        FRAGMENTS["{fragment.name.value}"],\n' for fragment in fragments)
    return f'"\\n\\n".join(\n    [\n        {text},\n{spreads}    ]\n)'


def _name(operation: OperationDefinitionNode) -> str:
    return operation.name.value if operation.name else ""
