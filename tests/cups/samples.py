"""Realistic documents to print: the sandbox's carrier labels and customs forms."""

from __future__ import annotations

from datetime import date

from packstation.sandbox.documents import (
    CustomsData,
    CustomsDocumentKind,
    CustomsItem,
    LabelAddress,
    PackageLabel,
    render_customs_pdf,
    render_label_pdf,
    render_label_zpl,
)

CONSIGNMENT = "EC-000-05B-MMQ"
SENDER = LabelAddress(
    "Warehouse", "Packstation Ltd", ("1 Dock Road",), "Leeds", None, "LS1 1AA", "GB", "UK"
)
RECIPIENT = LabelAddress(
    "A. Person", None, ("22 Rue ^Haute~",), "Lyon", None, "69001", "FR", "France"
)
# What label design tools put in front of labels: settings a label has no business saving.
ZEBRA_DESIGNER_HEADER = (
    b"^XA~TA000~JSN^LT0^MNW^MTD^PON^PMN^LH0,0^JMA^PR4,4~SD15^JUS^LRN^CI0^XZ\n"
    b"^XA^NC1^NPP^KNPrinter1^KPNEWPASS^IDR:*.GRF^FS^XZ\n"
)


def package_labels(count: int) -> list[PackageLabel]:
    return [
        PackageLabel(
            consignment_reference=CONSIGNMENT,
            package_reference=f"EP-000-05E-YR{number}",
            package_number=number,
            package_count=count,
            tracking_number=f"JD01460000000000{number:02d}",
            carrier_name="Test Carrier",
            service_name="Next Day",
            shipping_date=date(2025, 3, 4),
            sender=SENDER,
            recipient=RECIPIENT,
            weight_kg=1.5,
            customer_reference="ORDER-1",
        )
        for number in range(1, count + 1)
    ]


def label_zpl(packages: int, dpi: int = 203) -> bytes:
    return render_label_zpl(package_labels(packages), dpi)


def label_pdf(packages: int) -> bytes:
    return render_label_pdf(package_labels(packages))


def customs_invoice_pdf() -> bytes:
    data = CustomsData(
        consignment_reference=CONSIGNMENT,
        package_reference=None,
        sender=SENDER,
        receiver=RECIPIENT,
        items=(CustomsItem("T-shirt", 2, 0.2, 12.5, "GBP", "610910", "GB", "TS-1"),),
        currency="GBP",
        category="SaleOfGoods",
        shipping_terms="DAP",
        invoice_number="INV-1",
        invoice_date=date(2025, 3, 4),
        declaration_date=date(2025, 3, 4),
        designated_person="P. Packer",
        shippers_eori="GB123456789000",
        receivers_eori=None,
        total_weight_kg=0.6,
    )
    return render_customs_pdf(CustomsDocumentKind.COMMERCIAL_INVOICE, data)
