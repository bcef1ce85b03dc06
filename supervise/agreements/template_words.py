"""The fixed wording of the shipped agreement templates, in plain language (``gwent:4.2``).

English, Welsh and easy-read English. Template variables are in ``{{ }}``. The Welsh is our
best; the agency's Welsh-language officer should review it before it is used with families.
"""

from __future__ import annotations

EN = {
    "lang": "en-GB",
    "title": "Written agreement",
    "subtitle": "Between {{ practitioner.agency }} and the family members named below",
    "family": "Family",
    "children": "About the children",
    "children_value": "{% for c in children %}{{ c.described }}{% if not loop.last %}; "
                      "{% endif %}{% endfor %}",
    "parties": "This agreement is with",
    "party_value": "{% for p in parties %}{{ p.name }}{% if p.relationship %} "
                   "({{ p.relationship }}){% endif %}{% if not loop.last %}; {% endif %}"
                   "{% endfor %}",
    "version": "Version",
    "version_value": "{{ version_number }}, issued {{ issued_date }}",
    "review_by": "We will review it by",
    "review_value": "{{ review_date }}",
    "reference": "Case reference",
    "why_heading": "Why we have written this agreement",
    "why_intro": "We are worried about the safety and well-being of {{ children_names }}. This "
                 "agreement sets out clearly what must change, what you need to do, and what "
                 "we will do to help.",
    "behaviours_heading": "Behaviour that must stop",
    "behaviours_intro": "This behaviour towards the people who work with your family is not "
                        "acceptable:",
    "behaviour_line": "{{ b.number }}.\t{{ b.text }}",
    "risk_heading": "How this behaviour affects our assessment",
    "expectations_heading": "What you need to do",
    "col_what": "What you need to do",
    "col_how": "How we will know",
    "col_when": "By when",
    "when_value": "{{ e.by_when }}",
    "why_matters": "Why this matters for the children: ",
    "agencies_heading": "What we will do",
    "consequences_heading": "What will happen if things do not change",
    "contingency_heading": "If something goes wrong",
    "review_heading": "When we will look at this agreement again",
    "review_text": "We will meet you to review this agreement by {{ review_date }}. We will "
                   "look together at what has changed and what happens next.",
    "contact_heading": "Who to contact",
    "rights_heading": "Your rights",
    "rights_text": "You can ask for this agreement in Welsh or English, in large print or easy "
                   "read, or to have it read to you. You can ask to see the records we keep "
                   "about you. We write down what we discuss with you.",
    "signatures_heading": "Signatures",
    "signatures_text": "Signing this agreement means you have read it, or had it read to you, "
                       "and you understand what it asks of you and what will happen if things "
                       "do not change.",
    "col_name": "Name",
    "col_signature": "Signature",
    "col_date": "Date",
    "practitioner_row": "{{ practitioner.name }}, {{ practitioner.job_title }}, "
                        "{{ practitioner.agency }}",
    "manager_row": "{{ manager.name }}, {{ manager.job_title }} (line manager)",
    "witness_row": "Witness (name in capitals):",
    "footer": "{{ family_name }} · {{ case_reference }} · Written agreement, version "
              "{{ version_number }} · Page ",
    "of": " of ",
}

CY = {
    "lang": "cy-GB",
    "title": "Cytundeb ysgrifenedig",
    "subtitle": "Rhwng {{ practitioner.agency }} ac aelodau'r teulu a enwir isod",
    "family": "Teulu",
    "children": "Am y plant",
    "children_value": "{% for c in children %}{{ c.described_cy }}{% if not loop.last %}; "
                      "{% endif %}{% endfor %}",
    "parties": "Mae'r cytundeb hwn gyda",
    "party_value": EN["party_value"],
    "version": "Fersiwn",
    "version_value": "{{ version_number }}, dyddiad cyhoeddi {{ issued_date_cy }}",
    "review_by": "Byddwn yn ei adolygu erbyn",
    "review_value": "{{ review_date_cy }}",
    "reference": "Cyfeirnod yr achos",
    "why_heading": "Pam rydym wedi ysgrifennu'r cytundeb hwn",
    "why_intro": "Rydym yn poeni am ddiogelwch a lles {{ children_names_cy }}. Mae'r cytundeb "
                 "hwn yn nodi'n glir beth sy'n rhaid newid, beth sydd angen i chi ei wneud, a "
                 "beth y byddwn ni'n ei wneud i helpu.",
    "behaviours_heading": "Ymddygiad sy'n gorfod dod i ben",
    "behaviours_intro": "Nid yw'r ymddygiad hwn tuag at y bobl sy'n gweithio gyda'ch teulu yn "
                        "dderbyniol:",
    "behaviour_line": "{{ b.number }}.\t{{ b.text_cy }}",
    "risk_heading": "Sut mae'r ymddygiad hwn yn effeithio ar ein hasesiad",
    "expectations_heading": "Beth sydd angen i chi ei wneud",
    "col_what": "Beth sydd angen i chi ei wneud",
    "col_how": "Sut y byddwn yn gwybod",
    "col_when": "Erbyn pryd",
    "when_value": "{{ e.by_when_cy }}",
    "why_matters": "Pam mae hyn yn bwysig i'r plant: ",
    "agencies_heading": "Beth y byddwn ni'n ei wneud",
    "consequences_heading": "Beth fydd yn digwydd os na fydd pethau'n newid",
    "contingency_heading": "Os aiff rhywbeth o'i le",
    "review_heading": "Pryd y byddwn yn edrych ar y cytundeb hwn eto",
    "review_text": "Byddwn yn cyfarfod â chi i adolygu'r cytundeb hwn erbyn "
                   "{{ review_date_cy }}. Byddwn yn edrych gyda'n gilydd ar beth sydd wedi "
                   "newid a beth fydd yn digwydd nesaf.",
    "contact_heading": "Pwy i gysylltu â nhw",
    "rights_heading": "Eich hawliau",
    "rights_text": "Gallwch ofyn am y cytundeb hwn yn Gymraeg neu yn Saesneg, mewn print bras "
                   "neu mewn fformat hawdd ei ddarllen, neu i rywun ei ddarllen i chi. Gallwch "
                   "ofyn am gael gweld y cofnodion rydym yn eu cadw amdanoch chi. Rydym yn "
                   "ysgrifennu'r hyn rydym yn ei drafod gyda chi.",
    "signatures_heading": "Llofnodion",
    "signatures_text": "Mae llofnodi'r cytundeb hwn yn golygu eich bod wedi'i ddarllen, neu fod "
                       "rhywun wedi'i ddarllen i chi, a'ch bod yn deall beth mae'n ei ofyn "
                       "gennych chi a beth fydd yn digwydd os na fydd pethau'n newid.",
    "col_name": "Enw",
    "col_signature": "Llofnod",
    "col_date": "Dyddiad",
    "practitioner_row": EN["practitioner_row"],
    "manager_row": "{{ manager.name }}, {{ manager.job_title }} (rheolwr llinell)",
    "witness_row": "Tyst (enw mewn priflythrennau):",
    "footer": "{{ family_name }} · {{ case_reference }} · Cytundeb ysgrifenedig, fersiwn "
              "{{ version_number }} · Tudalen ",
    "of": " o ",
}

