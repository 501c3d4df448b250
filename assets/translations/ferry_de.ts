<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>AccountPage</name>
    <message>
        <source>Your old account</source>
        <translation>Ihr altes Konto</translation>
    </message>
    <message>
        <source>Your new account</source>
        <translation>Ihr neues Konto</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Anmelden</translation>
    </message>
    <message>
        <source>Sign in and continue</source>
        <translation>Anmelden und weiter</translation>
    </message>
    <message>
        <source>Where your mail is now. Ferry only reads from this account.</source>
        <translation>Hier liegen Ihre E-Mails heute. Ferry liest dieses Konto nur und ändert nichts daran.</translation>
    </message>
    <message>
        <source>Where your mail should go. Nothing that is already there is deleted.</source>
        <translation>Hierhin sollen Ihre E-Mails umziehen. Was dort schon liegt, wird nicht gelöscht.</translation>
    </message>
    <message>
        <source>E-mail address</source>
        <translation>E-Mail-Adresse</translation>
    </message>
    <message>
        <source>anna@example.com</source>
        <translation>anna@example.com</translation>
    </message>
    <message>
        <source>Old e-mail address</source>
        <translation>Alte E-Mail-Adresse</translation>
    </message>
    <message>
        <source>New e-mail address</source>
        <translation>Neue E-Mail-Adresse</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <source>(entered)</source>
        <translation>(eingegeben)</translation>
    </message>
    <message>
        <source>Password of the old account</source>
        <translation>Passwort des alten Kontos</translation>
    </message>
    <message>
        <source>Password of the new account</source>
        <translation>Passwort des neuen Kontos</translation>
    </message>
    <message>
        <source>Remember this password in the system keychain</source>
        <translation>Passwort im Schlüsselbund des Systems speichern</translation>
    </message>
    <message>
        <source>Looking up the server settings</source>
        <translation>Die Servereinstellungen werden gesucht</translation>
    </message>
    <message>
        <source>These settings are a guess: check them under “Advanced”.</source>
        <translation>Diese Einstellungen sind nur vermutet: Bitte prüfen Sie sie unter „Erweiterte Einstellungen“.</translation>
    </message>
    <message>
        <source>Open the provider&apos;s instructions</source>
        <translation>Anleitung des Anbieters öffnen</translation>
    </message>
    <message>
        <source>Hide advanced settings</source>
        <translation>Erweiterte Einstellungen ausblenden</translation>
    </message>
    <message>
        <source>Advanced settings …</source>
        <translation>Erweiterte Einstellungen …</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Benutzername</translation>
    </message>
    <message>
        <source>User name for signing in</source>
        <translation>Benutzername für die Anmeldung</translation>
    </message>
    <message>
        <source>Mail server (IMAP, TLS)</source>
        <translation>E-Mail-Server (IMAP, TLS)</translation>
    </message>
    <message>
        <source>imap.example.com</source>
        <translation>imap.example.com</translation>
    </message>
    <message>
        <source>IMAP server name</source>
        <translation>Name des IMAP-Servers</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>IMAP port</source>
        <translation>IMAP-Port</translation>
    </message>
    <message>
        <source>Contacts and calendars</source>
        <translation>Kontakte und Kalender</translation>
    </message>
    <message>
        <source>https://dav.example.com/ (optional)</source>
        <translation>https://dav.example.com/ (optional)</translation>
    </message>
    <message>
        <source>CalDAV and CardDAV address</source>
        <translation>CalDAV- und CardDAV-Adresse</translation>
    </message>
    <message>
        <source>Trusted certificate</source>
        <translation>Bestätigtes Zertifikat</translation>
    </message>
    <message>
        <source>Ferry only connects with encryption (IMAP on port 993, HTTPS).</source>
        <translation>Ferry verbindet sich nur verschlüsselt (IMAP über Port 993, HTTPS).</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <source>Ferry — move your mailbox</source>
        <translation>Ferry – Postfach umziehen</translation>
    </message>
