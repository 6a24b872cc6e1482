"""What the packer reads when an action fails: plain words with what to do next.

Only failures the station expects are described here; anything else is a bug and goes to the
crash dialog instead.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from packstation.workflow.journal import JournalError
from packstation.workflow.shipping_api import ShippingError

_CONTEXT = "ErrorWords"


def describe_error(error: BaseException) -> str | None:
    """Plain words for an expected failure, or None when the failure is unexpected."""
    if isinstance(error, ShippingError):
        return error.user_message
    if isinstance(error, JournalError):
        return QCoreApplication.translate(
            _CONTEXT,
            "The station could not write its journal, so it stopped before doing anything "
            "more. Check that the disk is not full, then press Retry.",
        )
    return None
