#!/usr/bin/env python3
"""Checks a Qt Linguist .ts file is complete and keeps the placeholders of its sources.

    check_ts.py [TS ...] [--lupdate PATH --sources DIR]

Fails (exit 1) and names the message when
  - a translation is unfinished, vanished, obsolete or empty (for plurals: any form),
  - a plural message does not have exactly the number of forms the language has,
  - the placeholders differ: %1 … %99 (also %L1) and %n, counted, in every form,
  - a German translation still uses the English closing quote ” (German: „…“).
With --lupdate and --sources, it first runs lupdate over DIR's *.qml, *.cpp and *.h into a
temporary copy of each .ts, so a string added to the sources but not yet translated fails too.
Without arguments it checks every *.ts beside this script.
"""

import argparse
import collections
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
PLACEHOLDER = re.compile(r"%L?(?:[1-9][0-9]?|n)")
# Plural forms Qt uses per language (QTranslator's numerus rules); a language not listed is
# only checked for non-empty forms.
PLURAL_FORMS = {"de": 2, "en": 2, "nl": 2, "sv": 2, "da": 2, "nb": 2, "it": 2, "es": 2, "pt": 2,
                "fr": 2, "fi": 2, "pl": 3, "cs": 3, "ru": 3, "uk": 3, "ja": 1, "zh": 1, "ko": 1}


def placeholders(text):
    return collections.Counter(PLACEHOLDER.findall(text or ""))


def check(ts_file, shown_name):
    problems = []
    root = ET.parse(ts_file).getroot()
    language = (root.get("language") or "").split("_")[0]
    forms_wanted = PLURAL_FORMS.get(language)
    count = 0
    for context in root.iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            count += 1
            source = message.findtext("source") or ""
            where = f"{shown_name}: [{name}] {source!r}"
            translation = message.find("translation")
            if translation is None:
                problems.append(f"{where}: no translation")
                continue
            kind = translation.get("type")
            if kind in ("unfinished", "vanished", "obsolete"):
                problems.append(f"{where}: {kind}")
                continue
            if message.get("numerus") == "yes":
                forms = [f.text or "" for f in translation.findall("numerusform")]
                if forms_wanted is not None and len(forms) != forms_wanted:
                    problems.append(f"{where}: {len(forms)} plural forms, {language} has {forms_wanted}")
            else:
                forms = [translation.text or ""]
            for form in forms:
                if not form.strip():
                    problems.append(f"{where}: empty translation")
                elif placeholders(form) != placeholders(source):
                    problems.append(f"{where}: placeholders {sorted(placeholders(form).elements())} in "
                                    f"{form!r}, the source has {sorted(placeholders(source).elements())}")
                elif language == "de" and "”" in form:
                    problems.append(f"{where}: English quote ” in {form!r}; German uses „…“")
    return count, problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ts", nargs="*")
    parser.add_argument("--lupdate", metavar="PATH", help="lupdate to refresh a temporary copy first")
    parser.add_argument("--sources", metavar="DIR", help="the app's sources (with --lupdate)")
    args = parser.parse_args()
    if bool(args.lupdate) != bool(args.sources):
        parser.error("--lupdate and --sources go together")
    ts_files = args.ts or sorted(glob.glob(os.path.join(HERE, "*.ts")))
    if not ts_files:
        print("check_ts: no .ts files", file=sys.stderr)
        return 1
    failed = False
    for ts_file in ts_files:
        shown = os.path.basename(ts_file)
        with tempfile.TemporaryDirectory() as tmp:
            if args.lupdate:
                copy = os.path.join(tmp, shown)
                shutil.copyfile(ts_file, copy)
                sources = sorted(glob.glob(os.path.join(args.sources, "*.qml"))
                                 + glob.glob(os.path.join(args.sources, "*.cpp"))
                                 + glob.glob(os.path.join(args.sources, "*.h")))
                # The source language's file holds only its plural forms.
                language = ET.parse(ts_file).getroot().get("language") or ""
                only_plurals = ["-pluralonly"] if language.split("_")[0] == "en" else []
                done = subprocess.run([args.lupdate, "-silent", *sources, "-ts", copy,
                                       "-no-obsolete", "-locations", "none", *only_plurals],
                                      stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
                if done.returncode != 0:
                    print(done.stdout, file=sys.stderr)
                    print(f"check_ts: lupdate failed on {shown}", file=sys.stderr)
                    failed = True
                    continue
                count, problems = check(copy, shown)
            else:
                count, problems = check(ts_file, shown)
        for problem in problems:
            print(problem)
        print(f"{shown}: {count} messages, {len(problems)} problems")
        failed = failed or bool(problems)
    if failed and args.lupdate:
        print("Refresh and translate: see assets/translations/README.md")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
