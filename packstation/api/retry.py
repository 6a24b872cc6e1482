"""When a failed call is tried again, and how long to wait first."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

from packstation.api.errors import (
    RateLimitedError,
    RequestNotSentError,
    ResponseLostError,
    ServerError,
    SortedProError,
)
from packstation.api.operations import Safety

DEFAULT_MAX_ATTEMPTS = 4
DEFAULT_BASE_DELAY_S = 0.25
DEFAULT_MAX_DELAY_S = 8.0
DEFAULT_MAX_RETRY_AFTER_S = 30.0
RETRYABLE_SERVER_STATUSES = frozenset({502, 503, 504})


def is_retryable(error: SortedProError, safety: Safety) -> bool:
    """Safe calls retry on any transient failure. Unsafe ones only when the server certainly did
    not process them: the request never left, or the gateway turned it away with 429."""
    if isinstance(error, RequestNotSentError):
        return error.retryable
    if isinstance(error, RateLimitedError):
        return True
    if safety is Safety.UNSAFE:
        return False
    if isinstance(error, ResponseLostError):
        return True
    return isinstance(error, ServerError) and error.status_code in RETRYABLE_SERVER_STATUSES


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    max_attempts: int = DEFAULT_MAX_ATTEMPTS
    """Attempts in all, the first one included."""
    base_delay: float = DEFAULT_BASE_DELAY_S
    max_delay: float = DEFAULT_MAX_DELAY_S
    max_retry_after: float = DEFAULT_MAX_RETRY_AFTER_S
    """The longest Retry-After we wait out; a longer one is raised at once for the UI to show."""
    random: Callable[[], float] = field(default=random.random, repr=False, compare=False)
    """Returns a float in [0, 1); injectable so tests get fixed delays."""

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        if min(self.base_delay, self.max_delay, self.max_retry_after) < 0:
            raise ValueError("delays must not be negative")

    def backoff(self, attempt: int) -> float:
        """Capped exponential backoff with full jitter, after failed attempt number `attempt`."""
        ceiling = min(self.max_delay, self.base_delay * 2.0 ** min(attempt - 1, 32))
        return self.random() * ceiling

    def delay_before_retry(
        self, error: SortedProError, safety: Safety, attempt: int
    ) -> float | None:
        """Seconds to wait before attempt `attempt + 1`, or None to give up and raise `error`."""
        if attempt >= self.max_attempts or not is_retryable(error, safety):
            return None
        retry_after = getattr(error, "retry_after", None)
        if retry_after is None:
            return self.backoff(attempt)
        if retry_after > self.max_retry_after:
            return None
        return float(retry_after)
