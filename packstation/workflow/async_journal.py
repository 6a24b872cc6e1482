"""The journal for async code: every call runs on one dedicated thread.

A durable commit fsyncs, which can take milliseconds; doing that on the event loop would freeze
the window. One thread also keeps the connection single-threaded, and runs calls in the order
they were made.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from packstation.workflow.domain import PackageSpec
from packstation.workflow.journal import (
    ArchivedDocument,
    Journal,
    PackEvent,
    PackRecord,
    PrintRecord,
)
from packstation.workflow.states import PackState

P = ParamSpec("P")
T = TypeVar("T")


class AsyncJournal:
    def __init__(self, journal: Journal, executor: ThreadPoolExecutor) -> None:
        self._journal = journal
        self._executor = executor

    @classmethod
    async def open(cls, path: Path) -> AsyncJournal:
        executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="journal")
        loop = asyncio.get_running_loop()
        try:
            journal = await loop.run_in_executor(executor, Journal, path)
        except BaseException:
            executor.shutdown(wait=False)
            raise
        return cls(journal, executor)

    @property
    def path(self) -> Path:
        return self._journal.path

    @property
    def unsynced_commits(self) -> int:
        """Read between journal calls (the journal thread is idle then)."""
        return self._journal.unsynced_commits

    async def _run(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, functools.partial(fn, *args, **kwargs))

    async def close(self) -> None:
        await self._run(self._journal.close)
        self._executor.shutdown(wait=True)

    async def create_pack(
        self,
        *,
        order_reference: str,
        station: str,
        packages: Sequence[PackageSpec],
        destination_country: str | None,
        client_reference: str | None = None,
        durable: bool = True,
    ) -> PackRecord:
        return await self._run(
            self._journal.create_pack,
            order_reference=order_reference,
            station=station,
            packages=packages,
            destination_country=destination_country,
            client_reference=client_reference,
            durable=durable,
        )

    async def transition(
        self,
        pack_id: str,
        target: PackState,
        *,
        note: str | None = None,
        expected: PackState | frozenset[PackState] | None = None,
        durable: bool = True,
        **fields: Any,
    ) -> PackRecord:
        return await self._run(
            self._journal.transition,
            pack_id,
            target,
            note=note,
            expected=expected,
            durable=durable,
            **fields,
        )

    async def set_manifest_state(
        self, pack_id: str, manifest_state: str, message: str | None
    ) -> None:
        await self._run(self._journal.set_manifest_state, pack_id, manifest_state, message)

    async def get(self, pack_id: str) -> PackRecord:
        return await self._run(self._journal.get, pack_id)

    async def find_open_pack_for_order(self, order_reference: str) -> PackRecord | None:
        return await self._run(self._journal.find_open_pack_for_order, order_reference)

    async def find_by_client_reference(self, client_reference: str) -> PackRecord | None:
        return await self._run(self._journal.find_by_client_reference, client_reference)

    async def find_by_consignment(self, consignment_reference: str) -> PackRecord | None:
        return await self._run(self._journal.find_by_consignment, consignment_reference)

    async def find_by_tracking_number(self, tracking_number: str) -> PackRecord | None:
        return await self._run(self._journal.find_by_tracking_number, tracking_number)

    async def packs_in_states(self, states: frozenset[PackState]) -> list[PackRecord]:
        return await self._run(self._journal.packs_in_states, states)

    async def packs_created_since(
        self, since: datetime, station: str | None = None
    ) -> list[PackRecord]:
        return await self._run(self._journal.packs_created_since, since, station)

    async def states_since(
        self, since: datetime, station: str | None = None
    ) -> list[tuple[PackState, datetime]]:
        return await self._run(self._journal.states_since, since, station)

    async def known_client_references(self) -> set[str]:
        return await self._run(self._journal.known_client_references)

    async def known_consignment_references(self) -> set[str]:
        return await self._run(self._journal.known_consignment_references)

    async def events(self, pack_id: str) -> list[PackEvent]:
        return await self._run(self._journal.events, pack_id)

    async def archive_document(
        self,
        pack_id: str,
        *,
        kind: str,
        format: str,
        dpi: int | None,
        name: str,
        data: bytes,
        durable: bool = True,
    ) -> int:
        return await self._run(
            self._journal.archive_document,
            pack_id,
            kind=kind,
            format=format,
            dpi=dpi,
            name=name,
            data=data,
            durable=durable,
        )

    async def documents(self, pack_id: str, kind: str | None = None) -> list[ArchivedDocument]:
        return await self._run(self._journal.documents, pack_id, kind)

    async def record_print(
        self,
        pack_id: str,
        *,
        document_id: int | None,
        target: str,
        reason: str,
        outcome: str,
        job_id: str | None,
        message: str | None,
    ) -> None:
        await self._run(
            self._journal.record_print,
            pack_id,
            document_id=document_id,
            target=target,
            reason=reason,
            outcome=outcome,
            job_id=job_id,
            message=message,
        )

    async def print_records(self, pack_id: str) -> list[PrintRecord]:
        return await self._run(self._journal.print_records, pack_id)

    async def purge(self, *, older_than_days: int) -> int:
        return await self._run(self._journal.purge, older_than_days=older_than_days)
