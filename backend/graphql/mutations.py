"""create/update/delete/restore mutations for every synced entity, from one template.

Each runs in its own transaction. With a ``clientMutationId`` the payload is recorded in
that same transaction, and a repeat of the id returns the recorded payload: a client
that lost a response can retry blindly. Live and replayed answers are built the same
way, from the recorded JSON shape.
"""

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import strawberry
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry import UNSET

from backend.auth.principal import Principal
from backend.db.models import ClientMutation
from backend.domain import replay, writes
from backend.domain.entities import ENTITIES, EntityDef
from backend.domain.problems import ApiProblem, ErrorCode, forbidden, invalid
from backend.graphql import inputs, types
from backend.graphql.context import AppInfo
from backend.graphql.payloads import payload_from_json, payload_json, payload_type

CONTROL_FIELDS = {"id", "client_mutation_id", "expected_version"}
VERBS = ("create", "update", "delete", "restore")

Write = Callable[[AsyncSession, Principal], Awaitable[writes.Outcome]]


@dataclass(frozen=True)
class EntityApi:
    entity: EntityDef
    node: type[Any]
    create_input: type[Any]
    update_input: type[Any]

    @property
    def noun(self) -> str:
        return self.entity.name.replace("_", " ")

    @property
    def field(self) -> str:
        name = self.node.__name__
        return name[0].lower() + name[1:]


APIS = [
    EntityApi(ENTITIES["grade"], types.Grade, inputs.CreateGradeInput, inputs.UpdateGradeInput),
    EntityApi(
        ENTITIES["subject"], types.Subject, inputs.CreateSubjectInput, inputs.UpdateSubjectInput
    ),
    EntityApi(ENTITIES["topic"], types.Topic, inputs.CreateTopicInput, inputs.UpdateTopicInput),
    EntityApi(ENTITIES["lesson"], types.Lesson, inputs.CreateLessonInput, inputs.UpdateLessonInput),
    EntityApi(
        ENTITIES["exercise"],
        types.Exercise,
        inputs.CreateExerciseInput,
        inputs.UpdateExerciseInput,
    ),
    EntityApi(
        ENTITIES["tournament"],
        types.Tournament,
        inputs.CreateTournamentInput,
        inputs.UpdateTournamentInput,
    ),
    EntityApi(
        ENTITIES["tournament_participation"],
        types.TournamentParticipation,
        inputs.CreateTournamentParticipationInput,
        inputs.UpdateTournamentParticipationInput,
    ),
    EntityApi(ENTITIES["match"], types.Match, inputs.CreateMatchInput, inputs.UpdateMatchInput),
    EntityApi(ENTITIES["user"], types.User, inputs.CreateUserInput, inputs.UpdateUserInput),
]

PAYLOADS: dict[tuple[str, str], type[Any]] = {
    (verb, api.entity.name): payload_type(
        f"{verb.title()}{api.node.__name__}Payload", api.field, api.node
    )
    for api in APIS
    for verb in VERBS
}


def provided_values(data: Any) -> dict[str, Any]:
    """The fields an input actually carries, without the sync controls."""
    return {
        name: value
        for name, value in vars(data).items()
        if name not in CONTROL_FIELDS and value is not UNSET
    }


def parse_id(value: Any, field: str = "id") -> tuple[uuid.UUID | None, list[ApiProblem]]:
    if value is None or value is UNSET:
        return None, []
    try:
        return uuid.UUID(str(value)), []
    except ValueError:
        return None, [invalid(field, "must be a UUID")]


async def run(
    info: AppInfo, api: EntityApi, verb: str, client_mutation_id: str | None, write: Write
) -> Any:
    payload_cls = PAYLOADS[(verb, api.entity.name)]
    mutation = f"{verb}{api.node.__name__}"

    def answer(data: dict[str, Any]) -> Any:
        return payload_from_json(payload_cls, api.field, api.node, data)

    def refuse(problem: ApiProblem) -> Any:
        return answer(payload_json(api.node, None, [problem]))

    context = info.context
    if (problem := context.caller_problem()) is not None:
        return refuse(problem)
    principal = context.require_principal()
    if principal.role not in api.entity.write_roles:
        # Before any replay: a recorded payload is only for a caller who may write.
        return refuse(forbidden())
    if client_mutation_id is not None and not 0 < len(client_mutation_id) <= 100:
        return refuse(invalid("clientMutationId", "must be 1 to 100 characters"))
    try:
        async with context.runtime.sessions() as session, session.begin():
            if client_mutation_id:
                prior = await replay.recorded(session, principal, client_mutation_id)
                if prior is not None:
                    return _replayed(prior, principal, mutation, answer, refuse)
            outcome = await write(session, principal)
            data = payload_json(api.node, outcome.row, outcome.problems)
            if client_mutation_id:
                replay.record(session, principal, client_mutation_id, mutation, data)
    except IntegrityError:
        return await _after_race(context, principal, client_mutation_id, mutation, answer, refuse)
    return answer(data)


