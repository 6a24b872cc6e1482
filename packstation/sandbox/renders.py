"""Label, customs and manifest files: format rules (§9.4/9.5), rendering and caching.

Rendering takes milliseconds, so callers run these methods in a worker thread; each result
is cached (base64 text, ready to send) under a key that changes when the allocation does.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Hashable, Mapping, Sequence
from enum import StrEnum

from packstation.sandbox.documents import (
    SUPPORTED_DPIS,
    CustomsData,
    CustomsDocumentKind,
    PackageLabel,
    render_customs_pdf,
    render_label_pdf,
    render_label_png,
    render_label_zpl,
)
from packstation.sandbox.errors import ApiError
from packstation.sandbox.manifest_pdf import render_manifest_pdf
from packstation.sandbox.render_cache import RenderCache


class LabelFormat(StrEnum):
    PDF = "PDF"
    ZPL = "ZPL"
    ZPLII = "ZPLII"
    PNG = "PNG"


CONTENT_TYPES = {
    LabelFormat.PDF: "application/pdf",
    LabelFormat.ZPL: "application/zpl",
    LabelFormat.ZPLII: "application/zpl",
    LabelFormat.PNG: "image/png",
}
DEFAULT_FORMAT = LabelFormat.PDF
DEFAULT_DPI = 203


def parse_label_format(text: str | None, *, package_level: bool) -> LabelFormat:
    if text is None:
        return DEFAULT_FORMAT
    try:
        label_format = LabelFormat(text.upper())
    except ValueError:
        raise ApiError(
            400, "InvalidLabelFormat", f"Label format {text!r} is not one of PDF, ZPL, ZPLII, PNG."
        ) from None
    if label_format is LabelFormat.PNG and not package_level:
        raise ApiError(
            400,
            "LabelFormatNotSupported",
            "Consignment labels are not available as PNG; ask for PDF, ZPL or ZPLII, "
            "or get each package's label as PNG.",
        )
    return label_format


def parse_dpi(text: str | None, label_format: LabelFormat) -> int:
    if text is None:
        return DEFAULT_DPI
    if not text.isdigit() or int(text) not in SUPPORTED_DPIS:
        choices = " or ".join(str(dpi) for dpi in SUPPORTED_DPIS)
        raise ApiError(
            400,
            "InvalidResolution",
            f"Resolution {text} is not supported for {label_format}: {choices}.",
        )
    return int(text)


class Renders:
    def __init__(self, double_base64_labels: bool) -> None:
        self._double_base64_labels = double_base64_labels
        self._cache = RenderCache()

    def label(
        self, key: Hashable, label_format: LabelFormat, dpi: int, labels: Sequence[PackageLabel]
    ) -> str:
        def render() -> str:
            encoded = base64.b64encode(_render_labels(label_format, dpi, labels))
            if self._double_base64_labels:  # as the doc example is encoded (§5.7)
                encoded = base64.b64encode(encoded)
            return encoded.decode("ascii")

        return self._cache.get_or_render(("label", key, label_format, dpi), render)

    def customs(self, key: Hashable, kind: CustomsDocumentKind, data: CustomsData) -> str:
        return self._cached_pdf(("customs", key, kind), lambda: render_customs_pdf(kind, data))

    def manifest(
        self, key: Hashable, title: str, header: Sequence[str], rows: Sequence[Mapping[str, str]]
    ) -> str:
        return self._cached_pdf(("manifest", key), lambda: render_manifest_pdf(title, header, rows))

    def _cached_pdf(self, key: Hashable, render: Callable[[], bytes]) -> str:
        return self._cache.get_or_render(key, lambda: base64.b64encode(render()).decode("ascii"))


def _render_labels(label_format: LabelFormat, dpi: int, labels: Sequence[PackageLabel]) -> bytes:
    if label_format is LabelFormat.PDF:
        return render_label_pdf(list(labels))
    if label_format is LabelFormat.PNG:
        (label,) = labels
        return render_label_png(label, dpi)
    return render_label_zpl(list(labels), dpi)
