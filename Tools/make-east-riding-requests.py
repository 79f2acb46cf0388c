#!/usr/bin/env python3
"""Builds Fixtures/east-riding/{sar-requests.csv,foi-requests.csv}: request logs made so that the SAR
and FOI figures of East Riding's Children's Services feedback report 2016/17
(../shared/reference/002_e491c01d522bc2a2.txt) come out of them through the categorise and
aggregate stages:

SAR: 55 received: 8 did not progress, 37 completed, 5 requests for further records, 5 still in
progress; 34 of the 37 completed (92%) within the statutory 40 days (the DPA 1998 regime, before
25 May 2018). FOI: 195 received, 175 (90%) completed within 20 working days.

Received dates are spread over 2016/17; an answer in time comes well inside its limit (SAR: 25
calendar days; FOI: 12 calendar days, at most 10 working days) and a late one well outside it (SAR:
55 days; FOI: 50 days), so that no bank holiday decides a case. Requests still in progress have no
response date. Run from the repository root: python3 Tools/make-east-riding-requests.py
"""
import csv
import datetime

START = datetime.date(2016, 4, 4)


def uk(date):
    return date.strftime("%d/%m/%Y") if date else ""


def sar_rows():
    # status, number, how many of them were answered late
    plan = [("did_not_progress", 8, 0), ("completed", 37, 3), ("further_records", 5, 0), ("in_progress", 5, 0)]
    rows, number = [], 0
    for status, count, late in plan:
        for index in range(count):
            number += 1
            # In-progress requests came in at the end of the year; the rest across it.
            received = START + datetime.timedelta(days=(number * 5) % 300 if status != "in_progress" else 340 + index * 4)
            if status == "in_progress":
                response = None
            elif status == "did_not_progress":
                response = received + datetime.timedelta(days=10)
            else:
                response = received + datetime.timedelta(days=55 if index < late else 25)
            rows.append({
                "request_ref": f"SAR-1617-{number:03d}", "received_date": uk(received), "clock_start_date": "", "paused_days": "0",
                "data_subject_name": "", "requester_name": "", "requester_type": "data_subject",
                "records_requested": "childrens_social_care" if number % 6 else "other", "extended": "no",
                "response_date": uk(response), "status": status, "pages_disclosed": "", "exemptions": "", "description": "",
            })
    return rows


def foi_rows():
    rows = []
    for number in range(1, 196):
        received = START + datetime.timedelta(days=(number * 7) % 350)
        late = number % 39 in (0, 1, 2, 3)   # 20 of 195
        rows.append({
            "request_ref": f"FOI-1617-{number:03d}", "received_date": uk(received), "requester_name": "", "requester_email": "",
            "requester_type": "individual", "regime": "foia", "directorate": "Children, Families and Schools", "subject": "",
            "description": "", "pit_extended": "no",
            "response_date": uk(received + datetime.timedelta(days=50 if late else 12)),
            "outcome": "granted_full", "exemptions": "", "internal_review": "no", "ico_complaint": "no",
        })
    return rows


def write(path, rows):
    with open(path, "w", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0].keys()), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


if __name__ == "__main__":
    write("Fixtures/east-riding/sar-requests.csv", sar_rows())
    foi = foi_rows()
    assert sum(1 for row in foi if row["response_date"] != "" and
               datetime.datetime.strptime(row["response_date"], "%d/%m/%Y") - datetime.datetime.strptime(row["received_date"], "%d/%m/%Y")
               > datetime.timedelta(days=40)) == 20
    write("Fixtures/east-riding/foi-requests.csv", foi)