def _replayed(
    prior: ClientMutation,
    principal: Principal,
    mutation: str,
    answer: Callable[[dict[str, Any]], Any],
    refuse: Callable[[ApiProblem], Any],
) -> Any:
    """The recorded payload, if this caller recorded it for this same mutation."""
    if prior.user_id != principal.user_id:
        return refuse(invalid("clientMutationId", "was already used by another user"))
    if prior.mutation != mutation:
        return refuse(invalid("clientMutationId", f"was already used for {prior.mutation}"))
    return answer(prior.payload)


async def _after_race(
    context: Any,
    principal: Principal,
    client_mutation_id: str | None,
    mutation: str,
    answer: Callable[[dict[str, Any]], Any],
    refuse: Callable[[ApiProblem], Any],
) -> Any:
    """A concurrent request won a unique rule: the same clientMutationId, a slug, an id."""
    if client_mutation_id:
        async with context.runtime.sessions() as session:
            prior = await replay.recorded(session, principal, client_mutation_id)
            if prior is not None:
                return _replayed(prior, principal, mutation, answer, refuse)
    return refuse(ApiProblem(ErrorCode.CONFLICT, "a concurrent change won; fetch and retry"))


def annotate(resolver: Callable[..., Any], *, returns: Any, **arguments: Any) -> None:
    """Give a template resolver the concrete GraphQL types of its entity."""
    resolver.__annotations__.update(arguments)
    resolver.__annotations__["return"] = returns


def _create(api: EntityApi) -> Any:
    async def resolve(info: AppInfo, input: Any) -> Any:
        entity_id, problems = parse_id(input.id)

        async def write(session: AsyncSession, principal: Principal) -> writes.Outcome:
            if problems:
                return writes.Outcome(None, problems)
            return await writes.create(
                session, principal, api.entity, provided_values(input), entity_id
            )

        return await run(info, api, "create", input.client_mutation_id, write)

    annotate(resolve, input=api.create_input, returns=PAYLOADS[("create", api.entity.name)])
    return strawberry.mutation(resolver=resolve, description=f"Create a {api.noun}.")


def _update(api: EntityApi) -> Any:
    async def resolve(info: AppInfo, id: strawberry.ID, input: Any) -> Any:
        entity_id, problems = parse_id(id)

        async def write(session: AsyncSession, principal: Principal) -> writes.Outcome:
            if entity_id is None:
                return writes.Outcome(None, problems)
            return await writes.update(
                session,
                principal,
                api.entity,
                entity_id,
                provided_values(input),
                input.expected_version,
            )

        return await run(info, api, "update", input.client_mutation_id, write)

    annotate(resolve, input=api.update_input, returns=PAYLOADS[("update", api.entity.name)])
    return strawberry.mutation(resolver=resolve, description=f"Change a {api.noun}.")


def _lifecycle(api: EntityApi, verb: str) -> Any:
    operation = writes.delete if verb == "delete" else writes.restore

    async def resolve(
        info: AppInfo,
        id: strawberry.ID,
        expected_version: int | None = None,
        client_mutation_id: str | None = None,
    ) -> Any:
        entity_id, problems = parse_id(id)

        async def write(session: AsyncSession, principal: Principal) -> writes.Outcome:
            if entity_id is None:
                return writes.Outcome(None, problems)
            return await operation(session, principal, api.entity, entity_id, expected_version)

        return await run(info, api, verb, client_mutation_id, write)

    annotate(resolve, returns=PAYLOADS[(verb, api.entity.name)])
    description = (
        f"Move a {api.noun} (and what lies below it) to the trash."
        if verb == "delete"
        else f"Bring a {api.noun} back from the trash, with what was trashed with it."
    )
    return strawberry.mutation(resolver=resolve, description=description)


def entity_mutations() -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for api in APIS:
        name = api.node.__name__
        fields[f"create{name}"] = _create(api)
        fields[f"update{name}"] = _update(api)
        fields[f"delete{name}"] = _lifecycle(api, "delete")
        fields[f"restore{name}"] = _lifecycle(api, "restore")
    return fields
