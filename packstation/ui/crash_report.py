"""The text of a crash report: what failed, where, and which versions; no secrets, no names.

Everything goes through the log redactor (API key, e-mail addresses, phone numbers). Exception
messages are kept because they say what went wrong; the workflow never puts names or addresses
in them.
"""

from __future__ import annotations

import platform
import traceback
from collections.abc import Callable
from datetime import UTC, datetime

import PySide6
from PySide6.QtCore import qVersion

from packstation import __version__


def versions() -> str:
    return (
        f"packstation {__version__}; Python {platform.python_version()}; "
        f"PySide6 {PySide6.__version__}; Qt {qVersion()}; {platform.platform()}"
    )


def crash_report(error: BaseException, redact: Callable[[str], str], context: str = "") -> str:
    lines = [
        "packstation crash report",
        f"When: {datetime.now(UTC).isoformat(timespec='seconds')}",
        f"Versions: {versions()}",
        f"Where: {context or 'unknown'}",
        f"What: {type(error).__module__}.{type(error).__qualname__}",
        "",
        "".join(traceback.format_exception(error)).rstrip(),
    ]
    return redact("\n".join(lines))
