#!/usr/bin/env python3
"""Writes Fixtures/east-riding-2016-17.csv: a case-level log of East Riding's children's social care
complaints built to match the published 2016/17 report (../shared/reference/002_e491c01d522bc2a2.txt):

  Stage 1 (19 cases): 5 completed in 0-10 working days, 7 in 11-20, 4 in 21-30, 2 in more than 30,
  1 alternatively resolved (no completion time); 12 of the 19 within statutory timescales (the
  seven 11-20 day cases were extended, and an extended limit met counts as in time).
  Stage 2 (7 cases, stage 1 answered in 2015/16): 0 in 0-25 working days, 1 in 26-65 (extended),
  6 in more than 65; six of the seven not within timescales.

Response dates are placed with numpy's business-day arithmetic over Pipelines/calendars/
bank-holidays.json (England and Wales), independently of Disclose's own calendar. The case
references, dates and services are made up; no person is in the file.

    python3 Tools/make-east-riding-fixture.py
"""
import csv
import json
import pathlib

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parent.parent
HOLIDAYS = [e["date"] for e in json.loads((ROOT / "Pipelines/calendars/bank-holidays.json").read_text())["england-and-wales"]["events"]]
COLUMNS = ["case_ref", "received_date", "procedure", "directorate", "service_area", "formal", "stage_reached",
           "stage1_start_date", "stage1_extended", "stage1_response_date", "stage1_outcome",
           "stage2_start_date", "stage2_extended", "stage2_response_date", "stage2_outcome"]


def working_day(start, days):
    """The days-th working day after start (day 1 is the first working day after it)."""
    return np.busday_offset(np.busday_offset(start, 0, roll="forward", holidays=HOLIDAYS), days, roll="forward", holidays=HOLIDAYS) \
        if days > 0 else np.datetime64(start)


def uk(date):
    """dd/mm/yyyy, as the council's export writes dates."""
    return "/".join(reversed(np.datetime_as_string(date, unit="D").split("-")))


def main():
    rows = []
    starts = np.busday_offset("2016-04-04", np.arange(0, 19 * 8, 8), roll="forward", holidays=HOLIDAYS)
    stage1 = [(3, "no"), (5, "no"), (7, "no"), (8, "no"), (9, "no"),
              (11, "yes"), (12, "yes"), (14, "yes"), (15, "yes"), (17, "yes"), (19, "yes"), (20, "yes"),
              (21, "no"), (23, "yes"), (25, "no"), (28, "no"),
              (35, "no"), (41, "yes"),
              (None, "no")]
    outcomes = ["not_upheld", "partially_upheld", "upheld", "not_upheld", "not_upheld"]
    for number, ((days, extended), start) in enumerate(zip(stage1, starts), 1):
        response = "" if days is None else uk(working_day(start, days))
        outcome = "resolved_alternatively" if days is None else outcomes[number % len(outcomes)]
        rows.append([f"CSC-16-{number:03d}", uk(start), "childrens_social_care", "Children, Families and Schools",
                     "Children's Social Care", "yes", "1", uk(start), extended, response, outcome, "", "", "", ""])
    stage2_starts = np.busday_offset("2016-04-11", np.arange(0, 7 * 15, 15), roll="forward", holidays=HOLIDAYS)
    stage2 = [(40, "yes"), (66, "yes"), (70, "no"), (75, "yes"), (80, "no"), (90, "no"), (100, "yes")]
    received_dates = np.busday_offset("2016-01-04", np.arange(0, 7 * 8, 8), roll="forward", holidays=HOLIDAYS)
    for number, ((days, extended), start, received) in enumerate(zip(stage2, stage2_starts, received_dates), 1):
        answered = working_day(received, 9)
        rows.append([f"CSC-15-{number:03d}", uk(received), "childrens_social_care", "Children, Families and Schools",
                     "Children's Social Care", "yes", "2", uk(received), "no", uk(answered), "not_upheld",
                     uk(start), extended, uk(working_day(start, days)), "not_upheld"])
    with open(ROOT / "Fixtures/east-riding-2016-17.csv", "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(rows)


if __name__ == "__main__":
    main()
