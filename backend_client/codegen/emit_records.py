"""``records.py``: the rows the change feed carries as JSON, one dataclass per SDL object type.

The feed sends each page's rows as one JSON value per entity type (GraphQL would cost tens of
microseconds per field otherwise), so GraphQL no longer checks their shape: these parsers do,
against the same SDL, and ignore keys they do not know so that the server may add a field
without breaking older studios.
"""

import re

from graphql import GraphQLObjectType, GraphQLSchema, get_named_type, is_leaf_type

from backend_client.codegen.errors import CodegenError
from backend_client.codegen.module import PythonModule
from backend_client.codegen.naming import snake_case
from backend_client.codegen.parsers import emit_shape
from backend_client.codegen.shapes import FieldSpec, Shape

DOCSTRING = "Typed rows of the change feed (``ChangeSet``), parsed from its JSON values."
CHANGE_SET = "ChangeSet"
_RECORD_TYPE = re.compile(r"A JSON array of `(\w+)` records")


def record_types(schema: GraphQLSchema) -> dict[str, GraphQLObjectType]:
    """ChangeSet field → the object type its JSON rows follow, as each field's description says.

    The description is the contract the backend's tests also hold the feed to, so the mapping
    is read from it rather than guessed from plural field names.
    """
    change_set = schema.get_type(CHANGE_SET)
    if not isinstance(change_set, GraphQLObjectType):
        raise CodegenError(f"the schema has no {CHANGE_SET} object type")
    types = {}
    for key, field in change_set.fields.items():
        match = _RECORD_TYPE.search(field.description or "")
        record_type = schema.get_type(match.group(1)) if match else None
        if not isinstance(record_type, GraphQLObjectType):
            raise CodegenError(
                f"{CHANGE_SET}.{key}: its description must name the object type of its rows "
                "(A JSON array of `Type` records)"
            )
        types[key] = record_type
    return types


def record_shape(record_type: GraphQLObjectType) -> Shape:
    fields = []
    for name, field in record_type.fields.items():
        if not is_leaf_type(get_named_type(field.type)):
            raise CodegenError(f"{record_type.name}.{name}: feed records hold only leaf values")
        fields.append(FieldSpec(name, snake_case(name), field.type))
    return Shape(f"{record_type.name}Record", tuple(fields))


def records_module(schema: GraphQLSchema) -> PythonModule:
    module = PythonModule(DOCSTRING)
    types = record_types(schema)
    shapes = {key: record_shape(record_type) for key, record_type in types.items()}
    for shape in shapes.values():
        emit_shape(shape, module)
    module.use("collections.abc", "Callable")
    parsers = "".join(f'    "{key}": {shape.parser_name},\n' for key, shape in shapes.items())
    names = "".join(f'    "{key}": "{record_type.name}",\n' for key, record_type in types.items())
    module.add(f"RECORD_PARSERS: dict[str, Callable[[object, str], object]] = {{\n{parsers}}}")
    module.add(f"RECORD_TYPES: dict[str, str] = {{\n{names}}}")
    return module
