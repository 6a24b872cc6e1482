"""The sandbox's labels and customs forms, checked in the bytes a printer or viewer would get."""

from __future__ import annotations

import dataclasses
import io
import re
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from decimal import Decimal

import pypdf
import pytest
from PIL import Image
from reportlab.pdfbase.pdfmetrics import stringWidth

from packstation.sandbox.documents import (
    CustomsData,
    CustomsDocumentKind,
    CustomsItem,
    LabelAddress,
    PackageLabel,
    render_customs_pdf,
    render_label_pdf,
    render_label_png,
    render_label_zpl,
)
from packstation.sandbox.documents.barcode import code128_bars

LABEL_SIZE = (288.0, 432.0)
A4_SIZE = (595.28, 841.89)
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
TRACKING = "JD0002211234567890"
HOSTILE_TEXT = "^XZ~JR^JUS"

SENDER = LabelAddress(
    name="Warehouse Team",
    company="Acme Widgets Ltd",
    lines=("Unit 4, Riverside Park", "Station Road"),
    town="Leeds",
    region="West Yorkshire",
    postcode="LS11 5QR",
    country_code="GB",
    country_name="United Kingdom",
)
RECIPIENT = LabelAddress(
    name="Zoë Ångström",
    company=None,
    lines=("221B Baker Street",),
    town="London",
    region=None,
    postcode="NW1 6XE",
    country_code="GB",
    country_name="United Kingdom",
)
RECEIVER_ABROAD = LabelAddress(
    name="Jean Dupont",
    company="Boutique Lumière SARL",
    lines=("12 Rue de Rivoli",),
    town="Paris",
    region="Île-de-France",
    postcode="75001",
    country_code="FR",
    country_name="France",
)


def make_package(number: int = 1, count: int = 1, **changes: object) -> PackageLabel:
    package = PackageLabel(
        consignment_reference="EC-000-05B-MMQ",
        package_reference=f"EP-000-05E-YR{number}",
        package_number=number,
        package_count=count,
        tracking_number=TRACKING,
        carrier_name="DPD",
        service_name="Next Day",
        shipping_date=date(2025, 11, 22),
        sender=SENDER,
        recipient=RECIPIENT,
        weight_kg=2.5,
        customer_reference="ORDER-100234",
    )
    return dataclasses.replace(package, **changes)  # type: ignore[arg-type]


def make_item(description: str = "Merino wool jumper", **changes: object) -> CustomsItem:
    item = CustomsItem(
        description=description,
        quantity=2,
        unit_weight_kg=0.45,
        unit_value=Decimal("49.99"),
        currency="GBP",
        hs_code="6110113000",
        country_of_origin="GB",
        sku="JMP-NVY-M",
    )
    return dataclasses.replace(item, **changes)  # type: ignore[arg-type]


def make_customs(items: tuple[CustomsItem, ...] | None = None, **changes: object) -> CustomsData:
    data = CustomsData(
        consignment_reference="EC-000-05B-MMQ",
        package_reference="EP-000-05E-YRQ",
        sender=SENDER,
        receiver=RECEIVER_ABROAD,
        items=items
        or (
            make_item(),
            make_item("Leather wallet", quantity=1, unit_value=35, hs_code="4202310000", sku=None),
        ),
        currency="GBP",
        category="SaleOfGoods",
        shipping_terms="DAP",
        invoice_number="INV-2025-00042",
        invoice_date=date(2025, 11, 21),
        declaration_date=date(2025, 11, 22),
        designated_person="Priya Shah",
        shippers_eori="GB123456789000",
        receivers_eori="FR98765432100012",
        total_weight_kg=1.85,
    )
    return dataclasses.replace(data, **changes)  # type: ignore[arg-type]


def pdf_pages(data: bytes) -> list[pypdf.PageObject]:
    return list(pypdf.PdfReader(io.BytesIO(data)).pages)


def page_size(page: pypdf.PageObject) -> tuple[float, float]:
    return (float(page.mediabox.width), float(page.mediabox.height))


def all_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in pdf_pages(data))


