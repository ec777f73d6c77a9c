"""The served schema as a client sees it (introspection over HTTP), for schema-driven tests.

Tests that must cover *every* field (the role matrix, tenancy, pagination, conventions)
walk this instead of a hand-kept list, so a field added later is covered or fails.
"""

from dataclasses import dataclass
from typing import Any

from tests.backend.harness import Harness
from tests.backend.helpers import Client

TYPE_REF = "kind name ofType { kind name ofType { kind name ofType { kind name } } }"
INTROSPECTION = (
    "{ __schema { queryType { name } mutationType { name } types { kind name"
    f" fields {{ name args {{ name defaultValue type {{ {TYPE_REF} }} }} type {{ {TYPE_REF} }} }}"
    f" inputFields {{ name defaultValue type {{ {TYPE_REF} }} }}"
    " enumValues { name } } } }"
)


def named(type_ref: dict[str, Any]) -> str:
    """The named type under any NON_NULL / LIST wrappers."""
    while type_ref.get("ofType"):
        type_ref = type_ref["ofType"]
    name: str = type_ref["name"]
    return name


def rendered(type_ref: dict[str, Any]) -> str:
    """A type reference as SDL writes it: ``[Error!]``, ``ID!``."""
    if type_ref["kind"] == "NON_NULL":
        return rendered(type_ref["ofType"]) + "!"
    if type_ref["kind"] == "LIST":
        return f"[{rendered(type_ref['ofType'])}]"
    name: str = type_ref["name"]
    return name


@dataclass(frozen=True)
class Introspection:
    """The schema as a client sees it, with the lookups the schema-driven tests need."""

    raw: dict[str, Any]

    @property
    def types(self) -> dict[str, dict[str, Any]]:
        return {kind["name"]: kind for kind in self.raw["types"]}

    def fields(self, type_name: str) -> dict[str, dict[str, Any]]:
        return {field["name"]: field for field in self.types[type_name]["fields"] or []}

    def input_fields(self, type_name: str) -> dict[str, dict[str, Any]]:
        return {field["name"]: field for field in self.types[type_name]["inputFields"] or []}

    @property
    def queries(self) -> dict[str, dict[str, Any]]:
        return self.fields(self.raw["queryType"]["name"])

    @property
    def mutations(self) -> dict[str, dict[str, Any]]:
        return self.fields(self.raw["mutationType"]["name"])

    def returns(self, field: dict[str, Any]) -> str:
        return named(field["type"])

    def required_args(self, field: dict[str, Any]) -> dict[str, dict[str, Any]]:
        return {
            arg["name"]: arg
            for arg in field["args"]
            if arg["type"]["kind"] == "NON_NULL" and arg["defaultValue"] is None
        }

    def node_type(self, field: dict[str, Any]) -> str | None:
        """The node type of a connection field (None when it has no edges)."""
        edges = self.fields(self.returns(field)).get("edges")
        if edges is None:
            return None
        return self.returns(self.fields(self.returns(edges))["node"])

    def signature(self, field: dict[str, Any], args: dict[str, Any]) -> tuple[str, str]:
        """``($id: ID!, ...)`` and ``(id: $id, ...)`` for passing ``args`` as variables."""
        declared = {arg["name"]: arg for arg in field["args"]}
        variables = ", ".join(f"${arg}: {rendered(declared[arg]['type'])}" for arg in args)
        passing = ", ".join(f"{arg}: ${arg}" for arg in args)
        return (f"({variables})", f"({passing})") if args else ("", "")

    def call(self, keyword: str, name: str, args: dict[str, Any]) -> str:
        """An operation calling one root field with ``args`` as variables, selecting the
        payload's errors (or just ``__typename``), so any field can be invoked blindly."""
        root = self.queries if keyword == "query" else self.mutations
        field = root[name]
        variables, passing = self.signature(field, args)
        returned = self.types[self.returns(field)]
        picked = (
            "errors { code message field }"
            if returned["fields"] and any(f["name"] == "errors" for f in returned["fields"])
            else "__typename"
        )
        return f"{keyword}{variables} {{ {name}{passing} {{ {picked} }} }}"


_SCHEMAS: dict[str, Introspection] = {}


def introspect(backend: Harness) -> Introspection:
    if backend.base_url not in _SCHEMAS:
        body = Client(backend).data(INTROSPECTION)
        _SCHEMAS[backend.base_url] = Introspection(body["__schema"])
    return _SCHEMAS[backend.base_url]
