"""Serving the sandbox over real HTTP: uvicorn in a daemon thread."""

from __future__ import annotations

import socket
import threading
import time
from types import TracebackType

import httpx
import uvicorn

from packstation.sandbox.app import create_app, services_of
from packstation.sandbox.clock import SandboxClock
from packstation.sandbox.config import SandboxConfig

_START_TIMEOUT_SECONDS = 10.0
_STOP_TIMEOUT_SECONDS = 5.0


class SandboxServer:
    """`start()` returns the base URL once the server accepts connections; `stop()` joins."""

    def __init__(self, config: SandboxConfig | None = None, *, clock: SandboxClock | None = None):
        self.config = config or SandboxConfig()
        self.app = create_app(self.config, clock=clock)
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._base_url: str | None = None

    @property
    def base_url(self) -> str:
        if self._base_url is None:
            raise RuntimeError("the sandbox server is not running")
        return self._base_url

    @property
    def api_key(self) -> str:
        return self.config.api_key

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> str:
        if self.running:
            return self.base_url
        listener = socket.socket(socket.AF_INET6 if ":" in self.config.host else socket.AF_INET)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        # Accepted sockets inherit this (Linux): without it Nagle holds the body behind the
        # headers until the client's delayed ACK, adding ~40 ms to every keep-alive request.
        listener.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        listener.bind((self.config.host, self.config.port))
        host, port = listener.getsockname()[:2]
        server = uvicorn.Server(
            uvicorn.Config(
                self.app,
                http="h11",  # fault injection closes h11 transports (see fault_middleware)
                loop="asyncio",
                lifespan="off",
                log_config=None,  # leave the host application's logging alone
                log_level=self.config.log_level,
                access_log=False,  # request lines would carry references and query terms
                timeout_graceful_shutdown=2,
            )
        )
        thread = threading.Thread(
            target=server.run, kwargs={"sockets": [listener]}, name="sortedpro-sandbox", daemon=True
        )
        self._server, self._thread = server, thread
        thread.start()
        deadline = time.monotonic() + _START_TIMEOUT_SECONDS
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                listener.close()
                raise RuntimeError("the sandbox server did not start")
            time.sleep(0.01)
        shown_host = f"[{host}]" if ":" in host else host
        self._base_url = f"http://{shown_host}:{port}"
        return self._base_url

    def stop(self) -> None:
        server, thread = self._server, self._thread
        if server is None or thread is None:
            return
        server.should_exit = True
        thread.join(_STOP_TIMEOUT_SECONDS)
        if thread.is_alive():
            server.force_exit = True
            thread.join(_STOP_TIMEOUT_SECONDS)
        self._server = self._thread = None
        self._base_url = None
        services_of(self.app).state.close()

    def __enter__(self) -> SandboxServer:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    # -- admin helpers, for tests and benchmarks ----------------------------------------------

    def admin(self, method: str, path: str, json: object = None) -> httpx.Response:
        """Call a `/_sandbox/...` route synchronously, e.g. `admin("POST", "/_sandbox/reset")`."""
        with httpx.Client(base_url=self.base_url, timeout=10.0) as client:
            response = client.request(method, path, json=json)
        response.raise_for_status()
        return response

    def reset(self) -> None:
        self.admin("POST", "/_sandbox/reset")

    def set_faults(self, faults: dict[str, object]) -> None:
        self.admin("POST", "/_sandbox/faults", faults)

    def clear_faults(self) -> None:
        self.admin("DELETE", "/_sandbox/faults")
