"""How each GraphQL type reads in Python: annotations, and the expressions that check it.

Results are checked, variables are not: the SDL's input types become TypedDicts that mypy
holds callers to, while a result comes off the network and must prove its shape at run time.
"""

from dataclasses import dataclass

from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLScalarType,
    GraphQLType,
)

from backend_client.codegen.errors import CodegenError
from backend_client.codegen.module import PythonModule


@dataclass(frozen=True)
class Scalar:
    """``inline``, where set, is the failure test that a generated parser spells out instead
    of calling ``parser``: a call per field would dominate the cost of parsing a record."""

    output: str
    input: str
    parser: str
    expected: str
    inline: str | None = None


_NOT_INT = "isinstance({v}, bool) or not isinstance({v}, int)"
_STRING = Scalar("str", "str", "expect_str", "a string", "not isinstance({v}, str)")
SCALARS = {
    "ID": _STRING,
    "String": _STRING,
    "Int": Scalar("int", "int", "expect_int", "an integer", _NOT_INT),
    "Boolean": Scalar("bool", "bool", "expect_bool", "a boolean", "not isinstance({v}, bool)"),
    "Float": Scalar("float", "float", "expect_float", "a number"),
    "DateTime": Scalar("datetime", "str", "expect_datetime", "an ISO 8601 date and time"),
    "JSON": Scalar("JsonValue", "JsonValue", "expect_json", "a JSON value"),
}


def scalar(named: GraphQLScalarType) -> Scalar:
    try:
        return SCALARS[named.name]
    except KeyError:
        raise CodegenError(f"no Python type for the scalar {named.name} in SCALARS") from None


def output_annotation(type_: GraphQLType, leaf: str, module: PythonModule) -> str:
    """``leaf`` names the class of an object type (the generator chose it); scalars map here."""
    if isinstance(type_, GraphQLNonNull):
        return _output_base(type_.of_type, leaf, module)
    return f"{_output_base(type_, leaf, module)} | None"


def _output_base(type_: GraphQLType, leaf: str, module: PythonModule) -> str:
    if isinstance(type_, GraphQLList):
        return f"tuple[{output_annotation(type_.of_type, leaf, module)}, ...]"
    if isinstance(type_, GraphQLScalarType):
        annotation = scalar(type_).output
        if annotation == "datetime":
            module.use("datetime", "datetime")
        elif annotation == "JsonValue":
            module.typed("JsonValue")
        return annotation
    if isinstance(type_, GraphQLEnumType):
        return module.generated("enums", type_.name)
    if isinstance(type_, GraphQLObjectType):
        return leaf
    raise CodegenError(f"{type_} cannot be a result type")


def input_annotation(
    type_: GraphQLInputType, module: PythonModule, defined: frozenset[str] = frozenset()
) -> str:
    """Input types not in ``defined`` yet (a cycle) are quoted, as a forward reference."""
    if isinstance(type_, GraphQLNonNull):
        return _input_base(type_.of_type, module, defined)
    return f"{_input_base(type_, module, defined)} | None"


def _input_base(type_: GraphQLType, module: PythonModule, defined: frozenset[str]) -> str:
    if isinstance(type_, GraphQLList):
        return f"list[{input_annotation(type_.of_type, module, defined)}]"
    if isinstance(type_, GraphQLScalarType):
        annotation = scalar(type_).input
        if annotation == "JsonValue":
            module.typed("JsonValue")
        return annotation
    if isinstance(type_, GraphQLEnumType):
        return module.generated("enums", type_.name)
    if isinstance(type_, GraphQLInputObjectType):
        return type_.name if type_.name in defined else f'"{type_.name}"'
    raise CodegenError(f"{type_} cannot be an input type")


def parser_callable(type_: GraphQLOutputType, object_parser: str, module: PythonModule) -> str:
    """An expression for a ``(value, path) -> T`` function, for the items of a list;
    ``object_parser`` is the parse function of the object type at the bottom, if any."""
    if isinstance(type_, GraphQLNonNull):
        return _base_callable(type_.of_type, object_parser, module)
    return f"{module.typed('nullable')}({_base_callable(type_, object_parser, module)})"


def _base_callable(type_: GraphQLType, object_parser: str, module: PythonModule) -> str:
    if isinstance(type_, GraphQLList):
        items = parser_callable(type_.of_type, object_parser, module)
        return f"{module.typed('tuple_parser')}({items})"
    if isinstance(type_, GraphQLScalarType):
        return module.typed(scalar(type_).parser)
    if isinstance(type_, GraphQLEnumType):
        return f"{module.typed('enum_parser')}({module.generated('enums', type_.name)})"
    return object_parser
