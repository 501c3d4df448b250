// The Wizard's Trust step without servers: a server shows a certificate the system
// does not trust; the page shows whom it names, who issued it, when it is valid,
// its SHA-256 and why it was refused; "Trust" pins exactly that certificate for
// exactly that host and checks again, "Don't trust" (or Back) goes back to the
// account page. Real certificates are in tst_wizard_e2e (ctest it_app_e2e).
#include "wizardfakes.h"

#include <QLocale>

using namespace Qt::StringLiterals;
using namespace ferry;
using namespace ferry::test;

class TestWizardTrust : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void trustCertificate_data()
    {
        QTest::addColumn<bool>("newSide");
        QTest::addColumn<QString>("host");
        QTest::addColumn<QString>("problem");

        QTest::newRow("old imap") << false << kOldImap << u"self-signed certificate in certificate chain"_s;
        QTest::newRow("old dav") << false << kOldDav << u"certificate has expired"_s;
        QTest::newRow("new imap") << true << kNewImap << u"hostname mismatch"_s;
        QTest::newRow("new dav, no problem text") << true << kNewDav << QString();
    }

    void trustCertificate()
    {
        QFETCH(bool, newSide);
        QFETCH(QString, host);
        QFETCH(QString, problem);

        FakeAccounts fake;
        const QByteArray sha = sha256Of(host);
        fake.setAnswer([host, sha, problem](const Endpoint &e, Side side) -> Result<AccountInventory> {
            if (e.host == host && e.tls.pinnedSha256 != sha)
                return tlsRefusal(host, side, problem);
            return FakeAccounts::standard(e, side);
        });
        Wizard w(nullptr);
        w.setInventory(fake.function());
        w.next();
        fillOld(w);
        if (newSide) {
            w.next();
            QVERIFY(waitIdle(w));
            fillNew(w);
        }
        const Wizard::Step account = newSide ? Wizard::NewAccount : Wizard::OldAccount;
        QCOMPARE(w.step(), account);
        w.next();
        QTRY_COMPARE(w.step(), Wizard::Trust);
        QVERIFY(!w.busy());
        QCOMPARE(w.stepNumber(), newSide ? 2 : 1);
        QVERIFY(w.canGoBack());
        QVERIFY(!w.canAdvance());

        const QVariantMap c = w.certificate();
        const Error refusal = tlsRefusal(host, Side::None, problem);
        QCOMPARE(c.value(u"host"_s).toString(), host);
        QCOMPARE(c.value(u"subject"_s).toString(), refusal.certificate.subject);
        QCOMPARE(c.value(u"issuer"_s).toString(), refusal.certificate.issuer);
        QCOMPARE(c.value(u"validFrom"_s).toString(),
                 QLocale().toString(refusal.certificate.notBefore.toLocalTime(), QLocale::ShortFormat));
        QCOMPARE(c.value(u"validUntil"_s).toString(),
                 QLocale().toString(refusal.certificate.notAfter.toLocalTime(), QLocale::ShortFormat));
        QVERIFY(!c.value(u"validFrom"_s).toString().isEmpty());
        QCOMPARE(c.value(u"fingerprint"_s).toString(), formatFingerprint(sha));
        QCOMPARE(c.value(u"problem"_s).toString(), problem.isEmpty() ? refusal.serverText : problem);

        const int callsBefore = int(fake.callsFor(host).size());
        w.trustCertificate();
        QVERIFY(waitIdle(w));
        QCOMPARE(w.step(), newSide ? Wizard::WhatToMove : Wizard::NewAccount);

        // The check ran again, with exactly that certificate pinned for exactly that host.
        const QList<FakeAccounts::Call> after = fake.callsFor(host);
        QCOMPARE(after.size(), callsBefore + 1);
        QCOMPARE(after.last().endpoint.tls.pinnedSha256, sha);
        AccountSettings *a = newSide ? w.newAccount() : w.oldAccount();
        QCOMPARE(a->trustedFingerprint(), formatFingerprint(sha));
        const bool imap = host == kOldImap || host == kNewImap;
        QCOMPARE(a->mailEndpoint()->tls.pinnedSha256, imap ? sha : QByteArray());
        QCOMPARE(a->davEndpoint()->tls.pinnedSha256, imap ? QByteArray() : sha);
        AccountSettings *other = newSide ? w.oldAccount() : w.newAccount();
        QVERIFY(other->trustedFingerprint().isEmpty());
        for (const FakeAccounts::Call &call : fake.calls())
            if (call.endpoint.host != host)
                QVERIFY2(call.endpoint.tls.pinnedSha256.isEmpty(), qPrintable(call.endpoint.host));
    }

    // The mail and the DAV server of one account both show certificates of their own
    // (imap.example and dav.example): trusting the second must not forget the first.
    void trustTwoHostsOfOneAccount()
    {
        FakeAccounts fake;
        fake.setAnswer([](const Endpoint &e, Side side) -> Result<AccountInventory> {
            if ((e.host == kOldImap || e.host == kOldDav) && e.tls.pinnedSha256 != sha256Of(e.host))
                return tlsRefusal(e.host, side, u"self-signed certificate"_s);
            return FakeAccounts::standard(e, side);
        });
        Wizard w(nullptr);
        w.setInventory(fake.function());
        w.next();
        fillOld(w);
        w.next();
        QTRY_COMPARE(w.step(), Wizard::Trust);
        QCOMPARE(w.certificate().value(u"host"_s).toString(), kOldImap);
        w.trustCertificate();
        QTRY_COMPARE(w.step(), Wizard::Trust);
        QCOMPARE(w.certificate().value(u"host"_s).toString(), kOldDav);
        w.trustCertificate();
        QVERIFY(waitIdle(w));
        QCOMPARE(w.step(), Wizard::NewAccount);
        QCOMPARE(w.oldAccount()->mailEndpoint()->tls.pinnedSha256, sha256Of(kOldImap));
        QCOMPARE(w.oldAccount()->davEndpoint()->tls.pinnedSha256, sha256Of(kOldDav));
    }

    void rejectCertificate_data()
    {
        QTest::addColumn<bool>("newSide");
        QTest::addColumn<bool>("viaBack");
        QTest::newRow("old, reject") << false << false;
        QTest::newRow("old, back") << false << true;
        QTest::newRow("new, reject") << true << false;
        QTest::newRow("new, back") << true << true;
    }

    void rejectCertificate()
    {
        QFETCH(bool, newSide);
        QFETCH(bool, viaBack);

        const QString host = newSide ? kNewImap : kOldImap;
        FakeAccounts fake;
        fake.setAnswer([host](const Endpoint &e, Side side) -> Result<AccountInventory> {
            if (e.host == host && e.tls.pinnedSha256.isEmpty())
                return tlsRefusal(host, side, u"self-signed certificate"_s);
            return FakeAccounts::standard(e, side);
        });
        Wizard w(nullptr);
        w.setInventory(fake.function());
        w.next();
        fillOld(w);
        if (newSide) {
            w.next();
            QVERIFY(waitIdle(w));
            fillNew(w);
        }
        w.next();
        QTRY_COMPARE(w.step(), Wizard::Trust);
        const int calls = int(fake.calls().size());
        if (viaBack)
            w.back();
        else
            w.rejectCertificate();
        QCOMPARE(w.step(), newSide ? Wizard::NewAccount : Wizard::OldAccount);
        QVERIFY2(w.validationMessage().contains(u"not trusted"_s), qPrintable(w.validationMessage()));
        AccountSettings *a = newSide ? w.newAccount() : w.oldAccount();
        QVERIFY(a->trustedFingerprint().isEmpty());
        QVERIFY(a->mailEndpoint()->tls.pinnedSha256.isEmpty());
        QTest::qWait(20);
        QCOMPARE(fake.calls().size(), calls); // nothing re-ran
        // trust/reject outside the Trust step do nothing
        w.trustCertificate();
        w.rejectCertificate();
        QCOMPARE(w.step(), newSide ? Wizard::NewAccount : Wizard::OldAccount);
        QVERIFY(a->trustedFingerprint().isEmpty());
    }
};

QTEST_MAIN(TestWizardTrust)
#include "tst_wizardtrust.moc"