</context>
<context>
    <name>MovingPage</name>
    <message>
        <source>Moving your data</source>
        <translation>Ihre Daten ziehen um</translation>
    </message>
    <message>
        <source>Overall progress</source>
        <translation>Gesamtfortschritt</translation>
    </message>
    <message>
        <source>Now: %1</source>
        <translation>Aktuell: %1</translation>
    </message>
    <message>
        <source>%1 progress</source>
        <translation>Fortschritt: %1</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pausieren</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Cancel the move (what is copied stays; run again later to continue)</source>
        <translation>Umzug abbrechen (Kopiertes bleibt erhalten; später noch einmal starten, um fortzufahren)</translation>
    </message>
    <message>
        <source>Hide details</source>
        <translation>Details ausblenden</translation>
    </message>
    <message>
        <source>Show details …</source>
        <translation>Details anzeigen …</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>Protokoll</translation>
    </message>
</context>
<context>
    <name>ReportPage</name>
    <message>
        <source>Run again</source>
        <translation>Noch einmal starten</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>Ordner</translation>
    </message>
    <message>
        <source>Old account</source>
        <translation>Altes Konto</translation>
    </message>
    <message>
        <source>New account</source>
        <translation>Neues Konto</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>Kopiert</translation>
    </message>
    <message>
        <source>Already there</source>
        <translation>Schon da</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Report per folder</source>
        <translation>Bericht pro Ordner</translation>
    </message>
    <message>
        <source>Items that could not be copied</source>
        <translation>Einträge, die nicht kopiert werden konnten</translation>
    </message>
    <message>
        <source>Save report</source>
        <translation>Bericht speichern</translation>
    </message>
    <message>
        <source>Move another account</source>
        <translation>Weiteres Konto umziehen</translation>
    </message>
    <message>
        <source>Saved to %1</source>
        <translation>Gespeichert unter %1</translation>
    </message>
    <message>
        <source>Move that mail too</source>
        <translation>Diese E-Mails auch umziehen</translation>
    </message>
    <message numerus="yes">
        <source>%1 (%n outside the dates)</source>
        <translation>
            <numerusform>%1 (%n außerhalb der Tage)</numerusform>
            <numerusform>%1 (%n außerhalb der Tage)</numerusform>
        </translation>
    </message>
    <message>
        <source>Items copied per pass</source>
        <translation>Kopierte Einträge je Durchgang</translation>
    </message>
    <message>
        <source>Final pass</source>
        <translation>Letzter Durchgang</translation>
    </message>
    <message>
        <source>Final pass: copy what is new, then compare both accounts</source>
        <translation>Letzter Durchgang: Neues kopieren, dann beide Konten vergleichen</translation>
    </message>
    <message>
        <source>After your provider has switched your address to the new server: copies what arrived since, then checks that everything is there.</source>
        <translation>Wenn Ihr Anbieter Ihre Adresse auf den neuen Server umgestellt hat: kopiert, was seitdem hinzugekommen ist, und prüft dann, ob alles angekommen ist.</translation>
    </message>
    <message>
        <source>“Run again” copies only what arrived since. After your provider has switched your address to the new server, run the “Final pass”: it also checks that everything is there.</source>
        <translation>„Noch einmal starten“ kopiert nur, was seitdem hinzugekommen ist. Sobald Ihr Anbieter Ihre Adresse auf den neuen Server umgestellt hat, starten Sie den „Letzten Durchgang“: Er prüft auch, ob alles angekommen ist.</translation>
    </message>
    <message>
        <source>Questions? %1</source>
        <translation>Fragen? %1</translation>
    </message>
    <message>
        <source>Next person</source>
        <translation>Nächste Person</translation>
    </message>
    <message>
        <source>Save diagnostics</source>
        <translation>Diagnose speichern</translation>
    </message>
    <message>
        <source>Save diagnostics for your helpdesk (passwords and message contents left out)</source>
        <translation>Diagnose für Ihren Helpdesk speichern (ohne Passwörter und Nachrichteninhalte)</translation>
    </message>
    <message>
        <source>Diagnostics for your helpdesk saved to %1 (no passwords, no message contents).</source>
        <translation>Diagnose für Ihren Helpdesk gespeichert unter %1 (ohne Passwörter und Nachrichteninhalte).</translation>
    </message>
</context>
<context>
    <name>StepHeader</name>
    <message>
        <source>Old account</source>
        <translation>Altes Konto</translation>
    </message>
    <message>
        <source>New account</source>
        <translation>Neues Konto</translation>
    </message>
    <message>
        <source>What to move</source>
        <translation>Auswahl</translation>
    </message>
    <message>
        <source>Moving</source>
        <translation>Umzug</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>Bericht</translation>
    </message>
    <message>
        <source>Step %1 of %2: %3</source>
        <translation>Schritt %1 von %2: %3</translation>
    </message>
