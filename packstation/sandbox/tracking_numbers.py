"""Carrier-like tracking numbers, fixed by the package's number so they never collide."""

from __future__ import annotations

from packstation.sandbox.catalog import TrackingFormat

_S10_WEIGHTS = (8, 6, 4, 2, 3, 5, 9, 7)
_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"  # no I, O, Q: they read as digits


def tracking_number(tracking_format: TrackingFormat, serial: int) -> str:
    if tracking_format is TrackingFormat.ROYAL_MAIL:
        digits = f"{serial % 10**8:08d}"
        return f"TT{digits}{_s10_check_digit(digits)}GB"
    if tracking_format is TrackingFormat.DPD:
        return f"1550{serial % 10**10:010d}"
    if tracking_format is TrackingFormat.EVRI:
        letters = "".join(_LETTERS[(serial // 23**power) % 23] for power in (2, 1, 0))
        return f"H01{letters}{serial % 10**10:010d}"
    return f"{4_000_000_000 + serial % 10**9:010d}"  # DHL waybill: 10 digits


def _s10_check_digit(digits: str) -> int:
    """The UPU S10 check digit over the eight serial digits."""
    check = 11 - sum(int(d) * w for d, w in zip(digits, _S10_WEIGHTS, strict=True)) % 11
    return {10: 0, 11: 5}.get(check, check)
