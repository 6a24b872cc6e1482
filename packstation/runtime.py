"""Composition root shared by the window and the headless CLI.

Builds, in order: the connection (embedded demo sandbox, Sorted's sandbox or production), the one
HTTP client, the journal, the printers, and the workflow services; and closes them in reverse.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from packstation.api import AsyncSortedPro
from packstation.api_key_store import load_api_key
from packstation.config import ApiEnvironment, StationSettings
from packstation.printing.factory import DefaultPrinterFactory
from packstation.printing.protocol import PrinterFactory
from packstation.workflow.async_journal import AsyncJournal
from packstation.workflow.day_close import DayClose
from packstation.workflow.gateway import SortedProGateway
from packstation.workflow.packing import PackingService, WorkflowSettings
from packstation.workflow.rules import RuleKind, SelectionRule

if TYPE_CHECKING:
    from packstation.sandbox.server import SandboxServer

log = logging.getLogger(__name__)

DEMO_SANDBOX_STATE_FILE = "demo-sandbox.json"


class MissingApiKeyError(Exception):
    def __init__(self, environment: ApiEnvironment) -> None:
        super().__init__(
            f"No API key is stored for {environment.label}. Enter it in Settings, or set "
            "PACKSTATION_API_KEY for headless use."
        )


@dataclass(frozen=True)
class Connection:
    environment: ApiEnvironment
    base_url: str
    embedded: bool

    @property
    def label(self) -> str:
        if self.embedded:
            return "Demo: built-in sandbox, nothing is sent to carriers"
        return self.environment.label


@dataclass(frozen=True)
class Runtime:
    settings: StationSettings
    connection: Connection
    client: AsyncSortedPro
    gateway: SortedProGateway
    journal: AsyncJournal
    printers: PrinterFactory
    packing: PackingService
    day_close: DayClose
    sandbox: SandboxServer | None


def selection_rule(settings: StationSettings) -> SelectionRule:
    from datetime import date, timedelta

    rule = settings.rule
    deliver_by = (
        date.today() + timedelta(days=rule.deliver_within_days)
        if rule.deliver_within_days is not None
        else None
    )
    return SelectionRule(
        kind=RuleKind(rule.kind), preferences=tuple(rule.preferences), deliver_by=deliver_by
    )


def workflow_settings(settings: StationSettings, shipping_location: str | None) -> WorkflowSettings:
    return WorkflowSettings(
        station=settings.station_name,
        shipping_location_reference=shipping_location,
        label_format=settings.label_format,
        label_dpi=settings.label_dpi,
        label_printer=settings.effective_label_printer,
        document_printer=settings.document_printer or f"file:{settings.data_dir / 'documents'}",
        rule=selection_rule(settings),
        action_deadline_seconds=settings.action_deadline_seconds,
        select_settle_seconds=settings.select_settle_seconds,
    )


async def _start_demo_sandbox(settings: StationSettings) -> SandboxServer:
    # Imported here: the emulator (and its PDF renderer) costs ~0.6 s and only demo mode needs it.
    from packstation.sandbox.config import SandboxConfig
    from packstation.sandbox.server import SandboxServer

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    server = SandboxServer(
        SandboxConfig(
            host="127.0.0.1",
            port=0,
            api_key=secrets.token_urlsafe(24),
            state_file=settings.data_dir / DEMO_SANDBOX_STATE_FILE,
        )
    )
    await asyncio.to_thread(server.start)
    return server


@asynccontextmanager
async def open_runtime(
    settings: StationSettings,
    *,
    api_url: str | None = None,
    api_key: str | None = None,
    printers: PrinterFactory | None = None,
    register_secret: Callable[[str], None] | None = None,
) -> AsyncIterator[Runtime]:
    """`register_secret` is given the API key before anything uses it (the log redactor's
    `add_secret`), so no log line or crash report can show it."""
    async with AsyncExitStack() as stack:
        sandbox: SandboxServer | None = None
        api_url = api_url or settings.api_url
        if api_url:
            key = api_key or load_api_key(settings.environment) or ""
            connection = Connection(settings.environment, api_url, embedded=False)
        elif settings.environment is ApiEnvironment.DEMO:
            sandbox = await _start_demo_sandbox(settings)
            stack.push_async_callback(asyncio.to_thread, sandbox.stop)
            key = sandbox.api_key
            connection = Connection(ApiEnvironment.DEMO, sandbox.base_url, embedded=True)
        else:
            base_url = settings.environment.base_url
            assert base_url is not None
            key = api_key or load_api_key(settings.environment) or ""
            if not key:
                raise MissingApiKeyError(settings.environment)
            connection = Connection(settings.environment, base_url, embedded=False)

        if register_secret is not None:
            register_secret(key)
        client = await stack.enter_async_context(
            AsyncSortedPro(base_url=connection.base_url, api_key=key)
        )
        for folder in (settings.default_label_folder, settings.data_dir / "documents"):
            folder.mkdir(parents=True, exist_ok=True)
        journal = await AsyncJournal.open(settings.journal_path)
        stack.push_async_callback(journal.close)
        await journal.purge(older_than_days=settings.retention_days)

        gateway = SortedProGateway(client)
        location = settings.shipping_location_reference or await gateway.default_shipping_location()
        gateway.use_shipping_location(location)
        chosen_printers = printers or DefaultPrinterFactory()
        packing = PackingService(
            api=gateway,
            journal=journal,
            printers=chosen_printers,
            settings=workflow_settings(settings, location),
        )
        day_close = DayClose(api=gateway, journal=journal, shipping_location_reference=location)
        yield Runtime(
            settings=settings.model_copy(update={"shipping_location_reference": location}),
            connection=connection,
            client=client,
            gateway=gateway,
            journal=journal,
            printers=chosen_printers,
            packing=packing,
            day_close=day_close,
            sandbox=sandbox,
        )


__all__ = ["Connection", "MissingApiKeyError", "Runtime", "open_runtime"]
