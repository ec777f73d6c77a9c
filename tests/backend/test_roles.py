"""Who may do what: every root field of the served schema x every kind of caller.

The matrix is driven by introspection, so a field added without a line in the tables
below fails ``test_every_field_has_a_policy`` instead of shipping with whatever access
its resolver happens to give. The rest of the module checks what each role *sees*:
students read live, published content and their own progress only.
"""

import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import (
    Badge,
    ExerciseAttempt,
    LearningProgress,
    ProgressStatus,
    UserBadge,
    UserRole,
)
from tests.backend.harness import PASSWORD, Harness
from tests.backend.helpers import (
    CONTENT,
    ENTITIES,
    START,
    TOURNAMENT_ROWS,
    Caller,
    Client,
    People,
    Tree,
    add_refresh_token,
    add_user,
    participant,
    sample,
    type_name,
)
from tests.backend.introspection import Introspection, introspect

CALLERS = ("anonymous", "STUDENT", "AUTHOR", "ADMIN")


def policy(anonymous: str, student: str, author: str, admin: str) -> dict[str, str]:
    return dict(zip(CALLERS, (anonymous, student, author, admin), strict=True))


OK, UNAUTH, FORBID = "OK", "UNAUTHORIZED", "FORBIDDEN"
PUBLIC = policy(OK, OK, OK, OK)
SIGNED_IN = policy(UNAUTH, OK, OK, OK)
STAFF_READ = policy(UNAUTH, FORBID, OK, OK)
STAFF_WRITE = policy(UNAUTH, FORBID, OK, OK)
ADMIN_WRITE = policy(UNAUTH, FORBID, FORBID, OK)

# The expected outcome of every Query field, per caller. Anonymous queries fail with a
# top-level UNAUTHORIZED error, except ``me``, which answers null.
QUERY_POLICY: dict[str, dict[str, str]] = {
    "me": PUBLIC,
    "badges": SIGNED_IN,
    "grade": SIGNED_IN,
    "grades": SIGNED_IN,
    "subject": SIGNED_IN,
    "subjects": SIGNED_IN,
    "topic": SIGNED_IN,
    "topics": SIGNED_IN,
    "lesson": SIGNED_IN,
    "lessons": SIGNED_IN,
    "exercise": SIGNED_IN,
    "exercises": SIGNED_IN,
    "tournament": SIGNED_IN,
    "tournaments": SIGNED_IN,
    "tournamentParticipation": SIGNED_IN,
    "tournamentParticipations": SIGNED_IN,
    "match": SIGNED_IN,
    "matches": SIGNED_IN,
    "user": STAFF_READ,
    "users": STAFF_READ,
    "learningProgress": SIGNED_IN,
    "exerciseAttempts": SIGNED_IN,
    "userBadges": SIGNED_IN,
    "changes": STAFF_READ,
}

# The expected outcome of every Mutation field, per caller (payload errors).
MUTATION_POLICY: dict[str, dict[str, str]] = {
    **{
        f"{verb}{type_name(entity)}": STAFF_WRITE
        for entity in CONTENT
        for verb in ("create", "update", "delete", "restore")
    },
    **{
        f"{verb}{type_name(entity)}": ADMIN_WRITE
        for entity in (*TOURNAMENT_ROWS, "user")
        for verb in ("create", "update", "delete", "restore")
    },
    "login": PUBLIC,
    "refreshToken": PUBLIC,
    "logout": PUBLIC,
}

# Fields announced by the design but built by another change; allowed to be missing.
ANNOUNCED = {"changes"}


def test_every_field_has_a_policy(backend: Harness) -> None:
    schema = introspect(backend)
    assert set(schema.queries) - set(QUERY_POLICY) == set(), "add the new query's policy"
    assert set(schema.mutations) - set(MUTATION_POLICY) == set(), "add the new mutation's"
    assert set(QUERY_POLICY) - set(schema.queries) <= ANNOUNCED
    assert set(MUTATION_POLICY) - set(schema.mutations) == set()


