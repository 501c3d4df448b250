// The pass history's forecast (passhistory.h) and the HTML report: shrinking
// passes, a pass that grew, too little history; every text escaped, nothing
// external, the chart and the forecast present.
#include <engine/htmlreport.h>
#include <engine/passhistory.h>

#include <QTest>

using namespace ferry;

namespace {
PassRecord pass(quint64 id, quint64 copied, double seconds, const QString &kind = QStringLiteral("migrate"))
{
    PassRecord p;
    p.id = id;
    p.kind = kind;
    p.started = QDateTime(QDate(2026, 11, 1), QTime(10, 0), Qt::UTC).addSecs(qint64(id) * 3600);
    p.finished = p.started.addMSecs(qint64(seconds * 1000));
    p.itemsCopied = copied;
    p.outcome = QStringLiteral("ok");
    return p;
}
} // namespace

class TestPassHistory : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void forecast_data()
    {
        QTest::addColumn<QList<PassRecord>>("passes");
        QTest::addColumn<bool>("known");
        QTest::addColumn<quint64>("items");
        QTest::addColumn<double>("seconds");
        // fixed = 2 s (the shortest pass), per item = (102 - 2) / 1000 = 0.1 s.
        QTest::newRow("shrinking") << QList<PassRecord>{pass(1, 1000, 102), pass(2, 100, 12), pass(3, 10, 2)}
                                   << true << quint64(1) << 2.1;
        QTest::newRow("grew: no further shrinking") << QList<PassRecord>{pass(1, 100, 12), pass(2, 200, 22)}
                                                    << true << quint64(200) << 22.0;
        QTest::newRow("one pass") << QList<PassRecord>{pass(1, 100, 12)} << false << quint64(0) << 0.0;
        PassRecord running = pass(3, 5, 1);
        running.finished = {};
        PassRecord failed = pass(4, 5, 1);
        failed.outcome = QStringLiteral("error: network");
        QTest::newRow("running and failed passes do not count")
            << QList<PassRecord>{pass(1, 1000, 102), running, failed} << false << quint64(0) << 0.0;
        QTest::newRow("nothing new") << QList<PassRecord>{pass(1, 50, 7), pass(2, 0, 2)} << true << quint64(0) << 2.0;
    }
    void forecast()
    {
        QFETCH(QList<PassRecord>, passes);
        QFETCH(bool, known);
        QFETCH(quint64, items);
        QFETCH(double, seconds);
        const PassForecast f = forecastNextPass(passes);
        QCOMPARE(f.known, known);
        QCOMPARE(f.items, items);
        QVERIFY2(qAbs(f.seconds - seconds) < 0.01, qPrintable(QString::number(f.seconds)));
    }

    void htmlIsSelfContainedAndEscaped()
    {
        MigrationReport r;
        r.source = QStringLiteral("imaps://alice@old.example:993");
        r.target = QStringLiteral("imaps://bob@new.example:993");
        FolderReport f;
        f.source = f.target = QStringLiteral("Rock & <b>Roll</b>");
        f.sourceCount = 3;
        f.copied = 2;
        f.failed = 1;
        r.folders = {f};
        ItemFailure x;
        x.folder = f.source;
        x.subject = QStringLiteral("<script>alert(1)</script>");
        x.reason = QStringLiteral("refused");
        x.serverText = QStringLiteral("NO [LIMIT] <too big>");
        r.failures = {x};
        VerifyReport v;
        v.source = r.source;
        v.target = r.target;
        VerifyFolder vf;
        vf.source = vf.target = f.source;
        vf.sourceItems = 3;
        vf.matched = 2;
        vf.missing = 1;
        v.folders = {vf};
        VerifyMissing m;
        m.dataType = QStringLiteral("mail");
        m.folder = f.source;
        m.messageId = QStringLiteral("<a\"b@example.org>");
        m.reason = QStringLiteral("the last pass could not copy it");
        v.missing = {m};
        const QString html = htmlReport(&r, &v, {pass(1, 1000, 102), pass(2, 100, 12, QStringLiteral("final"))});
        QVERIFY(html.startsWith(QLatin1String("<!DOCTYPE html>")));
        QVERIFY(!html.contains(QLatin1String("<script")));
        QVERIFY(!html.contains(QLatin1String("<b>Roll")));
        QVERIFY(html.contains(QLatin1String("Rock &amp; &lt;b&gt;Roll&lt;/b&gt;")));
        QVERIFY(html.contains(QLatin1String("&lt;a&quot;b@example.org&gt;")));
        QVERIFY(html.contains(QLatin1String("default-src 'none'")));
        QVERIFY(!html.contains(QLatin1String("http://")) && !html.contains(QLatin1String("https://")));
        QVERIFY(html.contains(QLatin1String("<svg")));
        QVERIFY(html.contains(v.summary().toHtmlEscaped()));
        QVERIFY(html.contains(QLatin1String("Next pass")));
    }
};

QTEST_GUILESS_MAIN(TestPassHistory)
#include "tst_passhistory.moc"
