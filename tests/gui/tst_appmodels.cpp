// The app's list models under QAbstractItemModelTester (every signal and index it
// sees must follow the model contract) plus what the pages read from them: roles,
// SelectionModel's per-type totals and what it leaves out, the Report page's
// headline and failure names, ReportModel::save() (the same JSON as ferry-cli
// --report), and LogModel's bound.
#include "logmodel.h"
#include "migrationrunner.h"
#include "reportmodel.h"
#include "selectionmodel.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace ferry;
using ferry::app::FailureModel;
using ferry::app::LogModel;
using ferry::app::ReportModel;
using ferry::app::SelectionModel;

namespace {

InventoryFolder folder(const QString &name, const QString &type, quint64 items, qint64 bytes = -1,
                       const QString &displayName = {}, bool selectable = true)
{
    InventoryFolder f;
    f.name = name;
    f.dataType = type;
    f.items = items;
    f.bytes = bytes;
    f.displayName = displayName;
    f.selectable = selectable;
    return f;
}

QList<AccountInventory> sampleInventories()
{
    AccountInventory mail;
    mail.folders = {folder(u"INBOX"_s, u"mail"_s, 10, 10'000), folder(u"Lists"_s, u"mail"_s, 0, 0, {}, false),
                    folder(u"Lists/dev"_s, u"mail"_s, 5, 5'000), folder(u"Sent"_s, u"mail"_s, 3, -1)};
    AccountInventory dav;
    dav.mail = false;
    dav.folders = {folder(u"contacts"_s, u"contacts"_s, 7, -1, u"My contacts"_s),
                   folder(u"work"_s, u"calendar"_s, 4), folder(u"home"_s, u"calendar"_s, 2, -1, u"Home"_s),
                   folder(u"todo"_s, u"tasks"_s, 1, -1, u"To do"_s)};
    return {mail, dav};
}

QVariantMap typeEntry(const SelectionModel &m, const QString &dataType)
{
    for (const QVariant &v : m.types())
        if (v.toMap().value(u"dataType"_s).toString() == dataType)
            return v.toMap();
    return {};
}

MigrationReport sampleReport()
{
    MigrationReport r;
    r.source = u"imaps://anna@imap.old.example:993"_s;
    r.target = u"imaps://anna@imap.new.example:993"_s;
    r.seconds = 12.34;
    r.passId = 2;
    auto row = [](const QString &src, const QString &type, quint64 n, quint64 copied, quint64 there, quint64 failed) {
        FolderReport f;
        f.source = src;
        f.target = src + u"-new"_s;
        f.dataType = type;
        f.sourceCount = n;
        f.targetCount = copied + there;
        f.copied = copied;
        f.alreadyThere = there;
        f.failed = failed;
        f.updated = type == u"mail"_s ? 0 : 1;
        f.conflicts = failed;
        f.bytes = copied * 1000;
        return f;
    };
    r.folders = {row(u"INBOX"_s, u"mail"_s, 10, 8, 1, 1), row(u"Sent"_s, u"mail"_s, 3, 3, 0, 0),
                 row(u"contacts"_s, u"contacts"_s, 7, 0, 7, 0)};
    ItemFailure subject;
    subject.folder = u"INBOX"_s;
    subject.id = u"17"_s;
    subject.messageId = u"<a@b>"_s;
    subject.subject = u"Quarterly <b>report</b>"_s;
    subject.reason = u"the target refused it"_s;
    subject.serverText = u"NO [LIMIT] Message too large"_s;
    r.failures << subject;
    ItemFailure noSubject = subject;
    noSubject.subject.clear();
    noSubject.serverText.clear();
    r.failures << noSubject;
    ItemFailure dav;
    dav.folder = u"contacts"_s;
    dav.id = u"card-1.vcf"_s;
    dav.uid = u"uid-1"_s;
    dav.dataType = u"contacts"_s;
    dav.reason = u"changed on both sides"_s;
    r.failures << dav;
    ItemFailure idOnly;
    idOnly.folder = u"Sent"_s;
    idOnly.id = u"99"_s;
    idOnly.reason = u"vanished"_s;
    r.failures << idOnly;
    r.warnings = {u"INBOX: the keyword $Junk cannot be kept"_s};
    return r;
}

} // namespace

class TestAppModels : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // ---- SelectionModel ----------------------------------------------------------------

    void selectionRoles()
    {
        SelectionModel m;
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy changed(&m, &SelectionModel::selectionChanged);
        m.setInventories(sampleInventories());
        QCOMPARE(changed.count(), 1);
        QCOMPARE(m.rowCount(), 7); // the "Lists" container is left out
        QCOMPARE(m.rowCount(m.index(0)), 0);

        const QModelIndex inbox = m.index(0);
        QCOMPARE(inbox.data(SelectionModel::NameRole).toString(), u"INBOX"_s);
        QCOMPARE(inbox.data(SelectionModel::LabelRole).toString(), u"INBOX"_s);
        QCOMPARE(inbox.data(Qt::DisplayRole).toString(), u"INBOX"_s);
        QCOMPARE(inbox.data(SelectionModel::DataTypeRole).toString(), u"mail"_s);
        QCOMPARE(inbox.data(SelectionModel::ItemsRole).toULongLong(), 10ULL);
        QCOMPARE(inbox.data(SelectionModel::BytesRole).toLongLong(), 10'000LL);
        QCOMPARE(inbox.data(SelectionModel::SizeTextRole).toString(), SelectionModel::sizeText(10'000));
        QVERIFY(!inbox.data(SelectionModel::SizeTextRole).toString().isEmpty());
        QCOMPARE(inbox.data(SelectionModel::CheckedRole).toBool(), true);
        QCOMPARE(inbox.data(Qt::CheckStateRole).toInt(), int(Qt::Checked));
        QVERIFY(m.flags(inbox) & Qt::ItemIsUserCheckable);
        QVERIFY(!inbox.data(Qt::UserRole + 100).isValid());

        const QModelIndex contacts = m.index(3);
        QCOMPARE(contacts.data(SelectionModel::NameRole).toString(), u"contacts"_s);
        QCOMPARE(contacts.data(SelectionModel::LabelRole).toString(), u"My contacts"_s); // displayname
        QCOMPARE(contacts.data(SelectionModel::BytesRole).toLongLong(), -1LL);
        QVERIFY(contacts.data(SelectionModel::SizeTextRole).toString().isEmpty()); // unknown size

        const QHash<int, QByteArray> names = m.roleNames();
        for (const char *n : {"dataType", "name", "label", "items", "bytes", "checked", "sizeText"})
            QVERIFY2(names.values().contains(QByteArray(n)), n);
    }

    void selectionToggles_data()
    {
        QTest::addColumn<QStringList>("typesOff");      // setTypeChecked(…, false)
        QTest::addColumn<QStringList>("foldersOff");    // setChecked(row of …, false)
        QTest::addColumn<QStringList>("checkedTypes");
        QTest::addColumn<QStringList>("skippedFolders");
        QTest::addColumn<QStringList>("skippedCollections");
        QTest::addColumn<quint64>("mailItems");         // types()[mail].items
        QTest::addColumn<bool>("mailPartly");

        const QStringList all{u"mail"_s, u"contacts"_s, u"calendar"_s, u"tasks"_s};
        QTest::newRow("everything") << QStringList() << QStringList() << all << QStringList() << QStringList()
                                    << quint64(18) << false;
        QTest::newRow("one mail folder") << QStringList() << QStringList{u"Sent"_s} << all
                                         << QStringList{u"Sent"_s} << QStringList() << quint64(15) << true;
        QTest::newRow("no mail") << QStringList{u"mail"_s} << QStringList()
                                 << QStringList{u"contacts"_s, u"calendar"_s, u"tasks"_s}
                                 << QStringList{u"INBOX"_s, u"Lists/dev"_s, u"Sent"_s} << QStringList() << quint64(0)
                                 << false;
        QTest::newRow("one calendar") << QStringList() << QStringList{u"home"_s} << all << QStringList()
                                      << QStringList{u"home"_s} << quint64(18) << false;
        QTest::newRow("no calendars, no tasks")
            << QStringList{u"calendar"_s, u"tasks"_s} << QStringList() << QStringList{u"mail"_s, u"contacts"_s}
            << QStringList() << QStringList{u"work"_s, u"home"_s, u"todo"_s} << quint64(18) << false;
        QTest::newRow("nothing") << all << QStringList() << QStringList()
                                 << QStringList{u"INBOX"_s, u"Lists/dev"_s, u"Sent"_s}
                                 << QStringList{u"contacts"_s, u"work"_s, u"home"_s, u"todo"_s} << quint64(0) << false;
        QTest::newRow("every folder by hand")
            << QStringList() << QStringList{u"INBOX"_s, u"Lists/dev"_s, u"Sent"_s} << QStringList{u"contacts"_s, u"calendar"_s, u"tasks"_s}
            << QStringList{u"INBOX"_s, u"Lists/dev"_s, u"Sent"_s} << QStringList() << quint64(0) << false;
    }

    void selectionToggles()
    {
        QFETCH(QStringList, typesOff);
        QFETCH(QStringList, foldersOff);
        QFETCH(QStringList, checkedTypes);
        QFETCH(QStringList, skippedFolders);
        QFETCH(QStringList, skippedCollections);
        QFETCH(quint64, mailItems);
        QFETCH(bool, mailPartly);

        SelectionModel m;
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        m.setInventories(sampleInventories());
        QSignalSpy data(&m, &SelectionModel::dataChanged);
        QSignalSpy changed(&m, &SelectionModel::selectionChanged);
        for (const QString &t : typesOff)
            m.setTypeChecked(t, false);
        for (const QString &f : foldersOff) {
            int row = -1;
            for (int r = 0; r < m.rowCount(); ++r)
                if (m.index(r).data(SelectionModel::NameRole).toString() == f)
                    row = r;
            QVERIFY(row >= 0);
            m.setChecked(row, false);
        }
        QCOMPARE(changed.count(), typesOff.size() + foldersOff.size());
        QCOMPARE(data.count(), skippedFolders.size() + skippedCollections.size());
        for (const QList<QVariant> &args : std::as_const(data)) {
            const auto roles = args.at(2).value<QList<int>>();
            QVERIFY(roles.contains(SelectionModel::CheckedRole));
            QVERIFY(roles.contains(Qt::CheckStateRole));
        }
        QCOMPARE(m.checkedTypes(), checkedTypes);
        QCOMPARE(m.skippedFolders(), skippedFolders);
        QCOMPARE(m.skippedCollections(), skippedCollections);
        QCOMPARE(m.anythingChecked(), !checkedTypes.isEmpty());

        const QVariantMap mail = typeEntry(m, u"mail"_s);
        QCOMPARE(mail.value(u"items"_s).toULongLong(), mailItems);
        QCOMPARE(mail.value(u"allItems"_s).toULongLong(), 18ULL);
        QCOMPARE(mail.value(u"folders"_s).toInt(), 3);
        QCOMPARE(mail.value(u"checked"_s).toBool(), checkedTypes.contains(u"mail"_s));
        QCOMPARE(mail.value(u"partly"_s).toBool(), mailPartly);
        QCOMPARE(mail.value(u"available"_s).toBool(), true);
        QCOMPARE(mail.value(u"label"_s).toString(), u"Mail"_s);
        QVERIFY(!mail.value(u"sizeText"_s).toString().isEmpty());
        QCOMPARE(typeEntry(m, u"calendar"_s).value(u"allItems"_s).toULongLong(), 6ULL);
        QCOMPARE(typeEntry(m, u"calendar"_s).value(u"sizeText"_s).toString(), QString()); // mail only

        quint64 checkedItems = 0;
        for (const QVariant &v : m.types())
            checkedItems += v.toMap().value(u"items"_s).toULongLong();
        if (checkedItems == 0)
            QCOMPARE(m.summary(), u"Nothing selected."_s);
        else
            QVERIFY2(m.summary().startsWith(QString::number(checkedItems) + u" item"_s), qPrintable(m.summary()));

        // Everything back on: nothing is skipped any more.
        for (const QString &t : {u"mail"_s, u"contacts"_s, u"calendar"_s, u"tasks"_s})
            m.setTypeChecked(t, true);
        QVERIFY(m.skippedFolders().isEmpty());
        QVERIFY(m.skippedCollections().isEmpty());
    }

    void selectionSetData()
    {
        SelectionModel m;
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        m.setInventories(sampleInventories());
        QVERIFY(m.setData(m.index(1), int(Qt::Unchecked), Qt::CheckStateRole));
        QCOMPARE(m.index(1).data(SelectionModel::CheckedRole).toBool(), false);
        QVERIFY(m.setData(m.index(1), true, SelectionModel::CheckedRole));
        QCOMPARE(m.index(1).data(Qt::CheckStateRole).toInt(), int(Qt::Checked));
        QVERIFY(!m.setData(m.index(1), u"x"_s, Qt::DisplayRole)); // read-only role
        // Bad indexes: Qt's checkIndex() warns, the model ignores them.
        for (int i = 0; i < 3; ++i)
            QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"is not valid"_s));
        QVERIFY(!m.setData(QModelIndex(), true, SelectionModel::CheckedRole));
        m.setChecked(99, false); // out of range: ignored, no crash
        m.setChecked(-1, false);
        QVERIFY(m.skippedFolders().isEmpty());
        m.setTypeChecked(u"no-such-type"_s, false);
        QCOMPARE(m.checkedTypes().size(), 4);
        QCOMPARE(typeEntry(m, u"no-such-type"_s), QVariantMap());

        // An empty account, then a new listing replaces the rows (a reset).
        m.setInventories({});
        QCOMPARE(m.rowCount(), 0);
        QVERIFY(!m.anythingChecked());
        QCOMPARE(m.summary(), u"Nothing selected."_s);
        for (const QVariant &v : m.types())
            QVERIFY(!v.toMap().value(u"available"_s).toBool());
        m.setInventories(sampleInventories());
        QCOMPARE(m.rowCount(), 7);
    }

    // ---- ReportModel and FailureModel --------------------------------------------------

    void reportRoles()
    {
        ReportModel m;
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester failureTester(m.failures(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(m.exitCode(), -1); // no report yet
        QVERIFY(!m.complete());
        QVERIFY(m.headline().isEmpty());
        QVERIFY(m.totalsText().isEmpty());
        QCOMPARE(m.rowCount(), 0);

        QSignalSpy changed(&m, &ReportModel::reportChanged);
        const MigrationReport r = sampleReport();
        m.setReport(r);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(m.rowCount(), 3);
        const QModelIndex inbox = m.index(0);
        QCOMPARE(inbox.data(ReportModel::SourceRole).toString(), u"INBOX"_s);
        QCOMPARE(inbox.data(Qt::DisplayRole).toString(), u"INBOX"_s);
        QCOMPARE(inbox.data(ReportModel::TargetRole).toString(), u"INBOX-new"_s);
        QCOMPARE(inbox.data(ReportModel::DataTypeRole).toString(), u"mail"_s);
        QCOMPARE(inbox.data(ReportModel::TypeLabelRole).toString(), u"Mail"_s);
        QCOMPARE(inbox.data(ReportModel::SourceCountRole).toULongLong(), 10ULL);
        QCOMPARE(inbox.data(ReportModel::TargetCountRole).toULongLong(), 9ULL);
        QCOMPARE(inbox.data(ReportModel::CopiedRole).toULongLong(), 8ULL);
        QCOMPARE(inbox.data(ReportModel::AlreadyThereRole).toULongLong(), 1ULL);
        QCOMPARE(inbox.data(ReportModel::FailedRole).toULongLong(), 1ULL);
        QCOMPARE(inbox.data(ReportModel::ConflictsRole).toULongLong(), 1ULL);
        QCOMPARE(m.index(2).data(ReportModel::UpdatedRole).toULongLong(), 1ULL);
        QCOMPARE(m.index(2).data(ReportModel::TypeLabelRole).toString(), u"Contacts"_s);
        QVERIFY(!inbox.data(Qt::UserRole + 100).isValid());
        const QHash<int, QByteArray> names = m.roleNames();
        for (const char *n : {"dataType", "typeLabel", "source", "target", "sourceCount", "targetCount",
                                    "copied", "alreadyThere", "failed", "updated", "conflicts"})
            QVERIFY2(names.values().contains(QByteArray(n)), n);

        QCOMPARE(m.copied(), 11ULL);
        QCOMPARE(m.alreadyThere(), 8ULL);
        QCOMPARE(m.failed(), 1ULL);
        QCOMPARE(m.exitCode(), 1);
        QVERIFY(!m.complete());
        QCOMPARE(m.warnings(), r.warnings);
        QVERIFY(m.problem().isEmpty());
        QVERIFY2(m.totalsText().contains(u"11 copied"_s), qPrintable(m.totalsText()));
        QVERIFY2(m.totalsText().contains(u"12.3"_s), qPrintable(m.totalsText()));

        // Failures: something a person recognises, and the server's words.
        FailureModel *f = m.failures();
        QCOMPARE(f->rowCount(), 4);
        QCOMPARE(f->index(0).data(FailureModel::ItemRole).toString(), u"Quarterly <b>report</b>"_s);
        QCOMPARE(f->index(0).data(Qt::DisplayRole).toString(), u"Quarterly <b>report</b>"_s);
        QCOMPARE(f->index(0).data(FailureModel::ReasonRole).toString(),
                 u"the target refused it — NO [LIMIT] Message too large"_s);
        QCOMPARE(f->index(0).data(FailureModel::FolderRole).toString(), u"INBOX"_s);
        QCOMPARE(f->index(0).data(FailureModel::DataTypeRole).toString(), u"mail"_s);
        QCOMPARE(f->index(1).data(FailureModel::ItemRole).toString(), u"<a@b>"_s); // no subject: Message-ID
        QCOMPARE(f->index(1).data(FailureModel::ReasonRole).toString(), u"the target refused it"_s);
        QCOMPARE(f->index(2).data(FailureModel::ItemRole).toString(), u"uid-1"_s); // DAV: the UID
        QCOMPARE(f->index(2).data(FailureModel::DataTypeRole).toString(), u"contacts"_s);
        QCOMPARE(f->index(3).data(FailureModel::ItemRole).toString(), u"99"_s); // the id, at least
        QVERIFY(!f->index(0).data(Qt::UserRole + 100).isValid());
        QCOMPARE(f->roleNames().size(), 4);

        // A second report replaces the first (reset), failures too.
        m.setReport(MigrationReport{});
        QCOMPARE(m.rowCount(), 0);
        QCOMPARE(f->rowCount(), 0);
        QCOMPARE(m.exitCode(), 0);
        QVERIFY(m.complete());
    }

    // Mail left behind by a date window: counted per folder and in total, said in a
    // sentence, and "everything" is not claimed.
    void reportOutsideTheDates()
    {
        ReportModel m;
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        MigrationReport r;
        FolderReport inbox;
        inbox.source = inbox.target = u"INBOX"_s;
        inbox.sourceCount = 10;
        inbox.copied = 4;
        inbox.outsideWindow = 6;
        FolderReport sent = inbox;
        sent.source = sent.target = u"Sent"_s;
        sent.outsideWindow = 1;
        r.folders = {inbox, sent};
        r.mailWindow = u"2024-01-01.."_s;
        m.setReport(r);
        QCOMPARE(m.outsideWindow(), 7ULL);
        QCOMPARE(m.index(0).data(ReportModel::OutsideWindowRole).toULongLong(), 6ULL);
        QVERIFY(m.roleNames().value(ReportModel::OutsideWindowRole) == "outsideWindow");
        QCOMPARE(m.windowText(), u"7 message(s) received outside the dates you chose stayed on the old server."_s);
        QCOMPARE(m.headline(), u"The mail you chose was moved."_s);
        QVERIFY(m.complete());

        r.folders[0].outsideWindow = r.folders[1].outsideWindow = 0;
        m.setReport(r);
        QVERIFY(m.windowText().isEmpty());
        QCOMPARE(m.headline(), u"Everything was moved."_s);
    }

    // The pass history (chart shares, forecast) and a final pass's verdict.
    void reportPassesAndVerdict()
    {
        auto pass = [](quint64 id, const QString &kind, quint64 copied, int seconds) {
            PassRecord p;
            p.id = id;
            p.kind = kind;
            p.started = QDateTime(QDate(2026, 11, 20), QTime(18, 0), Qt::UTC).addDays(qint64(id));
            p.finished = p.started.addSecs(seconds);
            p.itemsCopied = copied;
            p.outcome = u"ok"_s;
            return p;
        };
        ReportModel m;
        MigrationReport r;
        m.setReport(r, {pass(1, u"migrate"_s, 1000, 102)});
        QCOMPARE(m.passes().size(), 1);
        QVERIFY(m.forecastText().isEmpty()); // one pass foretells nothing
        QVERIFY(m.verifyText().isEmpty());
        QVERIFY(!m.verified());

        VerifyReport v;
        VerifyFolder f;
        f.dataType = u"mail"_s;
        f.sourceItems = f.matched = 152;
        VerifyFolder c;
        c.dataType = u"contacts"_s;
        c.sourceItems = c.matched = 30;
        v.folders = {f, c};
        r.verify = v;
        m.setReport(r, {pass(1, u"migrate"_s, 1000, 102), pass(2, u"migrate"_s, 100, 12), pass(3, u"final"_s, 10, 2)});
        const QVariantList passes = m.passes();
        QCOMPARE(passes.size(), 3);
        QCOMPARE(passes[0].toMap().value(u"share"_s).toDouble(), 1.0);
        QCOMPARE(passes[1].toMap().value(u"share"_s).toDouble(), 0.1);
        QVERIFY(passes[2].toMap().value(u"final"_s).toBool());
        QCOMPARE(m.forecastText(), u"The next pass should copy about 1 item(s) and take about 2 second(s)."_s);
        QVERIFY(m.verified());
        QCOMPARE(m.verifyText(), u"Checked: everything of the old account is on the new one (152 message(s), 30 contact(s))."_s);

        r.verify->folders[0].matched = 150;
        r.verify->folders[0].missing = 2;
        m.setReport(r);
        QVERIFY(!m.verified());
        QVERIFY2(m.verifyText().startsWith(u"Checked: 2 item(s) of the old account are not on the new one"_s),
                 qPrintable(m.verifyText()));
    }

    void reportHeadline_data()
    {
        QTest::addColumn<int>("fatal");     // ErrorCode of the fatal error
        QTest::addColumn<bool>("failures");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("headline");

        QTest::newRow("all moved") << int(ErrorCode::None) << false << 0 << u"Everything was moved."_s;
        QTest::newRow("some failed") << int(ErrorCode::None) << true << 1
                                     << u"Moved, but some items could not be copied."_s;
        QTest::newRow("cancelled") << int(ErrorCode::Cancelled) << false << 130 << u"Stopped before the end."_s;
        QTest::newRow("auth") << int(ErrorCode::Auth) << false << 3 << u"The move stopped."_s;
        QTest::newRow("network") << int(ErrorCode::Network) << true << 5 << u"The move stopped."_s;
        QTest::newRow("quota") << int(ErrorCode::Quota) << false << 6 << u"The move stopped."_s;
    }

    void reportHeadline()
    {
        QFETCH(int, fatal);
        QFETCH(bool, failures);
        QFETCH(int, exitCode);
        QFETCH(QString, headline);

        MigrationReport r;
        if (fatal != int(ErrorCode::None))
            r.fatal = Error::make(ErrorCode(fatal), u"APPEND to INBOX"_s, u"NO [OVERQUOTA] Quota exceeded"_s,
                                  u"Free some space on the new account."_s);
        if (failures) {
            ItemFailure f;
            f.folder = u"INBOX"_s;
            f.id = u"1"_s;
            f.reason = u"refused"_s;
            r.failures << f;
        }
        ReportModel m;
        m.setReport(r);
        QCOMPARE(m.exitCode(), exitCode);
        QCOMPARE(m.complete(), exitCode == 0);
        QVERIFY2(m.headline().startsWith(headline), qPrintable(m.headline()));
        if (fatal == int(ErrorCode::None)) {
            QVERIFY(m.problem().isEmpty());
        } else {
            QVERIFY2(m.problem().contains(u"NO [OVERQUOTA] Quota exceeded"_s), qPrintable(m.problem()));
            QVERIFY2(m.problem().endsWith(u"\nFree some space on the new account."_s), qPrintable(m.problem()));
        }
    }

    void reportSave()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        ReportModel m;
        MigrationReport r = sampleReport();
        r.fatal = Error::make(ErrorCode::Network, u"FETCH from INBOX"_s, u"connection reset"_s);
        m.setReport(r);
        const QString path = dir.filePath(u"report.json"_s);
        QCOMPARE(m.save(QUrl::fromLocalFile(path)), QString());
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        QVERIFY(doc.isObject());
        QCOMPARE(doc.object(), r.toJson());
        QCOMPARE(doc.object().value(u"exitCode"_s).toInt(), 5);

        // A plain path works too (QML may hand either); a folder that is missing does not.
        const QString plain = dir.filePath(u"plain.json"_s);
        QCOMPARE(m.save(QUrl(plain)), QString());
        QVERIFY(QFile::exists(plain));
        const QString bad = dir.filePath(u"missing/dir/report.json"_s);
        const QString message = m.save(QUrl::fromLocalFile(bad));
        QVERIFY2(message.contains(bad), qPrintable(message));
        QVERIFY(!QFile::exists(bad));
    }

    // ---- LogModel ----------------------------------------------------------------------

    void logBounded_data()
    {
        QTest::addColumn<int>("appended");
        QTest::addColumn<int>("rows");
        QTest::addColumn<int>("firstLine"); // number of the oldest line kept
        QTest::newRow("below the bound") << 3 << 3 << 1;
        QTest::newRow("at the bound") << 5 << 5 << 1;
        QTest::newRow("one past") << 6 << 5 << 2;
        QTest::newRow("far past") << 23 << 5 << 19;
    }

    void logBounded()
    {
        QFETCH(int, appended);
        QFETCH(int, rows);
        QFETCH(int, firstLine);

        LogModel m(nullptr, 5);
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy inserted(&m, &LogModel::rowsInserted);
        QSignalSpy removed(&m, &LogModel::rowsRemoved);
        for (int i = 1; i <= appended; ++i)
            m.append(u"line %1"_s.arg(i), i % 3 == 0);
        QCOMPARE(m.rowCount(), rows);
        QCOMPARE(inserted.count(), appended);
        QCOMPARE(removed.count(), appended - rows);
        QCOMPARE(m.index(0).data(LogModel::TextRole).toString(), u"line %1"_s.arg(firstLine));
        QCOMPARE(m.index(0).data(Qt::DisplayRole).toString(), u"line %1"_s.arg(firstLine));
        QCOMPARE(m.index(rows - 1).data(LogModel::TextRole).toString(), u"line %1"_s.arg(appended));
        for (int r = 0; r < rows; ++r)
            QCOMPARE(m.index(r).data(LogModel::WarningRole).toBool(), (firstLine + r) % 3 == 0);
        QVERIFY(QTime::fromString(m.index(0).data(LogModel::TimeRole).toString(), u"HH:mm:ss"_s).isValid());
        const QStringList lines = m.lines();
        QCOMPARE(lines.size(), rows);
        QVERIFY(lines.last().endsWith(u" line %1"_s.arg(appended)));
        QCOMPARE(m.roleNames().value(LogModel::TextRole), QByteArray("text"));
        m.clear();
        QCOMPARE(m.rowCount(), 0);
        m.append(u"again"_s);
        QCOMPARE(m.rowCount(), 1);
    }

    // ---- MigrationRunner (what the Moving page reads) ----------------------------------

    void runnerProgressTexts_data()
    {
        QTest::addColumn<quint64>("bytesDone");
        QTest::addColumn<quint64>("bytesTotal");
        QTest::addColumn<quint64>("itemsDone");
        QTest::addColumn<quint64>("itemsTotal");
        QTest::addColumn<double>("eta");
        QTest::addColumn<double>("fraction");
        QTest::addColumn<QString>("etaText");

        // The bar counts items: a folder's bytes are only known once it starts, so a
        // byte-based bar would jump back (bytes still drive the ETA, in the engine).
        QTest::newRow("items, not bytes") << quint64(250) << quint64(1000) << quint64(1) << quint64(10) << 30.0 << 0.1
                                          << u"less than a minute left"_s;
        QTest::newRow("by items") << quint64(0) << quint64(0) << quint64(3) << quint64(4) << 600.0 << 0.75
                                  << u"about 10 minute(s) left"_s;
        QTest::newRow("hours") << quint64(1) << quint64(2) << quint64(1) << quint64(2) << 7380.0 << 0.5
                               << u"about 2 h 3 min left"_s;
        QTest::newRow("unknown") << quint64(0) << quint64(0) << quint64(0) << quint64(0) << -1.0 << 0.0 << QString();
        QTest::newRow("over the top") << quint64(20) << quint64(10) << quint64(20) << quint64(10) << 0.0 << 1.0
                                      << u"less than a minute left"_s;
    }

    void runnerProgressTexts()
    {
        QFETCH(quint64, bytesDone);
        QFETCH(quint64, bytesTotal);
        QFETCH(quint64, itemsDone);
        QFETCH(quint64, itemsTotal);
        QFETCH(double, eta);
        QFETCH(double, fraction);
        QFETCH(QString, etaText);

        ferry::app::MigrationRunner runner;
        QAbstractItemModelTester tester(runner.log(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        ProgressEvent e;
        e.phase = u"copying"_s;
        e.folder = u"INBOX"_s;
        e.bytesDone = bytesDone;
        e.bytesTotal = bytesTotal;
        e.itemsDone = itemsDone;
        e.itemsTotal = itemsTotal;
        e.etaSeconds = eta;
        e.elapsedSeconds = 5;
        e.itemsPerSecond = 2.5;
        e.types[u"mail"_s] = {itemsDone, itemsTotal};
        QSignalSpy progress(&runner, &ferry::app::MigrationRunner::progressChanged);
        runner.showSample(e);
        QVERIFY(progress.count() > 0);
        QVERIFY(runner.running());
        QCOMPARE(runner.fraction(), fraction);
        QCOMPARE(runner.etaText(), etaText);
        QCOMPARE(runner.phaseText(), u"Copying"_s);
        QCOMPARE(runner.currentFolder(), u"INBOX"_s);
        QVERIFY(runner.rateText().startsWith(u"2.5 items/s"_s));
        QVERIFY(runner.countsText().startsWith(u"%1 of %2 items"_s.arg(itemsDone).arg(itemsTotal)));
        const QVariantList types = runner.types();
        QCOMPARE(types.size(), 1);
        QCOMPARE(types.first().toMap().value(u"dataType"_s).toString(), u"mail"_s);
        const double typeFraction = types.first().toMap().value(u"fraction"_s).toDouble();
        QVERIFY(typeFraction >= 0.0 && typeFraction <= 1.0);
        runner.pause(); // nothing is running: ignored
        QVERIFY(!runner.paused());
    }
};

QTEST_MAIN(TestAppModels)
#include "tst_appmodels.moc"
