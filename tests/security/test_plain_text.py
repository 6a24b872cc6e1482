"""API text is plain text: a pack whose every shown field carries `<img src=http://127.0.0.1:PORT/x>`,
through the real client, gateway and workflow into the real main window; then every label,
text box, table cell, tooltip and tab in the widget tree is checked, and the listener on PORT
must have seen no connection."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtGui import Qt as QtGui
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QLabel,
    QTabBar,
    QTextEdit,
    QWidget,
)

from packstation.api import AsyncSortedPro
from packstation.config import StationSettings
from packstation.printing.factory import DefaultPrinterFactory
from packstation.runtime import workflow_settings
from packstation.sandbox.config import SandboxConfig
from packstation.sandbox.server import SandboxServer
from packstation.ui.main_window import MainWindow
from packstation.ui.messages import MessageChannel
from packstation.ui.sound_player import SilentSounds
from packstation.ui.station import Station
from packstation.workflow.async_journal import AsyncJournal
from packstation.workflow.day_close import DayClose
from packstation.workflow.gateway import SortedProGateway
from packstation.workflow.packing import PackingService
from packstation.workflow.states import PackState
from tests.security.html_probe import HtmlEverywhere, ProbeListener
from tests.ui.pack_fixtures import OFFSCREEN_NOTES, run
from tests.ui.page_fixtures import scan, wait_idle, wait_state

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.qt_log_level_fail("WARNING"),
    pytest.mark.qt_log_ignore(OFFSCREEN_NOTES),
]
KEY = "plain-text-key-4d3c"
ORDER, REFUSED_ORDER = "EO-000-02A-000", "EO-000-02A-002"
LOCATION = "SL-DEMO-1"
BUSY_MS = 20_000
ROLES = (
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.StatusTipRole,
    Qt.ItemDataRole.WhatsThisRole,
)
IMAGE_TAG = re.compile(r"<img\b", re.IGNORECASE)


@dataclass
class Bench:
    window: MainWindow
    station: Station
    client: AsyncSortedPro
    sandbox: SandboxServer
    listener: ProbeListener


async def open_station(
    sandbox: SandboxServer, probe: str, directory: Path
) -> tuple[Station, AsyncSortedPro]:
    client = AsyncSortedPro(base_url=sandbox.base_url, api_key=KEY, transport=HtmlEverywhere(probe))
    gateway = SortedProGateway(client, LOCATION)
    journal = await AsyncJournal.open(directory / "journal.sqlite3")
    labels = directory / "labels"
    labels.mkdir()
    settings = StationSettings(
        data_dir=directory,
        label_printer=f"file:{labels}",
        document_printer=f"file:{labels}",
        station_name="plain-1",
        sounds=False,
        shipping_location_reference=LOCATION,
    )
    printers = DefaultPrinterFactory()
    station = Station(
        packing=PackingService(
            api=gateway,
            journal=journal,
            printers=printers,
            settings=workflow_settings(settings, LOCATION),
        ),
        day_close=DayClose(
            api=gateway, journal=journal, shipping_location_reference=LOCATION, poll_interval=0.1
        ),
        journal=journal,
        settings=settings,
        environment_label="Plain text bench",
        printers=printers,
        carriers=gateway.carriers,
    )
    return station, client


@pytest.fixture
def bench(qtbot, qasync_loop, tmp_path: Path) -> Iterator[Bench]:
    with ProbeListener() as listener:
        sandbox = SandboxServer(SandboxConfig(api_key=KEY, manifest_delay_seconds=0.05))
        sandbox.start()
        station, client = run(qtbot, open_station(sandbox, listener.probe, tmp_path))
        window = MainWindow(messages=MessageChannel(), sounds=SilentSounds(), redact=lambda t: t)
        window.resize(1366, 768)
        window.show()
        qtbot.waitExposed(window)
        window.attach(station)
        try:
            yield Bench(window, station, client, sandbox, listener)
        finally:
            run(qtbot, window.detach(), timeout_ms=BUSY_MS)
            window.close()
            window.deleteLater()
            run(qtbot, station.journal.close())
            run(qtbot, client.aclose())
            sandbox.stop()


def _model_texts(
    model: QAbstractItemModel, parent: QModelIndex | None = None
) -> Iterator[tuple[str, str]]:
    parent = parent or QModelIndex()
    try:
        columns = model.columnCount(parent)
    except TypeError:  # a list model keeps columnCount private: it has one column
        columns = 1
    for row in range(model.rowCount(parent)):
        for column in range(columns):
            index = model.index(row, column, parent)
            for role in ROLES:
                value = model.data(index, role)
                if isinstance(value, str):
                    yield role.name, value
            if column == 0 and model.rowCount(index) > 0:
                yield from _model_texts(model, index)


def rich_text_risks(widget: QWidget, probe: str) -> Iterator[str]:
    """Every place in `widget` where API text could be read as HTML."""
    name = f"{type(widget).__name__} {widget.objectName() or ''}".strip()
    tooltip = widget.toolTip()
    if IMAGE_TAG.search(tooltip):
        yield f"{name}: a tooltip with raw HTML ({tooltip[:80]!r})"
    if isinstance(widget, QLabel):
        text = widget.text()
        shown_as_html = widget.textFormat() == Qt.TextFormat.RichText or (
            widget.textFormat() == Qt.TextFormat.AutoText and QtGui.mightBeRichText(text)
        )
        if (probe in text or IMAGE_TAG.search(text)) and shown_as_html:
            yield f"{name}: API text shown as rich text ({text[:80]!r})"
        if probe in text and widget.textFormat() != Qt.TextFormat.PlainText:
            yield f"{name}: API text in a label that is not PlainText ({widget.textFormat()})"
    if isinstance(widget, QTextEdit) and IMAGE_TAG.search(widget.toHtml()):
        yield f"{name}: an <img> element in a text box's document"
    if isinstance(widget, QAbstractItemView) and widget.model() is not None:
        for role, text in _model_texts(widget.model()):
            if role == "ToolTipRole" and IMAGE_TAG.search(text):
                yield f"{name}: a cell tooltip with raw HTML ({text[:80]!r})"
    if isinstance(widget, QTabBar):
        for tab in range(widget.count()):
            if IMAGE_TAG.search(widget.tabToolTip(tab)):
                yield f"{name}: a tab tooltip with raw HTML"


def shown_texts(widgets: list[QWidget]) -> Iterator[str]:
    for widget in widgets:
        if isinstance(widget, QLabel | QAbstractButton):
            yield widget.text()
        if isinstance(widget, QTextEdit):
            yield widget.toPlainText()
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            yield from (text for _, text in _model_texts(widget.model()))


@dataclass
class Findings:
    """What the widget walks found: texts showing the probe, and every rich-text risk."""

    probe: str
    shown: list[str]
    risks: set[str]

    def walk(self) -> None:
        widgets = QApplication.allWidgets()
        self.shown += [text for text in shown_texts(widgets) if self.probe in text]
        self.risks |= {risk for widget in widgets for risk in rich_text_risks(widget, self.probe)}


def _everything(qtbot: Any, bench: Bench, findings: Findings) -> None:
    """A pack, a refusal, a day close with a failed manifest, the parked list, a crash; the
    widget tree is walked after each."""
    window, page = bench.window, bench.window.packing_page
    assert page is not None
    scan(qtbot, page, ORDER)
    wait_state(qtbot, page, PackState.OPTIONS_READY, timeout_ms=BUSY_MS)
    page.book()
    wait_state(qtbot, page, PackState.PRINT_SUBMITTED, PackState.PRINTED, timeout_ms=BUSY_MS)
    qtbot.waitUntil(lambda: page.preview.page_count >= 1, timeout=BUSY_MS)
    assert bench.listener.probe in page.order_panel.name.text()
    findings.walk()
    consignment = page.session.view.record.consignment_reference
    refusal = {
        "Code": "InvalidOrder",
        "Message": f"Order refused {bench.listener.probe} <b>bold</b>",
        "Details": [{"Target": f"Addresses[1] {bench.listener.probe}", "Message": "bad"}],
    }
    bench.sandbox.set_faults(
        {
            "rules": [
                {
                    "path": f"/orders/{REFUSED_ORDER}",
                    "kind": "error",
                    "status": 400,
                    "body": refusal,
                }
            ]
        }
    )
    page.escape()
    scan(qtbot, page, REFUSED_ORDER)
    wait_idle(qtbot, page)
    assert "Order refused" in window.banner.text_label.text()
    findings.walk()
    bench.sandbox.set_faults({"manifest_fail_references": [consignment]})
    qtbot.keyClick(page.scan_bar.field, Qt.Key.Key_F9)
    day = window.day_close_page
    assert day is not None
    qtbot.waitUntil(lambda: day.close_button.isEnabled(), timeout=BUSY_MS)
    day.close_button.click()
    day.confirm_bar.confirm_button.click()
    qtbot.waitUntil(lambda: day.result_panel.isVisible(), timeout=BUSY_MS)
    findings.walk()
    window.open_parked()
    window.show_crash("plain text", RuntimeError(f"crashed on {bench.listener.probe}"))
    qtbot.wait(300)  # time for anything that would fetch the image to try
    findings.walk()


def test_api_text_is_never_read_as_html(qtbot, bench: Bench) -> None:
    findings = Findings(bench.listener.probe, [], set())
    _everything(qtbot, bench, findings)
    # The probe really reached the screens, so the walk below is not vacuous.
    assert len(set(findings.shown)) >= 8, findings.shown
    assert sorted(findings.risks) == [], "\n".join(sorted(findings.risks))
    assert bench.listener.connections == 0


RICH_TEXT_APIS = re.compile(
    r"setHtml\(|insertHtml\(|TextFormat\.RichText|QTextBrowser|setOpenExternalLinks\(True"
    r"|QTextDocument|setAcceptRichText\(True"
)


def test_no_screen_reaches_for_rich_text() -> None:
    # The second net: the walk above only sees what this session showed.
    ui = Path(__file__).resolve().parents[2] / "packstation" / "ui"
    found = [
        f"{path.name}:{number}: {line.strip()}"
        for path in sorted(ui.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if RICH_TEXT_APIS.search(line)
    ]
    assert found == []
