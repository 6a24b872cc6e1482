"""Keyring backends for the security tests: in memory, or the plaintext one production refuses."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyrings.alt.file import PlaintextKeyring

from packstation.api_key_store import API_KEY_ENV_VAR
from tests.support.memory_keyring import MemoryKeyring
from tests.ui.conftest import qasync_loop

__all__ = ["qasync_loop"]  # the fixture, used by name


def _use(backend: KeyringBackend) -> Iterator[KeyringBackend]:
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


@pytest.fixture
def memory_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[KeyringBackend]:
    monkeypatch.delenv(API_KEY_ENV_VAR, raising=False)
    yield from _use(MemoryKeyring())


@pytest.fixture
def plaintext_keyring(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[KeyringBackend]:
    """The keyrings.alt backend that writes secrets into a file (here one in tmp_path)."""
    monkeypatch.delenv(API_KEY_ENV_VAR, raising=False)
    backend = PlaintextKeyring()
    backend.file_path = str(tmp_path / "keyring_pass.cfg")
    yield from _use(backend)
