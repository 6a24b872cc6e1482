"""The category of an item (box 10 on a CN23), as tick boxes."""

from __future__ import annotations

from reportlab.platypus import Table, TableStyle

from packstation.sandbox.documents.customs_parts import TickBox

# The API's CategoryType values, in the order the UPU forms print them.
CATEGORIES = {
    "CommercialSample": "Commercial sample",
    "Gift": "Gift",
    "ReturnedGoods": "Returned goods",
    "Documents": "Documents",
    "SaleOfGoods": "Sale of goods",
    "Other": "Other",
}


def category_ticks(category: str, columns: int, width: float) -> Table:
    ticked = category if category in CATEGORIES else "Other"
    boxes = [TickBox(label, value == ticked) for value, label in CATEGORIES.items()]
    rows = [boxes[start : start + columns] for start in range(0, len(boxes), columns)]
    table = Table(rows, colWidths=[width / columns] * columns, hAlign="LEFT")
    table.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return table


def category_explanation(category: str) -> str:
    """Words for a category the form has no box for (e.g. "Personal"), else nothing."""
    return "" if category in CATEGORIES else f"Category: {category}"
