"""Label formats and the label documents the client returns."""

from __future__ import annotations

from dataclasses import dataclass, field

from pydantic import AliasChoices, Field

from packstation.api.models.base import ApiModel
from packstation.api.models.enums import ApiEnum


class LabelFormat(ApiEnum):
    """Consignment labels: PDF, ZPL, ZPLII. Package labels also PNG."""

    ZPL = "ZPL"
    ZPLII = "ZPLII"
    PDF = "PDF"
    PNG = "PNG"

    @property
    def path_segment(self) -> str:
        """Lower case, as in the documented example `GET /labels/EC-000-05B-MMA/pdf`."""
        return self.value.lower()

    @property
    def is_zpl(self) -> bool:
        return self in (LabelFormat.ZPL, LabelFormat.ZPLII)


class LabelFilePayload(ApiModel):
    """The body of the label routes: `{"File": "<base64>", "ContentType": "application/pdf"}`."""

    file: str = Field(repr=False)
    # One third-party spec names it "Content-Type".
    content_type: str | None = Field(
        default=None, validation_alias=AliasChoices("ContentType", "Content-Type", "content_type")
    )


@dataclass(frozen=True, slots=True)
class LabelDocument:
    """A decoded, validated label: one multi-page PDF, or ZPL with one ^XA..^XZ block a label."""

    format: LabelFormat
    content_type: str | None
    data: bytes = field(repr=False)
    page_count: int | None
    """PDF pages or ZPL blocks when cheaply countable; 1 for PNG; None when unknown."""
    dpi: int | None
    """The resolution asked for, or None for the server's default."""