# --- label PDF ---------------------------------------------------------------------------


def test_label_pdf_has_one_4x6_page_per_package_in_order() -> None:
    packages = [make_package(number, 3) for number in (1, 2, 3)]

    pages = pdf_pages(render_label_pdf(packages))

    assert len(pages) == 3
    for number, page in enumerate(pages, start=1):
        assert page_size(page) == pytest.approx(LABEL_SIZE)
        text = page.extract_text()
        assert f"{number} of 3" in text
        assert f"EP-000-05E-YR{number}" in text


def test_label_pdf_shows_what_a_packer_looks_for() -> None:
    text = all_text(render_label_pdf([make_package()]))

    for expected in (
        TRACKING,
        "NW1 6XE",
        "Zoë Ångström",  # Helvetica's Windows-1252 covers these accents
        "LONDON",
        "DPD",
        "Next Day",
        "EC-000-05B-MMQ",
        "2.5 kg",
        "22 Nov 2025",
        "ORDER-100234",
        "LS11 5QR",
    ):
        assert expected in text


def test_label_pdf_is_byte_identical_for_the_same_input() -> None:
    packages = [make_package(1, 2), make_package(2, 2)]

    assert render_label_pdf(packages) == render_label_pdf(packages)


def test_label_pdf_needs_a_package() -> None:
    with pytest.raises(ValueError, match="at least one package"):
        render_label_pdf([])


def test_label_pdf_keeps_overlong_text_inside_the_page() -> None:
    endless = "Extraordinarily Long Name " * 12
    recipient = dataclasses.replace(
        RECIPIENT, name=endless, company=endless, lines=(endless, endless, endless)
    )
    package = make_package(carrier_name=endless, service_name=endless, recipient=recipient)
    runs: list[tuple[str, float, str, float]] = []

    def collect(text: str, _cm: object, tm: list[float], font: object, size: float) -> None:
        if text.strip() and isinstance(font, dict):
            runs.append((text.strip(), tm[4], str(font["/BaseFont"]).lstrip("/"), size))

    pdf_pages(render_label_pdf([package]))[0].extract_text(visitor_text=collect)

    assert runs
    for text, x, font, size in runs:
        assert x >= 0
        assert x + stringWidth(text, font, size) <= LABEL_SIZE[0] - 9, text
    assert any(text.endswith("...") for text, *_ in runs)


def test_label_pdf_replaces_scripts_helvetica_cannot_draw() -> None:
    recipient = dataclasses.replace(RECIPIENT, name="محمد 🎉 Łukasz")

    text = all_text(render_label_pdf([make_package(recipient=recipient)]))

    assert "? Lukasz" in text


# --- label ZPL ---------------------------------------------------------------------------

ALLOWED_ZPL_COMMANDS = {
    "XA", "XZ", "CI", "PW", "LL", "LH", "FO", "FT", "A0", "GB", "FB", "BY", "BC", "FH", "FD",
    "FS",
}  # fmt: skip


def zpl_blocks(zpl: str) -> list[str]:
    return re.findall(r"\^XA.*?\^XZ\n", zpl, flags=re.DOTALL)


def unhex(field_data: str) -> str:
    return re.sub(r"_([0-9A-F]{2})", lambda match: chr(int(match[1], 16)), field_data)


def barcode_data(zpl: str) -> list[str]:
    return [unhex(data) for data in re.findall(r"\^BC[^\^]*\^FH_\^FD(.*?)\^FS", zpl)]


@pytest.mark.parametrize(("dpi", "width", "length"), [(203, 812, 1218), (300, 1200, 1800)])
def test_zpl_has_one_format_per_package_sized_for_4x6(dpi: int, width: int, length: int) -> None:
    packages = [make_package(number, 3) for number in (1, 2, 3)]

    zpl = render_label_zpl(packages, dpi).decode("ascii")

    blocks = zpl_blocks(zpl)
    assert len(blocks) == 3
    assert "".join(blocks) == zpl  # nothing before, between or after the formats
    for block in blocks:
        assert block.startswith("^XA")
        assert block.endswith("^XZ\n")
        assert f"^PW{width}\n" in block
        assert f"^LL{length}\n" in block
        assert barcode_data(block) == [TRACKING]


