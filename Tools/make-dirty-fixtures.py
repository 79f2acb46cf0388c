#!/usr/bin/env python3
"""Writes Fixtures/dirty/: messy exports of each dataset (complaints, FOI, SAR, complaint parts),
one defect (or one fix) per row, each made from one clean row of the samples in Fixtures/ so that
every difference is the defect itself. Fixtures/dirty/README.md lists each row's defect and what
validate must do with it; ValidateStageTests holds the exact expected quarantine and report.

Run again after changing the list: python3 Tools/make-dirty-fixtures.py
"""
import csv
import os

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..")

# (what the row shows, changes). Each row gets its own case_ref unless it sets one.
ROWS = [
    ("clean row", {}),
    ("date d/m/yy (fixed to ISO)", {"received_date": "5/4/24", "stage1_start_date": "5/4/24"}),
    ("date with a month name (fixed)", {"received_date": "5 April 2024", "stage1_start_date": "05 Apr 2024"}),
    ("US date mm/dd/yyyy (error: not a date)", {"received_date": "04/25/2024", "stage1_start_date": "04/25/2024"}),
    ("received date missing (error: required)", {"received_date": ""}),
    ("impossible date 31/02 (error: not a date)", {"stage1_response_date": "31/02/2024"}),
    ("received before 2012 (error: minimum)", {"received_date": "01/01/2009", "stage1_start_date": "01/01/2009"}),
    ("response before received (error: date order)", {"stage1_response_date": "01/04/2024"}),
    ("outcome 'Part Upheld' (fixed: case fold + synonym)", {"stage1_outcome": "Part Upheld"}),
    ("outcome 'partly upheld' (fixed: synonym)", {"stage1_outcome": "partly upheld"}),
    ("outcome not in the vocabulary (error: enum)", {"stage1_outcome": "sort of upheld"}),
    ("procedure 'Adult_Social_Care' (fixed: case fold)", {"procedure": "Adult_Social_Care"}),
    ("procedure not in the vocabulary (error: enum)", {"procedure": "planning"}),
    ("channel 'Phone' (fixed: synonym)", {"channel": "Phone"}),
    ("formal 'Y' (fixed: boolean)", {"formal": "Y"}),
    ("formal 'maybe' (error: not a boolean)", {"formal": "maybe"}),
    ("formal missing (error: required)", {"formal": ""}),
    ("stage 2 reached without a stage 2 start (error: rule)", {"stage_reached": "2"}),
    ("stage_reached 4 (error: maximum)", {"stage_reached": "4"}),
    ("stage_reached 'two' (error: not an integer)", {"stage_reached": "two"}),
    ("case_ref of row 2 again (error: unique)", {"case_ref": "CMP-2024-90001"}),
    ("case_ref not in the reference layout (error: pattern)", {"case_ref": "cmp 2024 17"}),
    ("case_ref missing (error: required)", {"case_ref": ""}),
    ("informal complaint upheld (error: rule)", {"formal": "no", "stage1_outcome": "upheld"}),
    ("postcode lower case without a space (fixed)", {"complainant_postcode": "s65 1aa".replace(" ", "")}),
    ("postcode 'NOT KNOWN' (warning: pattern; row kept)", {"complainant_postcode": "NOT KNOWN"}),
    ("date of birth 32/13/1980 (warning: not a date; row kept)", {"complainant_dob": "32/13/1980"}),
    ("spaces around the directorate (fixed: trim)", {"directorate": "  Adult Care, Housing and Public Health "}),
    ("runs of spaces in the description (fixed: collapse)", {"description": "My mother's care  package was   reduced."}),
    ("ombudsman decision without an ombudsman (error: rule)", {"ombudsman_decision": "not_upheld"}),
    ("ethnicity 'White British' (fixed: case fold)", {"ethnicity": "White British"}),
    ("ethnicity not in the ONS list (error: enum)", {"ethnicity": "martian"}),
    ("stage 2 started before the stage 1 response (error: rule)",
     {"stage_reached": "2", "stage2_start_date": "10/04/2024", "stage2_extended": "no"}),
    ("stage 3 reached without a stage 3 start (error: rule; stage 2 complete)",
     {"stage_reached": "3", "stage2_start_date": "22/04/2024", "stage2_extended": "no",
      "stage2_response_date": "20/05/2024", "stage2_outcome": "not_upheld"}),
    ("sex 'F' (fixed: synonym)", {"sex": "F"}),
    ("stage1_extended 'TRUE' (fixed: boolean)", {"stage1_extended": "TRUE"}),
    ("two errors in one row (error: the first, and 1 more)", {"channel": "pigeon", "stage_reached": "0"}),
    ("tab and spaces around an outcome (fixed: trim)", {"stage1_outcome": "\tnot_upheld  "}),
]

