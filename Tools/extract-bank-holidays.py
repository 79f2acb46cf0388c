#!/usr/bin/env python3
"""Writes Pipelines/calendars/bank-holidays.json: UK bank holidays 2012-2027 for the three divisions,
in GOV.UK's bank-holidays.json format.

Source: the copy of https://www.gov.uk/bank-holidays.json that the PyPI package govuk-bank-holidays
(MIT licence, Ministry of Justice) ships. The data is Crown copyright under the Open Government
Licence v3.0, which allows copying and redistribution with attribution. Every date is cross-checked
against the independent PyPI package `holidays` (MIT); the script stops on any disagreement.

    pip install govuk-bank-holidays holidays
    python3 Tools/extract-bank-holidays.py
"""
import json
import os
import pathlib
import sys

import govuk_bank_holidays
import holidays

FIRST_YEAR, LAST_YEAR = 2012, 2027
SUBDIVISIONS = {"england-and-wales": "ENG", "scotland": "SCT", "northern-ireland": "NIR"}


def main():
    source = pathlib.Path(os.path.dirname(govuk_bank_holidays.__file__)) / "bank-holidays.json"
    data = json.loads(source.read_text(encoding="utf-8"))
    out = {}
    problems = []
    for division, subdivision in SUBDIVISIONS.items():
        events = [e for e in data[division]["events"] if FIRST_YEAR <= int(e["date"][:4]) <= LAST_YEAR]
        years = {int(e["date"][:4]) for e in events}
        if years != set(range(FIRST_YEAR, LAST_YEAR + 1)):
            problems.append(f"{division}: years missing: {sorted(set(range(FIRST_YEAR, LAST_YEAR + 1)) - years)}")
        reference = holidays.country_holidays("GB", subdiv=subdivision, years=range(FIRST_YEAR, LAST_YEAR + 1))
        for event in events:
            if event["date"] not in {str(d) for d in reference}:
                problems.append(f"{division}: {event['date']} {event['title']} is not a holiday in the holidays package")
        out[division] = {"division": division, "events": events}
    if problems:
        sys.exit("\n".join(problems))
    target = pathlib.Path(__file__).resolve().parent.parent / "Pipelines" / "calendars" / "bank-holidays.json"
    target.write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {target}: " + ", ".join(f"{d} {len(v['events'])} days" for d, v in out.items()))


if __name__ == "__main__":
    main()
