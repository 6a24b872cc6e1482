"""Demo mode's order list: click (or Enter) an order to pack it, as if its barcode was scanned."""

from __future__ import annotations

import httpx
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGroupBox, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout

from packstation.ui.demo_orders import DemoOrder, fetch_demo_orders
from packstation.ui.tasks import TaskRunner
from packstation.ui.widgets.plain_label import plain_label

DEMO_ORDERS_TASK = "demo-orders"
REFERENCE_ROLE = Qt.ItemDataRole.UserRole + 1


class DemoOrdersView(QGroupBox):
    order_picked = Signal(str)  # the order reference

    def __init__(self, base_url: str, tasks: TaskRunner) -> None:
        super().__init__()
        self.setTitle(self.tr("Demo orders"))
        self._base_url = base_url
        self._tasks = tasks
        self.list = QListWidget(self)
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setAlternatingRowColors(True)
        self.list.itemClicked.connect(self._picked)
        self.status = plain_label(wrap=True)
        self.refresh_button = QPushButton(self.tr("Refresh list"), self)
        self.refresh_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.refresh_button.clicked.connect(self.refresh)
        hint = plain_label(self.tr("Click one to pack it, or scan its reference."), wrap=True)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.refresh_button)
        self.orders: list[DemoOrder] = []

    def refresh(self) -> None:
        self.status.setText(self.tr("Getting the demo orders…"))
        self.status.show()
        self._tasks.run(
            DEMO_ORDERS_TASK,
            lambda: fetch_demo_orders(self._base_url),
            on_success=self._show,
            on_error=self._failed,
            disable=(self.refresh_button,),
        )

    def _show(self, orders: list[DemoOrder]) -> None:
        self.orders = orders
        self.list.clear()
        for order in orders:
            item = QListWidgetItem(f"{order.reference}\n{order.summary}")
            item.setData(REFERENCE_ROLE, order.reference)
            self.list.addItem(item)
        self.status.setVisible(not orders)
        self.status.setText(self.tr("The demo sandbox has no orders."))

    def _failed(self, error: BaseException) -> bool:
        if not isinstance(error, httpx.HTTPError | ValueError):
            return False
        self.status.setText(
            self.tr("The demo orders could not be loaded. Press Refresh list to try again.")
        )
        self.status.show()
        return True

    def _picked(self, item: QListWidgetItem) -> None:
        reference = item.data(REFERENCE_ROLE)
        if isinstance(reference, str):
            self.order_picked.emit(reference)
