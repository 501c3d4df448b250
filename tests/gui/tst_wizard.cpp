// The app's Wizard state machine without servers: a fake inventory function stands
// in for logging in and listing (Wizard::setInventory). Checks run on worker
// threads and come back on the GUI thread, so the asynchronous steps are waited
// for, bounded. Steps, validation, refused logins, the selection and what it turns
// into (MigrationOptions), Back, and the Report page's actions. Certificates are in
// tst_wizardtrust, autodiscovery in tst_wizarddiscovery; real servers in
// tst_wizard_e2e (ctest it_app_e2e).
#include "wizardfakes.h"

#include <engine/itemtransformer.h>

#include <QFile>
#include <QJsonDocument>
#include <QSemaphore>
#include <QSignalSpy>
#include <QTemporaryDir>

using namespace Qt::StringLiterals;
using namespace ferry;
using namespace ferry::test;

class TestWizard : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void welcomeGoesToOldAccount()
    {
        Wizard w(nullptr);
        QSignalSpy steps(&w, &Wizard::stepChanged);
        QCOMPARE(w.step(), Wizard::Welcome);
        QVERIFY(w.canAdvance());
        QVERIFY(!w.canGoBack());
        w.next();
        QCOMPARE(w.step(), Wizard::OldAccount);
        QCOMPARE(w.stepNumber(), 1);
        QCOMPARE(steps.count(), 1);
        QVERIFY(w.canGoBack());
        QVERIFY(!w.canAdvance()); // nothing typed yet
    }

    void validation_data()
    {
        QTest::addColumn<QString>("email");
        QTest::addColumn<QString>("password");
        QTest::addColumn<QString>("imapHost");
        QTest::addColumn<int>("imapPort");
        QTest::addColumn<QString>("davUrl");
        QTest::addColumn<QString>("expected"); // part of the message

        const QString ok = u"anna@old.example"_s;
        QTest::newRow("no e-mail") << QString() << kOldPassword << kOldImap << 993 << QString() << u"e-mail address"_s;
        QTest::newRow("not an address") << u"anna"_s << kOldPassword << kOldImap << 993 << QString()
                                        << u"e-mail address"_s;
        QTest::newRow("no domain dot") << u"anna@localhost"_s << kOldPassword << kOldImap << 993 << QString()
                                       << u"e-mail address"_s;
        // The page and the server lookup apply the same rules (EmailAddress::parse).
        QTest::newRow("two @") << u"anna@old@example.org"_s << kOldPassword << kOldImap << 993 << QString()
                               << u"e-mail address"_s;
        QTest::newRow("empty label") << u"anna@old..example"_s << kOldPassword << kOldImap << 993 << QString()
                                     << u"e-mail address"_s;
        QTest::newRow("no password") << ok << QString() << kOldImap << 993 << QString() << u"password"_s;
        QTest::newRow("no servers") << ok << kOldPassword << QString() << 993 << QString() << u"IMAP server"_s;
        QTest::newRow("port 0") << ok << kOldPassword << kOldImap << 0 << QString() << u"IMAP port"_s;
        QTest::newRow("port 65536") << ok << kOldPassword << kOldImap << 65536 << QString() << u"IMAP port"_s;
        QTest::newRow("negative port") << ok << kOldPassword << kOldImap << -993 << QString() << u"IMAP port"_s;
        QTest::newRow("dav over http") << ok << kOldPassword << kOldImap << 993 << u"http://dav.old.example/"_s
                                       << u"https://"_s;
        QTest::newRow("dav not a url") << ok << kOldPassword << kOldImap << 993 << u"dav.old.example"_s
                                       << u"https://"_s;
    }

    void validation()
    {
        QFETCH(QString, email);
        QFETCH(QString, password);
        QFETCH(QString, imapHost);
        QFETCH(int, imapPort);
        QFETCH(QString, davUrl);
        QFETCH(QString, expected);

        FakeAccounts fake;
        Wizard w(nullptr);
        w.setInventory(fake.function());
        w.next();
        AccountSettings *a = w.oldAccount();
        a->setEmail(email);
        a->setPassword(password);
        a->setImapHost(imapHost);
        a->setImapPort(imapPort);
        a->setDavUrl(davUrl);
        QVERIFY(!a->missing().isEmpty());
        QVERIFY(!w.canAdvance());
        QSignalSpy steps(&w, &Wizard::stepChanged);
        w.next();
        QCOMPARE(w.step(), Wizard::OldAccount);
        QCOMPARE(steps.count(), 0);
        QVERIFY2(w.validationMessage().contains(expected), qPrintable(w.validationMessage()));
        QCOMPARE(w.validationMessage(), a->missing());
        QVERIFY(!w.busy());
        QTest::qWait(20);
        QCOMPARE(fake.calls().size(), 0); // nothing was tried
        // Typing clears the message.
        a->setUserName(u"anna"_s);
        QVERIFY(w.validationMessage().isEmpty());
    }

    void loginRefused_data()
    {
        QTest::addColumn<bool>("newSide");
        QTest::addColumn<QString>("host");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("serverText");
        QTest::addColumn<QString>("expected");

        const QString auth = u"[AUTHENTICATIONFAILED] Authentication failed."_s;
        QTest::newRow("old imap auth") << false << kOldImap << int(ErrorCode::Auth) << auth << u"Old account"_s;
        QTest::newRow("old dav auth") << false << kOldDav << int(ErrorCode::Auth) << u"401 Unauthorized"_s
                                      << u"Old account"_s;
        QTest::newRow("new imap auth") << true << kNewImap << int(ErrorCode::Auth) << auth << u"New account"_s;
        QTest::newRow("new dav auth") << true << kNewDav << int(ErrorCode::Auth) << u"401 Unauthorized"_s
                                      << u"New account"_s;
        QTest::newRow("old unreachable") << false << kOldImap << int(ErrorCode::Network) << QString()
                                         << u"could not be reached"_s;
        QTest::newRow("new tls, no certificate") << true << kNewImap << int(ErrorCode::Tls)
                                                 << u"handshake failure"_s << u"secure connection"_s;
    }

    void loginRefused()
    {
        QFETCH(bool, newSide);
        QFETCH(QString, host);
        QFETCH(int, code);
        QFETCH(QString, serverText);
        QFETCH(QString, expected);

        FakeAccounts fake;
        fake.setAnswer([host, code, serverText](const Endpoint &e, Side side) -> Result<AccountInventory> {
            if (e.host == host)
                return Error::make(ErrorCode(code), u"LOGIN to %1"_s.arg(host), serverText,
                                   u"Check the password."_s).onSide(side);
            return FakeAccounts::standard(e, side);
        });
        Wizard w(nullptr);
        w.setInventory(fake.function());
        w.next();
        fillOld(w);
        if (newSide) {
            w.next();
            QVERIFY(waitIdle(w));
            QCOMPARE(w.step(), Wizard::NewAccount);
            fillNew(w);
        }
        const Wizard::Step before = w.step();
        w.next();
        QVERIFY(w.busy());
        QVERIFY(!w.busyText().isEmpty());
        QVERIFY(waitIdle(w));
        QCOMPARE(w.step(), before);
        QVERIFY(!w.busy());
        const QString m = w.validationMessage();
        QVERIFY2(m.contains(expected), qPrintable(m));
        QVERIFY2(m.contains(newSide ? u"New account"_s : u"Old account"_s), qPrintable(m));
        QVERIFY2(m.contains(u"LOGIN to "_s + host), qPrintable(m));
        if (!serverText.isEmpty())
            QVERIFY2(m.contains(u"“%1”"_s.arg(serverText)), qPrintable(m)); // quoted verbatim
        QVERIFY2(m.contains(u"Check the password."_s), qPrintable(m));
        QVERIFY(!m.contains(kOldPassword) && !m.contains(kNewPassword));
        QVERIFY(w.canAdvance()); // the person may try again
        QVERIFY(w.canGoBack());
    }

    void passwordReachesTheCore()
    {
        FakeAccounts fake;
        Wizard w(nullptr);
        w.setInventory(fake.function());
        QVERIFY(reachWhatToMove(w));
        const QList<FakeAccounts::Call> calls = fake.calls();
        QCOMPARE(calls.size(), 4); // old imap + dav, new imap + dav
        for (const FakeAccounts::Call &c : calls) {
            QVERIFY(c.thread != QThread::currentThread()); // never on the GUI thread
            QVERIFY(c.endpoint.password);
            const QString expected = c.side == Side::Source ? kOldPassword : kNewPassword;
            QCOMPARE(QString::fromUtf8(c.endpoint.password->reveal()), expected);
            QCOMPARE(c.endpoint.user, c.side == Side::Source ? u"anna@old.example"_s : u"anna@new.example"_s);
        }
        QCOMPARE(calls.at(0).endpoint.scheme, u"imaps"_s);
        QCOMPARE(calls.at(0).endpoint.port, quint16(993));
        QCOMPARE(calls.at(1).endpoint.scheme, u"https"_s);
        QCOMPARE(calls.at(1).endpoint.port, quint16(443));
        for (AccountSettings *a : {w.oldAccount(), w.newAccount()})
            QVERIFY(!a->describe().contains(kOldPassword) && !a->describe().contains(kNewPassword));
    }

    void selectionFromSourceInventories()
    {
        FakeAccounts fake;
        Wizard w(nullptr);
        w.setInventory(fake.function());
        QVERIFY(reachWhatToMove(w));
        QCOMPARE(w.stepNumber(), 3);
        QVERIFY(w.selectionNote().isEmpty());
        ferry::app::SelectionModel *s = w.selection();
        // INBOX, Sent, Archive/2024 (the container is left out), contacts, personal, todo.
        QCOMPARE(s->rowCount(), 6);
        QCOMPARE(rowOf(s, u"Archive"_s), -1);
        QCOMPARE(rowOf(s, u"Already-there"_s), -1); // never the target's folders
        QCOMPARE(rowOf(s, u"their-calendar"_s), -1);
        const QVariantList types = s->types();
        QCOMPARE(typeEntry(types, u"mail"_s).value(u"items"_s).toULongLong(), 20ULL);
        QCOMPARE(typeEntry(types, u"mail"_s).value(u"folders"_s).toInt(), 3);
        QCOMPARE(typeEntry(types, u"contacts"_s).value(u"items"_s).toULongLong(), 5ULL);
        QCOMPARE(typeEntry(types, u"calendar"_s).value(u"items"_s).toULongLong(), 7ULL);
        QCOMPARE(typeEntry(types, u"tasks"_s).value(u"items"_s).toULongLong(), 3ULL);
        QVERIFY(w.canAdvance());
    }

    void uncheckingEverythingBlocksStart()
    {
        FakeAccounts fake;
        Wizard w(nullptr);
        w.setInventory(fake.function());
        QVERIFY(reachWhatToMove(w));
        QSignalSpy state(&w, &Wizard::stateChanged);
        for (const QString &t : {u"mail"_s, u"contacts"_s, u"calendar"_s, u"tasks"_s})
            w.selection()->setTypeChecked(t, false);
        QVERIFY(state.count() > 0);
        QVERIFY(!w.canAdvance());
        QVERIFY(!w.selection()->anythingChecked());
        w.next();
        QCOMPARE(w.step(), Wizard::WhatToMove);
        QVERIFY(w.validationMessage().contains(u"at least one"_s));
        w.selection()->setChecked(0, true);
        QVERIFY(w.canAdvance());
    }

    void optionsFromSelection()
    {
        FakeAccounts fake;
        Wizard w(nullptr);
        w.setInventory(fake.function());
        QVERIFY(reachWhatToMove(w));
        ferry::app::SelectionModel *s = w.selection();
        s->setChecked(rowOf(s, u"Sent"_s), false);
        s->setChecked(rowOf(s, u"todo"_s), false);
        s->setChecked(rowOf(s, u"personal"_s), false);
        s->setChecked(rowOf(s, u"personal"_s), true);

        const MigrationOptions o = w.options();
        QCOMPARE(o.only, (QStringList{u"mail"_s, u"contacts"_s, u"calendar"_s}));
        QCOMPARE(o.skipFolders, QStringList{u"Sent"_s});
        QCOMPARE(o.skipCollections, QStringList{u"todo"_s});
        QCOMPARE(o.source.host, kOldImap);
        QCOMPARE(o.target.host, kNewImap);
        QCOMPARE(o.davSource.host, kOldDav);
        QCOMPARE(o.davTarget.host, kNewDav);
        QCOMPARE(o.source.user, u"anna@old.example"_s);
        QVERIFY(!o.dryRun);
        QVERIFY(o.transformer);
    }

    // "Which mail": the choices become the engine's date window, counted back from today.
    void mailPeriodWindow_data()
    {
        QTest::addColumn<int>("choice");
        QTest::addColumn<QString>("from");
        QTest::addColumn<QString>("until");
        QTest::addColumn<QString>("window");
        QTest::addColumn<bool>("usable");
        using P = ferry::app::MailPeriod;
        QTest::newRow("all") << int(P::AllMail) << u""_s << u""_s << u""_s << true;
        QTest::newRow("12 months") << int(P::LastYear) << u""_s << u""_s << u"2025-11-24.."_s << true;
        QTest::newRow("2 years") << int(P::LastTwoYears) << u""_s << u""_s << u"2024-11-24.."_s << true;
        QTest::newRow("5 years") << int(P::LastFiveYears) << u""_s << u""_s << u"2021-11-24.."_s << true;
        QTest::newRow("between") << int(P::Between) << u"2024-01-01"_s << u" 2024-12-31 "_s << u"2024-01-01..2024-12-31"_s << true;
        QTest::newRow("from only") << int(P::Between) << u"2024-01-01"_s << u""_s << u"2024-01-01.."_s << true;
        QTest::newRow("until only") << int(P::Between) << u""_s << u"2019-12-31"_s << u"..2019-12-31"_s << true;
        QTest::newRow("neither day") << int(P::Between) << u""_s << u""_s << u""_s << false;
        QTest::newRow("not a day") << int(P::Between) << u"1.3.2024"_s << u""_s << u""_s << false;
        QTest::newRow("reversed") << int(P::Between) << u"2024-12-31"_s << u"2024-01-01"_s << u""_s << false;
        // The typed days are kept but do not count unless "between" is chosen.
        QTest::newRow("days typed, then all") << int(P::AllMail) << u"2024-12-31"_s << u"x"_s << u""_s << true;
    }
    void mailPeriodWindow()
    {
        QFETCH(int, choice);
        QFETCH(QString, from);
        QFETCH(QString, until);
        QFETCH(QString, window);
        QFETCH(bool, usable);
        FakeAccounts fake;
        Wizard w(nullptr);
        w.setInventory(fake.function());
        QVERIFY(reachWhatToMove(w));
        ferry::app::MailPeriod *p = w.mailPeriod();
        p->setToday(QDate(2026, 11, 24));
        QSignalSpy state(&w, &Wizard::stateChanged);
        p->setFrom(from);
        p->setUntil(until);
        p->setChoice(ferry::app::MailPeriod::Choice(choice));
        QCOMPARE(p->problem().isEmpty(), usable);
        QCOMPARE(w.canAdvance(), usable);
        QCOMPARE(p->window().toString(), window);
        QVERIFY(!p->summary().isEmpty());
        if (usable)
            QCOMPARE(w.options().mailWindow.toString(), window);
        if (!from.isEmpty() || !until.isEmpty() || choice != 0)
            QVERIFY(state.count() > 0); // the page's Start button follows
        if (!usable) {
            w.next();
            QCOMPARE(w.step(), Wizard::WhatToMove);
            QCOMPARE(w.validationMessage(), p->problem());
            // Without mail in the selection the dates do not matter.
            w.selection()->setTypeChecked(u"mail"_s, false);
            QVERIFY(w.canAdvance());
        }
    }

    // After a pass with a date window, "Move that mail too" runs again with all mail.
    void moveAllMailWidensTheWindow()
    {
        FakeAccounts fake;
        Wizard w(nullptr);
        w.setInventory(fake.function());
        QVERIFY(reachWhatToMove(w));
        w.mailPeriod()->setChoice(ferry::app::MailPeriod::LastYear);
        QVERIFY(!w.options().mailWindow.isOpen());
        w.moveAllMail(); // only from the Report page
        QCOMPARE(w.mailPeriod()->choice(), ferry::app::MailPeriod::LastYear);
        QCOMPARE(w.step(), Wizard::WhatToMove);
        w.showStep(Wizard::Report);
        // The run must stop before any connection (the fake servers' names are not
        // for resolving): its journal cannot be opened under a regular file.
        QTemporaryDir dir;
        QFile blocker(dir.filePath(u"not-a-directory"_s));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        w.setStateDirectory(blocker.fileName() + u"/state"_s);
        w.moveAllMail();
        QCOMPARE(w.mailPeriod()->choice(), ferry::app::MailPeriod::AllMail);
        QVERIFY(w.options().mailWindow.isOpen());
        QTRY_VERIFY_WITH_TIMEOUT(w.step() == Wizard::Report, 10000);
        QVERIFY2(w.report()->exitCode() != 0, qPrintable(w.report()->problem()));
        QVERIFY2(w.report()->problem().contains(u"not-a-directory"_s), qPrintable(w.report()->problem()));
    }

    // A helpdesk profile: its servers instead of a lookup, its choices instead of the
    // "What to move" page, its rules and cap in the run's options.
    void profileSettlesServersAndChoices()
    {
        // (JSON "\/" for "/": moc would read a "//" in this file as a comment.)
        auto profile = Profile::parse(QByteArrayLiteral(
            "{\"ferryProfile\": 1, \"helpdesk\": {\"name\": \"Example IT\", \"contact\": \"Call 0800 123 456\"},"
            " \"old\": {\"imapHost\": \"imap.old.example\", \"davUrl\": \"https:\\/\\/dav.old.example\\/\", \"userName\": \"{local}\"},"
            " \"new\": {\"imapHost\": \"imap.new.example\", \"davUrl\": \"https:\\/\\/dav.new.example\\/\"},"
            " \"what\": {\"only\": [\"mail\", \"contacts\"], \"skipFolders\": [\"Sent\"], \"mailSince\": \"2020-01-01\"},"
            " \"folderRules\": [\"Archive=Old\\/Archive\"], \"connections\": 2}"));
        QVERIFY2(profile.ok(), qPrintable(profile.error().toString()));
        FakeAccounts fake;
        Wizard w(nullptr);
        w.setInventory(fake.function());
        w.setProfile(*profile);
        QCOMPARE(w.helpdeskText(), u"Example IT: Call 0800 123 456"_s);
        // The run stops before any connection: its journal cannot be opened under a file.
        QTemporaryDir dir;
        QFile blocker(dir.filePath(u"not-a-directory"_s));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        w.setStateDirectory(blocker.fileName() + u"/state"_s);

        w.next();
        w.oldAccount()->setEmail(u"anna@old.example"_s);
        w.oldAccount()->setPassword(kOldPassword);
        QTRY_COMPARE_WITH_TIMEOUT(w.oldAccount()->imapHost(), u"imap.old.example"_s, 5000);
        QCOMPARE(w.oldAccount()->userName(), u"anna"_s);
        QVERIFY(w.canAdvance());
        w.next();
        QVERIFY(waitIdle(w));
        QCOMPARE(w.step(), Wizard::NewAccount);
        w.newAccount()->setEmail(u"anna@new.example"_s);
        w.newAccount()->setPassword(kNewPassword);
        QTRY_COMPARE_WITH_TIMEOUT(w.newAccount()->imapHost(), u"imap.new.example"_s, 5000);
        QCOMPARE(w.newAccount()->davUrl(), u"https://dav.new.example/"_s);
        w.next();
        QVERIFY(waitIdle(w));
        // "What to move" is settled: straight to the move (which stops at the journal here).
        QTRY_VERIFY_WITH_TIMEOUT(w.step() == Wizard::Report, 10000);
        const MigrationOptions o = w.options();
        QCOMPARE(o.only, (QStringList{u"mail"_s, u"contacts"_s}));
        QVERIFY(o.skipFolders.contains(u"Sent"_s));
        QCOMPARE(o.mailWindow.toString(), u"2020-01-01.."_s);
        QCOMPARE(o.folderRules.size(), 1);
        QCOMPARE(o.connections, 2);
        QCOMPARE(o.source.user, u"anna"_s);
        QCOMPARE(o.target.user, u"anna@new.example"_s);
    }

    // Kiosk: "Next person" (or the idle timer) deletes the person's directory and
    // empties every field, the report and the log.
    void kioskNextPersonLeavesNothing()
    {
        QTemporaryDir root;
        FakeAccounts fake;
        Wizard w(nullptr);
        w.setInventory(fake.function());
        w.setKiosk(root.path(), 1);
        QVERIFY(w.kiosk());
        const QString first = w.sessionDirectory();
        QVERIFY(first.startsWith(root.path()));
        QVERIFY(QFileInfo(first).isDir());
        QVERIFY(reachWhatToMove(w));
        QFile left(first + u"/journal.sqlite"_s);
        QVERIFY(left.open(QIODevice::WriteOnly));
        left.write("a person's journal");
        left.close();
        MigrationReport r;
        r.source = u"imaps://anna@old.example"_s;
        w.report()->setReport(r);
        w.runner()->log()->append(u"anna@old.example: 12 copied"_s);
        w.showStep(Wizard::Report);

        w.nextPerson();
        QCOMPARE(w.step(), Wizard::Welcome);
        QVERIFY(!QFileInfo::exists(first));
        QVERIFY(QFileInfo(w.sessionDirectory()).isDir());
        QVERIFY(w.sessionDirectory() != first);
        QVERIFY(QDir(w.sessionDirectory()).isEmpty());
        for (ferry::app::AccountSettings *a : {w.oldAccount(), w.newAccount()}) {
            QVERIFY(a->email().isEmpty());
            QVERIFY(!a->hasPassword());
            QVERIFY(a->imapHost().isEmpty());
            QVERIFY(a->davUrl().isEmpty());
        }
        QCOMPARE(w.report()->exitCode(), -1);
        QCOMPARE(w.runner()->log()->rowCount(), 0);
        QCOMPARE(w.selection()->rowCount(), 0);

        // Walked away in the middle: back to Welcome after the idle time.
        w.next();
        w.oldAccount()->setEmail(u"bert@old.example"_s);
        QCOMPARE(w.step(), Wizard::OldAccount);
        QTRY_COMPARE_WITH_TIMEOUT(w.step(), Wizard::Welcome, 5000);
        QVERIFY(w.oldAccount()->email().isEmpty());

        const QString last = w.sessionDirectory();
        // At exit the station's current directory goes too.
        auto closing = std::make_unique<Wizard>(nullptr);
        closing->setKiosk(root.path(), 300);
        const QString dir = closing->sessionDirectory();
        QVERIFY(QFileInfo(dir).isDir());
        closing.reset();
        QVERIFY(!QFileInfo::exists(dir));
        QVERIFY(QFileInfo(last).isDir());
    }

    void addressMapping_data()
    {
        QTest::addColumn<QString>("oldEmail");
        QTest::addColumn<QString>("newEmail");
        QTest::addColumn<QByteArray>("expectedOrganizer");

        QTest::newRow("different") << u"anna@old.example"_s << u"anna@new.example"_s
                                   << QByteArray("mailto:anna@new.example");
        QTest::newRow("same address, other case") << u"anna@old.example"_s << u"Anna@Old.example"_s
                                                  << QByteArray("mailto:anna@old.example");
        QTest::newRow("spaces around") << u" anna@old.example "_s << u"anna.b@new.example"_s
                                       << QByteArray("mailto:anna.b@new.example");
    }

    void addressMapping()
    {
        QFETCH(QString, oldEmail);
        QFETCH(QString, newEmail);
        QFETCH(QByteArray, expectedOrganizer);

        Wizard w(nullptr);
        fill(w.oldAccount(), oldEmail, kOldPassword, kOldImap, kOldDav);
        fill(w.newAccount(), newEmail, kNewPassword, kNewImap, kNewDav);
        const MigrationOptions o = w.options();
        QVERIFY(o.transformer);
        const QByteArray event = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\n"
                                 "UID:ev-1@old.example\r\nDTSTAMP:20240105T090000Z\r\nDTSTART:20240110T100000Z\r\n"
                                 "SUMMARY:Planning\r\nORGANIZER;CN=Anna:mailto:anna@old.example\r\n"
                                 "ATTENDEE;CN=Bob:mailto:bob@elsewhere.example\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        FolderInfo target;
        target.ref = FolderRef{{u"personal"_s}};
        target.kind = ItemKind::Event;
        target.collection.components = {u"VEVENT"_s};
        ItemMeta meta;
        meta.id = "ev-1.ics";
        TransformResult r = o.transformer->prepare(target, meta, ItemBody::fromBytes(event));
        QVERIFY2(r.error.ok(), qPrintable(r.error.toString()));
        const QByteArray out = r.body.readAll().replace("\r\n ", "");
        QVERIFY2(out.contains(expectedOrganizer), out.constData());
        QVERIFY(out.contains("mailto:bob@elsewhere.example")); // someone else stays
    }

    void endpointsOnlyWhenBothSidesHaveThem_data()
    {
        QTest::addColumn<bool>("oldImap");
        QTest::addColumn<bool>("oldDav");
        QTest::addColumn<bool>("newImap");
        QTest::addColumn<bool>("newDav");

        QTest::newRow("everything") << true << true << true << true;
        QTest::newRow("no new dav") << true << true << true << false;
        QTest::newRow("no old dav") << true << false << true << true;
        QTest::newRow("no new imap") << true << true << false << true;
        QTest::newRow("no old imap") << false << true << true << true;
        QTest::newRow("mail only") << true << false << true << false;
        QTest::newRow("dav only") << false << true << false << true;
        QTest::newRow("crossed") << true << false << false << true;
    }

    void endpointsOnlyWhenBothSidesHaveThem()
    {
        QFETCH(bool, oldImap);
        QFETCH(bool, oldDav);
        QFETCH(bool, newImap);
        QFETCH(bool, newDav);

        Wizard w(nullptr);
        fill(w.oldAccount(), u"anna@old.example"_s, kOldPassword, oldImap ? kOldImap : QString(),
             oldDav ? kOldDav : QString());
        fill(w.newAccount(), u"anna@new.example"_s, kNewPassword, newImap ? kNewImap : QString(),
             newDav ? kNewDav : QString());
        const MigrationOptions o = w.options();
        const bool mail = oldImap && newImap, dav = oldDav && newDav;
        QCOMPARE(o.source.scheme, mail ? u"imaps"_s : QString());
        QCOMPARE(o.target.scheme, mail ? u"imaps"_s : QString());
        QCOMPARE(o.source.host, mail ? kOldImap : QString());
        QCOMPARE(o.davSource.scheme, dav ? u"https"_s : QString());
        QCOMPARE(o.davTarget.scheme, dav ? u"https"_s : QString());
        QCOMPARE(o.davTarget.host, dav ? kNewDav : QString());
    }

    void selectionNote_data()
    {
        QTest::addColumn<bool>("newImap");
        QTest::addColumn<bool>("newDav");
        QTest::addColumn<bool>("note");
        QTest::addColumn<QStringList>("available");

        QTest::newRow("both") << true << true << false
                              << QStringList{u"mail"_s, u"contacts"_s, u"calendar"_s, u"tasks"_s};
        QTest::newRow("no dav on the new account") << true << false << true << QStringList{u"mail"_s};
        QTest::newRow("no imap on the new account") << false << true << true
                                                    << QStringList{u"contacts"_s, u"calendar"_s, u"tasks"_s};
    }

    void selectionNote()
    {
        QFETCH(bool, newImap);
        QFETCH(bool, newDav);
        QFETCH(bool, note);
        QFETCH(QStringList, available);

        FakeAccounts fake;
        Wizard w(nullptr);
        w.setInventory(fake.function());
        QVERIFY(reachWhatToMove(w, true, newImap, newDav));
        // What the new account cannot hold is said on the page, never left out silently.
        QCOMPARE(!w.selectionNote().isEmpty(), note);
        if (note && !newDav)
            QVERIFY2(w.selectionNote().contains(u"CalDAV/CardDAV"_s), qPrintable(w.selectionNote()));
        QStringList got;
        for (const QVariant &t : w.selection()->types())
            if (t.toMap().value(u"available"_s).toBool())
                got << t.toMap().value(u"dataType"_s).toString();
        QCOMPARE(got, available);
        const MigrationOptions o = w.options();
        QCOMPARE(o.only, available);
        QCOMPARE(o.source.scheme.isEmpty(), !newImap);
        QCOMPARE(o.davSource.scheme.isEmpty(), !newDav);
    }

    void back_data()
    {
        QTest::addColumn<int>("from");
        QTest::addColumn<int>("expected");
        QTest::newRow("welcome") << int(Wizard::Welcome) << int(Wizard::Welcome);
        QTest::newRow("old account") << int(Wizard::OldAccount) << int(Wizard::Welcome);
        QTest::newRow("new account") << int(Wizard::NewAccount) << int(Wizard::OldAccount);
        QTest::newRow("what to move") << int(Wizard::WhatToMove) << int(Wizard::NewAccount);
        QTest::newRow("moving") << int(Wizard::Moving) << int(Wizard::Moving);
        QTest::newRow("report") << int(Wizard::Report) << int(Wizard::Report);
    }

    void back()
    {
        QFETCH(int, from);
        QFETCH(int, expected);

        FakeAccounts fake;
        Wizard w(nullptr);
        w.setInventory(fake.function());
        if (from == Wizard::Moving || from == Wizard::Report) {
            w.showStep(Wizard::Step(from)); // no run needed to look at the page
        } else {
            QVERIFY(reachWhatToMove(w));
            while (w.step() != Wizard::Step(from))
                w.back();
        }
        QCOMPARE(int(w.step()), from);
        QCOMPARE(w.canGoBack(), expected != from);
        w.back();
        QCOMPARE(int(w.step()), expected);
        // What was typed stays when going back.
        if (from != Wizard::Moving && from != Wizard::Report)
            QCOMPARE(w.oldAccount()->imapHost(), kOldImap);
    }

    void busyIgnoresNextAndBack()
    {
        FakeAccounts fake;
        QSemaphore gate;
        fake.setAnswer([&gate](const Endpoint &e, Side side) {
            gate.tryAcquire(1, 10000); // bounded: a failing test must not hang the Wizard's destructor
            return FakeAccounts::standard(e, side);
        });
        Wizard w(nullptr);
        w.setInventory(fake.function());
        w.next();
        fillOld(w);
        w.next();
        QVERIFY(w.busy());
        QVERIFY(!w.canAdvance());
        QVERIFY(!w.canGoBack());
        QVERIFY(w.busyText().contains(u"old account"_s));
        w.next();
        w.back();
        QCOMPARE(w.step(), Wizard::OldAccount);
        gate.release(2);
        QVERIFY(waitIdle(w));
        QCOMPARE(w.step(), Wizard::NewAccount);
        QVERIFY(w.busyText().isEmpty());
        QCOMPARE(fake.calls().size(), 2); // one check (imap + dav), not two
    }

    void runAgainAndStartOver()
    {
        FakeAccounts fake;
        Wizard w(nullptr);
        w.setInventory(fake.function());
        QVERIFY(reachWhatToMove(w));
        w.runAgain(); // only from the Report page
        QCOMPARE(w.step(), Wizard::WhatToMove);
        QVERIFY(!w.runner()->running());
        w.showStep(Wizard::Report);
        w.startOver();
        QCOMPARE(w.step(), Wizard::Welcome);
        QCOMPARE(w.selection()->rowCount(), 0);
        QVERIFY(!w.oldAccount()->hasPassword());
        QVERIFY(!w.newAccount()->hasPassword());
        QCOMPARE(w.oldAccount()->imapHost(), kOldImap); // the servers stay for a second try
    }

    void saveReport()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        Wizard w(nullptr);
        w.setReportDirectory(dir.filePath(u"reports"_s));
        MigrationReport r;
        r.source = u"imaps://anna@imap.old.example:993"_s;
        r.target = u"imaps://anna@imap.new.example:993"_s;
        FolderReport f;
        f.source = f.target = u"INBOX"_s;
        f.sourceCount = f.copied = 3;
        r.folders << f;
        w.report()->setReport(r);
        w.showStep(Wizard::Report);
        QSignalSpy state(&w, &Wizard::stateChanged);
        w.saveReport();
        QVERIFY(state.count() > 0);
        const QString path = w.savedReportPath();
        QVERIFY(path.startsWith(dir.filePath(u"reports/ferry-report-"_s)));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(QJsonDocument::fromJson(file.readAll()).object(), r.toJson());

        // A folder that cannot be made: a message, no path.
        QFile blocker(dir.filePath(u"file"_s));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        w.setReportDirectory(dir.filePath(u"file/reports"_s));
        w.saveReport();
        QVERIFY(w.savedReportPath().isEmpty());
        QVERIFY(!w.validationMessage().isEmpty());
    }
};

QTEST_MAIN(TestWizard)
#include "tst_wizard.moc"
