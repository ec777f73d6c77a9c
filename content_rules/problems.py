"""A rule's verdict: what is wrong, and where (a field name or a path inside one)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    field: str | None
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}" if self.field else self.message
