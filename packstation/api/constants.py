"""Fixed values of the SortedPRO v1 API and of this client: URLs, headers, timeouts, size caps."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import Final

PRODUCTION_BASE_URL: Final = "https://api.electioapp.com"
SORTED_SANDBOX_BASE_URL: Final = "https://apisandbox.electioapp.com"

API_VERSION: Final = "1.1"
SUBSCRIPTION_KEY_HEADER: Final = "ocp-apim-subscription-key"
API_VERSION_HEADER: Final = "electio-api-version"
JSON_MEDIA_TYPE: Final = "application/json"

# Seconds. Select and manifest wait for carriers, so they get the longest budgets.
CONNECT_TIMEOUT_S: Final = 5.0
LOOKUP_TIMEOUT_S: Final = 15.0
DELIVERY_OPTIONS_TIMEOUT_S: Final = 30.0
SELECT_TIMEOUT_S: Final = 90.0
LABELS_TIMEOUT_S: Final = 30.0
MANIFEST_TIMEOUT_S: Final = 120.0
CHANGE_TIMEOUT_S: Final = 60.0

MAX_LABEL_BYTES: Final = 20 * 1024 * 1024
# A double-base64 label of MAX_LABEL_BYTES is about 16/9 of it, plus the JSON around it.
MAX_RESPONSE_BYTES: Final = 48 * 1024 * 1024
MAX_ERROR_BODY_BYTES: Final = 64 * 1024
MAX_SERVER_MESSAGE_CHARS: Final = 500

MAX_SEARCH_PAGE_SIZE: Final = 100

# Larger files are decoded on a worker thread so the event loop (and the UI) never stalls.
DECODE_IN_THREAD_ABOVE_CHARS: Final = 256 * 1024


def _package_version() -> str:
    try:
        return version("packstation")
    except PackageNotFoundError:  # a source tree that was never installed
        return "0.0.0+source"


DEFAULT_USER_AGENT: Final = f"packstation/{_package_version()}"
