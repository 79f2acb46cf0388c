#!/usr/bin/env python3
"""Writes the CSV reader's case table: each case's bytes as Fixtures/csv-cases/NAME.csv, and in
Fixtures/csv-cases/expected.json the rows Python's csv module reads from the same bytes (default
dialect, file opened as UTF-8 with an optional byte-order mark, newline=''). Blank lines, which
Python returns as [], are left out: Disclose skips them too. Run once; the output is committed.

    python3 Tools/make-csv-cases.py
"""
import csv
import io
import json
import pathlib

CASES = {
    "lf": b"id,name\n1,Ann\n2,Bob\n",
    "crlf": b"id,name\r\n1,Ann\r\n2,Bob\r\n",
    "cr-only": b"id,name\r1,Ann\r2,Bob\r",
    "no-final-newline": b"id,name\n1,Ann\n2,Bob",
    "byte-order-mark": b"\xef\xbb\xbfid,name\n1,Ann\n",
    "quoted-comma": b'id,address\n1,"12 Wellgate, Rotherham"\n',
    "doubled-quotes": b'id,note\n1,"she said ""no"" twice"\n2,""""\n',
    "lf-inside-quotes": b'id,note\n1,"line one\nline two"\n2,x\n',
    "crlf-inside-quotes": b'id,note\r\n1,"line one\r\nline two"\r\n2,x\r\n',
    "cr-inside-quotes": b'id,note\n1,"a\rb"\n',
    "empty-fields": b"a,b,c\n,,\n1,,3\n,2,\n",
    "empty-quoted-field": b'a,b\n"",x\n"",""\n',
    "single-column-empty": b'a\n""\nx\n',
    "blank-lines": b"a,b\n\n1,2\n\n\n3,4\n",
    "blank-lines-crlf": b"a,b\r\n\r\n1,2\r\n",
    "trailing-empty-field": b"a,b,c\n1,2,\n",
    "spaces-kept": b"a,b\n  1 , two words \n",
    "unicode": "id,name\n1,Zoë Wiśniewska\n2,Ngozi Okafor 🙂\n3,Łukasz\n".encode(),
    "stray-quote-in-field": b'id,item\n1,5" screen\n2,a"b"c\n',
    "text-after-closing-quote": b'id,v\n1,"abc"def\n2,"x" y\n',
    "too-few-fields": b"a,b,c\n1,2\n3,4,5\n",
    "too-many-fields": b"a,b\n1,2,3,4\n5,6\n",
    "header-only": b"a,b,c\n",
    "header-only-no-newline": b"a,b,c",
    "unclosed-quote-at-end": b'id,note\n1,ok\n2,"never closed\n3,x\n',
    "mixed-line-endings": b"a,b\n1,2\r\n3,4\r5,6\n",
    "long-field": b"id,text\n1," + b"x" * 5000 + b"\n2,y\n",
    "quoted-header": b'"case ref","name, full"\n1,Ann\n',
}


def main():
    folder = pathlib.Path(__file__).resolve().parent.parent / "Fixtures" / "csv-cases"
    folder.mkdir(parents=True, exist_ok=True)
    expected = {}
    for name, data in CASES.items():
        (folder / f"{name}.csv").write_bytes(data)
        text = data.decode("utf-8-sig")
        rows = [row for row in csv.reader(io.StringIO(text, newline="")) if row != []]
        expected[name] = rows
    (folder / "expected.json").write_text(json.dumps(expected, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
