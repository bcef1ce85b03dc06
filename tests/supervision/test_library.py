"""The prompt library covers the guidance: every prompt of each named section, by id, each with
valid source references; duplicates across the two documents merged with both references."""

from __future__ import annotations

import re

import pytest

from supervise.guidance import GuidanceDataError, GuidanceItem
from supervise.guidance.references import check_reference
from supervise.supervision.library import _prompt, library

# For each guidance section named in the issue: the prompts that carry its questions.
COVERAGE = {
    "gwent:2.2": ["child-desensitised", "child-appease-minimise", "child-too-frightened",
                  "child-identifies-with-aggressor", "child-frozen-watchfulness"],
    "gwent:2.3": ["colluding-avoiding-visits", "colluding-remote-contact",
                  "colluding-accepting-version", "colluding-less-contentious",
                  "colluding-looking-round-house", "colluding-food-seen",
                  "colluding-sleeping-seen", "colluding-child-needs",
                  "colluding-child-seen-alone", "colluding-changing-behaviour",
                  "colluding-filtering", "colluding-rule-of-optimism",
                  "colluding-afraid-to-confront", "colluding-keeping-quiet",
                  "child-keeping-safe", "child-appease-minimise", "child-blaming-self",
                  "colluding-message-to-family", "colluding-relieved-no-answer",
                  "colluding-relieved-leaving", "colluding-key-people-seen",
                  "colluding-others-living-there", "child-door-closed"],
    "gwent:3.3": ["sharing-explicit-with-network", "sharing-repercussions",
                  "sharing-standing-agenda-item"],
    "gwent:3.4": ["sharing-hostile-experience", "sharing-general-or-specific",
                  "sharing-intimidated", "sharing-avoided-conflict",
                  "sharing-would-want-to-know", "sharing-different-thresholds"],
    "gwent:5.2": ["hostility-prepared", "hostility-frustration", "hostility-needs-to-complain",
                  "hostility-deliberate", "hostility-parent-aware",
                  "hostility-used-to-aggression", "hostility-normal-for-person",
                  "hostility-discomfort-disproportionate", "hostility-taking-personally"],
    "gwent:5.3": ["impact-signs", "impact-feel-responsible", "impact-past-trauma",
                  "impact-pervasive-threats", "impact-desensitised",
                  "impact-appeasing-to-stay-safe", "impact-hard-to-admit", "management-workload",
                  "impact-dealing-alone", "impact-complaint", "impact-identity",
                  "impact-untroubled", "impact-overall", "impact-support-needed"],
    "gwent:6.2": ["management-health-and-safety", "management-lone-working",
                  "management-visit-monitoring", "management-strategies-support",
                  "management-equipment", "management-training", "management-skills",
                  "management-experienced-desensitised", "management-workload",
                  "management-team-impact", "management-empowered",
                  "management-impact-acknowledged", "management-ear-to-the-ground",
                  "management-safe-environment", "management-individual-dynamics",
                  "impact-intimidation-anxiety", "impact-safe-to-discuss",
                  "hostility-incident-cause", "hostility-report-to-police",
                  "planning-time-to-plan", "planning-inform-other-agencies",
                  "planning-risk-to-worker"],
    "gwent:7.1": ["hostility-experienced", "hostility-uneasy-feelings",
                  "hostility-unrecorded-threats", "hostility-work-prevented",
                  "child-risk-factors", "planning-risk-to-worker",
                  "planning-practitioners-meeting", "planning-group-supervision",
                  "planning-risks-on-file", "impact-overall", "impact-intimidation-anxiety",
                  "impact-dealing-alone", "impact-safe-to-discuss", "impact-bullying",
                  "impact-support-known", "impact-buddy", "impact-support-needed",
                  "impact-continue-effectively", "impact-on-the-work",
                  "management-health-and-safety"],
    "lancs:the-impact-on-your-assessment": [
        "colluding-child-needs", "colluding-less-contentious", "colluding-looking-round-house",
        "colluding-food-seen", "colluding-sleeping-seen", "colluding-child-seen-alone",
        "colluding-changing-behaviour", "colluding-filtering", "colluding-afraid-to-confront",
        "colluding-keeping-quiet", "child-keeping-safe", "child-appease-minimise",
        "child-blaming-self", "colluding-message-to-family", "colluding-relieved-no-answer",
        "colluding-relieved-leaving", "colluding-usual-practice", "colluding-key-people-seen",
        "colluding-others-living-there", "colluding-adult-victim-only", "child-door-closed"],
    "lancs:ensuring-effective-multi-agency-working": [
        "sharing-hostile-experience", "sharing-general-or-specific", "sharing-intimidated",
        "sharing-avoided-conflict", "sharing-first-time", "sharing-would-want-to-know",
        "sharing-explicit-with-network", "sharing-repercussions"],
    "lancs:impact-on-workers-of-hostility-and-violence": [
        "impact-signs", "impact-feel-responsible", "impact-past-trauma",
        "impact-pervasive-threats", "impact-appeasing-to-stay-safe",
        "impact-threats-outside-work", "impact-hard-to-admit", "management-workload",
        "impact-dealing-alone", "impact-identity", "impact-mediator", "impact-overall"],
    "lancs:supervision-and-support": [
        "hostility-experienced", "hostility-uneasy-feelings", "hostility-unrecorded-threats",
        "hostility-work-prevented", "child-risk-factors", "planning-risk-to-worker",
        "planning-group-supervision", "planning-risks-on-file", "impact-overall",
        "impact-intimidation-anxiety", "impact-dealing-alone", "impact-safe-to-discuss",
        "impact-bullying", "impact-support-known", "impact-buddy", "impact-support-needed",
        "impact-on-the-work", "management-health-and-safety"],
}

