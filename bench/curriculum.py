"""A generated curriculum at a chosen scale, one import document per subject.

At scale 1.0: 20 subjects, 12 grades, 30 topics per subject and grade, 10 lessons per
topic and 10-18 exercises per lesson (about 14, so about a million), of all six types.
Smaller scales keep the shape and cut the number of topics, spread evenly over subjects
and grades.
Everything comes from one seeded random generator, so every run writes the same rows.
"""

import random
import uuid
from collections.abc import Iterator
from typing import Any

from bench import text
from local_db.exchange import FORMAT, VERSION
from local_db.models import ExerciseType

SUBJECT_NAMES = (
    "Mathematics", "Physics", "Chemistry", "Biology", "Geography", "History", "English",
    "French", "Spanish", "German", "Music", "Art", "Computing", "Economics", "Civics",
    "Health", "Literature", "Geometry", "Statistics", "Astronomy",
)  # fmt: skip
SUBJECTS = len(SUBJECT_NAMES)
GRADES = 12
TOPICS_PER_SUBJECT_AND_GRADE = 30
LESSONS_PER_TOPIC = 10
EXERCISES_PER_LESSON = (10, 18)


class CurriculumGenerator:
    def __init__(self, scale: float, seed: int = 20261127) -> None:
        self.rng = random.Random(seed)
        self._clock = 1_780_000_000_000
        # Indexed grade-major, so a small scale still gives every subject some topics.
        pairs = SUBJECTS * GRADES
        total_topics = max(1, round(pairs * TOPICS_PER_SUBJECT_AND_GRADE * scale))
        self.topics_per_pair = [
            total_topics // pairs + (1 if index < total_topics % pairs else 0)
            for index in range(pairs)
        ]
        self.grade_ids = [self.new_id() for _ in range(GRADES)]

    def new_id(self) -> uuid.UUID:
        """A UUIDv7 with a steadily rising clock, as a fast author's studio would make."""
        self._clock += 1
        rand = self.rng.getrandbits(74)
        value = (self._clock << 80) | (0x7 << 76) | ((rand >> 62) << 64) | (0b10 << 62)
        return uuid.UUID(int=value | (rand & ((1 << 62) - 1)))

    def documents(self) -> Iterator[dict[str, Any]]:
        """One document per subject; the first also carries the grades."""
        for index in range(SUBJECTS):
            grades = self._grades() if index == 0 else []
            yield {
                "format": FORMAT,
                "version": VERSION,
                "grades": grades,
                "subjects": [self._subject(index)],
            }

    def _grades(self) -> list[dict[str, Any]]:
        return [
            {"id": str(grade_id), "name": f"Grade {number}"}
            for number, grade_id in enumerate(self.grade_ids, start=1)
        ]

    def _subject(self, index: int) -> dict[str, Any]:
        name = SUBJECT_NAMES[index]
        topics = [
            self._topic(grade_id)
            for grade_number, grade_id in enumerate(self.grade_ids)
            for _ in range(self.topics_per_pair[grade_number * SUBJECTS + index])
        ]
        return {
            "id": str(self.new_id()),
            "name": name,
            "slug": name.lower().replace(" ", "-"),
            "icon": "book",
            "description": text.paragraph(self.rng, 2),
            "topics": topics,
        }

    def _topic(self, grade_id: uuid.UUID) -> dict[str, Any]:
        return {
            "id": str(self.new_id()),
            "grade_id": str(grade_id),
            "name": text.sentence(self.rng, 2, 5)[:-1],
            "description": text.paragraph(self.rng, 1),
            "lessons": [self._lesson() for _ in range(LESSONS_PER_TOPIC)],
        }

    def _lesson(self) -> dict[str, Any]:
        title = text.sentence(self.rng, 2, 6)[:-1]
        count = self.rng.randint(*EXERCISES_PER_LESSON)
        return {
            "id": str(self.new_id()),
            "title": title,
            "content": text.lesson_markdown(self.rng, title),
            "exercises": [self._exercise() for _ in range(count)],
        }

    def _exercise(self) -> dict[str, Any]:
        kind = self.rng.choice(list(ExerciseType))
        prompt, answer = self._answer(kind)
        return {
            "id": str(self.new_id()),
            "type": kind.value,
            "difficulty": self.rng.choice(("EASY", "MEDIUM", "HARD")),
            "prompt": prompt,
            "answer": answer,
            "explanation": text.paragraph(self.rng, self.rng.randint(1, 2)),
            "points": self.rng.randint(1, 5),
        }

    def _answer(self, kind: ExerciseType) -> tuple[str, dict[str, Any]]:
        rng = self.rng
        if kind is ExerciseType.MULTIPLE_CHOICE:
            options = text.distinct(rng, 4)
            right = rng.randrange(4)
            choices = [{"text": o, "correct": i == right} for i, o in enumerate(options)]
            return text.prompt(rng), {"choices": choices}
        if kind is ExerciseType.TRUE_FALSE:
            return text.sentence(rng), {"correct": rng.random() < 0.5}
        if kind is ExerciseType.SHORT_ANSWER:
            return text.prompt(rng), {"accepted": text.distinct(rng, 2), "case_sensitive": False}
        if kind is ExerciseType.FILL_IN_THE_BLANK:
            blanks = rng.randint(1, 3)
            parts = [text.words(rng, rng.randint(3, 10)) for _ in range(blanks + 1)]
            return " ___ ".join(parts) + ".", {"blanks": [[w] for w in text.distinct(rng, blanks)]}
        if kind is ExerciseType.MATCHING:
            count = rng.randint(3, 5)
            pairs = zip(text.distinct(rng, count), text.distinct(rng, count), strict=True)
            return text.prompt(rng), {"pairs": [{"left": a, "right": b} for a, b in pairs]}
        return text.prompt(rng), {"items": text.distinct(rng, rng.randint(3, 6))}
