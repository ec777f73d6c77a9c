"""``enums.py``: a StrEnum per SDL enum that the other generated modules use.

StrEnum, because the members must go into JSON variables and SQLite columns as the plain
UPPER_SNAKE_CASE strings the server and the library already use.
"""

from collections.abc import Iterable

from graphql import GraphQLEnumType, GraphQLSchema

from backend_client.codegen.errors import CodegenError
from backend_client.codegen.module import PythonModule
from backend_client.codegen.naming import enum_member

DOCSTRING = "The SDL's enums that operations, inputs and records use."


def enums_module(schema: GraphQLSchema, names: Iterable[str]) -> str:
    module = PythonModule(DOCSTRING)
    module.use("enum", "StrEnum")
    for name in sorted(names):
        enum_type = schema.get_type(name)
        if not isinstance(enum_type, GraphQLEnumType):
            raise CodegenError(f"{name} is not an enum of the schema")
        members = [f'    {enum_member(value)} = "{value}"' for value in enum_type.values]
        module.add("\n".join([f"class {name}(StrEnum):", *members]))
    return module.render()
