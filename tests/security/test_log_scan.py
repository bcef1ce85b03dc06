"""No log line written during the whole test run carries family data (ASVS 5.0 V16.2.5).

tests/security/log_capture.py sends every log line of the run to one folder; the last test of
the session (or, across xdist processes, the controller once every worker has finished) reads it
and looks for the names, schools, streets and postcodes of the seeded families — the demo's and
the test factories'.
"""

from __future__ import annotations

import json
import re

import pytest

from supervise.demo.foundation import FAMILIES
from tests.security.log_capture import whole_run_lines

# The families the test factories make (tests/factories.py, tests/access/rules_security.py).
FACTORY_WORDS = {"Zebedee", "Zara", "Zoe", "Testfamily", "Test Street", "Testtown", "TE1 1ST",
                 "Yarrow", "Yana", "Yves", "Other Road", "Southby", "SO1 2TH"}
REQUIRED_KEYS = {"ts", "event", "outcome", "user_id", "ip", "endpoint", "request_id"}


def family_words() -> set[str]:
    """Every name, school, street and postcode of the demo families and the factories."""
    words = set(FACTORY_WORDS)
    for family in FAMILIES.values():
        words.add(family["family_name"].removesuffix(" family"))
        for _kind, given, surname, _born, extra in family["people"]:
            words.update(part for part in given.split() if part != "Unborn" and part != "baby")
            words.add(surname)
            if extra.get("school_or_setting"):
                words.add(extra["school_or_setting"])
        for line1, town, postcode, *_dates in family["addresses"]:
            words.update({line1, town, postcode})
    return {word for word in words if len(word) >= 3}


def leaks(lines: list[str], words: set[str]) -> list[tuple[str, str]]:
    """(word, line) for each family word that appears as a whole word in a log line."""
    pattern = re.compile(r"\b(" + "|".join(re.escape(w) for w in sorted(words)) + r")\b")
    return [(match.group(1), line) for line in lines if (match := pattern.search(line))]


def test_the_scanner_finds_a_family_name_in_a_log_line():
    lines = ['{"event": "sign_in", "user_id": 3}', "supervise ERROR could not save Ava Harper"]
    assert leaks(lines, family_words()) == [("Ava", lines[1])]
    assert leaks(['{"endpoint": "cases.person_edit", "ids": {"case_id": 7}}'],
                 family_words()) == []


def test_family_words_cover_the_demo_and_the_factories():
    words = family_words()
    assert {"Harper", "Ava", "Okafor", "Larchfield Primary", "NX2 7FT", "Zebedee",
            "Yarrow"} <= words


@pytest.mark.scans_whole_run
def test_no_log_line_of_the_whole_run_names_a_family(whole_run_log, client, world):
    # Proves the capture works even when this test runs alone: a refused sign-in is logged.
    client.post("/login", data={"email": "practitioner@example.test", "password": "wrong!"})
    lines = whole_run_lines(whole_run_log)
    security = [line for line in lines if line.startswith("supervise.security ")]
    assert any('"event": "sign_in_failed"' in line for line in security)
    found = leaks(lines, family_words())
    assert not found, "family data in the logs:\n" + "\n".join(
        f"{word!r}: {line[:300]}" for word, line in found[:20])
    for line in security:
        record = json.loads(line.split(" ", 2)[2])
        assert record.keys() >= REQUIRED_KEYS, line
    print(f"\nscanned {len(lines)} log lines ({len(security)} security events) "
          f"for {len(family_words())} family words")
