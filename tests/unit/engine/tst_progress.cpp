// ProgressTracker: totals from the engine's guesses, corrected when folders are
// planned (shrinking for mail already there or outside the date window), per
// data type, across a retried folder; done never goes back.
#include <engine/progress.h>

#include <QTest>

using namespace ferry;

class TestProgress : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void plannedFoldersReplaceTheGuess()
    {
        ProgressTracker t;
        t.expectFolder(QStringLiteral("INBOX"), 100);
        t.expectFolder(QStringLiteral("Sent"), 50);
        QCOMPARE(t.snapshot().itemsTotal, 150u);
        QCOMPARE(t.snapshot().types.value(QStringLiteral("mail")).total, 150u);

        // INBOX: 30 of its 100 are in the window.
        t.folderPlanned(QStringLiteral("INBOX"), 30);
        QCOMPARE(t.snapshot().itemsTotal, 80u);
        t.folderStarted(QStringLiteral("INBOX"), 30);
        for (int i = 0; i < 10; ++i)
            t.itemDone(QStringLiteral("INBOX"), 1000);
        // The connection drops; the retry plans the 20 left.
        t.folderPlanned(QStringLiteral("INBOX"), 20);
        QCOMPARE(t.snapshot().itemsTotal, 80u);
        t.folderStarted(QStringLiteral("INBOX"), 20);
        for (int i = 0; i < 20; ++i)
            t.itemDone(QStringLiteral("INBOX"), 1000);
        // Sent: everything already there.
        t.folderPlanned(QStringLiteral("Sent"), 0);
        // A collection counts itself in when it starts.
        t.addTotals(5, 0, QStringLiteral("contacts"));
        t.folderStarted(QStringLiteral("Contacts"), 5, QStringLiteral("contacts"));
        for (int i = 0; i < 5; ++i)
            t.itemDone(QStringLiteral("Contacts"), 0);

        const ProgressEvent e = t.snapshot();
        QCOMPARE(e.itemsDone, 35u);
        QCOMPARE(e.itemsTotal, 35u);
        QCOMPARE(e.types.value(QStringLiteral("mail")).done, 30u);
        QCOMPARE(e.types.value(QStringLiteral("mail")).total, 30u);
        QCOMPARE(e.types.value(QStringLiteral("contacts")).total, 5u);
    }

    void moreThanGuessedGrowsTheTotal()
    {
        ProgressTracker t;
        t.expectFolder(QStringLiteral("INBOX"), 3); // mail arrived after STATUS
        t.folderPlanned(QStringLiteral("INBOX"), 5);
        QCOMPARE(t.snapshot().itemsTotal, 5u);
        // A folder the engine had no guess for.
        t.folderPlanned(QStringLiteral("New"), 2);
        QCOMPARE(t.snapshot().itemsTotal, 7u);
        QCOMPARE(t.snapshot().types.value(QStringLiteral("mail")).total, 7u);
    }
};

QTEST_GUILESS_MAIN(TestProgress)
#include "tst_progress.moc"
