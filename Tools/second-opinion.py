#!/usr/bin/env python3
"""A second opinion on `disclose validate`: runs the Python `frictionless` package (the reference
implementation of Table Schema) on each dirty fixture with the same schema, runs Disclose with
the schema alone (no rules file, so no fixes and no rules over several fields: the part both
tools define), and compares their findings cell by cell: (row, column, check).

    Tools/second-opinion.sh            # makes a venv in .build/tools-venv with frictionless, then runs this

Prints, per fixture, the findings both make, and each finding only one makes with the reason
the README gives. Exits 1 if a difference has no known reason.
"""
import json
import os
import re
import subprocess
import sys
import tempfile

import frictionless

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
DISCLOSE = os.path.join(ROOT, ".build", "release", "disclose")
CASES = [
    ("dirty/complaints-dirty.csv", "complaints"),
    ("dirty/foi-dirty.csv", "foi_requests"),
    ("dirty/sar-dirty.csv", "sar_requests"),
    ("dirty/complaint-parts-dirty.csv", "complaint_parts"),
    ("complaints-sample.csv", "complaints"),
    ("foi-sample.csv", "foi_requests"),
    ("sar-sample.csv", "sar_requests"),
]

def known_reason(finding, ours, theirs):
    """Why a finding only one tool makes is by design (README, "Second opinion"), or None."""
    row, column, check = finding
    if finding in theirs and check == "unique" and any(f[0] == row and f[2] == "primaryKey" for f in ours):
        return "a unique field that is the whole primary key: Disclose reports the duplicate once, as primaryKey"
    if finding in theirs and check == "primaryKey" and any(f[0] == row and f[2] == "required" for f in ours):
        return "an empty primary key: Disclose reports it once, as required (key fields are required)"
    return None


def frictionless_findings(data, schema):
    # Frictionless only opens paths under the working directory unless trusted; ours are ours.
    with frictionless.system.use_context(trusted=True):
        report = frictionless.validate(data, schema=schema)
    found = set()
    for task in report.tasks:
        for error in task.errors:
            kind = error.type
            row = getattr(error, "row_number", None)
            field = getattr(error, "field_name", None)
            if kind == "type-error":
                check = "type"
            elif kind == "constraint-error":
                match = re.match(r'constraint "(\w+)"', error.note)
                check = match.group(1) if match else "constraint"
            elif kind == "primary-key":
                key = json.load(open(schema))["primaryKey"]
                check, field = "primaryKey", "+".join(key) if isinstance(key, list) else key
            elif kind == "unique-error":
                check = "unique"
            else:
                check = kind
            found.add((row, field, check))
    return found


def disclose_findings(data, schema):
    with tempfile.TemporaryDirectory() as out:
        subprocess.run([DISCLOSE, "validate", "--schema", schema, "--report", out, "--quarantine", os.path.join(out, "q.csv"),
                        "--rows-shown", "1000000", "--input", data, "--workers", "1"],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        quality = json.load(open(os.path.join(out, "quality.json")))
    found = set()
    for failure in quality["failures"]:
        for row in failure["first_rows"]:
            found.add((row, failure["column"], failure["rule"].split(".", 1)[1]))
    return found


def main():
    unexplained = 0
    print(f"frictionless {frictionless.__version__} against {DISCLOSE}")
    for fixture, schema_name in CASES:
        data = os.path.join(ROOT, "Fixtures", fixture)
        # The exports hold UK dates; both tools read them with the same pattern (the shipped
        # schemas expect yyyy-mm-dd, which validate's uk_date fix writes first).
        shipped = json.load(open(os.path.join(ROOT, "Pipelines", "schemas", schema_name + ".json")))
        for field in shipped["fields"]:
            if field["type"] == "date":
                field["format"] = "%d/%m/%Y"
                for bound in ("minimum", "maximum"):
                    if bound in field.get("constraints", {}):
                        year, month, day = field["constraints"][bound].split("-")
                        field["constraints"][bound] = f"{day}/{month}/{year}"
        schema = os.path.join(tempfile.mkdtemp(), schema_name + ".json")
        json.dump(shipped, open(schema, "w"))
        theirs, ours = frictionless_findings(data, schema), disclose_findings(data, schema)
        both = theirs & ours
        print(f"\n{fixture} ({schema_name}.json): {len(both)} findings agree, "
              f"{len(ours - theirs)} only Disclose, {len(theirs - ours)} only frictionless")
        for finding in sorted(ours - theirs, key=str) + sorted(theirs - ours, key=str):
            side = "Disclose" if finding in ours else "frictionless"
            reason = known_reason(finding, ours, theirs)
            if reason is None:
                unexplained += 1
                reason = "UNEXPLAINED"
            print(f"  only {side}: row {finding[0]}, {finding[1]}, {finding[2]}: {reason}")
    print(f"\n{unexplained} unexplained differences")
    return 1 if unexplained else 0


if __name__ == "__main__":
    sys.exit(main())
