"""The order at hand: where it goes, what is in it, its packages and the customer's promise.

Names and addresses come from SortedPRO: every label here is plain text.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QVBoxLayout, QWidget

from packstation.ui.display_text import date_text, window_text
from packstation.ui.style import set_style_property
from packstation.ui.widgets.packages_editor import PackagesEditor
from packstation.ui.widgets.plain_label import plain_label
from packstation.workflow.domain import CustomerPromise, OrderView, PackageSpec

NAME_POINT_SIZE = 17.0
ADDRESS_POINT_SIZE = 14.0
REFERENCE_POINT_SIZE = 15.0
ITEM_ROWS_SHOWN = 3


def _caption(text: str) -> QLabel:
    caption = plain_label(text, bold=True)
    set_style_property(caption, "role", "hint")
    return caption


class OrderPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reference = plain_label(point_size=REFERENCE_POINT_SIZE, bold=True, selectable=True)
        self.shop_number = plain_label(selectable=True)
        self.name = plain_label(point_size=NAME_POINT_SIZE, bold=True, wrap=True)
        self.place = plain_label(point_size=ADDRESS_POINT_SIZE, wrap=True)
        self.country = plain_label(point_size=ADDRESS_POINT_SIZE, wrap=True)
        self.promise = plain_label(point_size=13, wrap=True)
        set_style_property(self.promise, "severity", "info")
        self.items = QListWidget(self)
        self.items.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.items.setSelectionMode(QListWidget.SelectionMode.NoSelection)
        self.items.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.items.setWordWrap(True)
        self.packages = PackagesEditor(self)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 4, 0)
        layout.setSpacing(3)
        layout.addWidget(self.reference)
        layout.addWidget(self.shop_number)
        layout.addSpacing(4)
        layout.addWidget(_caption(self.tr("Deliver to")))
        for widget in (self.name, self.place, self.country):
            layout.addWidget(widget)
        layout.addWidget(self.promise)
        layout.addSpacing(4)
        self._items_caption = _caption(self.tr("Items"))
        layout.addWidget(self._items_caption)
        layout.addWidget(self.items)
        layout.addSpacing(4)
        self._packages_caption = _caption(self.tr("Parcels"))
        layout.addWidget(self._packages_caption)
        layout.addWidget(self.packages)
        layout.addStretch(1)
        self.clear()

    def clear(self) -> None:
        self.reference.setText(self.tr("No order open"))
        self.shop_number.hide()
        self.name.setText("–")
        self.place.clear()
        self.country.clear()
        self.promise.hide()
        self._set_items([])
        self.packages.set_packages(())
        self.packages.set_editable(False)
        self._show_packages(False)

    def show_reference_only(self, order_reference: str, note: str = "") -> None:
        """An order being looked up, or a consignment opened by its EC or tracking number."""
        self.clear()
        self.reference.setText(self.tr("Order %1").replace("%1", order_reference))
        self.name.setText(note or "–")

    def show_order(
        self,
        order: OrderView,
        packages: tuple[PackageSpec, ...],
        promise: CustomerPromise | None,
        *,
        editable: bool,
    ) -> None:
        self.reference.setText(self.tr("Order %1").replace("%1", order.order_reference))
        if order.customer_order_number:
            self.shop_number.setText(
                self.tr("Shop order %1").replace("%1", order.customer_order_number)
            )
            self.shop_number.show()
        else:
            self.shop_number.hide()
        destination = order.destination
        self.name.setText(destination.name)
        self.place.setText(f"{destination.town}  {destination.postcode}".strip())
        self.country.setText(destination.country_name or destination.country_code)
        self._set_items(
            [
                f"{item.quantity} × {item.description}" + (f"  ({item.sku})" if item.sku else "")
                for item in order.items
            ]
        )
        self.packages.set_packages(packages)
        self.packages.set_editable(editable)
        self._show_packages(True)
        self.show_promise(promise)

    def _show_packages(self, shown: bool) -> None:
        """No made-up parcel sizes on screen before the order's own are known."""
        self._packages_caption.setVisible(shown)
        self.packages.setVisible(shown)

    def show_promise(self, promise: CustomerPromise | None) -> None:
        if promise is None:
            self.promise.hide()
            return
        when = date_text(promise.delivery_date)
        window = window_text(promise.window_start, promise.window_end)
        self.promise.setText(
            self.tr("Customer chose delivery on %1, %2").replace("%1", when).replace("%2", window)
        )
        self.promise.show()

    def _set_items(self, lines: list[str]) -> None:
        self.items.clear()
        self.items.addItems(lines)
        self._items_caption.setVisible(bool(lines))
        self.items.setVisible(bool(lines))
        rows = max(1, min(len(lines), ITEM_ROWS_SHOWN))
        row_height = self.items.sizeHintForRow(0) if lines else self.fontMetrics().height() + 4
        self.items.setFixedHeight(rows * row_height + 2 * self.items.frameWidth() + 4)
