// The app end to end, as a person uses it: the real QML pages (Main.qml, offscreen)
// over a Wizard that logs in to real servers, lists them, moves everything and
// shows the report; the first pass takes only the mail up to a day ("What to move":
// received between … and …), "Move that mail too" then copies the rest, and "Run
// again" copies nothing. The main buttons are clicked
// with the mouse and the passwords typed key by key into the pages' password fields
// (Enter signs in); the servers under "Advanced" are set through AccountSettings.
// On the way: an untrusted certificate (Don't trust, then Trust), a mistyped
// password, and the Moving page's progress. The servers (two Dovecot, two
// Radicale, filled with the test profiles) are started by test_app_e2e.py, which
// runs this binary with
//   FERRY_E2E_CONFIG   JSON: {"old": {email, userName, imapHost, imapPort, davUrl},
//                     "new": {…}, caFiles, serverFingerprint, stateDir, reportDir,
//                     outDir, expected: {mail, contacts, calendar, tasks}, timeoutSeconds}
//   FERRY_FROM_PASSWORD / FERRY_TO_PASSWORD   the passwords (never in argv)
// and afterwards checks the targets message by message and resource by resource.
// Without FERRY_E2E_CONFIG every test is skipped.
#include "wizard.h"

#include <registerall.h>

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QKeySequence>
#include <QQmlApplicationEngine>
#include <QQuickItem>
#include <QQuickWindow>
#include <QTest>
#include <QtQml/qqmlextensionplugin.h>

#include <memory>

Q_IMPORT_QML_PLUGIN(FerryPlugin)

using namespace Qt::StringLiterals;
using namespace ferry;
using ferry::app::AccountSettings;
using ferry::app::Wizard;

namespace {

const QStringList kTypes{u"mail"_s, u"contacts"_s, u"calendar"_s, u"tasks"_s};

QVariantMap typeEntry(const QVariantList &types, const QString &dataType)
{
    for (const QVariant &v : types)
        if (v.toMap().value(u"dataType"_s).toString() == dataType)
            return v.toMap();
    return {};
}

} // namespace

class TestWizardE2E : public QObject {
    Q_OBJECT

private:
    QJsonObject m_config;
    std::unique_ptr<Wizard> m_wizard;
    std::unique_ptr<QQmlApplicationEngine> m_engine;
    QQuickWindow *m_window = nullptr;
    int m_timeoutMs = 180'000;

    quint64 expected(const QString &type) const
    {
        return quint64(m_config.value(u"expected"_s).toObject().value(type).toInteger());
    }
    quint64 expectedTotal() const
    {
        quint64 n = 0;
        for (const QString &t : kTypes)
            n += expected(t);
        return n;
    }

    // Lets the scene graph lay out and draw the current page (bounded).
    void settle()
    {
        for (int i = 0; i < 3; ++i) {
            m_window->requestUpdate();
            QTest::qWait(50);
        }
    }

    bool pageShown(const QString &name)
    {
        settle();
        auto *page = m_window->findChild<QQuickItem *>(u"page-"_s + name);
        return page && page->isVisible() && page->width() > 0 && page->height() > 0;
    }

    // A picture of the window as it is now, in the output folder (looked at by people;
    // the driver checks the Report page's).
    bool shoot(const QString &name)
    {
        settle();
        const QImage shot = m_window->grabWindow();
        return !shot.isNull() && shot.save(QDir(m_config.value(u"outDir"_s).toString()).filePath(name));
    }

    QQuickItem *page(const QString &name) const
    {
        return m_window->findChild<QQuickItem *>(u"page-"_s + name);
    }

    // The visible item on PAGE that `pick` chooses (one, or null).
    template<class Pick>
    QQuickItem *findOn(const QString &name, Pick pick) const
    {
        QQuickItem *p = page(name);
        if (!p)
            return nullptr;
        QList<QQuickItem *> found;
        for (QQuickItem *item : p->findChildren<QQuickItem *>())
            if (item->isVisible() && pick(item))
                found << item;
        return found.size() == 1 ? found.first() : nullptr;
    }

    // Does PAGE show TEXT (a visible Label or Text with exactly that text)?
    bool shows(const QString &name, const QString &text) const
    {
        return !text.isEmpty() && findOn(name, [&text](QQuickItem *i) {
            return i->inherits("QQuickText") && i->property("text").toString() == text;
        });
    }

