"""Names of the full-text index's tables, which live outside the ORM metadata.

FTS5 creates shadow tables of its own (search_index_data, ..._idx, ...) that cannot follow
the seed's conventions, and search_documents is keyed by the integer rowid FTS5 needs rather
than a UUID; Alembic's drift check and the conventions test skip them all by name.
"""

SEARCH_INDEX_TABLE = "search_index"
SEARCH_DOCUMENTS_TABLE = "search_documents"


def is_search_table(name: str) -> bool:
    return name == SEARCH_DOCUMENTS_TABLE or name.startswith(SEARCH_INDEX_TABLE)
