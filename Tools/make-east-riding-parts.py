#!/usr/bin/env python3
"""Builds Fixtures/east-riding/{complaints.csv,complaint-parts.csv}: a case-level complaints log and
its parts, made so that the part outcome tables of East Riding's Children's Services feedback
report 2016/17 (../shared/reference/002_e491c01d522bc2a2.txt) come out of them:

children's social care, parts by stage: 1: 58 not upheld / 31 upheld / 10 partially / 9 no finding
(108 parts in 17 complaints); 2: 92 / 9 / 7 / 12 (120 parts in 6 complaints); 3: 9 / 1 / 0 / 2
(12 parts in 1 complaint), each table counting the parts of the stage its complaints were resolved
at. Corporate: 1: 22 not upheld / 2 no finding / 0 withdrawn / 3 partially
/ 23 upheld (50 parts in 12 complaints); 2: 20 / 0 / 0 / 1 / 3 (24 parts in 8 complaints).

The case references, dates and the spread of parts over complaints are made up; the totals are the
report's. Run from the repository root: python3 Tools/make-east-riding-parts.py
"""
import csv
import datetime

STAGES = {
    # procedure, stage: (complaints, {outcome: parts})
    ("childrens_social_care", 1): (17, {"not_upheld": 58, "upheld": 31, "partially_upheld": 10, "no_finding": 9}),
    ("childrens_social_care", 2): (6, {"not_upheld": 92, "upheld": 9, "partially_upheld": 7, "no_finding": 12}),
    ("childrens_social_care", 3): (1, {"not_upheld": 9, "upheld": 1, "partially_upheld": 0, "no_finding": 2}),
    ("corporate", 1): (12, {"not_upheld": 22, "no_finding": 2, "withdrawn": 0, "partially_upheld": 3, "upheld": 23}),
    ("corporate", 2): (8, {"not_upheld": 20, "no_finding": 0, "withdrawn": 0, "partially_upheld": 1, "upheld": 3}),
}
PREFIX = {"childrens_social_care": "CSC", "corporate": "COR"}


def main():
    complaints, parts = [], []
    number = {"childrens_social_care": 0, "corporate": 0}
    start = datetime.date(2016, 4, 4)
    for (procedure, stage), (count, outcomes) in STAGES.items():
        # The complaints that ended at this stage, each with its parts dealt round in turn.
        refs = []
        for _ in range(count):
            number[procedure] += 1
            ref = f"{PREFIX[procedure]}-1617-{number[procedure]:03d}"
            received = start + datetime.timedelta(days=9 * len(complaints))
            complaints.append({"case_ref": ref, "received_date": received.isoformat(), "procedure": procedure,
                               "stage_reached": str(stage)})
            refs.append(ref)
        # Before the stage they ended at, each had two parts not upheld at every earlier stage
        # (only parts not upheld go on); the report's tables count the parts of the stage a
        # complaint was resolved at, so these must not be counted in them.
        for ref in refs:
            for earlier in range(1, stage):
                for part in (1, 2):
                    parts.append({"case_ref": ref, "stage": str(earlier), "part_no": str(part), "outcome": "not_upheld"})
        labels = [outcome for outcome, n in outcomes.items() for _ in range(n)]
        next_part = {ref: 0 for ref in refs}
        for index, outcome in enumerate(labels):
            ref = refs[index % count]
            next_part[ref] += 1
            parts.append({"case_ref": ref, "stage": str(stage), "part_no": str(next_part[ref]), "outcome": outcome})
    with open("Fixtures/east-riding/complaints.csv", "w", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=["case_ref", "received_date", "procedure", "stage_reached"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(complaints)
    with open("Fixtures/east-riding/complaint-parts.csv", "w", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=["case_ref", "stage", "part_no", "outcome"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(sorted(parts, key=lambda p: (p["case_ref"], int(p["stage"]), int(p["part_no"]))))


if __name__ == "__main__":
    main()
