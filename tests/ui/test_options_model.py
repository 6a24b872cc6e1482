from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt

from packstation.ui.models.options_model import (
    IS_CHOICE_ROLE,
    IS_EXPIRED_ROLE,
    OPTION_ROLE,
    Column,
    OptionsModel,
    OptionsProxy,
)

from .pack_fixtures import NOW, OFFSCREEN_NOTES, option

pytestmark = [pytest.mark.qt_log_level_fail("WARNING"), pytest.mark.qt_log_ignore(OFFSCREEN_NOTES)]

CHEAP = option("EDO-000-001-CHP", "Evri", "3.50", hours_left=0.2)
FAST = option("EDO-000-001-FST", "DPD", "7.20")
LATE = option("EDO-000-001-LTE", "Royal Mail", "5.10", hours_left=-1)


@pytest.fixture
def model(qapp) -> OptionsModel:
    model = OptionsModel()
    model.set_options((FAST, CHEAP, LATE), choice_reference=CHEAP.reference, now=NOW)
    return model


def text(model, row: int, column: Column) -> str:
    return model.data(model.index(row, column))


def test_the_model_keeps_qts_model_contract(qtmodeltester, model) -> None:
    qtmodeltester.check(model)
    proxy = OptionsProxy()
    proxy.setSourceModel(model)
    proxy.sort(Column.PRICE)
    qtmodeltester.check(proxy)


def test_cells_read_as_the_packer_needs_them(model) -> None:
    assert [text(model, 0, c) for c in Column] == [
        "DPD · Next Day",
        "Tue 24 Nov · 09:00–12:00",
        "£7.20",
        "5 h 00 min",
    ]
    assert model.data(model.index(0, 0), OPTION_ROLE) is FAST


def test_the_choice_is_starred_and_highlighted(model) -> None:
    assert text(model, 1, Column.SERVICE) == "★ Evri · Next Day"
    assert model.data(model.index(1, 0), IS_CHOICE_ROLE) is True
    assert model.data(model.index(1, 2), Qt.ItemDataRole.BackgroundRole) is not None
    assert model.data(model.index(0, 2), Qt.ItemDataRole.BackgroundRole) is None


def test_the_countdown_ticks_and_expired_options_grey_out(qtbot, model) -> None:
    assert text(model, 1, Column.TIME_LEFT) == "12 min"
    assert model.data(model.index(1, Column.TIME_LEFT), Qt.ItemDataRole.ForegroundRole)
    with qtbot.waitSignal(model.dataChanged, timeout=1000):
        model.set_now(NOW + timedelta(minutes=9, seconds=30))
    assert text(model, 1, Column.TIME_LEFT) == "2 min 30 s"
    assert text(model, 2, Column.TIME_LEFT) == "expired"
    assert model.data(model.index(2, 0), IS_EXPIRED_ROLE) is True


def test_the_proxy_sorts_by_value_and_numbers_rows_for_the_number_keys(model) -> None:
    proxy = OptionsProxy()
    proxy.setSourceModel(model)
    proxy.sort(Column.PRICE)
    assert [proxy.option_at(r) for r in range(3)] == [CHEAP, LATE, FAST]
    assert [proxy.headerData(r, Qt.Orientation.Vertical) for r in range(3)] == ["1", "2", "3"]
    assert proxy.row_of(FAST.reference) == 2
    assert proxy.headerData(9, Qt.Orientation.Vertical) == ""
