"""References in the documented formats (EO-/EDO-/EPC-/EC-/EP- + xxx-xxx-xxx, [0-9A-Z])."""

from __future__ import annotations

import hashlib
from enum import StrEnum

_DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_WIDTH = 9


class Prefix(StrEnum):
    ORDER = "EO"
    DELIVERY_OPTION = "EDO"
    POTENTIAL_CONSIGNMENT = "EPC"
    CONSIGNMENT = "EC"
    PACKAGE = "EP"


# Counters start where the docs' examples live (EC-000-05B-MMQ), each prefix in its own range.
FIRST_NUMBER = {
    Prefix.ORDER: int("00002A000", 36),
    Prefix.DELIVERY_OPTION: int("0006D0000", 36),
    Prefix.POTENTIAL_CONSIGNMENT: int("000390000", 36),
    Prefix.CONSIGNMENT: int("0005B0000", 36),
    Prefix.PACKAGE: int("0005E0000", 36),
}


def format_reference(prefix: Prefix, number: int) -> str:
    digits = ""
    while number:
        number, remainder = divmod(number, 36)
        digits = _DIGITS[remainder] + digits
    digits = digits.rjust(_WIDTH, "0")
    if len(digits) > _WIDTH:
        raise OverflowError(f"{prefix} counter exhausted")
    return f"{prefix}-{digits[0:3]}-{digits[3:6]}-{digits[6:9]}"


class ReferenceCounters:
    """Hands out the next reference per prefix; its state is persisted with the store."""

    def __init__(self, next_numbers: dict[str, int] | None = None) -> None:
        self._next = {prefix.value: FIRST_NUMBER[prefix] for prefix in Prefix}
        if next_numbers:
            self._next.update(next_numbers)

    def next(self, prefix: Prefix) -> str:
        number = self._next[prefix.value]
        self._next[prefix.value] = number + 1
        return format_reference(prefix, number)

    def to_json(self) -> dict[str, int]:
        return dict(self._next)


def stable_hex(*parts: object) -> str:
    """32 hex characters (the item/manifest reference format) fixed by its inputs."""
    return hashlib.sha256(":".join(map(str, parts)).encode()).hexdigest()[:32]


def stable_fraction(*parts: object) -> float:
    """A number in [0, 1) fixed by its inputs: a die that gives the same throw every run."""
    digest = hashlib.sha256(":".join(map(str, parts)).encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64
