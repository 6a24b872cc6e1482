"""How option and order values read on screen: prices, dates, windows, time left, packages."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

from PySide6.QtCore import QCoreApplication

from packstation.workflow.domain import PackageSpec
from packstation.workflow.states import PackState

_CONTEXT = "DisplayText"
_CURRENCY_SYMBOLS = {"GBP": "£", "EUR": "€", "USD": "$"}
_WHOLE_DAY = (time(0, 0), time(23, 59))


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def price_text(amount: Decimal | None, currency: str | None) -> str:
    if amount is None:
        return "–"
    symbol = _CURRENCY_SYMBOLS.get((currency or "").upper())
    if symbol:
        return f"{symbol}{amount:.2f}"
    return f"{amount:.2f} {currency or ''}".strip()


def date_text(day: date | None) -> str:
    if day is None:
        return "–"
    return day.strftime("%a %d %b")


def window_text(start: time | None, end: time | None) -> str:
    if start is None and end is None:
        return "–"
    if is_whole_day(start, end):
        return _tr("all day")
    if start == time(0, 0) and end is not None:
        return _tr("by %1").replace("%1", end.strftime("%H:%M"))
    first = start.strftime("%H:%M") if start else "…"
    last = end.strftime("%H:%M") if end else "…"
    return f"{first}–{last}"


def is_whole_day(start: time | None, end: time | None) -> bool:
    return (start, end) == _WHOLE_DAY or (start == time(0, 0) and end is None)


def delivery_text(day: date | None, start: time | None, end: time | None) -> str:
    """The date, and the window only when it narrows the day: "Wed 25 Nov · by 13:00"."""
    if is_whole_day(start, end) or (start is None and end is None):
        return date_text(day)
    return f"{date_text(day)} · {window_text(start, end)}"


def time_left_text(cutoff: datetime | None, now: datetime) -> str:
    """Whole minutes for long waits; seconds only when they matter (under ten minutes)."""
    if cutoff is None:
        return _tr("no cut-off")
    seconds = int((cutoff - now).total_seconds())
    if seconds <= 0:
        return _tr("expired")
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    if hours >= 24:
        days = hours // 24
        return (_tr("1 day") if days == 1 else _tr("%1 days")).replace("%1", str(days))
    if hours:
        return f"{hours} h {minutes:02d} min"
    if minutes >= 10:
        return f"{minutes} min"
    return f"{minutes} min {seconds:02d} s"


def package_text(package: PackageSpec) -> str:
    return (
        f"{package.weight_kg:g} kg, "
        f"{package.length_cm:g} × {package.width_cm:g} × {package.height_cm:g} cm"
    )


_STATE_WORDS = {
    PackState.LOOKED_UP: "Looked up, no options yet",
    PackState.OPTIONS_READY: "Ready to book",
    PackState.SELECTING: "Booking (not confirmed yet)",
    PackState.ALLOCATED: "Booked, label not fetched yet",
    PackState.LABEL_FETCHED: "Booked, label not printed yet",
    PackState.PRINTING: "Printing",
    PackState.PRINT_SUBMITTED: "Label sent to the printer",
    PackState.PRINTED: "Label printed",
    PackState.PRINT_FAILED: "Booked, but the label did not print",
    PackState.PARKED: "Parked: needs attention",
    PackState.CANCELLED: "Cancelled",
}


def state_text(state: PackState) -> str:
    return _tr(_STATE_WORDS[state])
