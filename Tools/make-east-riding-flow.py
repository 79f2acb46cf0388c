#!/usr/bin/env python3
"""Builds Fixtures/east-riding/complaints-flow.csv: a complaints log made so that the year-on-year
flow of East Riding's Children's Services feedback report 2016/17
(../shared/reference/002_e491c01d522bc2a2.txt) comes out of it:

children's social care 2016/17: 24 new, 11 carried in from 2015/16, 35 dealt with, 24 resolved,
11 carried forward to 2017/18; corporate: 11 new, 7 carried in, 18 dealt with, 17 resolved, 1
carried forward.

Around them, cases that must not count in 2016/17: closed before 1 April 2016, received after 31
March 2017. A case is closed on the response date of the last stage it reached; a case carried
forward has none yet, or one after the year's end. Run from the repository root:
python3 Tools/make-east-riding-flow.py
"""
import csv
import datetime

# procedure: list of (how many, received, closed (None: still open), stage reached)
D = datetime.date
PLAN = {
    "childrens_social_care": [
        (8, D(2016, 2, 10), D(2016, 5, 20), 1),    # carried in, resolved
        (3, D(2016, 3, 1), None, 2),              # carried in, still open
        (16, D(2016, 6, 1), D(2016, 8, 30), 1),    # new, resolved
        (6, D(2016, 11, 14), None, 2),            # new, still open
        (2, D(2017, 2, 20), D(2017, 4, 25), 1),    # new, answered after the year's end
        (4, D(2015, 9, 1), D(2016, 1, 15), 1),     # closed in 2015/16: not in 2016/17
        (3, D(2017, 4, 10), None, 1),             # received in 2017/18
    ],
    "corporate": [
        (6, D(2016, 1, 20), D(2016, 4, 28), 1),    # carried in, resolved
        (1, D(2016, 3, 15), None, 2),             # carried in, still open
        (11, D(2016, 7, 4), D(2016, 9, 1), 2),     # new, resolved at stage 2
        (2, D(2015, 5, 5), D(2015, 7, 1), 1),      # closed in 2015/16
    ],
}
PREFIX = {"childrens_social_care": "CSC", "corporate": "COR"}


def main():
    rows = []
    for procedure, groups in PLAN.items():
        number = 0
        for count, received, closed, stage in groups:
            for index in range(count):
                number += 1
                got = received + datetime.timedelta(days=index)
                response = closed + datetime.timedelta(days=index) if closed else None
                dates = {f"stage{n}_response_date": "" for n in (1, 2, 3)}
                if stage == 2:
                    dates["stage1_response_date"] = (got + datetime.timedelta(days=14)).strftime("%d/%m/%Y")
                if response:
                    dates[f"stage{stage}_response_date"] = response.strftime("%d/%m/%Y")
                rows.append({"case_ref": f"{PREFIX[procedure]}-{got.year}-{number:03d}", "received_date": got.strftime("%d/%m/%Y"),
                             "procedure": procedure, "stage_reached": str(stage), **dates})
    with open("Fixtures/east-riding/complaints-flow.csv", "w", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0].keys()), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


if __name__ == "__main__":
    main()
