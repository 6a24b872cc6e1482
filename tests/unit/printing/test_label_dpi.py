from __future__ import annotations

import pytest

from packstation.printing.dpi import label_resolution, matching_label_dpi
from packstation.printing.protocol import DocumentFormat

ZPL, PDF = DocumentFormat.ZPL, DocumentFormat.PDF


@pytest.mark.parametrize(("dpi", "expected"), [(203, 203), (200, 203), (300, 300), (305, 300)])
def test_printer_resolutions_match_what_sortedpro_offers(dpi: int, expected: int) -> None:
    assert matching_label_dpi(dpi) == expected


@pytest.mark.parametrize("dpi", [None, 150, 600, 1200])
def test_other_resolutions_match_nothing(dpi: int | None) -> None:
    assert matching_label_dpi(dpi) is None


def test_the_printer_resolution_is_asked_for() -> None:
    choice = label_resolution(printer="Zebra", printer_dpi=300, label_format=ZPL)

    assert (choice.dpi, choice.warning) == (300, None)


def test_an_unknown_printer_resolution_keeps_the_setting_or_the_house_standard() -> None:
    assert label_resolution(printer="tcp", printer_dpi=None, label_format=ZPL).dpi == 203
    unknown = label_resolution(
        printer="tcp", printer_dpi=None, label_format=ZPL, configured_dpi=300
    )
    assert (unknown.dpi, unknown.warning) == (300, None)


def test_a_setting_that_disagrees_with_the_printer_is_overridden_with_a_warning() -> None:
    choice = label_resolution(
        printer="Zebra", printer_dpi=300, label_format=ZPL, configured_dpi=203
    )

    assert choice.dpi == 300
    assert choice.warning is not None
    assert "asks for 203 dpi" in choice.warning and "prints at 300 dpi" in choice.warning


def test_zpl_for_a_resolution_sortedpro_does_not_offer_warns_of_the_wrong_size() -> None:
    choice = label_resolution(printer="Zebra600", printer_dpi=600, label_format=ZPL)

    assert choice.dpi == 300
    assert choice.warning is not None and "50% of their size" in choice.warning


def test_zpl_to_a_printer_that_does_not_speak_it_warns() -> None:
    choice = label_resolution(
        printer="Office", printer_dpi=300, label_format=ZPL, printer_model="HP LaserJet M404"
    )

    assert choice.warning is not None and "print as text" in choice.warning


def test_pdf_to_a_raw_queue_warns() -> None:
    choice = label_resolution(
        printer="Zebra", printer_dpi=None, label_format=PDF, printer_model="Local Raw Printer"
    )

    assert choice.warning is not None and "unconverted" in choice.warning


def test_a_zebra_driver_queue_suits_both_formats() -> None:
    for label_format in (ZPL, PDF):
        choice = label_resolution(
            printer="Zebra",
            printer_dpi=203,
            label_format=label_format,
            printer_model="Zebra ZPL Label Printer",
        )
        assert choice == choice.__class__(203, None)
