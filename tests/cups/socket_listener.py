"""A TCP listener standing in for a network printer behind a CUPS socket:// queue."""

from __future__ import annotations

import socket
import threading
import time


class SocketListener:
    def __init__(self) -> None:
        self._server = socket.create_server(("127.0.0.1", 0))
        self._server.settimeout(0.2)
        self.port: int = self._server.getsockname()[1]
        self._received: list[bytes] = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._serve, name="socket-printer", daemon=True)
        self._thread.start()

    def connection_count(self) -> int:
        with self._lock:
            return len(self._received)

    def wait_for_connection(self, index: int, timeout: float = 10.0) -> bytes:
        """The bytes of connection number `index` (0-based), once it has closed."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if len(self._received) > index:
                    return self._received[index]
            time.sleep(0.02)
        raise TimeoutError(f"no connection #{index} to the socket printer within {timeout} s")

    def close(self) -> None:
        self._stopping.set()
        self._thread.join(timeout=5)
        self._server.close()

    def _serve(self) -> None:
        while not self._stopping.is_set():
            try:
                connection, _ = self._server.accept()
            except TimeoutError:
                continue
            with connection:
                connection.settimeout(10)
                chunks = []
                while chunk := connection.recv(65536):
                    chunks.append(chunk)
            with self._lock:
                self._received.append(b"".join(chunks))
