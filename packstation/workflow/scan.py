"""What a barcode scan (or typed text) refers to.

Scanners type like a keyboard and end with Enter, so input arrives with stray whitespace,
prefixes and suffixes (AIM identifiers such as "]C1", shop prefixes), the wrong case, and,
under the wrong keyboard layout, odd separators ("EO)000)002)0TT" on AZERTY). References are
found anywhere in the text, with any single separator between their groups.
"""

from __future__ import annotations

import itertools
import re
import string
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

MAX_SCAN_LENGTH = 200

_GROUP = r"([0-9A-Z]{3})"
_SEP = r"[^0-9A-Z]?"


def _reference_pattern(prefix: str) -> re.Pattern[str]:
    letters = _SEP.join(prefix)
    return re.compile(
        rf"(?<![0-9A-Z]){letters}{_SEP}{_GROUP}{_SEP}{_GROUP}{_SEP}{_GROUP}(?![0-9A-Z])"
    )


_ORDER = _reference_pattern("EO")
_CONSIGNMENT = _reference_pattern("EC")
_TRACKING = re.compile(r"^[0-9A-Z]{8,40}$")
# Symbology identifier some scanners put first: "]" + code letter + modifier, e.g. "]C1".
_AIM_IDENTIFIER = re.compile(r"^\][A-Z][0-9A-Z]")
# Only a-z: str.upper() would turn a German keyboard's "ß" (where "-" is on a US one) into
# "SS", and an order number typed under that layout would read as a tracking number.
_ASCII_UPPER = str.maketrans(string.ascii_lowercase, string.ascii_uppercase)


class ScanKind(StrEnum):
    ORDER = "order"
    CONSIGNMENT = "consignment"
    TRACKING = "tracking"
    UNREADABLE = "unreadable"


@dataclass(frozen=True)
class Scan:
    kind: ScanKind
    reference: str
    message: str  # for UNREADABLE: plain words for the packer


def _visible(text: str) -> str:
    """Drop control, format (e.g. right-to-left marks) and other invisible characters."""
    return "".join(
        ch for ch in text if unicodedata.category(ch)[0] not in ("C",) and ch not in "\u2028\u2029"
    )


def interpret_scan(raw: str) -> Scan:
    if len(raw) > MAX_SCAN_LENGTH * 4:
        return _unreadable("That scan is far too long to be an order or parcel barcode.")
    visible = _visible(raw).strip().translate(_ASCII_UPPER)
    text = _AIM_IDENTIFIER.sub("", visible).strip()
    if not text:
        return _unreadable("The scan was empty. Scan the order barcode again.")
    if len(text) > MAX_SCAN_LENGTH:
        return _unreadable("That scan is far too long to be an order or parcel barcode.")
    # "]EO-000-..." reads like an AIM identifier ("]" + letter + modifier) in front of
    # "-000-...": look for a reference with the identifier kept as well as without it.
    for candidate, (pattern, kind, prefix) in itertools.product(
        (text, visible),
        ((_ORDER, ScanKind.ORDER, "EO"), (_CONSIGNMENT, ScanKind.CONSIGNMENT, "EC")),
    ):
        found = pattern.search(candidate)
        if found:
            return Scan(kind, f"{prefix}-{'-'.join(found.groups())}", "")
    compact = re.sub(r"[\s-]", "", text)
    if _TRACKING.match(compact) and any(ch.isdigit() for ch in compact):
        return Scan(ScanKind.TRACKING, compact, "")
    if any(not ch.isascii() for ch in text):
        return _unreadable(
            "The scan has characters no order barcode has. Check the scanner's keyboard "
            "layout, then scan again."
        )
    return _unreadable(
        "That is not an order (EO-...), consignment (EC-...) or tracking number. "
        "Scan the order barcode on the pick list."
    )


def _unreadable(message: str) -> Scan:
    return Scan(ScanKind.UNREADABLE, "", message)
