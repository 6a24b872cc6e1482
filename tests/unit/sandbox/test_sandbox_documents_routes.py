"""Label and customs-document routes: formats, DPI, encodings, states, the CN22/CN23 rule."""

from __future__ import annotations

import base64
import io
from typing import Any

import httpx
import pytest
from pypdf import PdfReader

from tests.unit.sandbox.conftest import AppFactory, api_client
from tests.unit.sandbox.emulator_helpers import (
    DE_THREE_PACKAGES_HIGH_VALUE,
    NL_LOW_VALUE,
    UK_MULTI_4,
    UK_SINGLE,
    allocated,
    consignment,
)

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


async def label(client: httpx.AsyncClient, path: str) -> tuple[bytes, str]:
    response = await client.get(path)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return base64.b64decode(body["File"]), str(body["ContentType"])


async def test_default_label_is_a_pdf_page_per_package(client: httpx.AsyncClient) -> None:
    reference = await allocated(client, UK_MULTI_4)
    data, content_type = await label(client, f"/labels/{reference}")
    assert content_type == "application/pdf"
    assert data.startswith(b"%PDF")
    assert len(PdfReader(io.BytesIO(data)).pages) == 4


@pytest.mark.parametrize("segment", ["zpl", "ZPL", "zplii", "ZplII/203", "zpl/300"])
async def test_zpl_is_one_block_per_package_any_case(
    client: httpx.AsyncClient, segment: str
) -> None:
    reference = await allocated(client, UK_MULTI_4)
    data, content_type = await label(client, f"/labels/{reference}/{segment}")
    assert content_type == "application/zpl"
    assert data.count(b"^XA") == data.count(b"^XZ") == 4


async def test_resolution_other_than_203_or_300_is_refused(client: httpx.AsyncClient) -> None:
    reference = await allocated(client)
    for dpi in ("600", "150", "abc"):
        response = await client.get(f"/labels/{reference}/pdf/{dpi}")
        assert response.status_code == 400
        assert response.json()["Code"] == "InvalidResolution"


async def test_unknown_format_is_refused(client: httpx.AsyncClient) -> None:
    reference = await allocated(client)
    response = await client.get(f"/labels/{reference}/epl2")
    assert response.status_code == 400
    assert response.json()["Code"] == "InvalidLabelFormat"


async def test_png_only_for_a_package(client: httpx.AsyncClient) -> None:
    reference = await allocated(client, UK_MULTI_4)
    refused = await client.get(f"/labels/{reference}/png")
    assert refused.status_code == 400
    assert refused.json()["Code"] == "LabelFormatNotSupported"
    package = (await consignment(client, reference))["Packages"][1]["Reference"]
    data, content_type = await label(client, f"/labels/package/{reference}/{package}/PNG/300")
    assert content_type == "image/png"
    assert data.startswith(PNG_MAGIC)


async def test_package_label_defaults_and_unknown_package(client: httpx.AsyncClient) -> None:
    reference = await allocated(client, UK_MULTI_4)
    package = (await consignment(client, reference))["Packages"][0]["Reference"]
    data, _ = await label(client, f"/labels/package/{reference}/{package}")
    assert len(PdfReader(io.BytesIO(data)).pages) == 1
    zpl, _ = await label(client, f"/labels/package/{reference}/{package}/zpl")
    assert zpl.count(b"^XA") == 1
    missing = await client.get(f"/labels/package/{reference}/EP-ZZZ-ZZZ-ZZZ")
    assert missing.status_code == 404


async def test_fetching_labels_marks_them_printed(client: httpx.AsyncClient) -> None:
    reference = await allocated(client)
    before = await consignment(client, reference)
    assert before["LabelsPrinted"] is False
    first, _ = await label(client, f"/labels/{reference}/zpl")
    after = await consignment(client, reference)
    assert after["LabelsPrinted"] is True
    assert after["DateLabelsWereFirstPrinted"] == "2025-01-14T10:00:00+00:00"
    again, _ = await label(client, f"/labels/{reference}/zpl")
    assert again == first  # served from the render cache


async def test_double_base64_switch(make_app: AppFactory) -> None:
    async with api_client(make_app(double_base64_labels=True)) as client:
        reference = await allocated(client)
        once, _ = await label(client, f"/labels/{reference}/pdf")
    assert once.startswith(b"JVBERi")  # base64 text of "%PDF"
    assert base64.b64decode(once).startswith(b"%PDF")


async def test_labels_not_available_before_allocation(client: httpx.AsyncClient) -> None:
    reference = await allocated(client)
    await client.put(f"/consignments/{reference}/cancel")
    response = await client.get(f"/labels/{reference}/pdf")
    assert response.status_code == 404
    error = response.json()
    assert error["Code"] == "LabelsNotAvailable"
    assert "Cancelled" in error["Message"]


async def test_international_documents_high_value_get_cn23(client: httpx.AsyncClient) -> None:
    reference = await allocated(client, DE_THREE_PACKAGES_HIGH_VALUE)
    response = await client.get(f"/consignments/docs/{reference}")
    assert response.status_code == 200
    docs = response.json()
    assert [d["Key"] for d in docs["CommercialInvoiceDocuments"]] == [f"INV_{reference}"]
    assert docs["CN22Documents"] == []
    assert len(docs["CN23Documents"]) == 3
    for group in ("CommercialInvoiceDocuments", "CN23Documents"):
        assert base64.b64decode(docs[group][0]["Value"]).startswith(b"%PDF")
    package = docs["CN23Documents"][0]["Key"].removeprefix("CN23_")
    cn23 = await client.get(f"/consignments/docs/cn23/{reference}/{package}")
    assert base64.b64decode(cn23.json()).startswith(b"%PDF")
    cn22 = await client.get(f"/consignments/docs/CN22/{reference}/{package}")
    assert cn22.status_code == 404
    assert cn22.json()["Code"] == "DocumentNotRequired"


async def test_international_low_value_gets_cn22(client: httpx.AsyncClient) -> None:
    reference = await allocated(client, NL_LOW_VALUE)
    docs = (await client.get(f"/consignments/docs/{reference}")).json()
    assert len(docs["CN22Documents"]) == 1
    assert docs["CN23Documents"] == []
    invoice = await client.get(f"/consignments/docs/commercialinvoice/{reference}")
    assert base64.b64decode(invoice.json()).startswith(b"%PDF")


async def test_domestic_consignments_have_no_customs_documents(client: httpx.AsyncClient) -> None:
    reference = await allocated(client, UK_SINGLE)
    docs = (await client.get(f"/consignments/docs/{reference}")).json()
    assert docs == {"CommercialInvoiceDocuments": [], "CN22Documents": [], "CN23Documents": []}
    invoice = await client.get(f"/consignments/docs/commercialinvoice/{reference}")
    assert invoice.status_code == 404
    assert invoice.json()["Code"] == "DocumentNotRequired"


async def test_documents_need_an_allocated_consignment(client: httpx.AsyncClient) -> None:
    reference = await allocated(client, NL_LOW_VALUE)
    await client.put(f"/consignments/{reference}/deallocate")
    response = await client.get(f"/consignments/docs/{reference}")
    assert response.status_code == 404
    assert response.json()["Code"] == "DocumentsNotAvailable"
    bad_kind = await client.get(f"/consignments/docs/CN24/{reference}/EP-000-000-000")
    assert bad_kind.status_code == 400
