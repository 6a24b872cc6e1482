"""Label handling cost, in one process: decode + validate + render, for the sandbox's own 4x6
labels as SortedPRO sends them (base64 in the `File` field).

PDF: `decode_label_file` (base64, magic, %%EOF) then `render_page_image` at 203 dpi, 1-bit (what
printing to a thermal OS queue paints), with a fresh `QPdfDocument` loaded from memory each time.
ZPL: `decode_label_file` (base64, ^XA/^XZ pairing) then `outgoing_bytes` (the configuration guard
every raw print passes). `python -m bench.labels IN.json OUT.json`.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

from packstation.pyside_compat import pin_singletons

pin_singletons()
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice  # noqa: E402
from PySide6.QtGui import QGuiApplication  # noqa: E402
from PySide6.QtPdf import QPdfDocument  # noqa: E402

from packstation.api.labels import decode_label_file  # noqa: E402
from packstation.api.models.labels import LabelFormat  # noqa: E402
from packstation.printing.outgoing import outgoing_bytes  # noqa: E402
from packstation.printing.protocol import (  # noqa: E402
    DocumentFormat,
    DocumentKind,
    PageSize,
    PrintDocument,
)
from packstation.printing.qt_pdf import render_page_image  # noqa: E402

LABEL_DPI = 203


def pdf_once(file_field: str) -> float:
    started = time.perf_counter()
    data = decode_label_file(file_field, LabelFormat.PDF)
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    pdf = QPdfDocument()
    pdf.load(buffer)
    if pdf.status() is not QPdfDocument.Status.Ready:
        raise RuntimeError("the sandbox's PDF label did not load")
    image = render_page_image(pdf, 0, LABEL_DPI, monochrome=True)
    pdf.close()
    buffer.close()
    elapsed = time.perf_counter() - started
    if (image.width(), image.height()) != (4 * LABEL_DPI, 6 * LABEL_DPI):
        raise RuntimeError(f"unexpected label size {image.width()}x{image.height()}")
    return elapsed * 1000


def zpl_once(file_field: str) -> float:
    started = time.perf_counter()
    data = decode_label_file(file_field, LabelFormat.ZPL)
    outgoing_bytes(
        PrintDocument(
            kind=DocumentKind.LABEL,
            format=DocumentFormat.ZPL,
            data=data,
            name="bench label",
            page_size=PageSize.LABEL_4X6,
        ),
        "tcp://bench",
    )
    return (time.perf_counter() - started) * 1000


def main() -> int:
    files = json.loads(Path(sys.argv[1]).read_text())
    trials = int(files["trials"])
    _app = QGuiApplication(sys.argv[:1])
    # As in the running app, where the label preview keeps a QPdfDocument open (PdfRenderer):
    # pdfium stays initialised. Without any document alive, QtPdf shuts pdfium down after each
    # label and starts it again for the next (~6 ms, and a leak), which the app never does.
    _resident = QPdfDocument()
    for _ in range(3):  # warm: first use loads the PDF engine and fonts
        pdf_once(files["pdf"])
        zpl_once(files["zpl"])
    result = {
        "pdf_ms": [pdf_once(files["pdf"]) for _ in range(trials)],
        "zpl_ms": [zpl_once(files["zpl"]) for _ in range(trials)],
        "pdf_bytes": len(decode_label_file(files["pdf"], LabelFormat.PDF)),
        "zpl_bytes": len(decode_label_file(files["zpl"], LabelFormat.ZPL)),
    }
    Path(sys.argv[2]).write_text(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
