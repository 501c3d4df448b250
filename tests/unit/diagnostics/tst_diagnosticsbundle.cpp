// The bundle end to end on local files: a journal with a failed item, a trace
// with a leaked password, a report with a subject; the ZIP read back.
#include <diagnostics/diagnosticsbundle.h>
#include <diagnostics/reportscrubber.h>
#include <state/statestore.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace ferry;
using namespace ferry::diagnostics;

namespace {

void writeFile(const QString &path, const QByteArray &data)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(data);
}

// Member name -> contents, read by Python's zipfile (JSON on stdout).
QJsonObject readZip(const QString &path)
{
    QProcess p;
    p.start(QStringLiteral("python3"),
            {QStringLiteral("-c"),
             QStringLiteral("import json,sys,zipfile\nz=zipfile.ZipFile(sys.argv[1])\nassert z.testzip() is None\n"
                            "print(json.dumps({n: z.read(n).decode('utf-8') for n in z.namelist()}))"),
             path});
    if (!p.waitForFinished(30000) || p.exitCode() != 0)
        return {};
    return QJsonDocument::fromJson(p.readAllStandardOutput()).object();
}

} // namespace

class TestDiagnosticsBundle : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void scrubReport_data();
    void scrubReport();
    void bundle();
};

void TestDiagnosticsBundle::scrubReport_data()
{
    QTest::addColumn<QByteArray>("in");
    QTest::addColumn<QByteArray>("out");
    QTest::newRow("failure") << QByteArray(R"({"failures":[{"folder":"Work","messageId":"<a@b>","subject":"Salary 2024"}]})")
                             << QByteArray(R"({"failures":[{"folder":"Work","messageId":"<a@b>","subject":"<redacted>"}]})");
    QTest::newRow("empty subject") << QByteArray(R"({"subject":""})") << QByteArray(R"({"subject":""})");
    QTest::newRow("accounts") << QByteArray(R"({"source":"imaps://alice@h:993","target":"https://bob@d/dav/"})")
                              << QByteArray(R"({"source":"imaps://h:993","target":"https://d/dav/"})");
    QTest::newRow("folder named source") << QByteArray(R"({"folders":[{"source":"INBOX"}]})")
                                         << QByteArray(R"({"folders":[{"source":"INBOX"}]})");
}

void TestDiagnosticsBundle::scrubReport()
{
    QFETCH(QByteArray, in);
    QFETCH(QByteArray, out);
    QString error;
    const QByteArray got = diagnostics::scrubReport(in, &error);
    QVERIFY(error.isEmpty());
    QCOMPARE(QJsonDocument::fromJson(got), QJsonDocument::fromJson(out));
    QVERIFY(diagnostics::scrubReport("not json", &error).isEmpty());
    QVERIFY(!error.isEmpty());
}

void TestDiagnosticsBundle::bundle()
{
    if (QStandardPaths::findExecutable(QStringLiteral("python3")).isEmpty())
        QSKIP("python3 is not installed");
    QTemporaryDir tmp;
    const QString state = tmp.filePath(QStringLiteral("state"));
    const QString traces = tmp.filePath(QStringLiteral("traces"));
    QVERIFY(QDir().mkpath(traces));
    {
        auto store = StateStore::open(state + QStringLiteral("/pair.sqlite"));
        QVERIFY(store.ok());
        (*store)->setMeta(QStringLiteral("source"), QStringLiteral("imaps://alice@src.example:993"));
        auto pass = (*store)->beginPass(QStringLiteral("migrate"));
        QVERIFY(pass.ok());
        FolderRecord f;
        f.sourceFolder = QStringLiteral("Work");
        f.sourceValidity = 7;
        f.targetFolder = QStringLiteral("Work");
        QVERIFY(!(*store)->saveFolder(f));
        MappedItem ok;
        ok.sourceFolder = QStringLiteral("Work");
        ok.sourceValidity = 7;
        ok.sourceId = "1";
        ok.messageId = "<ok@x>";
        ok.outcome = ItemOutcome::Copied;
        ok.passId = *pass;
        MappedItem bad = ok;
        bad.sourceId = "2";
        bad.messageId = "<big@x>";
        bad.outcome = ItemOutcome::Failed;
        bad.error = QStringLiteral("NO [LIMIT] Mail too big (password was hunter2-secret)");
        QVERIFY(!(*store)->confirm({ok, bad}));
    }
    writeFile(traces + QStringLiteral("/imap-h-1-1.log"),
              "  0.1 C F1 LOGIN \"alice\" \"hunter2-secret\"\n  0.2 S F1 OK\n  0.3 C F2 EXAMINE \"Work\"\n");
    writeFile(traces + QStringLiteral("/notes.txt"), "not a trace");
    const QString report = tmp.filePath(QStringLiteral("R.json"));
    writeFile(report, R"({"failures":[{"folder":"Work","messageId":"<big@x>","subject":"Private subject line"}]})");
    const QString notJson = tmp.filePath(QStringLiteral("x.json"));
    writeFile(notJson, "Subject: something private");

    BundleOptions o;
    o.outPath = tmp.filePath(QStringLiteral("B.zip"));
    o.stateDir = state;
    o.traceDir = traces;
    o.reports = {report, notJson};
    o.environment = {{QStringLiteral("Ferry"), QStringLiteral("0.1.0")}};
    o.redactor.addSecret("hunter2-secret");
    auto summary = DiagnosticsBundle::write(o);
    QVERIFY2(summary.ok(), qPrintable(summary.error().what));
    QCOMPARE(summary->oneLine(), QStringLiteral("5 files, 1 trace, 1 report, 1 journal"));
    QCOMPARE(summary->notes.size(), 1); // the report that is not JSON

    const QJsonObject zip = readZip(o.outPath);
    QCOMPARE(zip.keys(), (QStringList{QStringLiteral("README.txt"), QStringLiteral("environment.txt"),
                                      QStringLiteral("journal/pair/summary.json"), QStringLiteral("reports/R.json"),
                                      QStringLiteral("traces/imap-h-1-1.log")}));
    for (auto it = zip.begin(); it != zip.end(); ++it) {
        QVERIFY2(!it.value().toString().contains(QLatin1String("hunter2-secret")), qPrintable(it.key()));
        QVERIFY2(!it.value().toString().contains(QLatin1String("Private subject")), qPrintable(it.key()));
        QVERIFY2(!it.value().toString().contains(QLatin1String("something private")), qPrintable(it.key()));
    }
    QVERIFY(zip.value(QStringLiteral("traces/imap-h-1-1.log")).toString().contains(QLatin1String("F1 LOGIN <redacted>")));
    QVERIFY(zip.value(QStringLiteral("traces/imap-h-1-1.log")).toString().contains(QLatin1String("EXAMINE \"Work\"")));
    const QJsonObject journal =
        QJsonDocument::fromJson(zip.value(QStringLiteral("journal/pair/summary.json")).toString().toUtf8()).object();
    QCOMPARE(journal.value(QStringLiteral("source")).toString(), QStringLiteral("imaps://src.example:993"));
    QCOMPARE(journal.value(QStringLiteral("outcomes")).toObject().value(QStringLiteral("failed")).toInt(), 1);
    const QJsonArray failed = journal.value(QStringLiteral("failedItems")).toArray();
    QCOMPARE(failed.size(), 1);
    QCOMPARE(failed[0].toObject().value(QStringLiteral("messageId")).toString(), QStringLiteral("<big@x>"));
    QCOMPARE(failed[0].toObject().value(QStringLiteral("error")).toString(),
             QStringLiteral("NO [LIMIT] Mail too big (password was <redacted>)"));
    QCOMPARE(journal.value(QStringLiteral("passes")).toArray().size(), 1);
    QVERIFY(zip.value(QStringLiteral("README.txt")).toString().contains(QLatin1String("x.json")));
    QVERIFY(zip.value(QStringLiteral("reports/R.json")).toString().contains(QLatin1String("<big@x>")));
}

QTEST_GUILESS_MAIN(TestDiagnosticsBundle)
#include "tst_diagnosticsbundle.moc"