    // A button of PAGE by its text, clicked with the mouse.
    bool pressButton(const QString &name, const QString &text)
    {
        settle();
        QQuickItem *button = findOn(name, [&text](QQuickItem *i) {
            return i->inherits("QQuickAbstractButton") && i->property("text").toString() == text && i->isEnabled();
        });
        if (!button)
            return false;
        const QPointF centre = button->mapToScene(QPointF(button->width() / 2, button->height() / 2));
        if (QRectF(0, 0, m_window->width(), m_window->height()).contains(centre)) {
            QTest::mouseClick(m_window, Qt::LeftButton, Qt::NoModifier, centre.toPoint());
            return true;
        }
        // Scrolled out of sight: as a keyboard user does, focus it and press Space.
        button->forceActiveFocus(Qt::TabFocusReason);
        if (!button->hasActiveFocus())
            return false;
        QTest::keyClick(m_window, Qt::Key_Space);
        return true;
    }

    // Mail outside the date window the first pass uses ("mailUntil" in the config).
    quint64 outside() const { return quint64(m_config.value(u"mailOutside"_s).toInteger()); }

    // The page's main button (the highlighted one at the bottom: Start, Start moving,
    // Trust, Run again), clicked with the mouse.
    bool pressMainButton(const QString &name)
    {
        settle();
        QQuickItem *button = findOn(name, [](QQuickItem *i) {
            return i->inherits("QQuickAbstractButton") && i->property("highlighted").toBool() && i->isEnabled();
        });
        if (!button)
            return false;
        const QPointF centre = button->mapToScene(QPointF(button->width() / 2, button->height() / 2));
        QTest::mouseClick(m_window, Qt::LeftButton, Qt::NoModifier, centre.toPoint());
        return true;
    }

    // Types TEXT into the password field of an account page, key by key, replacing what
    // is there (the page hands it to the write-only setPassword()), and presses Enter.
    bool typePasswordAndEnter(const QString &name, const QString &text)
    {
        QQuickItem *field = findOn(name, [](QQuickItem *i) {
            return i->inherits("QQuickTextInput") && i->property("echoMode").toInt() == 2; // TextInput.Password
        });
        if (!field)
            return false;
        field->forceActiveFocus();
        if (!field->hasActiveFocus())
            return false;
        QTest::keySequence(m_window, QKeySequence::SelectAll);
        for (const char c : text.toLatin1()) // QTest::keyClicks takes widgets only
            QTest::keyClick(m_window, c);
        QTest::keyClick(m_window, Qt::Key_Return);
        return true;
    }

    // What the person types on an account page: the address and, under "Advanced", the
    // servers (the password goes through the page: typePasswordAndEnter).
    void typeAccount(AccountSettings *a, const QJsonObject &c)
    {
        a->setCaFiles(m_config.value(u"caFiles"_s).toVariant().toStringList());
        a->setEmail(c.value(u"email"_s).toString());
        a->setUserName(c.value(u"userName"_s).toString());
        a->setImapHost(c.value(u"imapHost"_s).toString());
        a->setImapPort(c.value(u"imapPort"_s).toInt());
        a->setDavUrl(c.value(u"davUrl"_s).toString());
    }

    bool waitIdle(int ms)
    {
        return QTest::qWaitFor([this] { return !m_wizard->busy(); }, ms);
    }

    bool waitForReport()
    {
        return QTest::qWaitFor([this] { return m_wizard->step() == Wizard::Report; }, m_timeoutMs);
    }

    QString reportText() const
    {
        ferry::app::ReportModel *r = m_wizard->report();
        QString s = r->headline() + u"\n"_s + r->totalsText() + u"\n"_s + r->problem();
        for (int i = 0; i < r->failures()->rowCount(); ++i) {
            const QModelIndex f = r->failures()->index(i);
            s += u"\nfailed: %1 / %2: %3"_s.arg(f.data(ferry::app::FailureModel::FolderRole).toString(),
                                                f.data(ferry::app::FailureModel::ItemRole).toString(),
                                                f.data(ferry::app::FailureModel::ReasonRole).toString());
        }
        return s;
    }