class Targets:
    """Rows for the matrix to act on. Each update/delete/restore field gets a row of its
    own that nothing else depends on, so the order of the calls cannot matter."""

    def __init__(self, backend: Harness, people: People) -> None:
        self.backend = backend
        self.people = people
        admin = people.admin
        self.tree = Tree.build(admin)
        self.rows: dict[str, str] = {}
        for entity in ENTITIES:
            for verb in ("update", "delete", "restore"):
                row_id = self.leaf(entity)
                if verb == "restore":
                    admin.deleted(entity, row_id)
                self.rows[f"{verb}{type_name(entity)}"] = row_id
        self.login_user = add_user(backend, "signs-in@north.example", UserRole.STUDENT)

    def leaf(self, entity: str) -> str:
        if entity == "user":
            email = f"target-{uuid.uuid4().hex[:8]}@north.example"
            return add_user(self.backend, email, UserRole.STUDENT).user_id
        parents = self.tree.parents
        if entity == "tournamentParticipation":
            parents = {**parents, "userId": participant(self.people.admin)}
        record = self.people.admin.made(entity, **sample(entity, parents))
        row_id: str = record["id"]
        return row_id

    def query_args(self, field: str, required: dict[str, Any]) -> dict[str, Any]:
        if not required:
            return {}
        assert set(required) == {"id"}, f"{field}: teach the matrix its arguments"
        return {"id": self.tree.id(field)}

    def mutation_args(self, field: str, required: dict[str, Any]) -> dict[str, Any]:
        args: dict[str, Any] = {}
        for name, arg in required.items():
            kind = arg["type"]["ofType"]["name"]
            if name == "id":
                args["id"] = self.rows[field]
            elif kind.startswith("Create"):
                entity = kind.removeprefix("Create").removesuffix("Input")
                entity = entity[0].lower() + entity[1:]
                args["input"] = sample(entity, self.tree.parents)
            elif kind.startswith("Update"):
                args["input"] = {}
            elif kind == "LoginInput":
                args["input"] = {"email": self.login_user.email, "password": PASSWORD}
            elif kind in {"RefreshTokenInput", "LogoutInput"}:
                args["input"] = {"refreshToken": add_refresh_token(self.backend, self.login_user)}
            else:
                raise AssertionError(f"{field}: teach the matrix its argument {name}: {kind}")
        return args


def outcome(body: dict[str, Any], field: str) -> str:
    """OK, or the code of the top-level error, or of the payload's first error."""
    if body.get("errors"):
        code: str = body["errors"][0]["extensions"]["code"]
        return code
    value = body["data"][field]
    if isinstance(value, dict) and value.get("errors"):
        payload_code: str = value["errors"][0]["code"]
        return payload_code
    return OK


def run_matrix(
    schema: Introspection,
    keyword: str,
    fields: dict[str, dict[str, Any]],
    table: dict[str, dict[str, str]],
    callers: dict[str, Client],
    arguments: Callable[[str, dict[str, Any]], dict[str, Any]],
) -> list[str]:
    wrong = []
    for field in fields:
        for caller in CALLERS:
            args = arguments(field, schema.required_args(fields[field]))
            body = callers[caller].send(schema.call(keyword, field, args), args)
            got, expected = outcome(body, field), table[field][caller]
            if got != expected:
                wrong.append(f"{field} as {caller}: expected {expected}, got {got}: {body}")
    return wrong


def test_role_matrix_of_every_query_and_mutation(backend: Harness, people: People) -> None:
    """Every root field x {anonymous, STUDENT, AUTHOR, ADMIN} against the tables above."""
    schema = introspect(backend)
    targets = Targets(backend, people)
    callers = people.by_role()
    wrong = run_matrix(
        schema, "query", schema.queries, QUERY_POLICY, callers, targets.query_args
    ) + run_matrix(
        schema, "mutation", schema.mutations, MUTATION_POLICY, callers, targets.mutation_args
    )
    assert wrong == [], "\n".join(wrong)


