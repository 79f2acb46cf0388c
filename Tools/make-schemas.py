#!/usr/bin/env python3
"""Writes the Table Schemas of DOMAIN.md's canonical datasets into Pipelines/schemas/.

The vocabularies are DOMAIN.md's; dates are yyyy-mm-dd (the validate rules' uk_date fix turns
every UK layout into that first). `personal: true` marks the columns whose values no report may
show. Run again after changing a vocabulary: python3 Tools/make-schemas.py
"""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "Pipelines", "schemas")

YES_NO = ["yes", "no"]
OUTCOMES = ["upheld", "partially_upheld", "not_upheld", "no_finding", "withdrawn", "resolved_alternatively", "informal"]


def field(name, type="string", personal=False, **constraints):
    f = {"name": name, "type": type}
    if type == "boolean":
        f["trueValues"], f["falseValues"] = ["yes"], ["no"]
    if type == "date":
        f["format"] = "default"
    if personal:
        f["personal"] = True
    if constraints:
        f["constraints"] = constraints
    return f


def vocabulary(name, values, **constraints):
    return {"name": name, "type": "string", "constraints": {"enum": values, **constraints}}


EQUALITY = [
    vocabulary("age_band", ["0-15", "16-24", "25-34", "35-44", "45-54", "55-64", "65-74", "75+", "not_stated"]),
    vocabulary("sex", ["female", "male", "not_stated", "prefer_not_to_say"]),
    vocabulary("gender_reassignment", ["yes", "no", "not_stated", "prefer_not_to_say"]),
    vocabulary("disability", ["yes", "no", "not_stated", "prefer_not_to_say"]),
    vocabulary("ethnicity", [
        "asian_bangladeshi", "asian_chinese", "asian_indian", "asian_pakistani", "asian_other",
        "black_african", "black_caribbean", "black_other",
        "mixed_white_asian", "mixed_white_black_african", "mixed_white_black_caribbean", "mixed_other",
        "white_british", "white_irish", "white_gypsy_irish_traveller", "white_roma", "white_other",
        "other_arab", "other_any", "not_stated", "prefer_not_to_say"]),
    vocabulary("religion_belief", ["no_religion", "buddhist", "christian", "hindu", "jewish", "muslim", "sikh", "other",
                                   "not_stated", "prefer_not_to_say"]),
    vocabulary("sexual_orientation", ["heterosexual", "gay_or_lesbian", "bisexual", "other", "not_stated", "prefer_not_to_say"]),
    vocabulary("marriage_civil_partnership", ["single", "married", "civil_partnership", "separated", "divorced", "widowed",
                                              "not_applicable", "not_stated", "prefer_not_to_say"]),
    vocabulary("pregnancy_maternity", ["pregnant", "maternity", "no", "not_applicable", "not_stated", "prefer_not_to_say"]),
    vocabulary("carer", ["yes", "no", "not_stated", "prefer_not_to_say"]),
]

REF_PATTERN = "[A-Z]{3}-[0-9]{4}-[0-9]{5,}"
POSTCODE = "[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}"

complaints = [
    field("case_ref", required=True, unique=True, pattern=REF_PATTERN),
    field("received_date", "date", required=True, minimum="2012-01-01"),
    vocabulary("procedure", ["corporate", "childrens_social_care", "adult_social_care", "housing"], required=True),
    field("directorate", required=True),
    field("service_area"),
    vocabulary("channel", ["email", "telephone", "letter", "in_person", "online", "advocate"]),
    field("formal", "boolean", required=True),
    field("stage_reached", "integer", required=True, minimum=1, maximum=3),
]
for n in (1, 2, 3):
    complaints += [
        field(f"stage{n}_start_date", "date"),
        field(f"stage{n}_extended", "boolean"),
        field(f"stage{n}_response_date", "date"),
        vocabulary(f"stage{n}_outcome", OUTCOMES),
    ]
complaints += [
    vocabulary("category", ["quality_of_service", "delay_in_service", "actions_of_staff", "lack_of_service", "communication",
                            "policy_or_decision", "other"]),
    vocabulary("ombudsman", ["lgsco", "housing"]),
    vocabulary("ombudsman_decision", ["invalid_or_incomplete", "advice_given", "referred_back", "closed_after_initial_enquiries",
                                      "not_upheld", "upheld"]),
    field("complainant_name", personal=True),
    field("complainant_email", personal=True),
    field("complainant_phone", personal=True),
    field("complainant_address", personal=True),
    field("complainant_postcode", personal=True, pattern=POSTCODE),
    field("complainant_dob", "date", personal=True),
    vocabulary("complainant_type", ["member_of_public", "parent_carer", "child_young_person", "looked_after_child", "care_leaver",
                                    "advocate", "mp", "councillor"]),
] + EQUALITY + [
    field("description", personal=True),
    field("response_summary", personal=True),
]

parts = [
    field("case_ref", required=True, pattern=REF_PATTERN),
    field("stage", "integer", required=True, minimum=1, maximum=3),
    field("part_no", "integer", required=True, minimum=1),
    vocabulary("outcome", OUTCOMES, required=True),
]

foi = [
    field("request_ref", required=True, unique=True, pattern=REF_PATTERN),
    field("received_date", "date", required=True, minimum="2012-01-01"),
    field("requester_name", personal=True),
    field("requester_email", personal=True),
    vocabulary("requester_type", ["individual", "journalist", "company", "campaign", "researcher", "mp", "councillor"]),
    vocabulary("regime", ["foia", "eir"], required=True),
    field("directorate"),
    field("subject"),
    field("description", personal=True),
    field("pit_extended", "boolean"),
    field("response_date", "date"),
    vocabulary("outcome", ["granted_full", "granted_part", "refused", "not_held", "withdrawn", "vexatious", "repeated"]),
    field("exemptions"),
    field("internal_review", "boolean"),
    field("ico_complaint", "boolean"),
]

sar = [
    field("request_ref", required=True, unique=True, pattern=REF_PATTERN),
    field("received_date", "date", required=True, minimum="2012-01-01"),
    field("clock_start_date", "date"),
    field("paused_days", "integer", minimum=0, maximum=366),
    field("data_subject_name", personal=True),
    field("requester_name", personal=True),
    vocabulary("requester_type", ["data_subject", "representative", "parent", "solicitor"]),
    vocabulary("records_requested", ["childrens_social_care", "adult_social_care", "other"]),
    field("extended", "boolean"),
    field("response_date", "date"),
    vocabulary("status", ["did_not_progress", "completed", "further_records", "in_progress"], required=True),
    field("pages_disclosed", "integer", minimum=0),
    field("exemptions"),
    field("description", personal=True),
]

for name, fields, key in [("complaints", complaints, "case_ref"), ("complaint_parts", parts, ["case_ref", "stage", "part_no"]),
                          ("foi_requests", foi, "request_ref"), ("sar_requests", sar, "request_ref")]:
    schema = {"fields": fields, "missingValues": [""], "primaryKey": key}
    with open(os.path.join(OUT, name + ".json"), "w") as out:
        json.dump(schema, out, indent=2)
        out.write("\n")
