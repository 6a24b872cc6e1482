"""Physical page sizes, and their names for CUPS/IPP."""

from __future__ import annotations

from packstation.printing.protocol import PageSize

POINTS_PER_INCH = 72.0
MILLIMETRES_PER_INCH = 25.4

# PWG 5101.1 self-describing media names; cupsd maps them onto the queue's own page sizes.
PWG_MEDIA_NAMES = {
    PageSize.LABEL_4X6: "na_index-4x6_4x6in",
    PageSize.A4: "iso_a4_210x297mm",
    PageSize.LETTER: "na_letter_8.5x11in",
}

# Width and height in inches, portrait.
PAGE_INCHES = {
    PageSize.LABEL_4X6: (4.0, 6.0),
    PageSize.A4: (210 / MILLIMETRES_PER_INCH, 297 / MILLIMETRES_PER_INCH),
    PageSize.LETTER: (8.5, 11.0),
}


def page_points(page_size: PageSize) -> tuple[float, float]:
    width, height = PAGE_INCHES[page_size]
    return width * POINTS_PER_INCH, height * POINTS_PER_INCH
