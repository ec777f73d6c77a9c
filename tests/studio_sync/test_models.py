"""The Pending changes model on a library never synced: new rows, their fields, the waits."""

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester

from local_db.entities import EntityKind
from local_db.library import Library
from local_db.services import ContentService
from local_db.sync.pending import pending_report
from studio.sync_ui.pending_model import ENTITY_ROLE, PendingModel
from tests.local_db.factories import make_tree


def test_new_rows_list_their_fields_and_pass_the_model_tester(
    library: Library, service: ContentService, qtmodeltester: ModelTester
) -> None:
    tree = make_tree(service)
    with library.read() as session:
        report = pending_report(session)
    model = PendingModel()
    model.set_changes(report.changes, {tree.lesson: "waits for its topic"})
    qtmodeltester.check(model)

    assert model.rowCount() == 5
    rows = {model.index(row, 0).data(ENTITY_ROLE)[1]: row for row in range(5)}
    lesson = model.index(rows[tree.lesson], 0)
    assert lesson.data() == "New lesson: Halves"
    assert lesson.data(Qt.ItemDataRole.ToolTipRole) == "Waits: waits for its topic"
    fields = {
        model.index(row, 0, lesson).data(): model.index(row, 2, lesson).data()
        for row in range(model.rowCount(lesson))
    }
    assert fields["title"] == "Halves" and fields["content"] == "# Halves One of two."
    assert model.index(0, 1, lesson).data() == "(new)"
    assert model.rowCount(model.index(0, 1, lesson)) == 0
    assert EntityKind.LESSON.value == lesson.data(ENTITY_ROLE)[0]