</context>
<context>
    <name>TrustPage</name>
    <message>
        <source>Is this the right server?</source>
        <translation>Ist das der richtige Server?</translation>
    </message>
    <message>
        <source>Trust this certificate for this server</source>
        <translation>Zertifikat für diesen Server vertrauen</translation>
    </message>
    <message>
        <source>The server %1 presented a certificate that this computer does not trust. This happens with self-hosted servers, but it can also mean someone is listening in.</source>
        <translation>Der Server %1 hat ein Zertifikat vorgelegt, dem dieser Computer nicht vertraut. Das kommt bei selbst betriebenen Servern vor, kann aber auch bedeuten, dass jemand mithört.</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Problem</translation>
    </message>
    <message>
        <source>Issued to</source>
        <translation>Ausgestellt für</translation>
    </message>
    <message>
        <source>Issued by</source>
        <translation>Ausgestellt von</translation>
    </message>
    <message>
        <source>Valid from</source>
        <translation>Gültig ab</translation>
    </message>
    <message>
        <source>Valid until</source>
        <translation>Gültig bis</translation>
    </message>
    <message>
        <source>SHA-256 fingerprint</source>
        <translation>Fingerabdruck (SHA-256)</translation>
    </message>
    <message>
        <source>(not given)</source>
        <translation>(nicht angegeben)</translation>
    </message>
    <message>
        <source>Compare the fingerprint with the one your provider or administrator gave you. Trust it only if they match; otherwise go back.</source>
        <translation>Vergleichen Sie den Fingerabdruck mit dem, den Ihnen Ihr Anbieter oder Ihre IT-Betreuung genannt hat. Vertrauen Sie dem Zertifikat nur, wenn beide übereinstimmen; gehen Sie sonst zurück.</translation>
    </message>
    <message>
        <source>Do not trust it</source>
        <translation>Nicht vertrauen</translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <source>Move your mailbox to a new provider</source>
        <translation>Mit Ihrem Postfach zu einem neuen Anbieter umziehen</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Starten</translation>
    </message>
    <message>
        <source>Ferry copies your mail, contacts, calendars and tasks from your old provider to your new one. You sign in to both accounts with your own passwords.</source>
        <translation>Ferry kopiert Ihre E-Mails, Kontakte, Kalender und Aufgaben von Ihrem bisherigen Anbieter zu Ihrem neuen. Sie melden sich bei beiden Konten mit Ihren eigenen Passwörtern an.</translation>
    </message>
    <message>
        <source>Your data goes straight from the old server to the new server through this computer. No other service sees it.</source>
        <translation>Ihre Daten gehen über diesen Computer direkt vom alten zum neuen Server. Kein anderer Dienst bekommt sie zu sehen.</translation>
    </message>
    <message>
        <source>Your old account is only read, never changed. Nothing on the new account is deleted.</source>
        <translation>Ihr altes Konto wird nur gelesen, nie verändert. Im neuen Konto wird nichts gelöscht.</translation>
    </message>
    <message>
        <source>Meetings keep their attendees and replies, and nobody gets an invitation again.</source>
        <translation>Termine behalten ihre Teilnehmer und deren Antworten, und niemand bekommt eine Einladung ein zweites Mal.</translation>
    </message>
    <message>
        <source>You can run it again later: it then copies only what is new.</source>
        <translation>Sie können den Umzug später wiederholen: Dann wird nur kopiert, was neu ist.</translation>
    </message>
    <message>
        <source>You need: your old and your new e-mail address, and the password of each.</source>
        <translation>Sie brauchen: Ihre alte und Ihre neue E-Mail-Adresse und jeweils das Passwort dazu.</translation>
    </message>
    <message>
        <source>Prepared by your helpdesk. Questions? %1</source>
        <translation>Von Ihrem Helpdesk vorbereitet. Fragen? %1</translation>
    </message>
