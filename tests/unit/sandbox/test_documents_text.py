"""How label text is folded into a font's characters and fitted into its box."""

from __future__ import annotations

import pytest
from reportlab.pdfbase.pdfmetrics import stringWidth

from packstation.sandbox.documents.charset import ASCII, WINDOWS_1252, fold_text
from packstation.sandbox.documents.text_fit import ELLIPSIS, fit_text


def helvetica(text: str, size: float) -> float:
    return float(stringWidth(text, "Helvetica", size))


@pytest.mark.parametrize(
    ("text", "ascii"),
    [
        ("Zoë Ångström", "Zoe Angstrom"),
        ("Straße Æble Øre Łódź", "Strasse AEble Ore Lodz"),
        ("“quoted” – dash…", '"quoted" - dash...'),
        ("محمد عبد الله", "? ? ?"),
        ("Bob 🎉 Smith", "Bob Smith"),
        ("tab\tnew\nline\x00nul", "tab new linenul"),
        ("  spaced   out  ", "spaced out"),
        ("^XZ~JR", "^XZ~JR"),  # printable ASCII is kept; escaping is ZPL's business
    ],
)
def test_fold_to_ascii(text: str, ascii: str) -> None:
    assert fold_text(text, ASCII) == ascii


def test_fold_to_windows_1252_keeps_western_accents() -> None:
    assert fold_text("Zoë Ångström £5 € Łukasz 山田", WINDOWS_1252) == "Zoë Ångström £5 € Lukasz ?"


def test_fit_keeps_text_that_fits() -> None:
    fitted = fit_text("London", 12, 6, 200, helvetica)

    assert (fitted.text, fitted.size) == ("London", 12)


def test_fit_shrinks_text_a_little_too_wide() -> None:
    text = "Boutique Lumière SARL"
    width = helvetica(text, 12)

    fitted = fit_text(text, 12, 6, width * 0.8, helvetica)

    assert fitted.text == text
    assert fitted.size == pytest.approx(9.6)
    assert helvetica(fitted.text, fitted.size) <= width * 0.8 + 1e-9


def test_fit_cuts_text_far_too_wide_with_an_ellipsis() -> None:
    text = "An address line that goes on and on " * 10

    fitted = fit_text(text, 12, 8, 150, helvetica)

    assert fitted.size == 8
    assert fitted.text.endswith(ELLIPSIS)
    assert text.startswith(fitted.text.removesuffix(ELLIPSIS))
    assert 140 < helvetica(fitted.text, 8) <= 150


def test_fit_gives_up_on_a_box_too_narrow_for_anything() -> None:
    assert fit_text("Anything", 12, 8, 2, helvetica).text == ""