# Values shown once in a bilingual document, Welsh first then English where they differ.
BILINGUAL_VALUES = {
    "children_value": "{% for c in children %}{{ c.described_cy }}{% if c.described_cy != "
                      "c.described %} / {{ c.described }}{% endif %}{% if not loop.last %}; "
                      "{% endif %}{% endfor %}",
    "version_value": "{{ version_number }}, {{ issued_date_cy }} / {{ issued_date }}",
    "review_value": "{{ review_date_cy }} / {{ review_date }}",
    "behaviour_line": "{{ b.number }}.\t{{ b.text_cy }}{% if b.text_cy != b.text %} / "
                      "{{ b.text }}{% endif %}",
    "when_value": "{{ e.by_when_cy }}{% if e.by_when_cy != e.by_when %} / {{ e.by_when }}"
                  "{% endif %}",
    "review_text_both": "Byddwn yn cyfarfod â chi i adolygu'r cytundeb hwn erbyn "
                        "{{ review_date_cy }}. / We will meet you to review this agreement by "
                        "{{ review_date }}.",
    "manager_row": "{{ manager.name }}, {{ manager.job_title }} (rheolwr llinell / line "
                   "manager)",
    "witness_row": "Tyst / Witness (enw / name):",
    "footer": "{{ family_name }} · {{ case_reference }} · Cytundeb ysgrifenedig / Written "
              "agreement, {{ version_number }} · Tudalen / Page ",
    "of": " / ",
}

EASY_READ = {
    "lang": "en-GB",
    "title": "Our agreement with you",
    "intro": "This agreement is about keeping {{ children_names }} safe and well.",
    "between": "It is between you and {{ practitioner.agency }}.",
    "family": "Family: {{ family_name }}",
    "parties_heading": "Who this agreement is with",
    "party_line": "{{ p.name }}{% if p.relationship %}, {{ p.relationship }}{% endif %}",
    "children_heading": "The children",
    "child_line": "{{ c.described }}",
    "why_heading": "Why we are worried",
    "behaviours_heading": "Things that must stop",
    "behaviours_intro": "These things must stop:",
    "behaviour_line": "{{ b.number }}.\t{{ b.text }}",
    "risk_heading": "Why this matters",
    "expectations_heading": "What you need to do",
    "what_line": "{{ e.number }}.\t{{ e.what }}",
    "how_label": "We will know because: ",
    "when_label": "By: ",
    "why_label": "This helps the children because: ",
    "agencies_heading": "What we will do",
    "consequences_heading": "If things do not change",
    "contingency_heading": "If something goes wrong",
    "review_heading": "When we will check how things are going",
    "review_text": "We will meet you again by {{ review_date }}.",
    "review_text2": "We will talk about what has changed.",
    "contact_heading": "Who to talk to",
    "rights_heading": "You can ask",
    "rights": ["You can ask for this in Welsh.", "You can ask us to read it to you.",
               "You can ask to see what we write about you."],
    "signatures_heading": "Signing",
    "signatures_text": "Sign here if you understand this agreement.",
    "sign_line": "Signature: ______________________________",
    "date_line": "Date: ____________________",
    "practitioner_line": "Worker: {{ practitioner.name }}, {{ practitioner.job_title }}",
    "manager_line": "Line manager: {{ manager.name }}, {{ manager.job_title }}",
    "witness_line": "Witness name: ______________________________",
    "version_line": "Version {{ version_number }}. Given to you on {{ issued_date }}. "
                    "Case reference {{ case_reference }}.",
    "footer": "{{ family_name }} · Our agreement, version {{ version_number }} · Page ",
    "of": " of ",
}
