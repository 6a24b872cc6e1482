"""The workflow tests' journal: a real SQLite journal in the test's own directory."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from packstation.workflow.async_journal import AsyncJournal


@pytest.fixture
async def journal(tmp_path: Path) -> AsyncIterator[AsyncJournal]:
    opened = await AsyncJournal.open(tmp_path / "journal.sqlite3")
    yield opened
    await opened.close()
