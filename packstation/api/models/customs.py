"""Customs data sent with a consignment, and the customs documents PRO produces."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Annotated, Any

from pydantic import BeforeValidator, Field

from packstation.api.models.base import ApiDecimal, ApiModel
from packstation.api.models.common import Money
from packstation.api.models.enums import ApiEnum


class CustomsDocumentation(ApiModel):
    designated_person_responsible: str | None = Field(default=None, repr=False)
    shipper_customs_reference: str | None = None
    shippers_vat_number: str | None = None
    importers_vat_number: str | None = None
    importers_tax_code: str | None = None
    importers_telephone: str | None = Field(default=None, repr=False)
    importers_fax: str | None = Field(default=None, repr=False)
    importers_email: str | None = Field(default=None, repr=False)
    receivers_tax_code: str | None = None
    receivers_vat_number: str | None = None
    receivers_shipping_cost: Money | ApiDecimal | None = None
    category_type: str | None = None
    """None, Gift, CommercialSample, Documents, Other, ReturnedGoods (SaleOfGoods, Personal)."""
    category_type_explanation: str | None = None
    cn23_comments: str | None = Field(default=None, alias="CN23Comments")
    references_of_attached_invoices: tuple[str, ...] | None = None
    references_of_attached_certificates: tuple[str, ...] | None = None
    references_of_attached_licences: tuple[str, ...] | None = None
    declaration_date: datetime | None = None
    office_of_posting: str | None = None
    reason_for_export: str | None = None
    invoice_date: datetime | None = None
    shipping_terms: str | None = None
    """An Incoterm: EXW, FCA, CPT, CIP, DAT, DAP, DDP, FAS, FOB, CFR, CIF, DDU."""


class CustomsDocumentKind(ApiEnum):
    COMMERCIAL_INVOICE = "CommercialInvoice"
    CN22 = "CN22"
    CN23 = "CN23"


@dataclass(frozen=True, slots=True)
class CustomsDocument:
    """A decoded, validated customs PDF."""

    kind: CustomsDocumentKind
    name: str
    data: bytes = field(repr=False)


class EncodedDocument(ApiModel):
    key: str
    """The file name."""
    value: str = Field(repr=False)
    """The PDF, base64."""


def _list_or_map(value: Any) -> Any:
    # Documented as a list of {Key, Value}; the 2016 SDK's dictionary would arrive as a map.
    if value is None:
        return ()
    if isinstance(value, Mapping):
        return [{"Key": name, "Value": data} for name, data in value.items()]
    return value


EncodedDocuments = Annotated[tuple[EncodedDocument, ...], BeforeValidator(_list_or_map)]


class CustomsDocumentsPayload(ApiModel):
    """The body of `GET /consignments/docs/{EC}`."""

    commercial_invoice_documents: EncodedDocuments = ()
    cn22_documents: EncodedDocuments = Field(default=(), alias="CN22Documents")
    cn23_documents: EncodedDocuments = Field(default=(), alias="CN23Documents")

    def by_kind(self) -> list[tuple[CustomsDocumentKind, EncodedDocument]]:
        return [
            *(
                (CustomsDocumentKind.COMMERCIAL_INVOICE, d)
                for d in self.commercial_invoice_documents
            ),
            *((CustomsDocumentKind.CN22, d) for d in self.cn22_documents),
            *((CustomsDocumentKind.CN23, d) for d in self.cn23_documents),
        ]