FOI_ROWS = [
    ("clean row", {}),
    ("regime 'FOI' (fixed: case fold + synonym)", {"regime": "FOI"}),
    ("regime ' EIR ' (fixed: trim + case fold)", {"regime": " EIR "}),
    ("regime not in the vocabulary (error: enum)", {"regime": "data protection"}),
    ("outcome 'Granted in part' (fixed: synonym)", {"outcome": "Granted in part", "exemptions": "s43(2)"}),
    ("requester type 'Journalist' (fixed: case fold)", {"requester_type": "Journalist"}),
    ("requester type not in the vocabulary (error: enum)", {"requester_type": "blogger"}),
    ("US date mm/dd/yyyy (error: not a date)", {"received_date": "07/25/2023"}),
    ("response before received (error: date order)", {"response_date": "20/07/2023"}),
    ("answered without an outcome (error: rule)", {"outcome": ""}),
    ("granted in full with an exemption (warning: rule; row kept)", {"exemptions": "s40(2)"}),
    ("pit_extended 'Y' (fixed: boolean)", {"pit_extended": "Y"}),
    ("internal_review 'perhaps' (error: not a boolean)", {"internal_review": "perhaps"}),
    ("request_ref of row 2 again (error: primary key)", {"request_ref": "FOI-2023-90001"}),
    ("received before 2012 (error: minimum)", {"received_date": "31/12/2011", "response_date": "20/01/2012"}),
]

SAR_ROWS = [
    ("clean row", {}),
    ("status 'Complete' (fixed: case fold + synonym)", {"status": "Complete"}),
    ("status not in the vocabulary (error: enum)", {"status": "lost"}),
    ("status missing (error: required)", {"status": ""}),
    ("completed without a response date (error: rule)", {"response_date": ""}),
    ("clock started before receipt (error: date order)", {"clock_start_date": "20/04/2023"}),
    ("paused_days negative (error: minimum)", {"paused_days": "-3"}),
    ("paused_days 'five' (error: not an integer)", {"paused_days": "five"}),
    ("pages_disclosed '1,024' (error: not an integer)", {"pages_disclosed": "1,024"}),
    ("extended 'N' (fixed: boolean)", {"extended": "N"}),
    ("records_requested 'Adult Social Care' (fixed: case fold)", {"records_requested": "Adult Social Care"}),
    ("impossible ISO date 2023-02-30 (error: not a date)", {"received_date": "2023-02-30"}),
    ("date with a month name (fixed)", {"received_date": "25 April 2023"}),
]

