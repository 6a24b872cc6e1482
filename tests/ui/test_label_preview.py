from __future__ import annotations

import pytest

from packstation.ui.tasks import TaskRunner
from packstation.ui.views.label_preview import LabelPreview
from packstation.workflow.states import PackState

from .pack_fixtures import OFFSCREEN_NOTES, ORDER, label_pdf
from .page_fixtures import bench, page, scan, wait_state

__all__ = ["bench", "page"]  # fixtures used by name
pytestmark = [pytest.mark.qt_log_level_fail("WARNING"), pytest.mark.qt_log_ignore(OFFSCREEN_NOTES)]


@pytest.fixture
def preview(qtbot, qasync_loop):
    tasks = TaskRunner()
    widget = LabelPreview(tasks)
    qtbot.addWidget(widget)
    widget.resize(300, 600)
    widget.show()
    yield widget
    tasks.cancel_all()
    qtbot.waitUntil(lambda: not tasks.any_busy())


def test_every_page_of_a_multi_parcel_label_is_shown_at_4x6(qtbot, preview) -> None:
    with qtbot.waitSignal(preview.rendered, timeout=5000) as rendered:
        preview.show_pdf(label_pdf(3))
    assert rendered.args == [3]
    assert preview.page_count == 3
    for shown in preview.pages:
        assert shown.aspect == pytest.approx(1.5, abs=0.01)
        assert shown.height() == pytest.approx(shown.width() * 1.5, abs=2)
        assert shown.image.pixelColor(1, 1).name() == "#ffffff"  # painted on white


def test_a_newer_label_replaces_one_still_rendering(qtbot, preview) -> None:
    preview.show_pdf(label_pdf(4))
    with qtbot.waitSignal(preview.rendered, timeout=5000) as rendered:
        preview.show_pdf(label_pdf(2))
    qtbot.wait(100)
    assert rendered.args == [2]
    assert preview.page_count == 2


def test_a_broken_label_says_so_instead_of_failing(qtbot, preview) -> None:
    preview.show_pdf(b"%PDF-1.4 this is not really a pdf")
    qtbot.waitUntil(lambda: "cannot be previewed" in preview.status.text(), timeout=5000)
    assert preview.page_count == 0


def test_after_a_pack_the_preview_shows_the_archived_label(qtbot, page, bench) -> None:
    scan(qtbot, page, ORDER)
    wait_state(qtbot, page, PackState.OPTIONS_READY)
    page.book()
    wait_state(qtbot, page, PackState.PRINT_SUBMITTED)
    qtbot.waitUntil(lambda: page.preview.page_count == 1, timeout=5000)


def test_a_zpl_station_previews_the_same_consignment_as_pdf(qtbot, page, bench) -> None:
    from dataclasses import replace

    bench.packing.settings = replace(bench.packing.settings, label_format="zpl")
    scan(qtbot, page, ORDER)
    wait_state(qtbot, page, PackState.OPTIONS_READY)
    page.book()
    wait_state(qtbot, page, PackState.PRINT_SUBMITTED)
    qtbot.waitUntil(lambda: page.preview.page_count == 1, timeout=5000)
    label_calls = [c for c in bench.api.calls if c.startswith("get_label")]
    assert len(label_calls) == 2  # the ZPL that printed, and a PDF for the screen
    assert bench.printers.open("fake:label").received[0].format == "zpl"
