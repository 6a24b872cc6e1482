"""The SortedPRO API key: in the OS keyring, one entry per API environment, never in a file.

A plaintext keyring backend (which writes the key to a file) is refused for production,
because that would defeat the point of a keyring.
"""

from __future__ import annotations

import os

import keyring
import keyring.errors

from packstation.config import KEYRING_SERVICE, ApiEnvironment

API_KEY_ENV_VAR = "PACKSTATION_API_KEY"

# keyring backends that store secrets in plain files; fine for tests, never for production
_PLAINTEXT_BACKENDS = frozenset(
    {
        "keyrings.alt.file.PlaintextKeyring",
        "keyrings.alt.file.EncryptedKeyring",  # its password sits beside it on disk
        "keyring.backends.fail.Keyring",
        "keyring.backends.null.Keyring",
    }
)


class KeyringUnavailableError(Exception):
    """The OS keyring cannot be used; the message says why in plain words."""


def _backend_name() -> str:
    backend = keyring.get_keyring()
    return f"{type(backend).__module__}.{type(backend).__qualname__}"


def backend_is_plaintext() -> bool:
    return _backend_name() in _PLAINTEXT_BACKENDS


def _require_safe_backend(environment: ApiEnvironment) -> None:
    if environment is ApiEnvironment.PRODUCTION and backend_is_plaintext():
        raise KeyringUnavailableError(
            "No secure keyring is available on this computer (found "
            f"{_backend_name()}), so the production API key cannot be stored safely. "
            "Install or unlock the system keyring (GNOME Keyring, KWallet, Windows Credential "
            "Manager or macOS Keychain) and try again."
        )


def load_api_key(environment: ApiEnvironment) -> str | None:
    """The key for an environment: PACKSTATION_API_KEY if set, else the keyring, else None."""
    from_env = os.environ.get(API_KEY_ENV_VAR)
    if from_env:
        return from_env
    if environment is ApiEnvironment.DEMO:
        return None
    try:
        _require_safe_backend(environment)
        return keyring.get_password(KEYRING_SERVICE, environment.value)
    except keyring.errors.KeyringError as error:
        raise KeyringUnavailableError(f"The system keyring could not be read: {error}") from error


def store_api_key(environment: ApiEnvironment, api_key: str) -> None:
    if environment is ApiEnvironment.DEMO:
        raise ValueError("the demo sandbox needs no API key")
    _require_safe_backend(environment)
    try:
        keyring.set_password(KEYRING_SERVICE, environment.value, api_key.strip())
    except keyring.errors.KeyringError as error:
        raise KeyringUnavailableError(f"The system keyring refused the key: {error}") from error


def forget_api_key(environment: ApiEnvironment) -> None:
    try:
        keyring.delete_password(KEYRING_SERVICE, environment.value)
    except keyring.errors.PasswordDeleteError:
        pass
    except keyring.errors.KeyringError as error:
        raise KeyringUnavailableError(f"The system keyring refused: {error}") from error


def masked(api_key: str | None) -> str:
    """What the settings screen shows of a stored key: never more than its last 4 characters."""
    if not api_key:
        return "not set"
    return "\u2022" * 8 + api_key[-4:] if len(api_key) > 8 else "\u2022" * 8
