"""`packstation-sandbox`: serve the SortedPRO v1 emulator until Ctrl-C."""

from __future__ import annotations

import argparse
import json
import logging
import signal
import sys
import threading
from datetime import datetime
from pathlib import Path

from packstation.sandbox.config import ReselectMode, SandboxConfig
from packstation.sandbox.errors import ApiError
from packstation.sandbox.faults import FaultSettings, LatencyMode, LatencySpec, parse_fault_settings
from packstation.sandbox.persistence import StateFileError
from packstation.sandbox.server import SandboxServer


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="packstation-sandbox",
        description="Serve an emulator of the SortedPRO (Electio) v1 API with demo data.",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765, help="0 picks a free port")
    parser.add_argument("--api-key", default="demo", help="the ocp-apim-subscription-key to accept")
    parser.add_argument("--seed", type=int, default=1, help="demo data and fault dice seed")
    parser.add_argument("--state-file", type=Path, help="persist the store as JSON here")
    parser.add_argument("--latency-ms", type=float, help="fixed latency added to each API call")
    parser.add_argument(
        "--latency-range-ms", nargs=2, type=float, metavar=("MIN", "MAX"), help="uniform latency"
    )
    parser.add_argument("--faults", type=Path, help="JSON file shaped like POST /_sandbox/faults")
    parser.add_argument(
        "--reselect-mode", choices=[mode.value for mode in ReselectMode], default="error"
    )
    parser.add_argument("--manifest-delay", type=float, default=1.0, metavar="SECONDS")
    parser.add_argument("--manifest-failure-rate", type=float, default=0.0, metavar="SHARE")
    parser.add_argument("--double-base64-labels", action="store_true")
    parser.add_argument("--legacy-shapes", action="store_true", help='Weight {"Kg"}, VatRate')
    parser.add_argument("--extra-orders", type=int, default=0, help="more generated demo orders")
    parser.add_argument("--start-time", type=datetime.fromisoformat, help="sandbox 'now' at start")
    parser.add_argument("--log-level", default="warning")
    return parser


def config_from(args: argparse.Namespace) -> SandboxConfig:
    faults = FaultSettings()
    if args.faults is not None:
        faults = parse_fault_settings(json.loads(args.faults.read_text(encoding="utf-8")))
    if args.latency_range_ms is not None:
        low, high = args.latency_range_ms
        latency = LatencySpec(mode=LatencyMode.UNIFORM, min_ms=low, max_ms=high)
        faults = FaultSettings(latency, faults.rules, faults.manifest_fail_references)
    elif args.latency_ms is not None:
        latency = LatencySpec(mode=LatencyMode.FIXED, ms=args.latency_ms)
        faults = FaultSettings(latency, faults.rules, faults.manifest_fail_references)
    return SandboxConfig(
        host=args.host,
        port=args.port,
        api_key=args.api_key,
        seed=args.seed,
        state_file=args.state_file,
        reselect_mode=ReselectMode(args.reselect_mode),
        manifest_delay_seconds=args.manifest_delay,
        manifest_failure_rate=args.manifest_failure_rate,
        double_base64_labels=args.double_base64_labels,
        legacy_shapes=args.legacy_shapes,
        faults=faults,
        start_time=args.start_time,
        extra_orders=args.extra_orders,
        log_level=args.log_level,
    )


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=args.log_level.upper(), format="%(levelname)s %(name)s: %(message)s")
    try:
        config = config_from(args)
        server = SandboxServer(config)
        url = server.start()
    except ApiError as error:
        print(
            f"packstation-sandbox: invalid --faults file: {error.body()['Details']}",
            file=sys.stderr,
        )
        return 2
    except (ValueError, OSError, RuntimeError, StateFileError) as error:
        print(f"packstation-sandbox: {error}", file=sys.stderr)
        return 1
    print(f"SortedPRO sandbox listening on {url} (API key: {config.api_key})", flush=True)
    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    try:
        while server.running and not stopping.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