</context>
<context>
    <name>WhatToMovePage</name>
    <message>
        <source>What should be moved?</source>
        <translation>Was soll umziehen?</translation>
    </message>
    <message>
        <source>Start moving</source>
        <translation>Umzug starten</translation>
    </message>
    <message numerus="yes">
        <source>%n message(s)</source>
        <translation>
            <numerusform>%n Nachricht</numerusform>
            <numerusform>%n Nachrichten</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n item(s)</source>
        <translation>
            <numerusform>%n Eintrag</numerusform>
            <numerusform>%n Einträge</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n folder(s)</source>
        <translation>
            <numerusform>%n Ordner</numerusform>
            <numerusform>%n Ordner</numerusform>
        </translation>
    </message>
    <message>
        <source>Hide folders</source>
        <translation>Ordner ausblenden</translation>
    </message>
    <message>
        <source>Choose folders …</source>
        <translation>Ordner auswählen …</translation>
    </message>
    <message>
        <source>Folders and collections</source>
        <translation>Ordner, Adressbücher und Kalender</translation>
    </message>
    <message>
        <source>Which mail</source>
        <translation>Welche E-Mails</translation>
    </message>
    <message>
        <source>All mail</source>
        <translation>Alle E-Mails</translation>
    </message>
    <message>
        <source>Received in the last 12 months</source>
        <translation>Empfangen in den letzten 12 Monaten</translation>
    </message>
    <message>
        <source>Received in the last 2 years</source>
        <translation>Empfangen in den letzten 2 Jahren</translation>
    </message>
    <message>
        <source>Received in the last 5 years</source>
        <translation>Empfangen in den letzten 5 Jahren</translation>
    </message>
    <message>
        <source>Received between two days …</source>
        <translation>Empfangen zwischen zwei Tagen …</translation>
    </message>
    <message>
        <source>Which mail to move</source>
        <translation>Welche E-Mails umziehen sollen</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Vom</translation>
    </message>
    <message>
        <source>YYYY-MM-DD</source>
        <translation>JJJJ-MM-TT</translation>
    </message>
    <message>
        <source>First day (year-month-day); empty for no limit</source>
        <translation>Erster Tag (Jahr-Monat-Tag); leer für keine Grenze</translation>
    </message>
    <message>
        <source>until</source>
        <translation>bis</translation>
    </message>
    <message>
        <source>Last day (year-month-day); empty for no limit</source>
        <translation>Letzter Tag (Jahr-Monat-Tag); leer für keine Grenze</translation>
    </message>
    <message>
        <source>%1. The rest stays on the old server; you can move it later by choosing a longer period, and Ferry then copies only what is still missing.</source>
        <translation>%1. Der Rest bleibt auf dem alten Server; Sie können ihn später umziehen, indem Sie einen längeren Zeitraum wählen – Ferry kopiert dann nur, was noch fehlt.</translation>
    </message>
</context>
<context>
    <name>WizardPage</name>
    <message>
        <source>Next</source>
        <translation>Weiter</translation>
    </message>
    <message>
        <source>Working</source>
        <translation>Bitte warten</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Zurück</translation>
    </message>
    <message>
        <source>Back to the previous step</source>
        <translation>Zurück zum vorherigen Schritt</translation>
    </message>
</context>
<context>
    <name>demo</name>
    <message>
        <source>Demo server on this computer.</source>
        <translation>Demo-Server auf diesem Computer.</translation>
    </message>
</context>
<context>
    <name>discovery</name>
    <message>
        <source>No settings were found for %1. Type the servers under “Advanced”.</source>
        <translation>Für %1 wurden keine Einstellungen gefunden. Bitte geben Sie die Server unter „Erweiterte Einstellungen“ ein.</translation>
    </message>
    <message>
        <source>Guessed the mail server %1 for %2.</source>
        <translation>Für %2 wird der E-Mail-Server %1 vermutet.</translation>
    </message>
    <message>
        <source>Found contacts and calendars for %1, but no encrypted mail server (IMAP on port 993).</source>
        <translation>Für %1 wurden Kontakte und Kalender gefunden, aber kein verschlüsselter E-Mail-Server (IMAP über Port 993).</translation>
    </message>
    <message>
        <source>Settings for %1 found (mail only: no contacts and calendar server is known).</source>
        <translation>Einstellungen für %1 gefunden (nur E-Mail: Ein Server für Kontakte und Kalender ist nicht bekannt).</translation>
    </message>
    <message>
        <source>Settings for %1 found.</source>
        <translation>Einstellungen für %1 gefunden.</translation>
    </message>
    <message>
        <source>%1 does not let other programs read mail directly; Ferry cannot move it yet.</source>
        <translation>%1 lässt andere Programme E-Mails nicht direkt lesen; Ferry kann sie deshalb noch nicht umziehen.</translation>
    </message>
    <message>
        <source>%1 only allows sign-in through its own web page (OAuth2), which this version of Ferry cannot do yet.</source>
        <translation>%1 erlaubt die Anmeldung nur über die eigene Webseite (OAuth2); das kann diese Version von Ferry noch nicht.</translation>
    </message>
    <message>
        <source>Switch on access by other programs (IMAP) in your %1 settings first.</source>
        <translation>Schalten Sie zuerst in Ihren Einstellungen bei %1 den Zugriff durch andere Programme (IMAP) ein.</translation>
    </message>
    <message>
        <source>%1 needs an app password for other programs: your normal password will be refused.</source>
        <translation>%1 verlangt für andere Programme ein App-Passwort: Ihr normales Passwort wird abgelehnt.</translation>
    </message>
