"""GraphQL operations for people trying the API by hand (the Postman collection).

Tests validate every one against the current schema, so they cannot drift from it.
"""

ERRORS = "errors { code message field }"

LOGIN = f"""mutation Login($email: String!, $password: String!) {{
  login(input: {{email: $email, password: $password}}) {{
    accessToken
    refreshToken
    expiresIn
    user {{ id email displayName role tenantId }}
    {ERRORS}
  }}
}}"""

REFRESH_TOKEN = f"""mutation RefreshToken($refreshToken: String!) {{
  refreshToken(input: {{refreshToken: $refreshToken}}) {{
    accessToken
    refreshToken
    expiresIn
    {ERRORS}
  }}
}}"""

LOGOUT = f"""mutation Logout($refreshToken: String!) {{
  logout(input: {{refreshToken: $refreshToken}}) {{
    revoked
    {ERRORS}
  }}
}}"""

LESSON_FIELDS = "id topicId userId title content position published version updatedAt deletedAt"

LESSONS = f"""query Lessons($first: Int, $after: String, $filter: LessonFilter) {{
  lessons(first: $first, after: $after, filter: $filter) {{
    totalCount
    pageInfo {{ hasNextPage hasPreviousPage startCursor endCursor }}
    edges {{ cursor node {{ {LESSON_FIELDS} }} }}
  }}
}}"""

CREATE_LESSON = f"""mutation CreateLesson($input: CreateLessonInput!) {{
  createLesson(input: $input) {{
    lesson {{ {LESSON_FIELDS} }}
    {ERRORS}
  }}
}}"""

UPDATE_LESSON = f"""mutation UpdateLesson($id: ID!, $input: UpdateLessonInput!) {{
  updateLesson(id: $id, input: $input) {{
    lesson {{ {LESSON_FIELDS} }}
    {ERRORS}
  }}
}}"""

DELETE_LESSON = f"""mutation DeleteLesson($id: ID!, $expectedVersion: Int, $mutationId: String) {{
  deleteLesson(id: $id, expectedVersion: $expectedVersion, clientMutationId: $mutationId) {{
    lesson {{ id version deletedAt }}
    {ERRORS}
  }}
}}"""

CHANGES = """query Changes($after: String, $first: Int) {
  changes(after: $after, first: $first) {
    resync
    totalCount
    pageInfo { hasNextPage endCursor }
    records {
      grades subjects topics lessons exercises
      tournaments tournamentParticipations matches users
    }
  }
}"""
