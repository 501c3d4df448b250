// Access rights (RFC 4314) and other users' / shared folders (RFC 2342) with the
// in-memory connector: AclPass alone, FolderMapper's shared rules, and whole runs
// of the engine (entries copied except the owner's, mapped identifiers, rights the
// target cannot hold named, nothing taken away on the target, re-runs send
// nothing, the source untouched; shared folders left out by default and copied
// under Shared/<owner>/… with includeShared).
#include <engine/aclidentifiermap.h>
#include <engine/aclpass.h>
#include <engine/foldermapper.h>
#include <engine/migrationengine.h>
#include <enginerun.h>
#include <memory/memoryconnector.h>
#include <memory/memoryserver.h>
#include <registerall.h>
#include <samplemailbox.h>
#include <state/statestore.h>

#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace ferry;

namespace {

int g_counter = 0;

struct Servers {
    QString src, tgt;
    std::shared_ptr<MemoryServer> source, target;
};

const FolderRef kProjects{{QStringLiteral("Projects")}};
const FolderRef kBobsTeam{{QString(), QStringLiteral("Other Users"), QStringLiteral("bob"), QStringLiteral("Team")}};

Servers fresh(bool sourceAcl = true, bool targetAcl = true)
{
    Servers s;
    ++g_counter;
    s.src = QStringLiteral("aclsrc%1").arg(g_counter);
    s.tgt = QStringLiteral("acltgt%1").arg(g_counter);
    MemoryServer::reset(s.src);
    MemoryServer::reset(s.tgt);
    s.source = MemoryServer::named(s.src);
    s.target = MemoryServer::named(s.tgt);
    if (sourceAcl)
        s.source->setAclRights(QStringLiteral("lrswipkxtecda"));
    if (targetAcl)
        s.target->setAclRights();
    s.source->addMessage(kProjects, test::sampleMessage(1, "projects"));
    s.source->putAcl(kProjects, QStringLiteral("alice"), QStringLiteral("lrswipkxtecda"));
    s.source->putAcl(kProjects, QStringLiteral("carol"), QStringLiteral("lrs"));
    return s;
}

MigrationReport migrate(const Servers &s, const QString &state, std::function<void(MigrationOptions &)> tweak = {})
{
    MigrationOptions o = test::engineOptions(QStringLiteral("memory://alice@") + s.src,
                                             QStringLiteral("memory://alice@") + s.tgt);
    if (tweak)
        tweak(o);
    return test::runEngine(o, state).report;
}

const FolderReport *folderReport(const MigrationReport &r, const QString &source)
{
    for (const FolderReport &f : r.folders)
        if (f.source == source)
            return &f;
    return nullptr;
}

bool anyWarning(const MigrationReport &r, const QStringList &words)
{
    for (const QString &w : r.warnings) {
        bool all = true;
        for (const QString &x : words)
            all = all && w.contains(x);
        if (all)
            return true;
    }
    return false;
}

QMap<QString, QString> acl(std::initializer_list<std::pair<QString, QString>> l)
{
    QMap<QString, QString> m;
    for (const auto &p : l)
        m.insert(p.first, p.second);
    return m;
}

} // namespace