</context>
<context>
    <name>ferry::app::AccountSettings</name>
    <message>
        <source>Looking up the settings for %1 …</source>
        <translation>Einstellungen für %1 werden gesucht …</translation>
    </message>
    <message>
        <source>Type your e-mail address, for example anna@example.com.</source>
        <translation>Bitte geben Sie Ihre E-Mail-Adresse ein, zum Beispiel anna@example.com.</translation>
    </message>
    <message>
        <source>Type your password.</source>
        <translation>Bitte geben Sie Ihr Passwort ein.</translation>
    </message>
    <message>
        <source>Still looking up the server settings …</source>
        <translation>Die Servereinstellungen werden noch gesucht …</translation>
    </message>
    <message>
        <source>No server settings were found for this address. Open “Advanced” and type the IMAP server.</source>
        <translation>Für diese Adresse wurden keine Servereinstellungen gefunden. Öffnen Sie „Erweiterte Einstellungen“ und geben Sie den IMAP-Server ein.</translation>
    </message>
    <message>
        <source>The IMAP port must be a number from 1 to 65535.</source>
        <translation>Der IMAP-Port muss eine Zahl von 1 bis 65535 sein.</translation>
    </message>
    <message>
        <source>The contacts and calendar address must start with https://.</source>
        <translation>Die Adresse für Kontakte und Kalender muss mit https:// beginnen.</translation>
    </message>
    <message>
        <source>not a valid https address: %1</source>
        <translation>keine gültige https-Adresse: %1</translation>
    </message>
</context>
<context>
    <name>ferry::app::MailPeriod</name>
    <message>
        <source>Write each day as year-month-day, for example %1.</source>
        <translation>Schreiben Sie jeden Tag als Jahr-Monat-Tag, zum Beispiel %1.</translation>
    </message>
    <message>
        <source>Enter the first day, the last day, or both.</source>
        <translation>Geben Sie den ersten Tag, den letzten Tag oder beide ein.</translation>
    </message>
    <message>
        <source>The last day is before the first day.</source>
        <translation>Der letzte Tag liegt vor dem ersten.</translation>
    </message>
    <message>
        <source>All mail</source>
        <translation>Alle E-Mails</translation>
    </message>
    <message>
        <source>Mail received since %1</source>
        <translation>E-Mails, empfangen seit %1</translation>
    </message>
    <message>
        <source>Mail received until %1</source>
        <translation>E-Mails, empfangen bis %1</translation>
    </message>
    <message>
        <source>Mail received from %1 to %2</source>
        <translation>E-Mails, empfangen vom %1 bis %2</translation>
    </message>
