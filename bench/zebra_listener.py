"""A network label printer on loopback for the bench: takes raw ZPL on a TCP port, answers `~HS`
like a ready Zebra (nothing waiting in its buffer), and logs when each label's last byte arrived.

Runs in its own process (`python -m bench.zebra_listener LOG`), so its work never shares the
GIL with the app. Prints `listening PORT` once ready. Each label is one JSON line in LOG:
`{"t": <time.monotonic() of the last byte>, "bytes": n}`. CLOCK_MONOTONIC is system-wide on
Linux, so the app's process can compare it with its own clock.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time

HOST_STATUS_QUERY = b"~HS"
# Three <STX>...<ETX> strings: ready, not paused, no formats waiting, no faults.
READY_ANSWER = (
    b"\x02030,0,0,1245,000,0,0,0,000,0,0,0\x03\r\n"
    b"\x02000,0,0,0,0,2,4,0,00000000,1,000\x03\r\n"
    b"\x021234,0\x03\r\n"
)


async def serve(log_path: str) -> None:
    # Opened once, before serving; it lives as long as the server.
    log = open(log_path, "a", encoding="ascii", buffering=1)  # noqa: SIM115, ASYNC230

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        received = 0
        last = 0.0
        label = False
        try:
            while True:
                chunk = await reader.read(65536)
                if not chunk:
                    break
                if received == 0 and chunk.startswith(HOST_STATUS_QUERY):
                    writer.write(READY_ANSWER)
                    await writer.drain()
                    continue
                label = True
                received += len(chunk)
                last = time.monotonic()
        except ConnectionError:
            pass
        finally:
            writer.close()
        if label:
            log.write(json.dumps({"t": last, "bytes": received}) + "\n")

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    print(f"listening {port}", flush=True)
    async with server:
        await server.serve_forever()


def main() -> None:
    asyncio.run(serve(sys.argv[1]))


if __name__ == "__main__":
    main()