def test_anonymous_me_is_null_and_each_role_sees_itself(people: People) -> None:
    assert people.anonymous.data("{ me { id } }") == {"me": None}
    for caller in (people.student, people.author, people.admin):
        me = caller.data("{ me { id email role tenantId } }")["me"]
        assert me == {
            "id": caller.user_id,
            "email": caller.email,
            "role": caller.role.value,
            "tenantId": caller.tenant_id,
        }


def test_unauthorized_answers_name_the_problem(people: People) -> None:
    """Anonymous queries: top-level error; anonymous writes: payload error."""
    body = people.anonymous.send("{ grades { totalCount } }")
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHORIZED"
    assert body["errors"][0]["message"] == "sign in first"
    payload = people.anonymous.create("grade", name="Year 1")
    assert payload == {
        "grade": None,
        "errors": [{"code": "UNAUTHORIZED", "message": "sign in first", "field": None}],
    }


def test_forbidden_writes_change_nothing(people: People) -> None:
    """A refused write is refused before anything happens, whatever its input."""
    author, student = people.author, people.student
    subject = author.made("subject", **sample("subject"))
    for payload in (
        student.create("subject", name="X", slug="x"),
        student.create("subject", name="X", slug="Not valid", id="not-a-uuid"),
        student.update("subject", subject["id"], name="Mine"),
        student.delete("subject", subject["id"]),
        author.create("tournament", name="Cup"),
        author.create("user", email="x@north.example", role="ADMIN", password="long enough!"),
        author.update("user", people.student.user_id, role="ADMIN"),
    ):
        entity = next(key for key in payload if key != "errors")
        assert payload == {entity: None, "errors": [payload["errors"][0]]}
        assert payload["errors"][0]["code"] == "FORBIDDEN"
    assert author.get("subject", subject["id"]) == subject
    assert author.page("subjects")["totalCount"] == 1
    assert author.page("tournaments")["totalCount"] == 0
    student_row = author.get("user", people.student.user_id)
    assert student_row is not None and student_row["role"] == "STUDENT"


def visible(client: Client, entity: str, **filter: Any) -> set[str]:
    return set(client.ids(f"{entity}s", **filter))


def test_students_read_only_live_published_content(people: People) -> None:
    """Students: live rows only, published lessons, exercises of published live lessons,
    tournaments past DRAFT. Staff: everything; the trash only when they ask for it."""
    admin, student = people.admin, people.student
    tree = Tree.build(admin, content_only=True)
    topic = tree.id("topic")
    published = tree["lesson"]
    draft = admin.made("lesson", **sample("lesson", {"topicId": topic}))
    trashed = admin.made("lesson", **sample("lesson", {"topicId": topic}), published=True)
    exercise_of = {
        lesson["id"]: admin.made("exercise", **sample("exercise", {"lessonId": lesson["id"]}))
        for lesson in (draft, trashed)
    }
    trashed_exercise = admin.made("exercise", **sample("exercise", {"lessonId": published["id"]}))
    admin.deleted("exercise", trashed_exercise["id"])
    admin.deleted("lesson", trashed["id"])
    gone_subject = admin.made("subject", **sample("subject"))
    admin.deleted("subject", gone_subject["id"])
    tournaments = {
        status: admin.made("tournament", name=f"Cup {status}", status=status, startTime=START)["id"]
        for status in ("DRAFT", "SCHEDULED", "COMPLETED")
    }
    gone_tournament = admin.made("tournament", **sample("tournament"))["id"]
    admin.deleted("tournament", gone_tournament)

    for trash in (False, True):
        assert visible(student, "lesson", includeDeleted=trash) == {published["id"]}
        assert visible(student, "exercise", includeDeleted=trash) == {tree.id("exercise")}
        assert visible(student, "subject", includeDeleted=trash) == {tree.id("subject")}
        assert visible(student, "tournament", includeDeleted=trash) == {
            tournaments["SCHEDULED"],
            tournaments["COMPLETED"],
        }
    for hidden_entity, hidden_id in [
        ("lesson", draft["id"]),
        ("lesson", trashed["id"]),
        ("exercise", exercise_of[draft["id"]]["id"]),
        ("exercise", exercise_of[trashed["id"]]["id"]),
        ("exercise", trashed_exercise["id"]),
        ("subject", gone_subject["id"]),
        ("tournament", tournaments["DRAFT"]),
        ("tournament", gone_tournament),
    ]:
        assert student.get(hidden_entity, hidden_id) is None, (hidden_entity, hidden_id)

    for staff in (people.author, admin):
        assert visible(staff, "lesson") == {published["id"], draft["id"]}
        assert visible(staff, "lesson", includeDeleted=True) == {
            published["id"],
            draft["id"],
            trashed["id"],
        }
        assert len(visible(staff, "exercise")) == 2
        assert len(visible(staff, "exercise", includeDeleted=True)) == 4
        assert visible(staff, "tournament") == set(tournaments.values())
        assert gone_tournament in visible(staff, "tournament", includeDeleted=True)
        trashed_row = staff.get("lesson", trashed["id"])
        assert trashed_row is not None and trashed_row["deletedAt"] is not None


