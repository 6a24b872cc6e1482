from __future__ import annotations

import httpx
import pytest
import respx
from PySide6.QtCore import Qt

from packstation.ui.demo_orders import DEMO_ORDERS_PATH, parse_demo_orders
from packstation.ui.tasks import TaskRunner
from packstation.ui.views.demo_orders_view import DemoOrdersView

from .pack_fixtures import OFFSCREEN_NOTES

pytestmark = [pytest.mark.qt_log_level_fail("WARNING"), pytest.mark.qt_log_ignore(OFFSCREEN_NOTES)]
BASE = "http://127.0.0.1:9"
LISTED = [
    {
        "OrderReference": "EO-000-02A-000",
        "OrderReferenceProvidedByCustomer": "WEB-100001",
        "Summary": "1 package to GB, 0.3 kg, customer choice: none",
        "Packages": 1,
        "Categories": ["single", "domestic", "choice:none"],
    },
    {"OrderReference": "EO-000-02A-001", "Summary": "2 packages to FR"},
    {"Summary": "no reference: skipped"},
    "not an object",
]


def test_the_sandbox_list_is_read_tolerantly() -> None:
    orders = parse_demo_orders(LISTED)
    assert [o.reference for o in orders] == ["EO-000-02A-000", "EO-000-02A-001"]
    assert orders[0].categories == ("single", "domestic", "choice:none")
    assert orders[1].shop_reference == ""
    assert parse_demo_orders({"not": "a list"}) == []


@pytest.fixture
def view(qtbot, qasync_loop):
    tasks = TaskRunner()
    widget = DemoOrdersView(BASE, tasks)
    qtbot.addWidget(widget)
    widget.show()
    yield widget, tasks
    tasks.cancel_all()


@respx.mock
def test_clicking_a_demo_order_picks_it(qtbot, view) -> None:
    widget, _tasks = view
    respx.get(f"{BASE}{DEMO_ORDERS_PATH}").mock(return_value=httpx.Response(200, json=LISTED))
    widget.refresh()
    qtbot.waitUntil(lambda: widget.list.count() == 2, timeout=3000)
    assert widget.list.item(0).text() == (
        "EO-000-02A-000\n1 package to GB, 0.3 kg, customer choice: none"
    )
    with qtbot.waitSignal(widget.order_picked) as picked:
        item = widget.list.item(1)
        rect = widget.list.visualItemRect(item)
        qtbot.mouseClick(widget.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert picked.args == ["EO-000-02A-001"]


@respx.mock
def test_an_unreachable_sandbox_is_a_message_and_a_refresh_button(qtbot, view) -> None:
    widget, tasks = view
    respx.get(f"{BASE}{DEMO_ORDERS_PATH}").mock(side_effect=httpx.ConnectError("refused"))
    widget.refresh()
    qtbot.waitUntil(lambda: not tasks.any_busy(), timeout=3000)
    assert widget.status.text() == (
        "The demo orders could not be loaded. Press Refresh list to try again."
    )
    assert widget.refresh_button.isEnabled()