</context>
<context>
    <name>ferry::app::MigrationRunner</name>
    <message>
        <source>Started: %1 → %2</source>
        <translation>Gestartet: %1 → %2</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n item(s) to copy</source>
        <translation>
            <numerusform>%1: %n Eintrag zu kopieren</numerusform>
            <numerusform>%1: %n Einträge zu kopieren</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: done</source>
        <translation>%1: fertig</translation>
    </message>
    <message>
        <source>Finished: %1 copied, %2 failed.</source>
        <translation>Fertig: %1 kopiert, %2 fehlgeschlagen.</translation>
    </message>
    <message>
        <source>Stopped: %1</source>
        <translation>Abgebrochen: %1</translation>
    </message>
    <message>
        <source>Paused. The connections stay open; Resume goes on where it stopped.</source>
        <translation>Pausiert. Die Verbindungen bleiben offen; „Fortsetzen“ macht dort weiter, wo es angehalten hat.</translation>
    </message>
    <message>
        <source>Resumed.</source>
        <translation>Fortgesetzt.</translation>
    </message>
    <message>
        <source>Cancelling: the items in flight are finished and recorded first.</source>
        <translation>Wird abgebrochen: Die Einträge, die gerade unterwegs sind, werden noch fertig kopiert und vermerkt.</translation>
    </message>
    <message>
        <source>Cancelling …</source>
        <translation>Wird abgebrochen …</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>Pausiert</translation>
    </message>
    <message>
        <source>Connecting to both servers …</source>
        <translation>Verbindung zu beiden Servern wird hergestellt …</translation>
    </message>
    <message>
        <source>Comparing old and new account …</source>
        <translation>Altes und neues Konto werden verglichen …</translation>
    </message>
    <message>
        <source>Copying</source>
        <translation>Wird kopiert</translation>
    </message>
    <message>
        <source>Bringing over read/flagged marks …</source>
        <translation>Lesestatus und Markierungen werden übernommen …</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Fertig</translation>
    </message>
    <message>
        <source>Starting …</source>
        <translation>Wird gestartet …</translation>
    </message>
    <message>
        <source>%1 items/s, %2/s</source>
        <translation>%1 Einträge/s, %2/s</translation>
    </message>
    <message>
        <source>less than a minute left</source>
        <translation>noch weniger als eine Minute</translation>
    </message>
    <message numerus="yes">
        <source>about %n minute(s) left</source>
        <translation>
            <numerusform>noch etwa %n Minute</numerusform>
            <numerusform>noch etwa %n Minuten</numerusform>
        </translation>
    </message>
    <message>
        <source>about %1 h %2 min left</source>
        <translation>noch etwa %1 Std. %2 Min.</translation>
    </message>
    <message>
        <source>%1 of %2 items, %3 copied</source>
        <translation>%1 von %2 Einträgen, %3 kopiert</translation>
    </message>
