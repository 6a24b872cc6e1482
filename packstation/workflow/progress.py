"""The steps of a pack, reported as they start so the window can show each one."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum


class PackStep(StrEnum):
    LOOKUP = "Looking up the order"
    QUOTE = "Getting delivery options"
    RECONCILE = "Checking with SortedPRO"
    SELECT = "Booking the consignment"
    LABEL = "Fetching the label"
    PRINT = "Printing"
    DONE = "Done"


ProgressListener = Callable[[PackStep], None]


def ignore_progress(step: PackStep) -> None:
    """The default listener: headless callers that do not show steps."""
