#!/usr/bin/env python3
"""Writes Fixtures/dirty/complaints-dirty.csv: a messy complaints export, one defect (or one
fix) per row, made from one clean row of Fixtures/complaints-sample.csv (CMP-2024-00002) so that
every difference is the defect itself. Fixtures/dirty/README.md lists each row's defect and what
validate must do with it; ValidateStageTests holds the exact expected quarantine and report.

Run again after changing the list: python3 Tools/make-dirty-fixtures.py
"""
import csv
import os

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..")

with open(os.path.join(ROOT, "Fixtures", "complaints-sample.csv"), newline="") as f:
    reader = csv.DictReader(f)
    columns = reader.fieldnames
    base = next(r for r in reader if r["case_ref"] == "CMP-2024-00002")

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

with open(os.path.join(ROOT, "Fixtures", "dirty", "complaints-dirty.csv"), "w", newline="") as f:
    writer = csv.DictWriter(f, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for number, (_, changes) in enumerate(ROWS, start=1):
        row = dict(base)
        row["case_ref"] = f"CMP-2024-9{number:04d}"
        row.update(changes)
        writer.writerow(row)

with open(os.path.join(ROOT, "Fixtures", "dirty", "README.md"), "w") as f:
    f.write("# Dirty exports\n\n")
    f.write("`complaints-dirty.csv` is made by `Tools/make-dirty-fixtures.py` from one clean row of\n")
    f.write("`Fixtures/complaints-sample.csv`; each row carries one defect (or one thing to fix). Row numbers\n")
    f.write("count the header as row 1. Validated with `Pipelines/schemas/complaints.json` and\n")
    f.write("`Pipelines/validate/complaints.yaml`; `ValidateStageTests` checks the exact outcome.\n\n")
    f.write("| row | defect | what validate does |\n|---:|---|---|\n")
    for number, (what, _) in enumerate(ROWS, start=2):
        defect, _, action = what.partition(" (")
        f.write(f"| {number} | {defect} | {action.rstrip(')') or 'passes'} |\n")
