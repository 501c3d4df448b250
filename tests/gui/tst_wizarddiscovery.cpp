// Autodiscovery in the Wizard: typing the e-mail address runs the Discover hook on
// a worker thread and fills the servers in from its answer; a later address wins
// over a slow earlier lookup; a lookup never leaves the page "still looking up".
#include "wizardfakes.h"

#include <QSignalSpy>

#include <atomic>

using namespace Qt::StringLiterals;
using namespace ferry;
using namespace ferry::test;

class TestWizardDiscovery : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void discoveryOffTheGuiThreadLaterAddressWins()
    {
        QMutex mutex;
        QList<QThread *> threads;
        QStringList asked;
        std::atomic_int finished{0};
        std::atomic_int started{0};
        Wizard w(nullptr);
        w.setDiscovery([&](const QString &email) {
            ++started;
            {
                QMutexLocker lock(&mutex);
                threads << QThread::currentThread();
                asked << email;
            }
            const QString domain = email.section(u'@', 1);
            if (domain == u"slow.example"_s)
                QThread::msleep(400);
            AccountSettings::Found found;
            found.provider = domain;
            found.imapHost = u"imap."_s + domain;
            found.imapPort = 993;
            found.davUrl = u"https://dav.%1/"_s.arg(domain);
            found.text = u"Settings for %1 found."_s.arg(domain);
            ++finished;
            return found;
        });
        AccountSettings *a = w.oldAccount();
        QSignalSpy state(&w, &Wizard::stateChanged);
        a->setEmail(u"anna@slow.example"_s);
        QVERIFY(a->discovering());
        QVERIFY(!a->discoveryText().isEmpty());
        a->setPassword(kOldPassword);
        QVERIFY(a->missing().contains(u"Still looking up"_s));
        // Lookups start when typing pauses; let the slow one get under way first.
        QTRY_COMPARE(started.load(), 1);
        a->setEmail(u"anna@fast.example"_s);
        const int before = int(state.count());
        QTRY_COMPARE(a->imapHost(), u"imap.fast.example"_s);
        QVERIFY(state.count() > before); // the page hears of it (canAdvance may change)
        QTRY_COMPARE(finished.load(), 2);
        QTest::qWait(200); // the slow answer is delivered now and must be dropped
        QCOMPARE(a->imapHost(), u"imap.fast.example"_s);
        QCOMPARE(a->davUrl(), u"https://dav.fast.example/"_s);
        QCOMPARE(a->providerName(), u"fast.example"_s);
        QCOMPARE(a->discoveryText(), u"Settings for fast.example found."_s);
        QVERIFY(!a->discovering());
        QVERIFY(a->missing().isEmpty());
        asked.sort(); // the two lookups run side by side
        QCOMPARE(asked, (QStringList{u"anna@fast.example"_s, u"anna@slow.example"_s}));
        for (QThread *t : std::as_const(threads))
            QVERIFY(t != QThread::currentThread());
        // The new account's lookup runs on its own and fills only the new account.
        w.newAccount()->setEmail(u"anna@fast.example"_s);
        QTRY_COMPARE(w.newAccount()->imapHost(), u"imap.fast.example"_s);
        QCOMPARE(a->imapHost(), u"imap.fast.example"_s);
        // Same domain, other person: no second lookup.
        a->setEmail(u"bert@fast.example"_s);
        QTest::qWait(50);
        QCOMPARE(finished.load(), 3);
    }

    // Each account has its own lookups: the new account's does not make the old
    // account's answer stale.
    // Typing the domain starts one lookup when typing pauses, not one per keystroke.
    void oneLookupPerPauseInTyping()
    {
        QStringList asked;
        Wizard w(nullptr);
        w.setDiscovery([&](const QString &email) {
            asked << email; // the test reads it only after the answer came back
            AccountSettings::Found found;
            found.imapHost = u"imap."_s + email.section(u'@', 1);
            return found;
        });
        AccountSettings *a = w.oldAccount();
        for (const QString &typed : {u"anna@g"_s, u"anna@gm"_s, u"anna@gmx"_s, u"anna@gmx."_s, u"anna@gmx.d"_s,
                                     u"anna@gmx.de"_s}) {
            a->setEmail(typed);
            QVERIFY(a->discovering());
        }
        QTRY_COMPARE(a->imapHost(), u"imap.gmx.de"_s);
        QCOMPARE(asked, QStringList{u"anna@gmx.de"_s});
        QVERIFY(!a->discovering());
    }

    void accountsLookUpIndependently()
    {
        Wizard w(nullptr);
        w.setDiscovery([](const QString &email) {
            const QString domain = email.section(u'@', 1);
            if (domain == u"slow.example"_s)
                QThread::msleep(300);
            AccountSettings::Found found;
            found.imapHost = u"imap."_s + domain;
            found.text = u"Settings for %1 found."_s.arg(domain);
            return found;
        });
        w.oldAccount()->setEmail(u"anna@slow.example"_s);
        w.newAccount()->setEmail(u"anna@fast.example"_s);
        QTRY_COMPARE(w.newAccount()->imapHost(), u"imap.fast.example"_s);
        QTRY_COMPARE(w.oldAccount()->imapHost(), u"imap.slow.example"_s);
        QVERIFY(!w.oldAccount()->discovering());
        QVERIFY(!w.newAccount()->discovering());
    }

    void discoveryNeverSticks_data()
    {
        QTest::addColumn<QString>("later");
        QTest::addColumn<QString>("imapHost"); // expected once the lookup is done
        QTest::newRow("local part corrected") << u"anne@slow.example"_s << u"imap.slow.example"_s;
        QTest::newRow("domain deleted") << u"anna"_s << QString();
    }

    // While a lookup runs the person keeps typing; when it ends, the page must not stay
    // in "Still looking up …" (which blocks Next) for ever.
    void discoveryNeverSticks()
    {
        QFETCH(QString, later);
        QFETCH(QString, imapHost);

        std::atomic_int finished{0};
        std::atomic_int started{0};
        Wizard w(nullptr);
        w.setDiscovery([&](const QString &email) {
            ++started;
            QThread::msleep(150);
            AccountSettings::Found found;
            found.imapHost = u"imap."_s + email.section(u'@', 1);
            ++finished;
            return found;
        });
        AccountSettings *a = w.oldAccount();
        a->setEmail(u"anna@slow.example"_s);
        QVERIFY(a->discovering());
        QTRY_COMPARE(started.load(), 1); // the lookup is under way when the person types on
        a->setEmail(later);
        QTRY_COMPARE(finished.load(), 1);
        const bool done = QTest::qWaitFor([a] { return !a->discovering(); }, 1000);
        QVERIFY(done && !a->discovering());
        QCOMPARE(a->imapHost(), imapHost);
    }
};

QTEST_MAIN(TestWizardDiscovery)
#include "tst_wizarddiscovery.moc"