# complaint_parts: looked up in Fixtures/complaints-sample.csv (complaints) and in itself (parts).
PARTS_COLUMNS = ["case_ref", "stage", "part_no", "outcome"]
PARTS_ROWS = [
    ("clean row", ["CMP-2024-00002", "1", "1", "not_upheld"]),
    ("outcome 'Part Upheld' (fixed: case fold + synonym)", ["CMP-2024-00002", "1", "2", "Part Upheld"]),
    ("stage 2 part after a stage 1 part not upheld (passes)", ["CMP-2024-00002", "2", "1", "not_upheld"]),
    ("stage 1 part upheld (passes)", ["CMP-2023-00003", "1", "1", "upheld"]),
    ("stage 2 part of a case whose stage 1 parts were all upheld (warning: rule; row kept)",
     ["CMP-2023-00003", "2", "1", "not_upheld"]),
    ("case_ref not in the complaints file (error: reference)", ["CMP-2024-00777", "1", "1", "upheld"]),
    ("case, stage and part of row 2 again (error: primary key)", ["CMP-2024-00002", "1", "1", "upheld"]),
    ("stage 4 (error: maximum)", ["CMP-2024-00002", "4", "1", "upheld"]),
    ("part 0 (error: minimum)", ["CMP-2024-00002", "1", "0", "upheld"]),
    ("part number missing (error: required, as part of the primary key)", ["CMP-2024-00002", "1", "", "upheld"]),
    ("outcome not in the vocabulary (error: enum)", ["CMP-2024-00002", "1", "3", "maybe"]),
]


def sample(name, key, ref):
    with open(os.path.join(ROOT, "Fixtures", name), newline="") as f:
        reader = csv.DictReader(f)
        return reader.fieldnames, next(r for r in reader if r[key] == ref)


def write(name, columns, base, key, prefix, rows):
    with open(os.path.join(ROOT, "Fixtures", "dirty", name), "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        for number, (_, changes) in enumerate(rows, start=1):
            row = dict(base)
            row[key] = f"{prefix}{number:04d}"
            row.update(changes)
            writer.writerow(row)


columns, base = sample("complaints-sample.csv", "case_ref", "CMP-2024-00002")
write("complaints-dirty.csv", columns, base, "case_ref", "CMP-2024-9", ROWS)
foi_columns, foi_base = sample("foi-sample.csv", "request_ref", "FOI-2023-00003")
write("foi-dirty.csv", foi_columns, foi_base, "request_ref", "FOI-2023-9", FOI_ROWS)
sar_columns, sar_base = sample("sar-sample.csv", "request_ref", "SAR-2023-00020")
write("sar-dirty.csv", sar_columns, sar_base, "request_ref", "SAR-2023-9", SAR_ROWS)
with open(os.path.join(ROOT, "Fixtures", "dirty", "complaint-parts-dirty.csv"), "w", newline="") as f:
    writer = csv.writer(f, lineterminator="\n")
    writer.writerow(PARTS_COLUMNS)
    for _, values in PARTS_ROWS:
        writer.writerow(values)

with open(os.path.join(ROOT, "Fixtures", "dirty", "README.md"), "w") as f:
    f.write("# Dirty exports\n\n")
    f.write("Made by `Tools/make-dirty-fixtures.py` from one clean row of each sample in `Fixtures/`; each row\n")
    f.write("carries one defect (or one thing to fix), so that what validate reports is the defect itself.\n")
    f.write("Row numbers count the header as row 1. Validated with `Pipelines/schemas/<dataset>.json` and\n")
    f.write("`Pipelines/validate/<dataset>.yaml`; `ValidateStageTests` checks the exact quarantine rows,\n")
    f.write("reasons and report counts. Personal values are the samples' synthetic ones.\n")
    kinds = 0
    for title, file, rows in [("Complaints", "complaints-dirty.csv", ROWS), ("FOI requests", "foi-dirty.csv", FOI_ROWS),
                              ("SAR requests", "sar-dirty.csv", SAR_ROWS),
                              ("Complaint parts (references: complaints = `Fixtures/complaints-sample.csv`, parts = the file itself)",
                               "complaint-parts-dirty.csv", PARTS_ROWS)]:
        f.write(f"\n## {title}: `{file}`\n\n| row | defect | what validate does |\n|---:|---|---|\n")
        for number, (what, _) in enumerate(rows, start=2):
            defect, _, action = what.partition(" (")
            f.write(f"| {number} | {defect} | {action.rstrip(')') or 'passes'} |\n")
            if not defect.startswith("clean") and "passes" not in what:
                kinds += 1
    f.write(f"\n{kinds} rows with a defect in all.\n")