</context>
<context>
    <name>ferry::app::ReportModel</name>
    <message>
        <source>Everything was moved.</source>
        <translation>Alles ist umgezogen.</translation>
    </message>
    <message>
        <source>Moved, but some items could not be copied.</source>
        <translation>Umgezogen, aber einige Einträge konnten nicht kopiert werden.</translation>
    </message>
    <message>
        <source>Stopped before the end. Run again to continue where it stopped.</source>
        <translation>Vor dem Ende angehalten. Mit „Noch einmal starten“ geht es an dieser Stelle weiter.</translation>
    </message>
    <message>
        <source>The move stopped.</source>
        <translation>Der Umzug wurde abgebrochen.</translation>
    </message>
    <message>
        <source>%1 copied, %2 already there, %3 failed, in %4 s.</source>
        <translation>%1 kopiert, %2 schon da, %3 fehlgeschlagen, in %4 s.</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>%1 konnte nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>The mail you chose was moved.</source>
        <translation>Die gewählten E-Mails sind umgezogen.</translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) received outside the dates you chose stayed on the old server.</source>
        <translation>
            <numerusform>%n Nachricht außerhalb der gewählten Tage ist auf dem alten Server geblieben.</numerusform>
            <numerusform>%n Nachrichten außerhalb der gewählten Tage sind auf dem alten Server geblieben.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n second(s)</source>
        <translation>
            <numerusform>%n Sekunde</numerusform>
            <numerusform>%n Sekunden</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n minute(s)</source>
        <translation>
            <numerusform>%n Minute</numerusform>
            <numerusform>%n Minuten</numerusform>
        </translation>
    </message>
    <message>
        <source>The next pass should find little or nothing new and take about %1.</source>
        <translation>Der nächste Durchgang dürfte wenig oder nichts Neues finden und etwa %1 dauern.</translation>
    </message>
    <message numerus="yes">
        <source>The next pass should copy about %n item(s) and take about %1.</source>
        <translation>
            <numerusform>Der nächste Durchgang dürfte etwa %n Eintrag kopieren und etwa %1 dauern.</numerusform>
            <numerusform>Der nächste Durchgang dürfte etwa %n Einträge kopieren und etwa %1 dauern.</numerusform>
        </translation>
    </message>
    <message>
        <source>The comparison of both accounts stopped: %1</source>
        <translation>Der Vergleich der beiden Konten wurde abgebrochen: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n message(s)</source>
        <translation>
            <numerusform>%n Nachricht</numerusform>
            <numerusform>%n Nachrichten</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n contact(s)</source>
        <translation>
            <numerusform>%n Kontakt</numerusform>
            <numerusform>%n Kontakte</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n event(s)</source>
        <translation>
            <numerusform>%n Termin</numerusform>
            <numerusform>%n Termine</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n task(s)</source>
        <translation>
            <numerusform>%n Aufgabe</numerusform>
            <numerusform>%n Aufgaben</numerusform>
        </translation>
    </message>
    <message>
        <source>Checked: everything of the old account is on the new one (%1).</source>
        <translation>Geprüft: Alles aus dem alten Konto ist im neuen angekommen (%1).</translation>
    </message>
    <message numerus="yes">
        <source>Checked: %n item(s) of the old account are not on the new one; the saved report names each with the reason.</source>
        <translation>
            <numerusform>Geprüft: %n Eintrag des alten Kontos fehlt im neuen; der gespeicherte Bericht nennt ihn mit dem Grund.</numerusform>
            <numerusform>Geprüft: %n Einträge des alten Kontos fehlen im neuen; der gespeicherte Bericht nennt jeden mit dem Grund.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ferry::app::SelectionModel</name>
    <message>
        <source>Mail</source>
        <translation>E-Mails</translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation>Kontakte</translation>
    </message>
    <message>
        <source>Calendars</source>
        <translation>Kalender</translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation>Aufgaben</translation>
    </message>
    <message>
        <source>Nothing selected.</source>
        <translation>Nichts ausgewählt.</translation>
    </message>
    <message numerus="yes">
        <source>%n item(s) selected, %1 of mail.</source>
        <translation>
            <numerusform>%n Eintrag ausgewählt, davon %1 E-Mails.</numerusform>
            <numerusform>%n Einträge ausgewählt, davon %1 E-Mails.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ferry::app::Wizard</name>
    <message>
        <source>Choose at least one thing to move.</source>
        <translation>Bitte wählen Sie mindestens einen Bereich zum Umziehen aus.</translation>
    </message>
    <message>
        <source>Signing in to your old account and counting what is there …</source>
        <translation>Anmeldung beim alten Konto; die vorhandenen Daten werden gezählt …</translation>
    </message>
    <message>
        <source>Signing in to your new account …</source>
        <translation>Anmeldung beim neuen Konto …</translation>
    </message>
    <message>
        <source>Your new account has no contacts and calendar server (CalDAV/CardDAV), so contacts, calendars and tasks stay where they are. Add its address under “Advanced” on the previous page to move them too.</source>
        <translation>Ihr neues Konto hat keinen Server für Kontakte und Kalender (CalDAV/CardDAV); Kontakte, Kalender und Aufgaben bleiben daher, wo sie sind. Tragen Sie seine Adresse auf der vorigen Seite unter „Erweiterte Einstellungen“ ein, um sie ebenfalls umzuziehen.</translation>
    </message>
    <message>
        <source>Old account</source>
        <translation>Altes Konto</translation>
    </message>
    <message>
        <source>New account</source>
        <translation>Neues Konto</translation>
    </message>
    <message>
        <source>The server did not accept the user name or password.</source>
        <translation>Der Server hat den Benutzernamen oder das Passwort nicht akzeptiert.</translation>
    </message>
    <message>
        <source>A secure connection could not be made.</source>
        <translation>Es konnte keine sichere Verbindung hergestellt werden.</translation>
    </message>
    <message>
        <source>The server could not be reached.</source>
        <translation>Der Server ist nicht erreichbar.</translation>
    </message>
    <message>
        <source>The server does not have what was asked for.</source>
        <translation>Das Angefragte gibt es auf dem Server nicht.</translation>
    </message>
    <message>
        <source>Something went wrong.</source>
        <translation>Etwas ist schiefgegangen.</translation>
    </message>
    <message>
        <source>the server said: “%1”</source>
        <translation>der Server meldete: „%1“</translation>
    </message>
    <message>
        <source>Not connected: the server&apos;s certificate was not trusted. Check the server name under “Advanced”, or ask your provider which certificate their server uses.</source>
        <translation>Nicht verbunden: Dem Zertifikat des Servers wurde nicht vertraut. Prüfen Sie den Servernamen unter „Erweiterte Einstellungen“ oder fragen Sie Ihren Anbieter, welches Zertifikat sein Server verwendet.</translation>
    </message>
    <message>
        <source>There is nothing both accounts can hold: set up mail or contacts and calendars on both.</source>
        <translation>Es gibt nichts, was beide Konten aufnehmen können: Richten Sie bei beiden E-Mail oder Kontakte und Kalender ein.</translation>
    </message>
    <message>
        <source>Settings for Old Mail found.</source>
        <translation>Einstellungen für Old Mail gefunden.</translation>
    </message>
    <message>
        <source>Settings for New Provider found.</source>
        <translation>Einstellungen für New Provider gefunden.</translation>
    </message>
    <message>
        <source>New Provider needs an app password for other programs: create one under Settings → Security → App passwords and type it here.</source>
        <translation>New Provider verlangt für andere Programme ein App-Passwort: Erstellen Sie eines unter Einstellungen → Sicherheit → App-Passwörter und geben Sie es hier ein.</translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation>Kontakte</translation>
    </message>
    <message>
        <source>Personal</source>
        <translation>Privat</translation>
    </message>
    <message>
        <source>Work</source>
        <translation>Arbeit</translation>
    </message>
    <message>
        <source>To do</source>
        <translation>Zu erledigen</translation>
    </message>
    <message>
        <source>Phase: connecting</source>
        <translation>Phase: Verbinden</translation>
    </message>
    <message>
        <source>INBOX: 2841 items to copy</source>
        <translation>INBOX: 2841 Einträge zu kopieren</translation>
    </message>
    <message>
        <source>INBOX: done</source>
        <translation>INBOX: fertig</translation>
    </message>
    <message>
        <source>the new server refused the message</source>
        <translation>der neue Server hat die Nachricht abgelehnt</translation>
    </message>
    <message>
        <source>self-signed certificate</source>
        <translation>selbst signiertes Zertifikat</translation>
    </message>
    <message>
        <source>The password was not saved: %1</source>
        <translation>Das Passwort wurde nicht gespeichert: %1</translation>
    </message>
    <message>
        <source>Your new account has no mail server (IMAP), so mail stays where it is. Add it under “Advanced” on the previous page to move mail too.</source>
        <translation>Ihr neues Konto hat keinen Mailserver (IMAP); Ihre E-Mails bleiben daher, wo sie sind. Tragen Sie ihn auf der vorigen Seite unter „Erweiterte Einstellungen“ ein, um auch die E-Mails umzuziehen.</translation>
    </message>
    <message>
        <source>Settings from your helpdesk&apos;s profile.</source>
        <translation>Einstellungen aus dem Profil Ihres Helpdesks.</translation>
    </message>
    <message>
        <source>Settings from %1.</source>
        <translation>Einstellungen von %1.</translation>
    </message>
    <message>
        <source>Could not write the diagnostics: %1</source>
        <translation>Die Diagnose konnte nicht geschrieben werden: %1</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Move your mailbox, contacts, calendars and tasks.</source>
        <translation>Zieht Ihr Postfach, Ihre Kontakte, Kalender und Aufgaben um.</translation>
    </message>
    <message>
        <source>Load every page and quit.</source>
        <translation>Jede Seite einmal laden und beenden.</translation>
    </message>
    <message>
        <source>Save a PNG of every page in DIR.</source>
        <translation>Von jeder Seite ein PNG in DIR speichern.</translation>
    </message>
    <message>
        <source>Fill in the demo accounts (dist/demo.sh).</source>
        <translation>Die Demo-Konten ausfüllen (dist/demo.sh).</translation>
    </message>
    <message>
        <source>Click through the wizard and quit on the report (demo, benchmarks).</source>
        <translation>Den Assistenten selbst durchklicken und beim Bericht beenden (Demo, Messungen).</translation>
    </message>
    <message>
        <source>Keep the journal in DIR.</source>
        <translation>Das Journal in DIR führen.</translation>
    </message>
    <message>
        <source>Use the servers and choices of a helpdesk profile.</source>
        <translation>Server und Auswahl aus dem Profil eines Helpdesks verwenden.</translation>
    </message>
    <message>
        <source>Shared station: full screen, no keychain, nothing of a person kept.</source>
        <translation>Gemeinsam genutzter Platz: Vollbild, kein Schlüsselbund, nichts von einer Person bleibt zurück.</translation>
    </message>
</context>
</TS>
