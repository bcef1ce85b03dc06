"""The guidance lists incidents, non-cooperation and alerts are built from."""

from __future__ import annotations

import pytest

from supervise import guidance
from supervise.incidents.models import needs_police_decision

LISTS = ["behaviours", "precautions", "non_cooperation_types", "non_cooperation_reasons",
         "worker_impacts", "worker_support"]


@pytest.mark.parametrize("name", LISTS)
def test_each_list_loads_with_checked_references_and_welsh_wording(name):
    data = guidance.load(name)
    assert data.version and data.items
    assert all(item.refs and item.label_cy for item in data.items)


def test_the_behaviours_include_every_one_the_issue_names():
    ids = set(guidance.load("behaviours").ids)
    assert {"deliberate-silence", "written-threats", "bombarding-contact",
            "intimidating-language", "racist-remarks", "sexual-remarks", "homophobic-remarks",
            "domineering-body-language", "animals-as-threat", "swearing", "shouting",
            "throwing-things", "physical-violence", "following-workers",
            "seeking-personal-information", "recording-workers", "damaging-worker-property",
            "threat-to-kill", "discriminatory-abuse", "threats-outside-work"} <= ids


def test_only_violence_and_a_threat_to_kill_need_a_police_decision():
    needing = {b for b in guidance.load("behaviours").ids if needs_police_decision([b])}
    assert needing == {"physical-violence", "threat-to-kill"}


def test_the_five_types_of_non_cooperation():
    assert guidance.load("non_cooperation_types").ids == [
        "ambivalence", "avoidance", "confrontation", "violence", "disguised-compliance"]