def test_zpl_prints_the_package_count_on_each_label() -> None:
    zpl = render_label_zpl([make_package(1, 2), make_package(2, 2)], 203).decode("ascii")

    first, second = zpl_blocks(zpl)
    assert "^FD1 of 2^FS" in first
    assert "^FD2 of 2^FS" in second


@pytest.mark.parametrize("dpi", [0, 72, 96, 200, 600])
def test_zpl_refuses_other_resolutions(dpi: int) -> None:
    with pytest.raises(ValueError, match="dpi"):
        render_label_zpl([make_package()], dpi)


def test_zpl_neutralises_commands_hidden_in_addresses() -> None:
    recipient = dataclasses.replace(
        RECIPIENT,
        name=HOSTILE_TEXT,
        company="~JS^IDR:*.*",
        lines=("^NC1^NWY", "_5EXZ"),
        town="^MMC^XA",
    )
    package = make_package(
        recipient=recipient, customer_reference="^JUF", tracking_number="JD00^XZ~JR"
    )

    zpl = render_label_zpl([package, package], 203).decode("ascii")

    assert zpl.count("^XA") == zpl.count("^XZ") == 2
    assert "~" not in zpl
    commands = set(re.findall(r"\^([A-Z0-9@]{2})", zpl))
    assert commands <= ALLOWED_ZPL_COMMANDS
    field_data = [unhex(data) for data in re.findall(r"\^FD(.*?)\^FS", zpl)]
    assert HOSTILE_TEXT in field_data  # printed as text, not obeyed
    assert "_5EXZ" in field_data  # the escape character itself is escaped
    assert barcode_data(zpl) == ["JD00^XZ~JR"] * 2


def test_zpl_is_ascii_whatever_the_script() -> None:
    names = ["Zoë Ångström", "محمد عبد الله", "Bob 🎉🚚", "Søren Łukasz Straße", "\x00\x1b\t"]
    packages = [make_package(recipient=dataclasses.replace(RECIPIENT, name=name)) for name in names]

    zpl = render_label_zpl(packages, 300)

    text = zpl.decode("ascii")
    assert len(zpl_blocks(text)) == len(names)
    assert "^FDZoe Angstrom^FS" in text
    assert "^FD? ? ?^FS" in text  # one "?" per Arabic word: the packer sees a name is there
    assert "^FDBob^FS" in text
    assert "^FDSoren Lukasz Strasse^FS" in text
    assert all(char == "\n" or " " <= char <= "~" for char in text)


# --- label PNG ---------------------------------------------------------------------------


@pytest.mark.parametrize(("dpi", "size"), [(203, (812, 1218)), (300, (1200, 1800))])
def test_png_is_a_4x6_bitmap_at_the_printer_resolution(dpi: int, size: tuple[int, int]) -> None:
    png = render_label_png(make_package(), dpi)

    assert png.startswith(PNG_MAGIC)
    image = Image.open(io.BytesIO(png))
    assert image.size == size
    assert image.mode in {"1", "L"}
    assert image.info["dpi"] == pytest.approx((dpi, dpi), abs=0.1)


def test_png_barcode_has_every_bar_of_the_tracking_number() -> None:
    image = Image.open(io.BytesIO(render_label_png(make_package(), 203))).convert("L")
    middle_of_barcode = round((330 + 31) * 203 / 72)  # the layout's barcode band, in dots

    row = [image.getpixel((x, middle_of_barcode)) == 0 for x in range(image.width)]

    dark_runs = sum(1 for x in range(1, len(row)) if row[x] and not row[x - 1])
    assert dark_runs == len(code128_bars(TRACKING).bars)


def test_png_copes_with_any_script_and_refuses_other_resolutions() -> None:
    recipient = dataclasses.replace(RECIPIENT, name="محمد 🎉 Zoë")

    assert render_label_png(make_package(recipient=recipient), 203).startswith(PNG_MAGIC)
    with pytest.raises(ValueError, match="dpi"):
        render_label_png(make_package(), 150)


