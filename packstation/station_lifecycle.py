"""Open the runtime for the window, and rebuild it when the settings change.

The window exists first and says what is starting; once the runtime is open the window gets a
`Station`. On new settings the window lets go of the old station, the old runtime closes
(sandbox, HTTP client, journal) and a new one opens.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager, AsyncExitStack
from datetime import UTC, datetime, timedelta

from packstation.api_key_store import KeyringUnavailableError
from packstation.config import ApiEnvironment, StationSettings
from packstation.runtime import MissingApiKeyError, Runtime, open_runtime
from packstation.ui.error_words import describe_error
from packstation.ui.main_window import MainWindow
from packstation.ui.messages import MessageChannel
from packstation.ui.station import Station
from packstation.workflow.shipping_api import ShippingError

log = logging.getLogger(__name__)

RESTART_TASK = "restart-station"
RuntimeOpener = Callable[[StationSettings], AbstractAsyncContextManager[Runtime]]


def station_from(runtime: Runtime) -> Station:
    connection = runtime.connection
    return Station(
        packing=runtime.packing,
        day_close=runtime.day_close,
        journal=runtime.journal,
        settings=runtime.settings,
        environment_label=connection.environment.label,
        demo_banner=connection.label if connection.embedded else None,
        demo_base_url=connection.base_url if connection.embedded else None,
        printers=runtime.printers,
        carriers=runtime.gateway.carriers,
    )


def _open(settings: StationSettings) -> AbstractAsyncContextManager[Runtime]:
    return open_runtime(settings)


class StationLifecycle:
    def __init__(
        self,
        window: MainWindow,
        messages: MessageChannel,
        *,
        opener: RuntimeOpener = _open,
    ) -> None:
        self._window = window
        self._messages = messages
        self._opener = opener
        self._stack: AsyncExitStack | None = None
        self.runtime: Runtime | None = None
        window.settings_saved.connect(self.restart)

    async def start(self, settings: StationSettings) -> bool:
        window = self._window
        window.current_settings = settings
        window.show_starting(
            window.tr("Starting the built-in demo sandbox…")
            if settings.environment is ApiEnvironment.DEMO and not settings.api_url
            else window.tr("Connecting to SortedPRO…")
        )
        stack = AsyncExitStack()
        try:
            runtime = await stack.enter_async_context(self._opener(settings))
            reconciled = await runtime.packing.reconcile_unfinished()
        except Exception as error:
            await stack.aclose()
            self._could_not_start(error)
            return False
        self._stack = stack
        self.runtime = runtime
        window.current_settings = runtime.settings
        window.attach(station_from(runtime))
        # Everything loaded so far lives as long as the station: out of the collector's sight, a
        # full collection no longer walks it (46 ms on the loop, measured; now a few ms).
        gc.freeze()
        unknown = await self._unknown_consignments(runtime)
        if unknown:
            self._messages.warning(
                window.tr(
                    "SortedPRO has consignments this station made that its journal does not know: "
                    "%1. Check them in SortedPRO: cancel them or keep them."
                ).replace("%1", ", ".join(unknown))
            )
        elif reconciled:
            self._messages.info(
                window.tr(
                    "%1 unfinished pack(s) from last time were checked with SortedPRO."
                ).replace("%1", str(len(reconciled)))
            )
        else:
            self._messages.info(window.tr("Ready: scan an order."))
        return True

    async def _unknown_consignments(self, runtime: Runtime) -> list[str]:
        since = datetime.now(UTC).date() - timedelta(days=1)
        try:
            found = await runtime.packing.unknown_consignments(since)
        except ShippingError:
            return []  # the first scan will say whether SortedPRO is reachable
        return [f"{c.reference} ({c.client_reference})" for c in found]

    async def stop(self) -> None:
        gc.unfreeze()  # the old station's cycles may be collected once it is gone
        await self._window.detach()
        stack, self._stack, self.runtime = self._stack, None, None
        if stack is not None:
            await stack.aclose()

    def restart(self, settings: object) -> None:
        if not isinstance(settings, StationSettings):
            return
        self._window.tasks.run(
            RESTART_TASK, lambda: self._restart(settings), on_success=lambda _started: None
        )

    async def _restart(self, settings: StationSettings) -> bool:
        # The settings dialog has already written the file (and the key to the keyring).
        await self.stop()
        return await self.start(settings)

    def _could_not_start(self, error: BaseException) -> None:
        window = self._window
        words = describe_error(error)
        if isinstance(error, MissingApiKeyError | KeyringUnavailableError):
            words = str(error)
        if words is None:
            log.error("the station could not start", exc_info=error)
            window.show_crash("start-up", error)
            words = window.tr("an unexpected error (see the report)")
        self._messages.error(
            window.tr("The station could not start: %1 Check Settings (Ctrl+,).").replace(
                "%1", words
            )
        )
        window.show_starting(
            window.tr("Not connected. Open Settings (Ctrl+,) to check the connection.")
        )
