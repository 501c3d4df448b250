// Folder mapping rules: INBOX, special-use by role, localized fallbacks, plain paths.
#include <engine/foldermapper.h>

#include <QTest>

using namespace ferry;

namespace {
FolderInfo folder(const QString &path, SpecialUse use = SpecialUse::None, bool subscribed = false)
{
    FolderInfo f;
    f.ref = FolderRef::fromDisplay(path);
    f.specialUse = use;
    f.subscribed = subscribed;
    return f;
}
const FolderMapping &find(const QList<FolderMapping> &ms, const QString &source)
{
    for (const auto &m : ms)
        if (m.source.ref.display() == source)
            return m;
    qFatal("no mapping for %s", qPrintable(source));
}
} // namespace

class TestFolderMapper : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void inboxMapsToInboxWhateverTheCase()
    {
        const auto ms = FolderMapper::map({folder(QStringLiteral("INBOX"))}, {folder(QStringLiteral("Inbox"))});
        QCOMPARE(ms.first().target.display(), QStringLiteral("INBOX"));
        QVERIFY(ms.first().targetExists);
    }
    void sentGoesToTargetsSentWhateverItsName()
    {
        const auto ms = FolderMapper::map({folder(QStringLiteral("Sent"), SpecialUse::Sent)},
                                          {folder(QStringLiteral("Sent Items"), SpecialUse::Sent)});
        QCOMPARE(ms.first().target.display(), QStringLiteral("Sent Items"));
        QVERIFY(ms.first().targetExists);
        QCOMPARE(ms.first().createWithUse, SpecialUse::None);
    }
    void localizedFallbackWhenTargetHasNoSpecialUse()
    {
        const auto ms = FolderMapper::map({folder(QStringLiteral("Sent"), SpecialUse::Sent)},
                                          {folder(QStringLiteral("Gesendet"))});
        QCOMPARE(ms.first().target.display(), QStringLiteral("Gesendet"));
        QVERIFY(ms.first().targetExists);
    }
    void createdWithRoleWhenNothingFits()
    {
        const auto ms = FolderMapper::map({folder(QStringLiteral("Papierkorb"), SpecialUse::Trash)}, {});
        QCOMPARE(ms.first().target.display(), QStringLiteral("Papierkorb"));
        QVERIFY(!ms.first().targetExists);
        QCOMPARE(ms.first().createWithUse, SpecialUse::Trash);
    }
    void plainFoldersKeepTheirPathAndSubscription()
    {
        const auto ms = FolderMapper::map({folder(QStringLiteral("Work/2024/Q1"), SpecialUse::None, true),
                                           folder(QStringLiteral("Büro & Co 🚢"))},
                                          {folder(QStringLiteral("Work/2024/Q1"))});
        QCOMPARE(find(ms, QStringLiteral("Work/2024/Q1")).target.display(), QStringLiteral("Work/2024/Q1"));
        QVERIFY(find(ms, QStringLiteral("Work/2024/Q1")).subscribeOnTarget);
        QVERIFY(!find(ms, QStringLiteral("Büro & Co 🚢")).targetExists);
        QVERIFY(!find(ms, QStringLiteral("Büro & Co 🚢")).subscribeOnTarget);
    }
    // Rules (profile / --map-folder): the longest FROM wins, sub-folders follow,
    // a rule beats the role mapping; the rest is mapped as always.
    void folderRulesMoveFoldersAndTheirChildren()
    {
        QList<FolderRule> rules;
        for (const char *t : {"Old Archive=Archive/Old", "Old Archive/2019=Archive/2019", "Sent=Imported/Sent"}) {
            FolderRule r;
            QString why;
            QVERIFY2(FolderRule::parse(QString::fromUtf8(t), &r, &why), qPrintable(why));
            rules << r;
        }
        const auto ms = FolderMapper::map({folder(QStringLiteral("Old Archive")), folder(QStringLiteral("Old Archive/2018")),
                                           folder(QStringLiteral("Old Archive/2019/Q1")),
                                           folder(QStringLiteral("Sent"), SpecialUse::Sent),
                                           folder(QStringLiteral("Old Archiver")), folder(QStringLiteral("INBOX"))},
                                          {folder(QStringLiteral("Sent Items"), SpecialUse::Sent),
                                           folder(QStringLiteral("Archive/Old"))},
                                          rules);
        QCOMPARE(find(ms, QStringLiteral("Old Archive")).target.display(), QStringLiteral("Archive/Old"));
        QVERIFY(find(ms, QStringLiteral("Old Archive")).targetExists);
        QCOMPARE(find(ms, QStringLiteral("Old Archive/2018")).target.display(), QStringLiteral("Archive/Old/2018"));
        QCOMPARE(find(ms, QStringLiteral("Old Archive/2019/Q1")).target.display(), QStringLiteral("Archive/2019/Q1"));
        QCOMPARE(find(ms, QStringLiteral("Sent")).target.display(), QStringLiteral("Imported/Sent"));
        QCOMPARE(find(ms, QStringLiteral("Sent")).createWithUse, SpecialUse::None);
        QCOMPARE(find(ms, QStringLiteral("Old Archiver")).target.display(), QStringLiteral("Old Archiver"));
        QCOMPARE(find(ms, QStringLiteral("INBOX")).target.display(), QStringLiteral("INBOX"));
        for (const char *bad : {"no equals sign", "=Target", "Source=", "/=/"})
            QVERIFY2(!FolderRule::parse(QString::fromUtf8(bad), nullptr, nullptr), bad);
    }
    void twoSourceFoldersWithOneRoleDoNotMerge()
    {
        const auto ms = FolderMapper::map({folder(QStringLiteral("Sent"), SpecialUse::Sent),
                                           folder(QStringLiteral("Sent Old"), SpecialUse::Sent)},
                                          {folder(QStringLiteral("Sent Items"), SpecialUse::Sent)});
        QCOMPARE(find(ms, QStringLiteral("Sent")).target.display(), QStringLiteral("Sent Items"));
        QCOMPARE(find(ms, QStringLiteral("Sent Old")).target.display(), QStringLiteral("Sent Old"));
    }
};

QTEST_GUILESS_MAIN(TestFolderMapper)
#include "tst_foldermapper.moc"
