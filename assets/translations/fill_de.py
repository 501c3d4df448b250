#!/usr/bin/env python3
"""Fills ferry_de.ts with the German translations kept below (English source -> German).

Run it after lupdate has refreshed the .ts from the sources (see README.md):

    cmake --build BUILD --target ferry_app_lupdate
    python3 assets/translations/fill_de.py

or let it run lupdate itself over qml/*.qml, qml/*.cpp, qml/*.h (this includes main.cpp,
which the CMake target only sees once qt_add_translations lists it):

    python3 assets/translations/fill_de.py --lupdate /usr/lib/qt6/bin/lupdate

A message whose English text is not in DE (or OVERRIDES) stays type="unfinished" and is
listed; the script then exits 1, and check_ts.py fails until it is translated here.
Style: "Sie", typographic quotes „…“, the ellipsis "…" as in the English, and the same
placeholders (%1, %2, %n) as the source. Plural messages (%n) take a pair
(singular, plural): German has two forms.
"""

import argparse
import glob
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
TS_FILE = os.path.join(HERE, "ferry_de.ts")
SOURCES = os.path.join(HERE, "..", "..", "qml")

# Term list, so that the same thing has the same name everywhere:
#   move (the whole job)   umziehen / der Umzug       item      Eintrag / Einträge
#   Advanced (button)      „Erweiterte Einstellungen“  sign in   anmelden / die Anmeldung
#   Run again (button)     „Noch einmal starten“       Resume    „Fortsetzen“
#   keychain               Schlüsselbund des Systems   provider  Anbieter
DE = {
    # Window, step bar, page frame
    "Ferry — move your mailbox": "Ferry – Postfach umziehen",
    "Old account": "Altes Konto",
    "New account": "Neues Konto",
    "What to move": "Auswahl",
    "Moving": "Umzug",
    "Report": "Bericht",
    "Step %1 of %2: %3": "Schritt %1 von %2: %3",
    "Next": "Weiter",
    "Working": "Bitte warten",
    "Back": "Zurück",
    "Back to the previous step": "Zurück zum vorherigen Schritt",

    # Welcome
    "Move your mailbox to a new provider": "Mit Ihrem Postfach zu einem neuen Anbieter umziehen",
    "Start": "Starten",
    "Ferry copies your mail, contacts, calendars and tasks from your old provider to your new one. "
    "You sign in to both accounts with your own passwords.":
        "Ferry kopiert Ihre E-Mails, Kontakte, Kalender und Aufgaben von Ihrem bisherigen Anbieter zu "
        "Ihrem neuen. Sie melden sich bei beiden Konten mit Ihren eigenen Passwörtern an.",
    "Your data goes straight from the old server to the new server through this computer. "
    "No other service sees it.":
        "Ihre Daten gehen über diesen Computer direkt vom alten zum neuen Server. "
        "Kein anderer Dienst bekommt sie zu sehen.",
    "Your old account is only read, never changed. Nothing on the new account is deleted.":
        "Ihr altes Konto wird nur gelesen, nie verändert. Im neuen Konto wird nichts gelöscht.",
    "Meetings keep their attendees and replies, and nobody gets an invitation again.":
        "Termine behalten ihre Teilnehmer und deren Antworten, und niemand bekommt eine Einladung ein zweites Mal.",
    "You can run it again later: it then copies only what is new.":
        "Sie können den Umzug später wiederholen: Dann wird nur kopiert, was neu ist.",
    "You need: your old and your new e-mail address, and the password of each.":
        "Sie brauchen: Ihre alte und Ihre neue E-Mail-Adresse und jeweils das Passwort dazu.",

    # Account pages
    "Your old account": "Ihr altes Konto",
    "Your new account": "Ihr neues Konto",
    "Sign in": "Anmelden",
    "Sign in and continue": "Anmelden und weiter",
    "Where your mail is now. Ferry only reads from this account.":
        "Hier liegen Ihre E-Mails heute. Ferry liest dieses Konto nur und ändert nichts daran.",
    "Where your mail should go. Nothing that is already there is deleted.":
        "Hierhin sollen Ihre E-Mails umziehen. Was dort schon liegt, wird nicht gelöscht.",
    "E-mail address": "E-Mail-Adresse",
    "anna@example.com": "anna@example.com",
    "Old e-mail address": "Alte E-Mail-Adresse",
    "New e-mail address": "Neue E-Mail-Adresse",
    "Password": "Passwort",
    "(entered)": "(eingegeben)",
    "Password of the old account": "Passwort des alten Kontos",
    "Password of the new account": "Passwort des neuen Kontos",
    "Remember this password in the system keychain": "Passwort im Schlüsselbund des Systems speichern",
    "Looking up the server settings": "Die Servereinstellungen werden gesucht",
    "These settings are a guess: check them under “Advanced”.":
        "Diese Einstellungen sind nur vermutet: Bitte prüfen Sie sie unter „Erweiterte Einstellungen“.",
    "Open the provider's instructions": "Anleitung des Anbieters öffnen",
    "Hide advanced settings": "Erweiterte Einstellungen ausblenden",
    "Advanced settings …": "Erweiterte Einstellungen …",
    "User name": "Benutzername",
    "User name for signing in": "Benutzername für die Anmeldung",
    "Mail server (IMAP, TLS)": "E-Mail-Server (IMAP, TLS)",
    "imap.example.com": "imap.example.com",
    "IMAP server name": "Name des IMAP-Servers",
    "Port": "Port",
    "IMAP port": "IMAP-Port",
    "Contacts and calendars": "Kontakte und Kalender",
    "https://dav.example.com/ (optional)": "https://dav.example.com/ (optional)",
    "CalDAV and CardDAV address": "CalDAV- und CardDAV-Adresse",
    "Trusted certificate": "Bestätigtes Zertifikat",
    "Ferry only connects with encryption (IMAP on port 993, HTTPS).":
        "Ferry verbindet sich nur verschlüsselt (IMAP über Port 993, HTTPS).",

    # Certificate
    "Is this the right server?": "Ist das der richtige Server?",
    "Trust this certificate for this server": "Zertifikat für diesen Server vertrauen",
    "The server %1 presented a certificate that this computer does not trust. "
    "This happens with self-hosted servers, but it can also mean someone is listening in.":
        "Der Server %1 hat ein Zertifikat vorgelegt, dem dieser Computer nicht vertraut. Das kommt bei "
        "selbst betriebenen Servern vor, kann aber auch bedeuten, dass jemand mithört.",
    "Problem": "Problem",
    "Issued to": "Ausgestellt für",
    "Issued by": "Ausgestellt von",
    "Valid from": "Gültig ab",
    "Valid until": "Gültig bis",
    "SHA-256 fingerprint": "Fingerabdruck (SHA-256)",
    "(not given)": "(nicht angegeben)",
    "Compare the fingerprint with the one your provider or administrator gave you. "
    "Trust it only if they match; otherwise go back.":
        "Vergleichen Sie den Fingerabdruck mit dem, den Ihnen Ihr Anbieter oder Ihre IT-Betreuung "
        "genannt hat. Vertrauen Sie dem Zertifikat nur, wenn beide übereinstimmen; gehen Sie sonst zurück.",
    "Do not trust it": "Nicht vertrauen",
    "self-signed certificate": "selbst signiertes Zertifikat",

    # What to move
    "What should be moved?": "Was soll umziehen?",
    "Start moving": "Umzug starten",
    "%n message(s)": ("%n Nachricht", "%n Nachrichten"),
    "%n item(s)": ("%n Eintrag", "%n Einträge"),
    "%n folder(s)": ("%n Ordner", "%n Ordner"),
    "Hide folders": "Ordner ausblenden",
    "Choose folders …": "Ordner auswählen …",
    "Folders and collections": "Ordner, Adressbücher und Kalender",
    "Mail": "E-Mails",
    "Contacts": "Kontakte",
    "Calendars": "Kalender",
    "Tasks": "Aufgaben",
    "Nothing selected.": "Nichts ausgewählt.",
    "%n item(s) selected, %1 of mail.":
        ("%n Eintrag ausgewählt, davon %1 E-Mails.", "%n Einträge ausgewählt, davon %1 E-Mails."),
    "Choose at least one thing to move.": "Bitte wählen Sie mindestens einen Bereich zum Umziehen aus.",
    "Your new account has no contacts and calendar server (CalDAV/CardDAV), so contacts, calendars and "
    "tasks stay where they are. Add its address under “Advanced” on the previous page to move them too.":
        "Ihr neues Konto hat keinen Server für Kontakte und Kalender (CalDAV/CardDAV); Kontakte, Kalender "
        "und Aufgaben bleiben daher, wo sie sind. Tragen Sie seine Adresse auf der vorigen Seite unter "
        "„Erweiterte Einstellungen“ ein, um sie ebenfalls umzuziehen.",
    "Your new account has no mail server (IMAP), so mail stays where it is. Add it under “Advanced” on "
    "the previous page to move mail too.":
        "Ihr neues Konto hat keinen Mailserver (IMAP); Ihre E-Mails bleiben daher, wo sie sind. Tragen Sie ihn "
        "auf der vorigen Seite unter „Erweiterte Einstellungen“ ein, um auch die E-Mails umzuziehen.",
    "There is nothing both accounts can hold: set up mail or contacts and calendars on both.":
        "Es gibt nichts, was beide Konten aufnehmen können: Richten Sie bei beiden E-Mail oder "
        "Kontakte und Kalender ein.",

    # Moving
    "Moving your data": "Ihre Daten ziehen um",
    "Overall progress": "Gesamtfortschritt",
    "Now: %1": "Aktuell: %1",
    "%1 progress": "Fortschritt: %1",
    "%1 of %2": "%1 von %2",
    "Resume": "Fortsetzen",
    "Pause": "Pausieren",
    "Cancel": "Abbrechen",
    "Cancel the move (what is copied stays; run again later to continue)":
        "Umzug abbrechen (Kopiertes bleibt erhalten; später noch einmal starten, um fortzufahren)",
    "Hide details": "Details ausblenden",
    "Show details …": "Details anzeigen …",
    "Log": "Protokoll",
    "Started: %1 → %2": "Gestartet: %1 → %2",
    "%1: %n item(s) to copy": ("%1: %n Eintrag zu kopieren", "%1: %n Einträge zu kopieren"),
    "%1: done": "%1: fertig",
    "Finished: %1 copied, %2 failed.": "Fertig: %1 kopiert, %2 fehlgeschlagen.",
    "Stopped: %1": "Abgebrochen: %1",
    "Paused. The connections stay open; Resume goes on where it stopped.":
        "Pausiert. Die Verbindungen bleiben offen; „Fortsetzen“ macht dort weiter, wo es angehalten hat.",
    "Resumed.": "Fortgesetzt.",
    "Cancelling: the items in flight are finished and recorded first.":
        "Wird abgebrochen: Die Einträge, die gerade unterwegs sind, werden noch fertig kopiert und vermerkt.",
    "Cancelling …": "Wird abgebrochen …",
    "Paused": "Pausiert",
    "Connecting to both servers …": "Verbindung zu beiden Servern wird hergestellt …",
    "Comparing old and new account …": "Altes und neues Konto werden verglichen …",
    "Copying": "Wird kopiert",
    "Bringing over read/flagged marks …": "Lesestatus und Markierungen werden übernommen …",
    "Done": "Fertig",
    "Starting …": "Wird gestartet …",
    "%1 of %2 items, %3 copied": "%1 von %2 Einträgen, %3 kopiert",
    "%1 items/s, %2/s": "%1 Einträge/s, %2/s",
    "less than a minute left": "noch weniger als eine Minute",
    "about %n minute(s) left": ("noch etwa %n Minute", "noch etwa %n Minuten"),
    "about %1 h %2 min left": "noch etwa %1 Std. %2 Min.",

    # Report
    "Run again": "Noch einmal starten",
    "Folder": "Ordner",
    "Copied": "Kopiert",
    "Already there": "Schon da",
    "Failed": "Fehler",
    "Report per folder": "Bericht pro Ordner",
    "Items that could not be copied": "Einträge, die nicht kopiert werden konnten",
    "Save report": "Bericht speichern",
    "Move another account": "Weiteres Konto umziehen",
    "Saved to %1": "Gespeichert unter %1",
    "“Run again” copies only what arrived since. After your provider has switched your address to the "
    "new server, run the “Final pass”: it also checks that everything is there.":
        "„Noch einmal starten“ kopiert nur, was seitdem hinzugekommen ist. Sobald Ihr Anbieter Ihre Adresse "
        "auf den neuen Server umgestellt hat, starten Sie den „Letzten Durchgang“: Er prüft auch, ob alles "
        "angekommen ist.",
    "Items copied per pass": "Kopierte Einträge je Durchgang",
    "Final pass": "Letzter Durchgang",
    "Final pass: copy what is new, then compare both accounts":
        "Letzter Durchgang: Neues kopieren, dann beide Konten vergleichen",
    "After your provider has switched your address to the new server: copies what arrived since, then checks "
    "that everything is there.":
        "Wenn Ihr Anbieter Ihre Adresse auf den neuen Server umgestellt hat: kopiert, was seitdem "
        "hinzugekommen ist, und prüft dann, ob alles angekommen ist.",
    "The comparison of both accounts stopped: %1": "Der Vergleich der beiden Konten wurde abgebrochen: %1",
    "%n contact(s)": ("%n Kontakt", "%n Kontakte"),
    "%n event(s)": ("%n Termin", "%n Termine"),
    "%n task(s)": ("%n Aufgabe", "%n Aufgaben"),
    "Checked: everything of the old account is on the new one (%1).":
        "Geprüft: Alles aus dem alten Konto ist im neuen angekommen (%1).",
    "Checked: %n item(s) of the old account are not on the new one; the saved report names each with the reason.":
        ("Geprüft: %n Eintrag des alten Kontos fehlt im neuen; der gespeicherte Bericht nennt ihn mit dem Grund.",
         "Geprüft: %n Einträge des alten Kontos fehlen im neuen; der gespeicherte Bericht nennt jeden mit dem Grund."),
    "Prepared by your helpdesk. Questions? %1": "Von Ihrem Helpdesk vorbereitet. Fragen? %1",
    "Questions? %1": "Fragen? %1",
    "Settings from your helpdesk's profile.": "Einstellungen aus dem Profil Ihres Helpdesks.",
    "Settings from %1.": "Einstellungen von %1.",
    "Use the servers and choices of a helpdesk profile.": "Server und Auswahl aus dem Profil eines Helpdesks verwenden.",
    "Next person": "Nächste Person",
    "Shared station: full screen, no keychain, nothing of a person kept.":
        "Gemeinsam genutzter Platz: Vollbild, kein Schlüsselbund, nichts von einer Person bleibt zurück.",
    "Save diagnostics": "Diagnose speichern",
    "Save diagnostics for your helpdesk (passwords and message contents left out)":
        "Diagnose für Ihren Helpdesk speichern (ohne Passwörter und Nachrichteninhalte)",
    "Diagnostics for your helpdesk saved to %1 (no passwords, no message contents).":
        "Diagnose für Ihren Helpdesk gespeichert unter %1 (ohne Passwörter und Nachrichteninhalte).",
    "Could not write the diagnostics: %1": "Die Diagnose konnte nicht geschrieben werden: %1",
    "%n second(s)": ("%n Sekunde", "%n Sekunden"),
    "%n minute(s)": ("%n Minute", "%n Minuten"),
    "The next pass should find little or nothing new and take about %1.":
        "Der nächste Durchgang dürfte wenig oder nichts Neues finden und etwa %1 dauern.",
    "The next pass should copy about %n item(s) and take about %1.":
        ("Der nächste Durchgang dürfte etwa %n Eintrag kopieren und etwa %1 dauern.",
         "Der nächste Durchgang dürfte etwa %n Einträge kopieren und etwa %1 dauern."),
    "Everything was moved.": "Alles ist umgezogen.",
    "Moved, but some items could not be copied.": "Umgezogen, aber einige Einträge konnten nicht kopiert werden.",
    "Stopped before the end. Run again to continue where it stopped.":
        "Vor dem Ende angehalten. Mit „Noch einmal starten“ geht es an dieser Stelle weiter.",
    "The move stopped.": "Der Umzug wurde abgebrochen.",
    "%1 copied, %2 already there, %3 failed, in %4 s.":
        "%1 kopiert, %2 schon da, %3 fehlgeschlagen, in %4 s.",
    "Could not write %1: %2": "%1 konnte nicht geschrieben werden: %2",
    "the new server refused the message": "der neue Server hat die Nachricht abgelehnt",

    # Sign-in, discovery, errors
    "Demo server on this computer.": "Demo-Server auf diesem Computer.",
    "No settings were found for %1. Type the servers under “Advanced”.":
        "Für %1 wurden keine Einstellungen gefunden. Bitte geben Sie die Server unter "
        "„Erweiterte Einstellungen“ ein.",
    "Guessed the mail server %1 for %2.": "Für %2 wird der E-Mail-Server %1 vermutet.",
    "Found contacts and calendars for %1, but no encrypted mail server (IMAP on port 993).":
        "Für %1 wurden Kontakte und Kalender gefunden, aber kein verschlüsselter E-Mail-Server "
        "(IMAP über Port 993).",
    "Settings for %1 found (mail only: no contacts and calendar server is known).":
        "Einstellungen für %1 gefunden (nur E-Mail: Ein Server für Kontakte und Kalender ist nicht bekannt).",
    "Settings for %1 found.": "Einstellungen für %1 gefunden.",
    "%1 does not let other programs read mail directly; Ferry cannot move it yet.":
        "%1 lässt andere Programme E-Mails nicht direkt lesen; Ferry kann sie deshalb noch nicht umziehen.",
    "%1 only allows sign-in through its own web page (OAuth2), which this version of Ferry cannot do yet.":
        "%1 erlaubt die Anmeldung nur über die eigene Webseite (OAuth2); das kann diese Version "
        "von Ferry noch nicht.",
    "Switch on access by other programs (IMAP) in your %1 settings first.":
        "Schalten Sie zuerst in Ihren Einstellungen bei %1 den Zugriff durch andere Programme (IMAP) ein.",
    "%1 needs an app password for other programs: your normal password will be refused.":
        "%1 verlangt für andere Programme ein App-Passwort: Ihr normales Passwort wird abgelehnt.",
    "Looking up the settings for %1 …": "Einstellungen für %1 werden gesucht …",
    "Type your e-mail address, for example anna@example.com.":
        "Bitte geben Sie Ihre E-Mail-Adresse ein, zum Beispiel anna@example.com.",
    "Type your password.": "Bitte geben Sie Ihr Passwort ein.",
    "Still looking up the server settings …": "Die Servereinstellungen werden noch gesucht …",
    "No server settings were found for this address. Open “Advanced” and type the IMAP server.":
        "Für diese Adresse wurden keine Servereinstellungen gefunden. Öffnen Sie „Erweiterte "
        "Einstellungen“ und geben Sie den IMAP-Server ein.",
    "The IMAP port must be a number from 1 to 65535.": "Der IMAP-Port muss eine Zahl von 1 bis 65535 sein.",
    "The contacts and calendar address must start with https://.":
        "Die Adresse für Kontakte und Kalender muss mit https:// beginnen.",
    "not a valid https address: %1": "keine gültige https-Adresse: %1",
    "Signing in to your old account and counting what is there …":
        "Anmeldung beim alten Konto; die vorhandenen Daten werden gezählt …",
    "Signing in to your new account …": "Anmeldung beim neuen Konto …",
    "The server did not accept the user name or password.":
        "Der Server hat den Benutzernamen oder das Passwort nicht akzeptiert.",
    "A secure connection could not be made.": "Es konnte keine sichere Verbindung hergestellt werden.",
    "The server could not be reached.": "Der Server ist nicht erreichbar.",
    "The server does not have what was asked for.": "Das Angefragte gibt es auf dem Server nicht.",
    "Something went wrong.": "Etwas ist schiefgegangen.",
    "the server said: “%1”": "der Server meldete: „%1“",
    "The password was not saved: %1": "Das Passwort wurde nicht gespeichert: %1",
    "Not connected: the server's certificate was not trusted. Check the server name under “Advanced”, "
    "or ask your provider which certificate their server uses.":
        "Nicht verbunden: Dem Zertifikat des Servers wurde nicht vertraut. Prüfen Sie den Servernamen "
        "unter „Erweiterte Einstellungen“ oder fragen Sie Ihren Anbieter, welches Zertifikat sein "
        "Server verwendet.",

    # Sample content (screenshots, --self-test)
    "Settings for Old Mail found.": "Einstellungen für Old Mail gefunden.",
    "Settings for New Provider found.": "Einstellungen für New Provider gefunden.",
    "New Provider needs an app password for other programs: create one under Settings → Security → "
    "App passwords and type it here.":
        "New Provider verlangt für andere Programme ein App-Passwort: Erstellen Sie eines unter "
        "Einstellungen → Sicherheit → App-Passwörter und geben Sie es hier ein.",
    "Personal": "Privat",
    "Work": "Arbeit",
    "To do": "Zu erledigen",
    "Phase: connecting": "Phase: Verbinden",
    "INBOX: 2841 items to copy": "INBOX: 2841 Einträge zu kopieren",
    "INBOX: done": "INBOX: fertig",

    # Command line (main.cpp)
    "Move your mailbox, contacts, calendars and tasks.":
        "Zieht Ihr Postfach, Ihre Kontakte, Kalender und Aufgaben um.",
    "Load every page and quit.": "Jede Seite einmal laden und beenden.",
    "Save a PNG of every page in DIR.": "Von jeder Seite ein PNG in DIR speichern.",
    "Fill in the demo accounts (dist/demo.sh).": "Die Demo-Konten ausfüllen (dist/demo.sh).",
    "Keep the journal in DIR.": "Das Journal in DIR führen.",
    "Click through the wizard and quit on the report (demo, benchmarks).":
        "Den Assistenten selbst durchklicken und beim Bericht beenden (Demo, Messungen).",

    # Date window (What to move, Report)
    "Which mail": "Welche E-Mails",
    "All mail": "Alle E-Mails",
    "Received in the last 12 months": "Empfangen in den letzten 12 Monaten",
    "Received in the last 2 years": "Empfangen in den letzten 2 Jahren",
    "Received in the last 5 years": "Empfangen in den letzten 5 Jahren",
    "Received between two days …": "Empfangen zwischen zwei Tagen …",
    "Which mail to move": "Welche E-Mails umziehen sollen",
    "From": "Vom",
    "until": "bis",
    "YYYY-MM-DD": "JJJJ-MM-TT",
    "First day (year-month-day); empty for no limit": "Erster Tag (Jahr-Monat-Tag); leer für keine Grenze",
    "Last day (year-month-day); empty for no limit": "Letzter Tag (Jahr-Monat-Tag); leer für keine Grenze",
    "%1. The rest stays on the old server; you can move it later by choosing a longer period, "
    "and Ferry then copies only what is still missing.":
        "%1. Der Rest bleibt auf dem alten Server; Sie können ihn später umziehen, indem Sie einen "
        "längeren Zeitraum wählen – Ferry kopiert dann nur, was noch fehlt.",
    "Write each day as year-month-day, for example %1.": "Schreiben Sie jeden Tag als Jahr-Monat-Tag, zum Beispiel %1.",
    "Enter the first day, the last day, or both.": "Geben Sie den ersten Tag, den letzten Tag oder beide ein.",
    "The last day is before the first day.": "Der letzte Tag liegt vor dem ersten.",
    "Mail received since %1": "E-Mails, empfangen seit %1",
    "Mail received until %1": "E-Mails, empfangen bis %1",
    "Mail received from %1 to %2": "E-Mails, empfangen vom %1 bis %2",
    "The mail you chose was moved.": "Die gewählten E-Mails sind umgezogen.",
    "%n message(s) received outside the dates you chose stayed on the old server.":
        ("%n Nachricht außerhalb der gewählten Tage ist auf dem alten Server geblieben.",
         "%n Nachrichten außerhalb der gewählten Tage sind auf dem alten Server geblieben."),
    "Move that mail too": "Diese E-Mails auch umziehen",
    "%1 (%n outside the dates)": ("%1 (%n außerhalb der Tage)", "%1 (%n außerhalb der Tage)"),
}

