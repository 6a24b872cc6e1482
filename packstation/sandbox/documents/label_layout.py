"""Where each piece of a 4x6 in carrier label goes, laid out the way packers know them:
carrier and service on top, a small sender, a big recipient with the postcode largest,
then weight and date, then the tracking barcode across the bottom.
"""

from __future__ import annotations

from collections.abc import Iterator

from packstation.sandbox.documents.formatting import kilograms, label_date
from packstation.sandbox.documents.label_elements import (
    PAGE_WIDTH,
    Align,
    Barcode,
    Box,
    LabelElement,
    Text,
)
from packstation.sandbox.documents.model import LabelAddress, PackageLabel

MARGIN = 10.0
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN
_HEADER_SPLIT = 194.0  # x of the rule between carrier/service and the package count
_DETAIL_CELLS = 3


def layout_label(package: PackageLabel) -> tuple[LabelElement, ...]:
    return (
        *_header(package),
        *_sender(package.sender),
        *_recipient(package.recipient),
        *_details(package),
        *_tracking(package),
    )


def _header(package: PackageLabel) -> Iterator[LabelElement]:
    carrier_width = _HEADER_SPLIT - MARGIN - 6
    count_x = _HEADER_SPLIT + 8
    count_width = PAGE_WIDTH - MARGIN - count_x
    yield Text(package.carrier_name, MARGIN, 32, 26, carrier_width, bold=True, shrink_to=0.5)
    yield Text(package.service_name, MARGIN, 51, 15, carrier_width, bold=True)
    yield Box(_HEADER_SPLIT, 8, 1.5, 44)
    yield Text("PACKAGE", count_x, 20, 7, count_width)
    package_of = f"{package.package_number} of {package.package_count}"
    yield Text(package_of, count_x, 46, 22, count_width, bold=True, shrink_to=0.5)
    yield Box(MARGIN, 58, CONTENT_WIDTH, 2)


def _sender(sender: LabelAddress) -> Iterator[LabelElement]:
    yield Text("FROM", MARGIN, 69, 7, CONTENT_WIDTH, bold=True)
    lines = (
        _joined(sender.name, sender.company),
        _joined(*sender.lines),
        _joined(sender.town, sender.region, sender.postcode),
        sender.country_name,
    )
    for number, line in enumerate(lines):
        yield Text(line, MARGIN, 79 + 9.5 * number, 7.5, CONTENT_WIDTH)
    yield Box(MARGIN, 114, CONTENT_WIDTH, 1)


def _recipient(recipient: LabelAddress) -> Iterator[LabelElement]:
    yield Text("TO", MARGIN, 127, 9, CONTENT_WIDTH, bold=True)
    # (text, font size, bold, advance from the previous baseline); at most 153 pt in all,
    # which fits between the "TO" and the rule at 286.
    rows: list[tuple[str, float, bool, float]] = [(recipient.name, 15, True, 18)]
    if recipient.company:
        rows.append((recipient.company, 11, False, 14))
    rows.extend((line, 11, False, 14) for line in recipient.lines[:3])
    rows.append((recipient.town.upper(), 13, True, 16))
    if recipient.region:
        rows.append((recipient.region, 10, False, 13))
    rows.append((recipient.postcode, 30, True, 33))
    rows.append((f"{recipient.country_name.upper()} ({recipient.country_code})", 12, True, 17))
    baseline = 127.0
    for text, size, bold, advance in rows:
        baseline += advance
        yield Text(text, MARGIN, baseline, size, CONTENT_WIDTH, bold=bold)
    yield Box(MARGIN, 286, CONTENT_WIDTH, 2)


def _details(package: PackageLabel) -> Iterator[LabelElement]:
    cell_width = CONTENT_WIDTH / _DETAIL_CELLS
    cells = (
        ("WEIGHT", kilograms(package.weight_kg), 12.0, True),
        ("SHIP DATE", label_date(package.shipping_date), 12.0, True),
        ("CUSTOMER REF", package.customer_reference or "-", 9.0, False),
    )
    for number, (caption, value, size, bold) in enumerate(cells):
        x = MARGIN + number * cell_width
        if number:
            yield Box(x, 290, 1, 28)
            x += 5
        yield Text(caption, x, 298, 6, cell_width - 6)
        yield Text(value, x, 313, size, cell_width - 6, bold=bold)
    yield Box(MARGIN, 322, CONTENT_WIDTH, 1)


def _tracking(package: PackageLabel) -> Iterator[LabelElement]:
    yield Barcode(package.tracking_number, MARGIN, 330, CONTENT_WIDTH, 62)
    yield Text(
        package.tracking_number, MARGIN, 407, 13, CONTENT_WIDTH, bold=True, align=Align.CENTER
    )
    half = CONTENT_WIDTH / 2
    yield Text(f"Consignment {package.consignment_reference}", MARGIN, 421, 8, half - 4)
    yield Text(f"Package {package.package_reference}", MARGIN + half, 421, 8, half)


def _joined(*parts: str | None) -> str:
    return ", ".join(part for part in parts if part)