    void saveLog(const QString &name)
    {
        QFile f(QDir(m_config.value(u"outDir"_s).toString()).filePath(name));
        if (f.open(QIODevice::WriteOnly))
            f.write(m_wizard->runner()->log()->lines().join(u'\n').toUtf8() + "\n");
    }

private Q_SLOTS:
    void initTestCase()
    {
        const QByteArray config = qgetenv("FERRY_E2E_CONFIG");
        if (config.isEmpty())
            QSKIP("FERRY_E2E_CONFIG is not set: run through tests/gui/test_app_e2e.py (ctest it_app_e2e)");
        QJsonParseError error;
        m_config = QJsonDocument::fromJson(config, &error).object();
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
        QVERIFY(qEnvironmentVariableIsSet("FERRY_FROM_PASSWORD"));
        QVERIFY(qEnvironmentVariableIsSet("FERRY_TO_PASSWORD"));
        m_timeoutMs = m_config.value(u"timeoutSeconds"_s).toInt(180) * 1000;
        QVERIFY(QDir().mkpath(m_config.value(u"outDir"_s).toString()));

        registerAllConnectors();
        m_wizard = std::make_unique<Wizard>(nullptr);
        Wizard::setInstance(m_wizard.get());
        m_wizard->setStateDirectory(m_config.value(u"stateDir"_s).toString());
        m_wizard->setReportDirectory(m_config.value(u"reportDir"_s).toString());
        m_engine = std::make_unique<QQmlApplicationEngine>();
        m_engine->load(QUrl(u"qrc:/Ferry/Main.qml"_s));
        QCOMPARE(m_engine->rootObjects().size(), 1);
        m_window = qobject_cast<QQuickWindow *>(m_engine->rootObjects().first());
        QVERIFY(m_window);
        QVERIFY(QTest::qWaitForWindowExposed(m_window));
        m_window->requestActivate();
        QVERIFY(QTest::qWaitForWindowActive(m_window));
    }

    void welcome()
    {
        QCOMPARE(m_wizard->step(), Wizard::Welcome);
        QVERIFY(pageShown(u"welcome"_s));
        QVERIFY(pressMainButton(u"welcome"_s)); // "Start"
        QCOMPARE(m_wizard->step(), Wizard::OldAccount);
        QVERIFY(pageShown(u"old-account"_s));
    }

