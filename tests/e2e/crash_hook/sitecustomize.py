"""Loaded by the crash test's subprocess (via PYTHONPATH): SIGKILL the process at one point.

PACKSTATION_CRASH_POINT is one of:
  state:<pack state>          right after that journal transition is committed
  http-before:<METHOD glob>   just before the request goes out (e.g. "POST /deliveryoptions")
  http-after:<METHOD glob>    after the server answered, before the client sees the answer
  print-after                 after the printer got the label, before the journal records it
Production code carries no hook: this module wraps it from outside.
"""

from __future__ import annotations

import fnmatch
import os
import signal

_POINT = os.environ.get("PACKSTATION_CRASH_POINT", "")


def _die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def _install() -> None:
    kind, _, target = _POINT.partition(":")
    if kind == "state":
        from packstation.workflow import journal

        original_transition = journal.Journal.transition

        def transition(self, pack_id, state, **kwargs):  # type: ignore[no-untyped-def]
            record = original_transition(self, pack_id, state, **kwargs)
            if state.value == target:
                _die()
            return record

        journal.Journal.transition = transition  # type: ignore[method-assign]
        original_create = journal.Journal.create_pack

        def create_pack(self, **kwargs):  # type: ignore[no-untyped-def]
            record = original_create(self, **kwargs)
            if target == "looked_up":
                _die()
            return record

        journal.Journal.create_pack = create_pack  # type: ignore[method-assign]
    elif kind in ("http-before", "http-after"):
        import httpx

        original_send = httpx.AsyncClient.send

        async def send(self, request, **kwargs):  # type: ignore[no-untyped-def]
            hit = fnmatch.fnmatch(f"{request.method} {request.url.path}", target)
            if hit and kind == "http-before":
                _die()
            response = await original_send(self, request, **kwargs)
            if hit:
                await response.aread()
                _die()
            return response

        httpx.AsyncClient.send = send  # type: ignore[method-assign]
    elif kind == "print-after":
        from packstation.printing import folder

        original_print = folder.FolderPrinter.print_document

        async def print_document(self, document):  # type: ignore[no-untyped-def]
            result = await original_print(self, document)
            if document.kind.value == "label":
                _die()
            return result

        folder.FolderPrinter.print_document = print_document  # type: ignore[method-assign]


if _POINT:
    _install()
