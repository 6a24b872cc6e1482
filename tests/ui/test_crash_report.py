from __future__ import annotations

from packstation.log import RedactingFilter
from packstation.ui.crash_report import crash_report


def test_the_report_names_the_failure_and_versions_but_no_secrets() -> None:
    redactor = RedactingFilter()
    redactor.add_secret("key-abcdef123456")
    try:
        raise ValueError("sent key-abcdef123456 for ada@example.com, call +44 7700 900123")
    except ValueError as error:
        report = crash_report(error, redactor.redact, "pack")
    assert "What: builtins.ValueError" in report
    assert "Where: pack" in report
    assert "Versions: packstation " in report
    assert 'raise ValueError("sent' in report  # the traceback, with the line that failed
    for secret in ("key-abcdef123456", "ada@example.com", "7700 900123"):
        assert secret not in report
