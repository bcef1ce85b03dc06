"""The sections of the two guidance documents, so every reference in the data can be checked.

``gwent:<section>`` cites the Gwent Safeguarding Board guidance by its numbered section;
``lancs:<slug>`` cites the Pan Lancashire procedures chapter by its heading, slugified.
"""

from __future__ import annotations

GWENT_SECTIONS = {
    "1.1": "Introduction",
    "1.2": "Definition",
    "1.3": "Recognition and Understanding",
    "1.4": "Reasons for Non-Cooperation",
    "2.1": "Impact on the Assessment of Unborn/Children/Families",
    "2.2": "Impact on Assessment of the Child",
    "2.3": "Impact on your Assessment of Adults",
    "2.4": "Drawing up a Written Agreement",
    "3.1": "Impact on Multi Agency Working",
    "3.2": "Ensuring effective Multi-agency Working",
    "3.3": "Sharing Information",
    "3.4": "Supervision",
    "3.5": "Multi Agency Meetings, Child Protection Conferences, Core Groups",
    "4.1": "Response to Uncooperative Families",
    "4.2": "Respecting Families",
    "5.1": "Dealing with Hostility and Violence",
    "5.2": "Making Sense of Hostile Responses",
    "5.3": "Impact on Practitioners of Hostility and Violence",
    "6.1": "Practitioner Responsibility",
    "6.2": "Management Responsibilities",
    "7.1": "Supervision and Support",
    "appendix-1": "Appendix 1: Good Practice Guidelines",
}

LANCS_HEADINGS = [
    "Introduction",
    "Recognising and Making Sense of Lack of Cooperation",
    "Reasons for Non-cooperation Families",
    "Isolation of a Child or Young Person",
    "Impact on the Assessment of Children, Young People and Families",
    "The Impact on the Child or Young Person",
    "The Impact on your Assessment",
    "Impact on Multi-Agency Work",
    "Ensuring Effective Multi-Agency Working",
    "Child Protection Conferences, Core Groups and Multi-Agency Meetings",
    "Responding to Uncooperative Families",
    "What Should I Do?",
    "What Should I Not Do?",
    "Recording Information",
    "Chronology",
    "Dealing with Hostility and Violence",
    "Impact on Workers of Hostility and Violence",
    "Keeping Workers Safe",
    "Workers Responsibilities",
    "Workers Responsibility",
    "Finally, a few Don'ts",
    "Management Responsibility",
    "Supervision and Support",
    "Appendix 1: Uncooperative Families - Useful References",
]


def slugify(heading: str) -> str:
    """``"Impact on Workers of Hostility and Violence"`` →
    ``impact-on-workers-of-hostility-and-violence``."""
    kept = "".join(ch.lower() if ch.isalnum() else " " for ch in heading.replace("'", ""))
    return "-".join(kept.split())


LANCS_SLUGS = {slugify(h): h for h in LANCS_HEADINGS}


def check_reference(ref: str) -> None:
    """Raise ``ValueError`` unless ``ref`` names a real section of one of the documents."""
    doc, _, section = ref.partition(":")
    known = {"gwent": GWENT_SECTIONS, "lancs": LANCS_SLUGS}.get(doc)
    if known is None or section not in known:
        raise ValueError(f"unknown guidance reference {ref!r}")


def describe(ref: str) -> str:
    """A human-readable citation, e.g. ``Gwent 5.1 Dealing with Hostility and Violence``."""
    doc, _, section = ref.partition(":")
    if doc == "gwent":
        return f"Gwent {section} {GWENT_SECTIONS.get(section, '')}".strip()
    return f"Pan Lancashire: {LANCS_SLUGS.get(section, section)}"
