"""Work around PySide6 6.12.0 dropping references to None, True and False on Python 3.11.

Measured here: every Qt call that returns nothing (`QLabel.setText`, `processEvents`, a slot
invoked from C++, ...) drops one reference to None, and every `Signal.emit()` drops one to True,
as if they were immortal (they are from Python 3.12 on, PEP 683). On 3.11 the count reaches zero
after a few thousand calls and the interpreter aborts ("Fatal Python error: none_dealloc" or
"bool_dealloc"): a station would die mid-shift. A reserve of 2**40 references keeps the counts
from ever reaching zero. Call it once, first thing in the process; it does nothing on 3.12+.
"""

from __future__ import annotations

import ctypes
import sys

REFERENCE_RESERVE = 1 << 40
_pinned = False


def pin_singletons() -> None:
    global _pinned  # once per process, by design
    if _pinned or sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return
    for singleton in (None, True, False):
        ctypes.c_ssize_t.from_address(id(singleton)).value += REFERENCE_RESERVE
    _pinned = True