class TestAclPass : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { registerAllConnectors(); }

    // ---- AclPass alone ----------------------------------------------------

    void passRules_data()
    {
        QTest::addColumn<QString>("identifier");
        QTest::addColumn<QString>("rights");
        QTest::addColumn<QString>("targetRights");   // what the target lets be held
        QTest::addColumn<QString>("alreadyThere");   // the target's entry before
        QTest::addColumn<QString>("expected");       // the target's entry after ("" = none)
        QTest::addColumn<int>("set");
        QTest::addColumn<QString>("warning");        // a word the warning has ("" = no warning)
        QTest::newRow("plain copy") << u"carol"_qs << u"lrs"_qs << u"lrswipkxtea"_qs << QString() << u"lrs"_qs << 1 << QString();
        QTest::newRow("owner left alone") << u"alice"_qs << u"lrswipkxtea"_qs << u"lrswipkxtea"_qs << QString() << QString() << 0 << QString();
        QTest::newRow("anyone kept") << u"anyone"_qs << u"lr"_qs << u"lrswipkxtea"_qs << QString() << u"lr"_qs << 1 << QString();
        QTest::newRow("right the target cannot hold") << u"carol"_qs << u"lrsx"_qs << u"lrsw"_qs << QString() << u"lrs"_qs << 1 << u"'x'"_qs;
        QTest::newRow("target keeps its rights") << u"carol"_qs << u"lr"_qs << u"lrswipkxtea"_qs << u"w"_qs << u"wlr"_qs << 1 << QString();
        QTest::newRow("nothing missing: nothing sent") << u"carol"_qs << u"lr"_qs << u"lrswipkxtea"_qs << u"rlw"_qs << u"rlw"_qs << 0 << QString();
        QTest::newRow("negative rights not copied") << u"-dave"_qs << u"w"_qs << u"lrswipkxtea"_qs << QString() << QString() << 0 << u"negative"_qs;
    }
    void passRules()
    {
        QFETCH(QString, identifier);
        QFETCH(QString, rights);
        QFETCH(QString, targetRights);
        QFETCH(QString, alreadyThere);
        QFETCH(QString, expected);
        QFETCH(int, set);
        QFETCH(QString, warning);
        Servers s = fresh();
        s.target->setAclRights(targetRights);
        s.source->putAcl(kProjects, identifier, rights);
        s.target->addFolder(kProjects);
        if (!alreadyThere.isEmpty())
            s.target->putAcl(kProjects, identifier, alreadyThere);
        const auto sourceAcl = s.source->aclOf(kProjects);
        MemoryConnector src(s.source, u"alice"_qs), tgt(s.target, u"alice"_qs);
        QVERIFY(src.connect().ok());
        QVERIFY(tgt.connect().ok());
        src.setReadOnly(true);
        AclPassOptions o;
        o.sourceUser = o.targetUser = u"alice"_qs;
        AclPass pass(src, tgt, kProjects, kProjects, o);
        QVERIFY(pass.run().ok());
        QCOMPARE(s.target->aclOf(kProjects).value(identifier), expected);
        QVERIFY(!s.target->aclOf(kProjects).contains(u"alice"_qs));
        // carol "lrs" from fresh() is copied too, except where the row is about carol.
        const int carol = identifier == QLatin1String("carol") ? 0 : 1;
        QCOMPARE(int(pass.entriesSet), set + carol);
        if (warning.isEmpty()) {
            QVERIFY2(pass.warnings.isEmpty(), qPrintable(pass.warnings.join(u'\n')));
        } else {
            QCOMPARE(pass.warnings.size(), 1);
            QVERIFY2(pass.warnings.first().contains(warning), qPrintable(pass.warnings.first()));
            QVERIFY(pass.warnings.first().contains(u"Projects"_qs));
        }
        QCOMPARE(s.source->aclOf(kProjects), sourceAcl);
    }

    void noAdministerRightFallsBackToMyRights()
    {
        Servers s = fresh();
        s.source->setMyRights(kProjects, u"lrs"_qs);
        s.target->addFolder(kProjects);
        MemoryConnector src(s.source, u"alice"_qs), tgt(s.target, u"alice"_qs);
        QVERIFY(src.connect().ok());
        QVERIFY(tgt.connect().ok());
        AclPassOptions o;
        o.sourceUser = o.targetUser = u"alice"_qs;
        AclPass pass(src, tgt, kProjects, kProjects, o);
        QVERIFY(pass.run().ok());
        QCOMPARE(pass.entriesSet, 0u);
        QCOMPARE(pass.warnings.size(), 1);
        QVERIFY2(pass.warnings.first().contains(u"lrs"_qs) && pass.warnings.first().contains(u"Projects"_qs),
                 qPrintable(pass.warnings.first()));
        QVERIFY(s.target->aclOf(kProjects).isEmpty());
    }

    void unknownSpecialIdentifierIsWarned()
    {
        Servers s = fresh();
        s.source->putAcl(kProjects, u"authenticated"_qs, u"lr"_qs);
        s.target->setAclUnknownIdentifier(u"authenticated"_qs);
        s.target->addFolder(kProjects);
        MemoryConnector src(s.source, u"alice"_qs), tgt(s.target, u"alice"_qs);
        QVERIFY(src.connect().ok());
        QVERIFY(tgt.connect().ok());
        AclPassOptions o;
        o.sourceUser = o.targetUser = u"alice"_qs;
        AclPass pass(src, tgt, kProjects, kProjects, o);
        QVERIFY(pass.run().ok());
        QCOMPARE(pass.entriesSet, 1u); // carol
        QCOMPARE(pass.warnings.size(), 1);
        QVERIFY(pass.warnings.first().contains(u"authenticated"_qs));
    }

    void readOnlySourceRefusesSetAcl()
    {
        Servers s = fresh();
        MemoryConnector src(s.source, u"alice"_qs);
        QVERIFY(src.connect().ok());
        src.setReadOnly(true);
        QVERIFY(src.acl(kProjects).ok()); // reading is allowed
        QVERIFY(src.myRights(kProjects).ok());
        QVERIFY(src.listRights(kProjects, u"carol"_qs).ok());
        QCOMPARE(src.setAcl(kProjects, u"carol"_qs, u"+w"_qs).code, ErrorCode::ReadOnly);
        QCOMPARE(s.source->aclOf(kProjects).value(u"carol"_qs), u"lrs"_qs);
    }

    void dryRunSendsNothing()
    {
        Servers s = fresh();
        s.target->addFolder(kProjects);
        MemoryConnector src(s.source, u"alice"_qs), tgt(s.target, u"alice"_qs);
        QVERIFY(src.connect().ok());
        QVERIFY(tgt.connect().ok());
        tgt.setReadOnly(true);
        AclPassOptions o;
        o.sourceUser = o.targetUser = u"alice"_qs;
        o.dryRun = true;
        AclPass pass(src, tgt, kProjects, kProjects, o);
        QVERIFY(pass.run().ok());
        QCOMPARE(pass.entriesSet, 1u);
        QVERIFY(s.target->aclOf(kProjects).isEmpty());
    }

    // ---- FolderMapper: shared folders --------------------------------------

    void sharedMapping_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("owner");
        QTest::addColumn<QStringList>("below");
        QTest::addColumn<QString>("target");
        QTest::newRow("other user") << int(NamespaceKind::OtherUsers) << u"bob"_qs << QStringList{u"Team"_qs, u"2024"_qs}
                                    << u"Shared/bob/Team/2024"_qs;
        QTest::newRow("other user's inbox") << int(NamespaceKind::OtherUsers) << u"bob"_qs << QStringList{u"INBOX"_qs}
                                            << u"Shared/bob/INBOX"_qs;
        QTest::newRow("public namespace") << int(NamespaceKind::Shared) << u"Public"_qs << QStringList{u"News"_qs}
                                          << u"Shared/Public/News"_qs;
    }
    void sharedMapping()
    {
        QFETCH(int, kind);
        QFETCH(QString, owner);
        QFETCH(QStringList, below);
        QFETCH(QString, target);
        FolderInfo f;
        f.ref = FolderRef{QStringList{QString(), u"ns"_qs, owner} + below};
        f.namespaceKind = NamespaceKind(kind);
        f.owner = owner;
        f.pathInNamespace = below;
        f.specialUse = SpecialUse::Sent; // bob's Sent is not alice's Sent
        FolderInfo mySent;
        mySent.ref = FolderRef{{u"Sent"_qs}};
        mySent.specialUse = SpecialUse::Sent;
        FolderInfo targetSent = mySent;
        QVERIFY(FolderMapper::map({f}, {targetSent}).isEmpty());
        const QList<FolderMapping> m = FolderMapper::map({f}, {targetSent}, {}, true);
        QCOMPARE(m.size(), 1);
        QCOMPARE(m.first().target.display(), target);
        QCOMPARE(m.first().createWithUse, SpecialUse::None);
        // A foreign folder on the target is never a mapping target.
        FolderInfo targetForeign = f;
        targetForeign.ref = FolderRef{{QString(), u"x"_qs, u"Sent"_qs}};
        const QList<FolderMapping> m2 = FolderMapper::map({mySent}, {targetForeign});
        QCOMPARE(m2.first().target, mySent.ref);
        QVERIFY(!m2.first().targetExists);
    }

    void sharedIntoOwnFolderIsNamed()
    {
        FolderInfo shared;
        shared.ref = FolderRef{{QString(), u"shared"_qs, u"bob"_qs, u"Team"_qs}};
        shared.namespaceKind = NamespaceKind::OtherUsers;
        shared.owner = u"bob"_qs;
        shared.pathInNamespace = {u"Team"_qs};
        FolderInfo own;
        own.ref = FolderRef{{u"Shared"_qs, u"bob"_qs, u"Team"_qs}};
        const QList<FolderMapping> m = FolderMapper::map({own, shared}, {}, {}, true);
        QCOMPARE(m.size(), 2);
        QVERIFY(m.at(0).note.isEmpty());
        QVERIFY2(m.at(1).note.contains(u"Shared/bob/Team"_qs), qPrintable(m.at(1).note));
    }

    void identifiersFromAddressMap()
    {
        pim::AddressMap addresses;
        QVERIFY(addresses.addPair(u"carol@old.example"_qs, u"carol@new.example"_qs));
        const auto map = aclIdentifierMap(addresses);
        QVERIFY(map);
        QCOMPARE(map(u"carol@old.example"_qs), u"carol@new.example"_qs);
        QCOMPARE(map(u"CAROL@old.example"_qs), u"carol@new.example"_qs);
        QCOMPARE(map(u"dave@old.example"_qs), u"dave@old.example"_qs);
        QCOMPARE(map(u"carol"_qs), u"carol"_qs);
        QVERIFY(!aclIdentifierMap(pim::AddressMap{}));
    }

    // ---- Whole runs ---------------------------------------------------------

    void runCopiesAclAndRerunSendsNothing()
    {
        Servers s = fresh();
        s.source->putAcl(kProjects, u"anyone"_qs, u"lr"_qs);
        s.target->addFolder(kProjects);
        s.target->putAcl(kProjects, u"carol"_qs, u"w"_qs); // the target never loses this
        const auto sourceAcl = s.source->aclOf(kProjects);
        const MemorySnapshot sourceBefore = s.source->snapshot();
        QTemporaryDir dir;
        const QString state = dir.filePath(u"state.sqlite"_qs);
        MigrationReport r = migrate(s, state);
        QVERIFY2(r.fatal.ok(), qPrintable(r.fatal.toString()));
        QCOMPARE(s.target->aclOf(kProjects), acl({{u"anyone"_qs, u"lr"_qs}, {u"carol"_qs, u"wlrs"_qs}}));
        const FolderReport *f = folderReport(r, u"Projects"_qs);
        QVERIFY(f);
        QCOMPARE(f->aclEntries, 2u);
        bool inJson = false;
        for (const auto &v : r.toJson().value(u"folders"_qs).toArray())
            if (v.toObject().value(u"source"_qs).toString() == QLatin1String("Projects"))
                inJson = v.toObject().value(u"aclEntries"_qs).toInteger() == 2;
        QVERIFY(inJson);
        QVERIFY2(r.warnings.isEmpty(), qPrintable(r.warnings.join(u'\n')));
        QCOMPARE(s.source->aclOf(kProjects), sourceAcl);
        QCOMPARE(s.source->snapshot(), sourceBefore);

        // Re-run: nothing changed, nothing sent. Then a new source entry: only it.
        r = migrate(s, state);
        QVERIFY(r.fatal.ok());
        QCOMPARE(folderReport(r, u"Projects"_qs)->aclEntries, 0u);
        s.source->putAcl(kProjects, u"dave"_qs, u"lr"_qs);
        r = migrate(s, state);
        QCOMPARE(folderReport(r, u"Projects"_qs)->aclEntries, 1u);
        QCOMPARE(s.target->aclOf(kProjects).value(u"dave"_qs), u"lr"_qs);
    }

    void runMapsIdentifiers()
    {
        Servers s = fresh();
        s.source->putAcl(kProjects, u"zoe"_qs, u"lr"_qs);
        QTemporaryDir dir;
        const MigrationReport r = migrate(s, dir.filePath(u"s.sqlite"_qs), [](MigrationOptions &o) {
            o.mapIdentifier = [](const QString &id) {
                return id == QLatin1String("carol") ? u"carol@new.example"_qs : QString();
            };
        });
        QVERIFY(r.fatal.ok());
        QCOMPARE(s.target->aclOf(kProjects), acl({{u"carol@new.example"_qs, u"lrs"_qs}}));
        QVERIFY(anyWarning(r, {u"Projects"_qs, u"zoe"_qs, u"no identity"_qs}));
    }

    void runNamesRightsTheTargetCannotHold()
    {
        Servers s = fresh();
        s.target->setAclRights(u"lrsw"_qs);
        s.source->putAcl(kProjects, u"carol"_qs, u"lrsxk"_qs);
        QTemporaryDir dir;
        const MigrationReport r = migrate(s, dir.filePath(u"s.sqlite"_qs));
        QVERIFY(r.fatal.ok());
        QCOMPARE(s.target->aclOf(kProjects).value(u"carol"_qs), u"lrs"_qs);
        QVERIFY(anyWarning(r, {u"Projects"_qs, u"carol"_qs, u"'x'"_qs}));
        QVERIFY(anyWarning(r, {u"Projects"_qs, u"carol"_qs, u"'k'"_qs}));
    }

    void runWithoutTargetAclWarns()
    {
        Servers s = fresh(true, false);
        QTemporaryDir dir;
        const MigrationReport r = migrate(s, dir.filePath(u"s.sqlite"_qs));
        QVERIFY(r.fatal.ok());
        QVERIFY(anyWarning(r, {u"access rights"_qs, u"target"_qs}));
        QCOMPARE(folderReport(r, u"Projects"_qs)->aclEntries, 0u);
    }

    void runWithoutAclIsQuiet()
    {
        Servers s = fresh(false, false);
        QTemporaryDir dir;
        const MigrationReport r = migrate(s, dir.filePath(u"s.sqlite"_qs));
        QVERIFY(r.fatal.ok());
        QVERIFY2(r.warnings.isEmpty(), qPrintable(r.warnings.join(u'\n')));
    }

    void sharedFoldersLeftOutByDefault()
    {
        Servers s = fresh();
        s.source->addMessage(kBobsTeam, test::sampleMessage(7, "team"));
        s.source->putAcl(kBobsTeam, u"dave"_qs, u"lr"_qs);
        QTemporaryDir dir;
        const MigrationReport r = migrate(s, dir.filePath(u"s.sqlite"_qs));
        QVERIFY(r.fatal.ok());
        for (const FolderReport &f : r.folders)
            QVERIFY2(!f.source.startsWith(QLatin1Char('/')), qPrintable(f.source));
        QVERIFY(!s.target->folder(FolderRef{{u"Shared"_qs, u"bob"_qs, u"Team"_qs}}));
        QCOMPARE(r.totalCopied(), 1u);
    }

    void includeSharedCopiesUnderShared()
    {
        Servers s = fresh();
        s.source->addMessage(kBobsTeam, test::sampleMessage(7, "team"));
        s.source->putAcl(kBobsTeam, u"dave"_qs, u"lr"_qs);
        // A personal folder named like the shared one stays apart.
        s.source->addMessage(FolderRef{{u"Other Users"_qs, u"bob"_qs, u"Team"_qs}}, test::sampleMessage(8, "mine"));
        const MemorySnapshot sourceBefore = s.source->snapshot();
        QTemporaryDir dir;
        const QString state = dir.filePath(u"s.sqlite"_qs);
        MigrationReport r = migrate(s, state, [](MigrationOptions &o) { o.includeShared = true; });
        QVERIFY2(r.fatal.ok(), qPrintable(r.fatal.toString()));
        const FolderRef copied{{u"Shared"_qs, u"bob"_qs, u"Team"_qs}};
        const auto team = s.target->folder(copied);
        QVERIFY(team);
        QCOMPARE(team->messages.size(), 1);
        QVERIFY(team->messages.first().bytes.contains("team"));
        QVERIFY(s.target->aclOf(copied).isEmpty()); // no ACL for shared folders
        const FolderReport *f = folderReport(r, u"/Other Users/bob/Team"_qs);
        QVERIFY(f);
        QCOMPARE(f->target, u"Shared/bob/Team"_qs);
        QCOMPARE(f->copied, 1u);
        const FolderReport *mine = folderReport(r, u"Other Users/bob/Team"_qs);
        QVERIFY(mine);
        QCOMPARE(mine->copied, 1u);
        // A shared folder that lands in one of the person's own is named.
        QVERIFY(!anyWarning(r, {u"same folder"_qs}));
        QCOMPARE(s.source->snapshot(), sourceBefore);
        // Re-run: the journal knows both apart, nothing is copied again.
        r = migrate(s, state, [](MigrationOptions &o) { o.includeShared = true; });
        QVERIFY(r.fatal.ok());
        QCOMPARE(r.totalCopied(), 0u);
        QCOMPARE(s.target->folder(copied)->messages.size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestAclPass)
#include "tst_aclpass.moc"