# The sections the issue names, and prompts each must hold in the guidance's words.
SECTIONS = {
    "sharing": ["sharing-hostile-experience", "sharing-general-or-specific",
                "sharing-intimidated", "sharing-avoided-conflict", "sharing-first-time",
                "sharing-would-want-to-know"],
    "colluding": ["colluding-relieved-no-answer", "colluding-child-seen-alone",
                  "colluding-others-living-there", "colluding-adult-victim-only"],
    "child": ["child-door-closed", "child-desensitised", "child-frozen-watchfulness"],
    "hostility": ["hostility-frustration", "hostility-taking-personally"],
    "impact": ["impact-signs", "impact-support-needed", "impact-continue-effectively"],
}

WORDING = {
    "colluding-relieved-no-answer": "relieved when there is no answer at the door",
    "colluding-child-seen-alone": "seen, the child alone",
    "colluding-others-living-there": "evidence of others who could be living",
    "colluding-adult-victim-only": "only working with the adult victim",
    "child-door-closed": "What might the children have been feeling as the door closed behind me?",
    "impact-continue-effectively": "Is it possible for me to continue to work effectively with "
                                   "this family?",
    "sharing-would-want-to-know": "In their position, would you want to be made aware of these "
                                  "concerns?",
}

# Gwent 5.3 and Lancashire list the same effects on workers (Lancashire adds one).
IMPACT_SIGNS = {"surprise", "embarrassment", "denial", "distress", "shock", "fear", "self-doubt",
                "anger", "guilt", "numbness", "loss-of-confidence", "helplessness",
                "sleep-disturbance", "hyper-vigilance", "preoccupation", "repetitive-thoughts",
                "illness", "post-traumatic-stress"}


@pytest.mark.parametrize("ref", sorted(COVERAGE))
def test_library_covers_every_prompt_of_each_named_guidance_section(ref):
    for prompt_id in COVERAGE[ref]:
        prompt = library().prompt(prompt_id)
        assert prompt is not None, f"{prompt_id} is missing"
        assert ref in prompt.refs, f"{prompt_id} does not cite {ref}"


@pytest.mark.parametrize("section", sorted(SECTIONS))
def test_each_section_the_issue_names_holds_its_prompts(section):
    assert library().section(section) is not None
    ids = {p.id for p in library().prompts_in(section)}
    assert set(SECTIONS[section]) <= ids


def test_prompts_keep_the_guidance_wording():
    for prompt_id, words in WORDING.items():
        assert words.lower() in library().prompt(prompt_id).text.lower(), prompt_id


def test_the_lancashire_table_is_six_yes_no_questions_that_must_be_shared():
    shared = [p for p in library().prompts if p.share_if_yes]
    assert [p.id for p in shared] == SECTIONS["sharing"]
    assert {p.answer_type for p in shared} == {"yes_no_unsure"}
    assert all("lancs:ensuring-effective-multi-agency-working" in p.refs for p in shared)


def test_every_prompt_has_a_valid_source_reference():
    for prompt in library().prompts:
        assert prompt.refs, prompt.id
        for ref in prompt.refs:
            check_reference(ref)
        for option in prompt.options:
            assert option.refs
            for ref in option.refs:
                check_reference(ref)
    for section in library().sections:
        for ref in section.refs:
            check_reference(ref)


def test_duplicates_across_the_documents_are_merged_keeping_both_references():
    ids = [p.id for p in library().prompts]
    assert len(ids) == len(set(ids))
    texts = [p.text.lower() for p in library().prompts]
    assert len(texts) == len(set(texts))
    for prompt_id in ["sharing-intimidated", "colluding-relieved-no-answer",
                      "child-appease-minimise", "child-door-closed"]:
        docs = {ref.split(":")[0] for ref in library().prompt(prompt_id).refs}
        assert docs == {"gwent", "lancs"}, prompt_id


def test_the_effects_on_workers_of_both_documents_are_the_impact_checklist():
    signs = library().prompt("impact-signs")
    assert signs.answer_type == "checklist"
    assert {o.id for o in signs.options} == IMPACT_SIGNS


def test_ids_are_stable_slugs_and_every_answer_type_is_used():
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)+", p.id) for p in library().prompts)
    assert {p.answer_type for p in library().prompts} == {"yes_no_unsure", "text", "scale",
                                                          "checklist"}
    assert re.fullmatch(r"\d{4}\.\d+\.\d+", library().version)


def test_only_impact_on_me_is_private():
    assert library().private_sections == {"impact"}


def test_a_worker_risk_prompt_leads_to_risk_management():
    assert [p.id for p in library().prompts if p.worker_risk] == ["planning-risk-to-worker"]


def test_a_malformed_prompt_is_refused():
    item = GuidanceItem(id="x-y", label="Q?", refs=("gwent:3.4",),
                        extra={"section": "sharing", "answer": "essay"})
    with pytest.raises(GuidanceDataError, match="unknown answer type"):
        _prompt(item, {"sharing"})
    shared_text = GuidanceItem(id="x-z", label="Q?", refs=("gwent:3.4",),
                               extra={"section": "sharing", "answer": "text",
                                      "share_if_yes": True})
    with pytest.raises(GuidanceDataError, match="share_if_yes"):
        _prompt(shared_text, {"sharing"})


def test_an_administrator_sees_the_library_and_its_version(client, login_as):
    login_as("admin")
    page = client.get("/supervision/library")
    assert page.status_code == 200
    assert f"Version {library().version}" in page.text
    assert "Am I relieved when there is no answer at the door?" in page.text
    assert "Gwent 2.3 Impact on your Assessment of Adults" in page.text
    assert "colluding-relieved-no-answer" in page.text
    assert "Supervision prompts" in client.get("/admin").text  # in the administration menu
