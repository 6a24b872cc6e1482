"""The Windows print spooler through winspool.drv (ctypes): raw jobs, printer and job status.

Elsewhere `Win32Spooler()` raises OSError. Raw jobs use the
"RAW" datatype, which v3 drivers (Zebra's ZDesigner among them) pass to the printer unchanged.
Untested here: the project's CI runs on Linux; windows_spooler.py holds the logic, tested with
a fake spooler.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from packstation.printing.windows_spooler import SpoolerJob

if sys.platform == "win32":
    import ctypes
    from ctypes import wintypes

    JOB_CONTROL_DELETE = 5
    PRINTER_INFO_LEVEL = 2
    JOB_INFO_LEVEL = 1
    ERROR_INSUFFICIENT_BUFFER = 122

    class DocInfo1(ctypes.Structure):
        _fields_ = (
            ("pDocName", wintypes.LPWSTR),
            ("pOutputFile", wintypes.LPWSTR),
            ("pDatatype", wintypes.LPWSTR),
        )

    class JobInfo1(ctypes.Structure):
        _fields_ = (
            ("JobId", wintypes.DWORD),
            ("pPrinterName", wintypes.LPWSTR),
            ("pMachineName", wintypes.LPWSTR),
            ("pUserName", wintypes.LPWSTR),
            ("pDocument", wintypes.LPWSTR),
            ("pDatatype", wintypes.LPWSTR),
            ("pStatus", wintypes.LPWSTR),
            ("Status", wintypes.DWORD),
            ("Priority", wintypes.DWORD),
            ("Position", wintypes.DWORD),
            ("TotalPages", wintypes.DWORD),
            ("PagesPrinted", wintypes.DWORD),
            ("Submitted", wintypes.WORD * 8),  # SYSTEMTIME
        )

    class PrinterInfo2(ctypes.Structure):
        _fields_ = (
            ("pServerName", wintypes.LPWSTR),
            ("pPrinterName", wintypes.LPWSTR),
            ("pShareName", wintypes.LPWSTR),
            ("pPortName", wintypes.LPWSTR),
            ("pDriverName", wintypes.LPWSTR),
            ("pComment", wintypes.LPWSTR),
            ("pLocation", wintypes.LPWSTR),
            ("pDevMode", ctypes.c_void_p),
            ("pSepFile", wintypes.LPWSTR),
            ("pPrintProcessor", wintypes.LPWSTR),
            ("pDatatype", wintypes.LPWSTR),
            ("pParameters", wintypes.LPWSTR),
            ("pSecurityDescriptor", ctypes.c_void_p),
            ("Attributes", wintypes.DWORD),
            ("Priority", wintypes.DWORD),
            ("DefaultPriority", wintypes.DWORD),
            ("StartTime", wintypes.DWORD),
            ("UntilTime", wintypes.DWORD),
            ("Status", wintypes.DWORD),
            ("cJobs", wintypes.DWORD),
            ("AveragePPM", wintypes.DWORD),
        )

    class Win32Spooler:
        """Blocking calls: the printer runs them in a worker thread."""

        def __init__(self) -> None:
            self._winspool = ctypes.WinDLL("winspool.drv", use_last_error=True)

        def printer_state(self, queue: str) -> tuple[int, int]:
            """(Status, Attributes) of PRINTER_INFO_2."""
            with _OpenPrinter(self._winspool, queue) as handle:
                data = self._fetch(
                    lambda buffer, size, needed: self._winspool.GetPrinterW(
                        handle, PRINTER_INFO_LEVEL, buffer, size, needed
                    )
                )
                info = PrinterInfo2.from_buffer(data)
                return int(info.Status), int(info.Attributes)

        def write_raw(self, queue: str, document_name: str, data: bytes) -> int:
            with _OpenPrinter(self._winspool, queue) as handle:
                info = DocInfo1(document_name, None, "RAW")
                job_id = self._winspool.StartDocPrinterW(handle, 1, ctypes.byref(info))
                if not job_id:
                    raise ctypes.WinError(ctypes.get_last_error())
                try:
                    self._check(self._winspool.StartPagePrinter(handle))
                    written = wintypes.DWORD()
                    self._check(
                        self._winspool.WritePrinter(handle, data, len(data), ctypes.byref(written))
                    )
                    if written.value != len(data):
                        raise OSError(f"the spooler took {written.value} of {len(data)} bytes")
                    self._check(self._winspool.EndPagePrinter(handle))
                finally:
                    self._winspool.EndDocPrinter(handle)
                return int(job_id)

        def jobs(self, queue: str) -> list[SpoolerJob]:
            with _OpenPrinter(self._winspool, queue) as handle:
                returned = wintypes.DWORD()
                data = self._fetch(
                    lambda buffer, size, needed: self._winspool.EnumJobsW(
                        handle,
                        0,
                        0xFFFF,
                        JOB_INFO_LEVEL,
                        buffer,
                        size,
                        needed,
                        ctypes.byref(returned),
                    )
                )
                # The strings live in the same buffer: read them while it is alive.
                array = (JobInfo1 * returned.value).from_buffer(data)
                return [
                    SpoolerJob(int(job.JobId), job.pDocument or "", int(job.Status))
                    for job in array
                ]

        def cancel(self, queue: str, job_id: int) -> bool:
            with _OpenPrinter(self._winspool, queue) as handle:
                return bool(self._winspool.SetJobW(handle, job_id, 0, None, JOB_CONTROL_DELETE))

        def _fetch(self, call: Callable[[object, int, object], int]) -> ctypes.Array[ctypes.c_char]:
            """Ask once for the size, then for the data (the winspool buffer convention)."""
            needed = wintypes.DWORD()
            call(None, 0, ctypes.byref(needed))
            buffer = ctypes.create_string_buffer(max(needed.value, 1))
            self._check(call(buffer, needed.value, ctypes.byref(needed)))
            return buffer

        @staticmethod
        def _check(succeeded: int) -> None:
            if not succeeded:
                raise ctypes.WinError(ctypes.get_last_error())

    class _OpenPrinter:
        def __init__(self, winspool: ctypes.CDLL, queue: str) -> None:
            self._winspool = winspool
            self._queue = queue
            self._handle = wintypes.HANDLE()

        def __enter__(self) -> wintypes.HANDLE:
            if not self._winspool.OpenPrinterW(self._queue, ctypes.byref(self._handle), None):
                raise ctypes.WinError(ctypes.get_last_error())
            return self._handle

        def __exit__(self, *_: object) -> None:
            self._winspool.ClosePrinter(self._handle)
else:

    class Win32Spooler:
        def __init__(self) -> None:
            raise OSError("the Windows spooler exists only on Windows")

        def printer_state(self, queue: str) -> tuple[int, int]:
            raise NotImplementedError

        def write_raw(self, queue: str, document_name: str, data: bytes) -> int:
            raise NotImplementedError

        def jobs(self, queue: str) -> list[SpoolerJob]:
            raise NotImplementedError

        def cancel(self, queue: str, job_id: int) -> bool:
            raise NotImplementedError