def test_labels_render_the_same_on_many_threads_at_once() -> None:
    """The app renders in an executor; renderings must not share mutable state."""
    packages = [make_package(number, 8) for number in range(1, 9)]

    def render_all(package: PackageLabel) -> tuple[bytes, bytes, bytes]:
        zpl = render_label_zpl([package], 203)
        return render_label_pdf([package]), zpl, render_label_png(package, 203)

    expected = [render_all(package) for package in packages]
    with ThreadPoolExecutor(max_workers=8) as pool:
        rendered = list(pool.map(render_all, packages * 3))

    assert rendered == expected * 3


# --- customs -----------------------------------------------------------------------------

FORM_TITLES = {
    CustomsDocumentKind.CN22: "CN 22",
    CustomsDocumentKind.CN23: "CN 23",
    CustomsDocumentKind.COMMERCIAL_INVOICE: "COMMERCIAL INVOICE",
}


@pytest.mark.parametrize("kind", list(CustomsDocumentKind))
def test_customs_form_is_a4_with_parties_items_and_totals(kind: CustomsDocumentKind) -> None:
    pages = pdf_pages(render_customs_pdf(kind, make_customs()))

    assert len(pages) == 1
    assert page_size(pages[0]) == pytest.approx(A4_SIZE, abs=0.01)
    text = pages[0].extract_text()
    for expected in (
        FORM_TITLES[kind],
        "Merino wool jumper",
        "Leather wallet",
        "6110113000",
        "4202310000",
        "99.98 GBP",  # 2 x 49.99
        "134.98 GBP",  # the total
        "1.85 kg",
        "Warehouse Team",
        "Boutique Lumière SARL",
        "75001",
        "GB123456789000",
        "FR98765432100012",
        "Sale of goods",
        "DAP",
        "INV-2025-00042",
        "2025-11-22",
        "Priya Shah",
    ):
        assert expected in text, expected


@pytest.mark.parametrize("kind", list(CustomsDocumentKind))
def test_customs_item_list_runs_on_to_more_a4_pages(kind: CustomsDocumentKind) -> None:
    items = tuple(make_item(f"Numbered article {number:03d}") for number in range(120))

    pages = pdf_pages(render_customs_pdf(kind, make_customs(items)))

    assert len(pages) > 1
    assert all(page_size(page) == pytest.approx(A4_SIZE, abs=0.01) for page in pages)
    text = "\n".join(page.extract_text() for page in pages)
    assert all(f"Numbered article {number:03d}" in text for number in range(120))
    assert "Page 2" in pages[1].extract_text()


def test_customs_text_is_printed_as_written_never_as_markup() -> None:
    items = (make_item("Scarf <b>&amp; gift box</b>"),)

    text = all_text(render_customs_pdf(CustomsDocumentKind.CN23, make_customs(items)))

    assert "Scarf <b>&amp; gift box</b>" in text


def test_customs_totals_each_currency_on_its_own() -> None:
    items = (make_item(), make_item("Silk tie", quantity=1, unit_value=20.1, currency="EUR"))

    text = all_text(render_customs_pdf(CustomsDocumentKind.CN22, make_customs(items)))

    assert "99.98 GBP + 20.10 EUR" in text


def test_customs_category_without_a_box_is_explained() -> None:
    data = make_customs(category="Personal", shipping_terms=None, receivers_eori=None)

    text = all_text(render_customs_pdf(CustomsDocumentKind.CN23, data))

    assert "Category: Personal" in text


def test_customs_kind_may_be_given_by_its_api_name() -> None:
    data = make_customs()

    by_name = render_customs_pdf("CommercialInvoice", data)  # type: ignore[arg-type]

    assert by_name == render_customs_pdf(CustomsDocumentKind.COMMERCIAL_INVOICE, data)
    with pytest.raises(ValueError, match="CN99"):
        render_customs_pdf("CN99", data)  # type: ignore[arg-type]
