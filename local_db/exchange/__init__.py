"""Import and export of a whole curriculum as one JSON file (docs/curriculum-format.md).

The path of a file through the import: reader (bytes to JSON values, size cap) →
document (typed records, field rules) → consistency (within the file) → against_library
(inside the write transaction) → bulk inserts and service updates (importer).
"""

from local_db.exchange.exporter import count_records, export_curriculum, write_curriculum
from local_db.exchange.importer import ImportReport, import_curriculum
from local_db.exchange.layout import FORMAT, MAX_DOCUMENT_BYTES, VERSION
from local_db.exchange.problems import ImportProblem, ImportRejected

__all__ = [
    "FORMAT",
    "MAX_DOCUMENT_BYTES",
    "VERSION",
    "ImportProblem",
    "ImportRejected",
    "ImportReport",
    "count_records",
    "export_curriculum",
    "import_curriculum",
    "write_curriculum",
]
