"""SIGKILL the process at one named point: after a journal commit, around an HTTP exchange,
after the printer got a document, or at a random moment. Production code carries no hook: this
wraps it from outside, like tests/e2e/crash_hook/sitecustomize.py, with more points.

Points:
  state:<pack state>          right after that journal transition is committed
  archive-after:<kind>        right after a document of that kind was archived (label, customs)
  record-print-after          right after a print result was journaled (before the state)
  print-after:<kind>          the printer (a folder) has the document, the journal does not yet
  http-before:<METHOD glob>   just before the request goes out
  http-headers:<METHOD glob>  the response's headers arrived, its body not read yet
  http-after:<METHOD glob>    the whole response arrived, the client has not seen it yet
  http-inflight:<METHOD glob> 50 ms after the request went out, while the server works on it
  time:<milliseconds>         that long after the command started, wherever it is
"""

from __future__ import annotations

import asyncio
import fnmatch
import os
import signal
import threading
from typing import Any

INFLIGHT_KILL_SECONDS = 0.05


def die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def install(point: str) -> None:
    kind, _, target = point.partition(":")
    if kind == "state":
        _after_transition(target)
    elif kind == "archive-after":
        _after_archive(target)
    elif kind == "record-print-after":
        _after_record_print()
    elif kind == "print-after":
        _after_print(target)
    elif kind.startswith("http-"):
        _around_http(kind, target)
    elif kind == "time":
        timer = threading.Timer(int(target) / 1000.0, die)
        timer.daemon = True
        timer.start()
    elif point:
        raise ValueError(f"unknown kill point {point!r}")


def _after_transition(target: str) -> None:
    from packstation.workflow import journal

    original_transition = journal.Journal.transition
    original_create = journal.Journal.create_pack

    def transition(self: Any, pack_id: str, state: Any, **kwargs: Any) -> Any:
        record = original_transition(self, pack_id, state, **kwargs)
        if state.value == target:
            die()
        return record

    def create_pack(self: Any, **kwargs: Any) -> Any:
        record = original_create(self, **kwargs)
        if target == "looked_up":
            die()
        return record

    journal.Journal.transition = transition  # type: ignore[method-assign]
    journal.Journal.create_pack = create_pack  # type: ignore[method-assign]


def _after_archive(kind: str) -> None:
    from packstation.workflow import journal

    original = journal.Journal.archive_document

    def archive_document(self: Any, pack_id: str, **kwargs: Any) -> int:
        document_id = original(self, pack_id, **kwargs)
        if kwargs.get("kind") == kind:
            die()
        return document_id

    journal.Journal.archive_document = archive_document  # type: ignore[method-assign]


def _after_record_print() -> None:
    from packstation.workflow import journal

    original = journal.Journal.record_print

    def record_print(self: Any, pack_id: str, **kwargs: Any) -> None:
        original(self, pack_id, **kwargs)
        die()

    journal.Journal.record_print = record_print  # type: ignore[method-assign]


def _after_print(kind: str) -> None:
    from packstation.printing import folder

    original = folder.FolderPrinter.print_document

    async def print_document(self: Any, document: Any) -> Any:
        result = await original(self, document)
        if document.kind.value == kind:
            die()
        return result

    folder.FolderPrinter.print_document = print_document  # type: ignore[method-assign]


def _around_http(kind: str, target: str) -> None:
    import httpx

    original_send = httpx.AsyncClient.send

    async def send(self: Any, request: httpx.Request, **kwargs: Any) -> httpx.Response:
        hit = fnmatch.fnmatch(f"{request.method} {request.url.path}", target)
        if hit and kind == "http-before":
            die()
        if hit and kind == "http-inflight":
            asyncio.get_running_loop().call_later(INFLIGHT_KILL_SECONDS, die)
        response = await original_send(self, request, **kwargs)
        if hit and kind == "http-headers":
            die()
        if hit and kind == "http-after":
            await response.aread()
            die()
        return response

    httpx.AsyncClient.send = send  # type: ignore[method-assign]
