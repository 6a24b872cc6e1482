"""Work around a reference leak in PySide6 6.12.0 on Python 3.11.

`SignalInstance.emit()` returns True without taking a new reference, so every emit of a signal
declared in Python drops one reference to True. Python 3.12+ makes True immortal; on 3.11 the
count reaches zero after a few hundred emits and the interpreter aborts with
"Fatal Python error: bool_dealloc". A large reserve of references keeps it from ever reaching zero.
"""

from __future__ import annotations

import ctypes
import sys

REFERENCE_RESERVE = 1 << 40


def pin_booleans() -> None:
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return
    for value in (True, False):
        ctypes.c_ssize_t.from_address(id(value)).value += REFERENCE_RESERVE