def test_unpublishing_hides_a_lesson_and_its_exercises_from_students(people: People) -> None:
    tree = Tree.build(people.author, content_only=True)
    assert people.student.get("exercise", tree.id("exercise")) is not None
    people.author.changed("lesson", tree.id("lesson"), published=False)
    assert people.student.get("lesson", tree.id("lesson")) is None
    assert people.student.get("exercise", tree.id("exercise")) is None
    assert visible(people.student, "exercise") == set()


def add_progress(backend: Harness, learner: Caller, tree: Tree, badge: str) -> dict[str, str]:
    """Progress, an attempt and a badge of ``learner`` (no API writes these yet)."""

    async def insert(session: AsyncSession) -> dict[str, str]:
        tenant, user = uuid.UUID(learner.tenant_id), uuid.UUID(learner.user_id)
        progress = LearningProgress(
            tenant_id=tenant,
            user_id=user,
            lesson_id=uuid.UUID(tree.id("lesson")),
            status=ProgressStatus.IN_PROGRESS,
            percent_complete=50,
        )
        attempt = ExerciseAttempt(
            tenant_id=tenant,
            user_id=user,
            exercise_id=uuid.UUID(tree.id("exercise")),
            response={"choice": 0},
            is_correct=True,
            score=1,
        )
        award = Badge(tenant_id=tenant, name=badge)
        session.add_all([progress, attempt, award])
        await session.flush()
        earned = UserBadge(
            tenant_id=tenant, user_id=user, badge_id=award.id, awarded_at=datetime.now(UTC)
        )
        session.add(earned)
        await session.flush()
        return {
            "learningProgress": str(progress.id),
            "exerciseAttempts": str(attempt.id),
            "userBadges": str(earned.id),
            "badges": str(award.id),
        }

    return backend.in_session(insert)


PROGRESS_LISTS = ("learningProgress", "exerciseAttempts", "userBadges")


@pytest.mark.parametrize("plural", PROGRESS_LISTS)
def test_students_read_only_their_own_progress(
    backend: Harness, people: People, plural: str
) -> None:
    tree = Tree.build(people.admin, content_only=True)
    classmate = add_user(backend, "classmate@north.example", UserRole.STUDENT)
    mine = add_progress(backend, people.student, tree, "Starter")
    theirs = add_progress(backend, classmate, tree, "Finisher")

    assert people.student.ids(plural) == [mine[plural]]
    assert people.student.ids(plural, userId=classmate.user_id) == []
    assert people.student.page(plural)["totalCount"] == 1
    for staff in (people.author, people.admin):
        assert set(staff.ids(plural)) == {mine[plural], theirs[plural]}
        assert staff.ids(plural, userId=classmate.user_id) == [theirs[plural]]


def test_every_signed_in_role_reads_the_badges(backend: Harness, people: People) -> None:
    tree = Tree.build(people.admin, content_only=True)
    badge = add_progress(backend, people.student, tree, "Starter")["badges"]
    for caller in (people.student, people.author, people.admin):
        page = caller.data("{ badges { edges { node { id name } } totalCount } }")["badges"]
        assert page["edges"] == [{"node": {"id": badge, "name": "Starter"}}]
