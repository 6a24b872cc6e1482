from __future__ import annotations

from datetime import datetime, time

from PySide6.QtCore import Qt

from packstation.ui.messages import SEVERITY_COLOURS, Severity
from packstation.ui.models.carrier_summary_model import CarrierSummaryModel, Column
from packstation.ui.models.manifest_result_model import ManifestResultModel
from packstation.ui.models.row_table_model import ROW_ROLE, SORT_ROLE
from packstation.workflow.day_close import CarrierGroup, ManifestFailure

NOW = datetime(2026, 11, 23, 16, 40)


def group(reference: str, count: int, not_printed: int = 0, failed: int = 0) -> CarrierGroup:
    refs = tuple(f"EC-{reference}-{n:03d}" for n in range(count))
    return CarrierGroup(
        carrier_reference=reference,
        carrier_name=reference.title(),
        consignments=(),
        not_printed=refs[:not_printed],
        previously_failed=refs[:failed],
    )


def text(model, row: int, column: int, role=Qt.ItemDataRole.DisplayRole):
    return model.data(model.index(row, column), role)


def test_carrier_summary_model_passes_qtmodeltester(qtmodeltester) -> None:
    model = CarrierSummaryModel(now=NOW)
    model.set_rows([group("DPD", 3, not_printed=1), group("EVRI", 0)])
    model.set_cutoffs({"DPD": time(17, 30)})
    qtmodeltester.check(model)
    model.set_rows([])
    qtmodeltester.check(model)


def test_carrier_summary_shows_cutoff_time_left_and_unknowns() -> None:
    model = CarrierSummaryModel(now=NOW)
    dpd = CarrierGroup("DPD", "DPD", (), ("EC-1",), ())
    model.set_rows([dpd, CarrierGroup("ROYALMAIL", "Royal Mail", (), (), ())])
    model.set_cutoffs({"DPD": time(17, 30), "Royal Mail": time(16, 30)})

    assert text(model, 0, Column.CUTOFF) == "17:30"
    assert text(model, 0, Column.TIME_LEFT) == "50 min"
    assert text(model, 1, Column.CUTOFF) == "16:30"  # found by the carrier's name
    assert text(model, 1, Column.TIME_LEFT) == "passed"
    assert (
        text(model, 1, Column.TIME_LEFT, Qt.ItemDataRole.ForegroundRole).name()
        == (SEVERITY_COLOURS[Severity.ERROR])
    )
    assert (
        text(model, 0, Column.NOT_PRINTED, Qt.ItemDataRole.ForegroundRole).name()
        == (SEVERITY_COLOURS[Severity.WARNING])
    )
    assert "EC-1" in text(model, 0, Column.NOT_PRINTED, Qt.ItemDataRole.ToolTipRole)
    assert text(model, 0, Column.CARRIER, ROW_ROLE) is dpd

    model.set_cutoffs({})
    assert text(model, 0, Column.CUTOFF) == "\u2014"
    assert text(model, 0, Column.TIME_LEFT) == "\u2014"
    assert text(model, 0, Column.TIME_LEFT, SORT_ROLE) > 24 * 60


def test_the_workflow_cutoff_wins_over_the_fallback_mapping() -> None:
    model = CarrierSummaryModel(now=NOW)
    model.set_rows([CarrierGroup("DPD", "DPD", (), (), (), collection_cutoff=time(18, 0))])
    model.set_cutoffs({"DPD": time(17, 0)})
    assert text(model, 0, Column.CUTOFF) == "18:00"
    assert text(model, 0, Column.TIME_LEFT) == "1 h 20 min"


def test_time_left_ticks_with_the_clock(qtbot) -> None:
    model = CarrierSummaryModel(now=NOW)
    model.set_rows([CarrierGroup("DPD", "DPD", (), (), ())])
    model.set_cutoffs({"DPD": time(18, 45)})
    assert text(model, 0, Column.TIME_LEFT) == "2 h 05 min"
    with qtbot.waitSignal(model.dataChanged):
        model.set_now(datetime(2026, 11, 23, 18, 44, 30))
    assert text(model, 0, Column.TIME_LEFT) == "1 min"


def test_manifest_result_model_lists_failures_in_red(qtmodeltester) -> None:
    model = ManifestResultModel()
    model.set_rows(
        [
            ManifestFailure("EC-000-000-002", "DPD", "Carrier rejected the postcode"),
            ManifestFailure("EC-000-000-009", "Evri", "Address line 1 is too long"),
        ]
    )
    qtmodeltester.check(model)
    assert [text(model, 0, c) for c in range(3)] == [
        "EC-000-000-002",
        "DPD",
        "Carrier rejected the postcode",
    ]
    assert (
        text(model, 1, 2, Qt.ItemDataRole.ForegroundRole).name()
        == (SEVERITY_COLOURS[Severity.ERROR])
    )