# (context, English) -> German, where one context needs other words than DE gives.
OVERRIDES = {
}


def run_lupdate(lupdate, ts_file):
    files = sorted(glob.glob(os.path.join(SOURCES, "*.qml")) + glob.glob(os.path.join(SOURCES, "*.cpp"))
                   + glob.glob(os.path.join(SOURCES, "*.h")))
    subprocess.run([lupdate, *files, "-ts", ts_file, "-no-obsolete", "-locations", "none"], check=True)


def fill(ts_file):
    tree = ET.parse(ts_file)
    root = tree.getroot()
    done, missing, used = 0, [], set()
    for context in root.iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            source = message.findtext("source")
            translation = message.find("translation")
            if translation is None:
                translation = ET.SubElement(message, "translation")
            german = OVERRIDES.get((name, source), DE.get(source))
            numerus = message.get("numerus") == "yes"
            if german is None or numerus != isinstance(german, tuple):
                translation.set("type", "unfinished")
                missing.append((name, source))
                continue
            used.add(source)
            translation.attrib.pop("type", None)
            translation.text = None
            for child in list(translation):
                translation.remove(child)
            if numerus:
                for form in german:
                    ET.SubElement(translation, "numerusform").text = form
            else:
                translation.text = german
            done += 1
    with open(ts_file, "wb") as out:
        out.write(b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n')
        tree.write(out, encoding="utf-8", xml_declaration=False)
        out.write(b"\n")
    return done, missing, sorted(set(DE) - used)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ts", nargs="?", default=TS_FILE)
    parser.add_argument("--lupdate", metavar="PATH", help="run this lupdate over qml/ first")
    args = parser.parse_args()
    if args.lupdate:
        run_lupdate(args.lupdate, args.ts)
    done, missing, unused = fill(args.ts)
    # lconvert writes the file back in lupdate's own layout, so lupdate + this script give no noise.
    lconvert = shutil.which("lconvert", path="/usr/lib/qt6/bin:" + os.environ.get("PATH", ""))
    if lconvert:
        subprocess.run([lconvert, "-i", args.ts, "-o", args.ts], check=True)
    print(f"{os.path.basename(args.ts)}: {done} translated, {len(missing)} missing")
    for name, source in missing:
        print(f"  missing [{name}] {source!r}")
    for source in unused:
        print(f"  not in the .ts (gone from the sources, or lupdate did not read its file): {source!r}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
