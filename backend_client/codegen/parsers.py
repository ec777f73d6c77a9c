"""A frozen dataclass and its parse function, written out field by field.

The parse function is straight-line code: one batch of dict lookups (a missing key surfaces
as one KeyError), then for strings, integers and booleans an inline ``isinstance`` test, then
the constructor call. The sync engine parses every record of an initial sync this way, and
a loop over field descriptors would cost several times more per record. The inline tests
format a field's path only when they fail; values that need a helper (dates, enums, JSON,
nested objects) pass it the path.
"""

from graphql import GraphQLEnumType, GraphQLList, GraphQLNonNull, GraphQLScalarType, GraphQLType

from backend_client.codegen.module import PythonModule
from backend_client.codegen.pytypes import output_annotation, parser_callable, scalar
from backend_client.codegen.shapes import FieldSpec, Shape


def emit_shape(shape: Shape, module: PythonModule, default_path: str | None = None) -> None:
    """``default_path`` makes the parser usable as ``Operation.parse`` (a one-argument call)."""
    module.add(_dataclass(shape, module))
    module.add(_parser(shape, module, default_path))


def _dataclass(shape: Shape, module: PythonModule) -> str:
    module.use("dataclasses", "dataclass")
    lines = ["@dataclass(frozen=True, slots=True, kw_only=True)", f"class {shape.class_name}:"]
    for spec in shape.fields:
        leaf = spec.shape.class_name if spec.shape else ""
        annotation = output_annotation(spec.type, leaf, module)
        if spec.optional:
            if not annotation.endswith(" | None"):
                annotation += " | None"
            lines.append(f"    {spec.attribute}: {annotation} = None")
        else:
            lines.append(f"    {spec.attribute}: {annotation}")
    return "\n".join(lines)


def _parser(shape: Shape, module: PythonModule, default_path: str | None) -> str:
    path_parameter = f'path: str = "{default_path}"' if default_path else "path: str"
    lines = [
        f"def {shape.parser_name}(value: object, {path_parameter}) -> {shape.class_name}:",
        f"    data = {module.typed('expect_object')}(value, path)",
    ]
    required = [spec for spec in shape.fields if not spec.optional]
    if required:
        lines.append("    try:")
        lines.extend(f'        {_local(spec)} = data["{spec.key}"]' for spec in required)
        lines.append("    except KeyError as error:")
        lines.append(f"        raise {module.typed('missing_key')}(path, error) from None")
    lines.extend(
        f'    {_local(spec)} = data.get("{spec.key}")' for spec in shape.fields if spec.optional
    )
    arguments = []
    for spec in shape.fields:
        check, argument = _field(spec, module)
        lines.extend(check)
        arguments.append(f"        {spec.attribute}={argument},")
    lines.extend([f"    return {shape.class_name}(", *arguments, "    )"])
    return "\n".join(lines)


def _field(spec: FieldSpec, module: PythonModule) -> tuple[list[str], str]:
    """The check statements and the constructor argument for one field."""
    local = _local(spec)
    path = f'f"{{path}}.{spec.key}"'
    nullable = spec.optional or not isinstance(spec.type, GraphQLNonNull)
    inner: GraphQLType = spec.type.of_type if isinstance(spec.type, GraphQLNonNull) else spec.type
    kind = scalar(inner) if isinstance(inner, GraphQLScalarType) else None
    if kind is not None and kind.inline is not None:
        failure = kind.inline.format(v=local)
        if nullable:
            failure = f"{local} is not None and " + (
                f"({failure})" if " or " in failure else failure
            )
        expected = f"{kind.expected} or null" if nullable else kind.expected
        wrong_type = module.typed("wrong_type")
        check = [f"    if {failure}:", f'        raise {wrong_type}({path}, "{expected}", {local})']
        return check, local
    call = _call(inner, spec, module, local, path)
    if nullable:
        return [], f"(None if {local} is None else {call})"
    return [], call


def _call(inner: GraphQLType, spec: FieldSpec, module: PythonModule, local: str, path: str) -> str:
    """Checks and converts a non-null value of ``inner``, rejecting null."""
    parser = spec.shape.parser_name if spec.shape else ""
    if isinstance(inner, GraphQLList):
        item = parser_callable(inner.of_type, parser, module)
        return f"{module.typed('expect_tuple')}({local}, {path}, {item})"
    if isinstance(inner, GraphQLEnumType):
        kind = module.generated("enums", inner.name)
        return f"{module.typed('expect_enum')}({local}, {kind}, {path})"
    if isinstance(inner, GraphQLScalarType):
        return f"{module.typed(scalar(inner).parser)}({local}, {path})"
    return f"{parser}({local}, {path})"


def _local(spec: FieldSpec) -> str:
    """Locals start with ``_`` so no attribute (``data``, ``path``) can shadow the parser's own."""
    return f"_{spec.attribute}"