    // The person's system does not know the servers' private CA: the Trust page shows
    // the real certificate; "Don't trust" goes back, "Trust" pins exactly that one
    // (for 127.0.0.1, where the mail and the DAV server share it) and goes on.
    void oldAccountTrustingTheCertificate()
    {
        QCOMPARE(m_wizard->step(), Wizard::OldAccount);
        AccountSettings *a = m_wizard->oldAccount();
        typeAccount(a, m_config.value(u"old"_s).toObject());
        a->setCaFiles({});
        QVERIFY(!a->hasPassword());
        QVERIFY(typePasswordAndEnter(u"old-account"_s, QString::fromUtf8(qgetenv("FERRY_FROM_PASSWORD"))));
        for (const bool trust : {false, true}) {
            if (!trust) {
                QVERIFY(a->hasPassword()); // Enter in the password field: a real login attempt
            } else {
                QVERIFY2(m_wizard->canAdvance(), qPrintable(a->missing()));
                QVERIFY(pressMainButton(u"old-account"_s)); // "Sign in" again
            }
            QVERIFY(m_wizard->busy());
            QVERIFY(waitIdle(60'000));
            QVERIFY2(m_wizard->step() == Wizard::Trust, qPrintable(m_wizard->validationMessage()));
            QVERIFY(pageShown(u"trust"_s));
            QVERIFY(shoot(u"trust-page.png"_s));
            const QVariantMap c = m_wizard->certificate();
            QCOMPARE(c.value(u"fingerprint"_s).toString(), m_config.value(u"serverFingerprint"_s).toString());
            QCOMPARE(c.value(u"host"_s).toString(), m_config.value(u"old"_s).toObject().value(u"imapHost"_s).toString());
            QVERIFY2(c.value(u"subject"_s).toString().contains(u"CN=127.0.0.1"_s), qPrintable(c.value(u"subject"_s).toString()));
            QVERIFY2(c.value(u"issuer"_s).toString().contains(u"Ferry throw-away CA"_s), qPrintable(c.value(u"issuer"_s).toString()));
            QVERIFY(!c.value(u"validFrom"_s).toString().isEmpty());
            QVERIFY(!c.value(u"validUntil"_s).toString().isEmpty());
            QVERIFY(!c.value(u"problem"_s).toString().isEmpty());
            if (!trust) {
                m_wizard->rejectCertificate();
                QCOMPARE(m_wizard->step(), Wizard::OldAccount);
                QVERIFY(!m_wizard->validationMessage().isEmpty());
                QVERIFY(a->trustedFingerprint().isEmpty());
                continue;
            }
            QVERIFY(pressMainButton(u"trust"_s)); // "Trust this certificate": checks again with the pin
            QVERIFY(m_wizard->busy());
            QVERIFY(waitIdle(60'000));
        }
        QVERIFY2(m_wizard->step() == Wizard::NewAccount, qPrintable(m_wizard->validationMessage()));
        QCOMPARE(a->trustedFingerprint(), m_config.value(u"serverFingerprint"_s).toString());
        QVERIFY(pageShown(u"new-account"_s));
    }

    // A mistyped password first: the page names the new account and quotes the server.
    void newAccount()
    {
        QCOMPARE(m_wizard->step(), Wizard::NewAccount);
        AccountSettings *a = m_wizard->newAccount();
        typeAccount(a, m_config.value(u"new"_s).toObject());
        QVERIFY(typePasswordAndEnter(u"new-account"_s, u"not-the-password"_s));
        QVERIFY(m_wizard->busy());
        QVERIFY(waitIdle(60'000));
        QCOMPARE(m_wizard->step(), Wizard::NewAccount);
        const QString m = m_wizard->validationMessage();
        QVERIFY2(m.startsWith(u"New account: "_s), qPrintable(m));
        QVERIFY2(m.contains(u"“Authentication failed.”"_s), qPrintable(m)); // Dovecot's own words, quoted
        QVERIFY(pageShown(u"new-account"_s));

        QVERIFY(typePasswordAndEnter(u"new-account"_s, QString::fromUtf8(qgetenv("FERRY_TO_PASSWORD"))));
        QVERIFY(m_wizard->busy());
        QVERIFY(waitIdle(60'000));
        QVERIFY2(m_wizard->step() == Wizard::WhatToMove, qPrintable(m_wizard->validationMessage()));
        QVERIFY(pageShown(u"what-to-move"_s));
    }

    void whatToMove()
    {
        QCOMPARE(m_wizard->step(), Wizard::WhatToMove);
        QVERIFY2(m_wizard->selectionNote().isEmpty(), qPrintable(m_wizard->selectionNote()));
        const QVariantList types = m_wizard->selection()->types();
        for (const QString &t : kTypes) {
            const QVariantMap entry = typeEntry(types, t);
            QVERIFY2(entry.value(u"available"_s).toBool(), qPrintable(t));
            QVERIFY2(entry.value(u"checked"_s).toBool(), qPrintable(t));
            QCOMPARE(entry.value(u"items"_s).toULongLong(), expected(t));
            QCOMPARE(entry.value(u"allItems"_s).toULongLong(), expected(t));
        }
        QVERIFY(m_wizard->canAdvance());
        QVERIFY2(shows(u"what-to-move"_s, m_wizard->selection()->summary()), qPrintable(m_wizard->selection()->summary()));
        // Older mail first: only what arrived until the configured day.
        ferry::app::MailPeriod *period = m_wizard->mailPeriod();
        period->setChoice(ferry::app::MailPeriod::Between);
        QVERIFY(!m_wizard->canAdvance()); // neither day typed yet
        period->setUntil(m_config.value(u"mailUntil"_s).toString());
        QVERIFY2(m_wizard->canAdvance(), qPrintable(period->problem()));
        QCOMPARE(m_wizard->options().mailWindow.toString(), u".."_s + m_config.value(u"mailUntil"_s).toString());
        QVERIFY(shoot(u"what-to-move-page.png"_s));
    }

    void firstPass()
    {
        QCOMPARE(m_wizard->step(), Wizard::WhatToMove);
        // What the Moving page's overall bar showed, update by update.
        QList<double> shown;
        QObject::connect(m_wizard->runner(), &ferry::app::MigrationRunner::progressChanged, this,
                         [this, &shown] { shown << m_wizard->runner()->fraction(); });
        QVERIFY(pressMainButton(u"what-to-move"_s)); // "Start moving"
        QCOMPARE(m_wizard->step(), Wizard::Moving);
        QVERIFY(m_wizard->runner()->running());
        QVERIFY(pageShown(u"moving"_s));
        QVERIFY(shoot(u"moving-page.png"_s));
        QVERIFY2(waitForReport(), "no report within the time limit");
        saveLog(u"log-1.txt"_s);
        QVERIFY(pageShown(u"report"_s));

        ferry::app::ReportModel *r = m_wizard->report();
        QVERIFY2(r->exitCode() == 0, qPrintable(reportText()));
        QVERIFY(r->complete());
        QCOMPARE(r->failed(), 0ULL);
        QCOMPARE(r->failures()->rowCount(), 0);
        QVERIFY(outside() > 10 && outside() < expected(u"mail"_s) - 10);
        QCOMPARE(r->copied(), expectedTotal() - outside());
        QCOMPARE(r->alreadyThere(), 0ULL);
        QCOMPARE(r->outsideWindow(), outside());
        // Per data type, the Report page's rows add up to what the servers hold.
        QHash<QString, quint64> sources, copied, left;
        for (int i = 0; i < r->rowCount(); ++i) {
            const QModelIndex row = r->index(i);
            const QString type = row.data(ferry::app::ReportModel::DataTypeRole).toString();
            sources[type] += row.data(ferry::app::ReportModel::SourceCountRole).toULongLong();
            copied[type] += row.data(ferry::app::ReportModel::CopiedRole).toULongLong();
            left[type] += row.data(ferry::app::ReportModel::OutsideWindowRole).toULongLong();
        }
        for (const QString &t : kTypes) {
            QCOMPARE(sources.value(t), expected(t));
            QCOMPARE(copied.value(t) + left.value(t), expected(t));
        }
        QCOMPARE(left.value(u"mail"_s), outside());
        QVERIFY2(shows(u"report"_s, r->windowText()), qPrintable(r->windowText()));
        // Progress reached the Moving page while it ran.
        QVERIFY2(m_wizard->runner()->updates() > 0, "no progress event arrived");
        QVERIFY(m_wizard->runner()->log()->rowCount() >= 2);
        QCOMPARE(m_wizard->runner()->fraction(), 1.0);
        QObject::disconnect(m_wizard->runner(), &ferry::app::MigrationRunner::progressChanged, this, nullptr);
        QStringList seq;
        int backwards = 0;
        for (qsizetype i = 0; i < shown.size(); ++i) {
            seq << QString::number(shown.at(i), 'f', 3);
            if (i > 0 && shown.at(i) < shown.at(i - 1) - 0.01)
                ++backwards;
        }
        qInfo("overall bar: %s", qPrintable(seq.join(u' ')));
        // The bar never goes back (items, not bytes: a folder's bytes are only known when it starts).
        QCOMPARE(backwards, 0);

        QVERIFY2(shows(u"report"_s, r->headline()), qPrintable(r->headline()));
        QVERIFY2(shows(u"report"_s, r->totalsText()), qPrintable(r->totalsText()));
        QVERIFY(shoot(u"report-page.png"_s));

        m_wizard->saveReport();
        QVERIFY2(!m_wizard->savedReportPath().isEmpty(), qPrintable(m_wizard->validationMessage()));
        QVERIFY(QFile::exists(m_wizard->savedReportPath()));
        QFile::rename(m_wizard->savedReportPath(),
                      QDir(m_config.value(u"reportDir"_s).toString()).filePath(u"report-1.json"_s));
    }

    // "Move that mail too": all mail now, exactly what the window left behind.
    void moveTheRestToo()
    {
        QCOMPARE(m_wizard->step(), Wizard::Report);
        QVERIFY(pressButton(u"report"_s, u"Move that mail too"_s));
        QCOMPARE(m_wizard->step(), Wizard::Moving);
        QCOMPARE(m_wizard->mailPeriod()->choice(), ferry::app::MailPeriod::AllMail);
        QVERIFY2(waitForReport(), "no report within the time limit");
        saveLog(u"log-2.txt"_s);
        ferry::app::ReportModel *r = m_wizard->report();
        QVERIFY2(r->exitCode() == 0, qPrintable(reportText()));
        QCOMPARE(r->copied(), outside());
        QCOMPARE(r->outsideWindow(), 0ULL);
        QCOMPARE(r->failed(), 0ULL);
        QCOMPARE(r->headline(), u"Everything was moved."_s);
        QCOMPARE(m_wizard->runner()->fraction(), 1.0);
        m_wizard->saveReport();
        QVERIFY(!m_wizard->savedReportPath().isEmpty());
        QFile::rename(m_wizard->savedReportPath(),
                      QDir(m_config.value(u"reportDir"_s).toString()).filePath(u"report-2.json"_s));
    }

    void runAgainCopiesNothing()
    {
        QCOMPARE(m_wizard->step(), Wizard::Report);
        QVERIFY(pressMainButton(u"report"_s)); // "Run again"
        QCOMPARE(m_wizard->step(), Wizard::Moving);
        QVERIFY2(waitForReport(), "no report within the time limit");
        saveLog(u"log-3.txt"_s);
        ferry::app::ReportModel *r = m_wizard->report();
        QVERIFY2(r->exitCode() == 0, qPrintable(reportText()));
        QCOMPARE(r->copied(), 0ULL);
        QCOMPARE(r->failed(), 0ULL);
        quint64 sources = 0;
        for (int i = 0; i < r->rowCount(); ++i)
            sources += r->index(i).data(ferry::app::ReportModel::SourceCountRole).toULongLong();
        QCOMPARE(sources, expectedTotal());
        m_wizard->saveReport();
        QVERIFY(!m_wizard->savedReportPath().isEmpty());
        QFile::rename(m_wizard->savedReportPath(),
                      QDir(m_config.value(u"reportDir"_s).toString()).filePath(u"report-3.json"_s));
    }

    // After the switch: the final pass copies nothing new here and proves the move
    // complete; the Report page shows the verdict and the passes so far.
    void finalPassProvesTheMove()
    {
        QCOMPARE(m_wizard->step(), Wizard::Report);
        QVERIFY(pressButton(u"report"_s, u"Final pass"_s));
        QCOMPARE(m_wizard->step(), Wizard::Moving);
        QVERIFY2(waitForReport(), "no report within the time limit");
        saveLog(u"log-4.txt"_s);
        ferry::app::ReportModel *r = m_wizard->report();
        QVERIFY2(r->exitCode() == 0, qPrintable(reportText()));
        QCOMPARE(r->copied(), 0ULL);
        QVERIFY2(r->verified(), qPrintable(r->verifyText()));
        QVERIFY2(r->verifyText().startsWith(u"Checked: everything of the old account is on the new one"_s),
                 qPrintable(r->verifyText()));
        QVERIFY2(shows(u"report"_s, r->verifyText()), qPrintable(r->verifyText()));
        const QVariantList passes = r->passes();
        QCOMPARE(passes.size(), 4);
        QVERIFY(passes.last().toMap().value(u"final"_s).toBool());
        QVERIFY2(!r->forecastText().isEmpty(), "no forecast after four passes");
        QVERIFY(shoot(u"report-final-page.png"_s));
        // For the helpdesk (test_app_e2e.py opens it and looks for the passwords).
        QVERIFY(pressButton(u"report"_s, u"Save diagnostics"_s));
        QVERIFY2(!m_wizard->savedDiagnosticsPath().isEmpty(), qPrintable(m_wizard->validationMessage()));
        QVERIFY(QFile::exists(m_wizard->savedDiagnosticsPath()));
        m_wizard->saveReport();
        QVERIFY(!m_wizard->savedReportPath().isEmpty());
        QFile::rename(m_wizard->savedReportPath(),
                      QDir(m_config.value(u"reportDir"_s).toString()).filePath(u"report-4.json"_s));
    }

    void cleanupTestCase()
    {
        m_engine.reset(); // the pages go before the Wizard they bind to
        m_wizard.reset();
    }
};

QTEST_MAIN(TestWizardE2E)
#include "tst_wizard_e2e.moc"
