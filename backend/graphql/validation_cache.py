"""Validation results remembered per operation text, for one schema.

graphql-core validates every request from scratch, and against a schema of this size
that costs milliseconds (2 to 3 ms for a feed or list query here): as much as a whole
page of work. Clients send the same few operations over and over, and the result
depends only on the text, the schema and the rules, which are fixed when the schema is
built. strawberry's own ValidationCache keys on the rule classes, which the limiter
extensions create anew per request, so it never hits; this one keys on the text.
"""

from collections import OrderedDict
from collections.abc import Callable, Iterator

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension
from strawberry.schema.schema import validate_document

MAX_OPERATIONS = 256


class ValidationResults:
    """A bounded LRU of validation errors by operation text (an empty list: valid)."""

    def __init__(self, size: int = MAX_OPERATIONS) -> None:
        self.size = size
        self.errors: OrderedDict[str, list[GraphQLError]] = OrderedDict()

    def extension(self) -> Callable[[], SchemaExtension]:
        """A factory for the schema's ``extensions`` list, sharing this cache."""
        return lambda: _CachedValidation(self)


class _CachedValidation(SchemaExtension):
    def __init__(self, results: ValidationResults) -> None:
        super().__init__()
        self.results = results

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        text, cache = context.query, self.results.errors
        if text is None or context.graphql_document is None:
            yield
            return
        errors = cache.get(text)
        if errors is None:
            errors = validate_document(
                context.schema._schema, context.graphql_document, context.validation_rules
            )
            cache[text] = errors
            if len(cache) > self.results.size:
                cache.popitem(last=False)
        else:
            cache.move_to_end(text)
        context.pre_execution_errors = errors
        yield
