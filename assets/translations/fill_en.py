#!/usr/bin/env python3
"""Writes ferry_en.ts: the English plural forms of the app's %n messages.

English is the source language, so its only "translations" are plurals: the sources say
"%n message(s)", and Qt needs an English .qm to show "1 message" / "5 messages". This
script runs lupdate -pluralonly over qml/ into ferry_en.ts and fills each form from the
source: "(s)" dropped for the singular, "s" for the plural ("%n message(s)" -> "%n message",
"%n messages"). A %n message without "(s)" gets its forms from IRREGULAR below, or the
script exits 1 and names it.

    python3 assets/translations/fill_en.py --lupdate /usr/lib/qt6/bin/lupdate
"""

import argparse
import glob
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
TS_FILE = os.path.join(HERE, "ferry_en.ts")
SOURCES = os.path.join(HERE, "..", "..", "qml")

# English source -> (singular, plural) where "(s)" is not the whole story.
IRREGULAR = {
    "%1 (%n outside the dates)": ("%1 (%n outside the dates)", "%1 (%n outside the dates)"),
}


def run_lupdate(lupdate, ts_file):
    files = sorted(glob.glob(os.path.join(SOURCES, "*.qml")) + glob.glob(os.path.join(SOURCES, "*.cpp"))
                   + glob.glob(os.path.join(SOURCES, "*.h")))
    subprocess.run([lupdate, *files, "-ts", ts_file, "-pluralonly", "-target-language", "en",
                    "-no-obsolete", "-locations", "none", "-silent"], check=True)


def forms(source):
    if source in IRREGULAR:
        return IRREGULAR[source]
    if "(s)" not in source:
        return None
    return source.replace("(s)", ""), source.replace("(s)", "s")


def fill(ts_file):
    tree = ET.parse(ts_file)
    done, missing = 0, []
    for context in tree.getroot().iter("context"):
        for message in context.iter("message"):
            if message.get("numerus") != "yes":
                continue
            source = message.findtext("source")
            translation = message.find("translation")
            if translation is None:
                translation = ET.SubElement(message, "translation")
            pair = forms(source)
            if pair is None:
                translation.set("type", "unfinished")
                missing.append(source)
                continue
            translation.attrib.pop("type", None)
            translation.text = None
            for child in list(translation):
                translation.remove(child)
            for form in pair:
                ET.SubElement(translation, "numerusform").text = form
            done += 1
    with open(ts_file, "wb") as out:
        out.write(b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n')
        tree.write(out, encoding="utf-8", xml_declaration=False)
        out.write(b"\n")
    return done, missing


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ts", nargs="?", default=TS_FILE)
    parser.add_argument("--lupdate", metavar="PATH", help="run this lupdate over qml/ first")
    args = parser.parse_args()
    if args.lupdate:
        run_lupdate(args.lupdate, args.ts)
    done, missing = fill(args.ts)
    lconvert = shutil.which("lconvert", path="/usr/lib/qt6/bin:" + os.environ.get("PATH", ""))
    if lconvert:
        subprocess.run([lconvert, "-i", args.ts, "-o", args.ts], check=True)
    print(f"{os.path.basename(args.ts)}: {done} plural messages, {len(missing)} without forms")
    for source in missing:
        print(f"  no English forms for {source!r}: add it to IRREGULAR")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
