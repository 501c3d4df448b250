// Server-side refusals (issue 7): the engine's rules, each proved on in-memory
// servers — the real-server versions are tests/faults/test_refusals_{mail,dav}.py.
//   - a full target stops the pass at once and says to run again; the refused
//     message is named with what to do;
//   - a folder the target will not create is named with its message count;
//   - a target folder that opens READ-ONLY and refuses the first message is one
//     line for the folder (one message sent, not all of them);
//   - a source folder deleted between passes is a note; nothing on the target goes;
//   - a source folder gone between listing and opening is one clear line;
//   - a source folder that looks empty stops the pass and says what to do;
//   - DAV: every item refused with 507 is named; a collection the target will not
//     create is named with its item count; a collection gone once listed is said.
// A small decorator over the memory connector ("refusing://") plays the servers'
// refusals; a small DAV-like fake plays CalDAV.
#include <connector/connectorregistry.h>
#include <engine/collectionpass.h>
#include <engine/migrationengine.h>
#include <enginerun.h>
#include <memory/memoryserver.h>
#include <registerall.h>
#include <samplemailbox.h>
#include <state/statestore.h>

#include <QMap>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace ferry;

namespace {

// What the "refusing://" servers do differently from memory://, by folder display name.
struct Refusals {
    QSet<QString> refuseCreate;   // CREATE answered NO [CANNOT]
    QSet<QString> readOnly;       // opens READ-ONLY
    QSet<QString> noInsert;       // APPEND answered NO [NOPERM]
    QSet<QString> unlisted;       // not in LIST, and not there to open (deleted)
    QSet<QString> goneOnOpen;     // listed, but gone when opened
    int storesInto = 0;           // APPENDs sent to a folder that opened READ-ONLY
};
Refusals g_refusals;

class RefusingConnector : public Connector {
public:
    explicit RefusingConnector(ConnectorPtr inner) : m_in(std::move(inner)) {}
    QString describe() const override { return m_in->describe(); }
    Error connect() override { return m_in->connect(); }
    void disconnect() override { m_in->disconnect(); }
    bool isConnected() const override { return m_in->isConnected(); }
    Capabilities capabilities() const override { return m_in->capabilities(); }
    void setReadOnly(bool ro) override { m_in->setReadOnly(ro); }
    Result<QList<FolderInfo>> listFolders() override
    {
        auto r = m_in->listFolders();
        if (!r.ok())
            return r;
        QList<FolderInfo> out;
        for (const FolderInfo &f : std::as_const(*r))
            if (!g_refusals.unlisted.contains(f.ref.display()))
                out.append(f);
        return out;
    }
    Result<QHash<FolderRef, FolderState>> folderStates(const QList<FolderRef> &refs) override
    {
        return m_in->folderStates(refs);
    }
    Result<FolderState> openFolder(const FolderRef &f, bool readOnly) override
    {
        const QString name = f.display();
        if (g_refusals.goneOnOpen.contains(name) || g_refusals.unlisted.contains(name))
            return Error::make(ErrorCode::NotFound, QStringLiteral("opening folder %1").arg(name),
                               QStringLiteral("[NONEXISTENT] Mailbox doesn't exist: %1").arg(name));
        auto r = m_in->openFolder(f, readOnly);
        if (r.ok() && g_refusals.readOnly.contains(name))
            r->readOnly = true;
        return r;
    }
    Error listItems(const ListQuery &q, const ItemSink &sink) override { return m_in->listItems(q, sink); }
    Error fetchItems(const QList<RemoteId> &ids, const BodySink &sink) override { return m_in->fetchItems(ids, sink); }
    void storeItem(StoreRequest &&req, const StoreCallback &done) override
    {
        if (g_refusals.readOnly.contains(req.folder.display()))
            ++g_refusals.storesInto;
        if (g_refusals.noInsert.contains(req.folder.display())) {
            StoreResult r;
            r.token = req.token;
            r.error = Error::make(ErrorCode::Rejected, QStringLiteral("storing a message in %1").arg(req.folder.display()),
                                  QStringLiteral("[NOPERM] Permission denied"));
            done(std::move(r));
            return;
        }
        m_in->storeItem(std::move(req), done);
    }
    Error flush() override { return m_in->flush(); }
    Error setFlags(const QList<FlagChange> &changes) override { return m_in->setFlags(changes); }
    Error createFolder(const FolderInfo &f) override
    {
        if (g_refusals.refuseCreate.contains(f.ref.display()))
            return Error::make(ErrorCode::Rejected, QStringLiteral("creating folder %1").arg(f.ref.display()),
                               QStringLiteral("[CANNOT] Mailbox name too long"));
        return m_in->createFolder(f);
    }
    Error setSubscribed(const FolderRef &f, bool on) override { return m_in->setSubscribed(f, on); }
    quint64 bytesIn() const override { return m_in->bytesIn(); }
    quint64 bytesOut() const override { return m_in->bytesOut(); }

private:
    ConnectorPtr m_in;
};

int g_counter = 0;

struct Servers {
    QString src, tgt;
    std::shared_ptr<MemoryServer> source, target;
};

Servers fresh()
{
    Servers s;
    ++g_counter;
    s.src = QStringLiteral("rsrc%1").arg(g_counter);
    s.tgt = QStringLiteral("rtgt%1").arg(g_counter);
    MemoryServer::reset(s.src);
    MemoryServer::reset(s.tgt);
    s.source = MemoryServer::named(s.src);
    s.target = MemoryServer::named(s.tgt);
    g_refusals = Refusals{};
    return s;
}

MigrationReport migrate(const Servers &s, const QString &state, std::function<void(MigrationOptions &)> tweak = {})
{
    MigrationOptions o = test::engineOptions(QStringLiteral("refusing://alice@") + s.src,
                                             QStringLiteral("refusing://bob@") + s.tgt);
    o.batchItems = 4;
    if (tweak)
        tweak(o);
    return test::runEngine(o, state).report;
}

int count(const MemoryServer &m, const QString &folder)
{
    const auto f = m.folder(FolderRef::fromDisplay(folder));
    return f ? int(f->messages.size()) : -1;
}

void add(MemoryServer &m, const QString &folder, int n, int padKb = 0)
{
    for (int i = 0; i < n; ++i)
        m.addMessage(folder, test::sampleMessage(i, folder.toUtf8(), true, padKb));
}

// ----- a small CalDAV-like server for CollectionPass ------------------------------------

struct FakeDav {
    QMap<QString, QMap<RemoteId, QByteArray>> cols;
    int quotaItems = -1;        // storing beyond this many items in total: 507
    QSet<QString> refuseCreate; // MKCALENDAR answered 403
    QSet<QString> gone;         // listed, but 404 when opened
    int refusedStores = 0;
    int items() const
    {
        int n = 0;
        for (const auto &c : cols)
            n += c.size();
        return n;
    }
};
FakeDav g_davSrc, g_davTgt;

class FakeDavConnector : public Connector {
public:
    explicit FakeDavConnector(FakeDav &s) : m_s(s) {}
    QString describe() const override { return QStringLiteral("fake-dav"); }
    Error connect() override { m_on = true; return {}; }
    void disconnect() override { m_on = false; }
    bool isConnected() const override { return m_on; }
    Capabilities capabilities() const override { return {}; }
    void setReadOnly(bool) override {}
    Result<QList<FolderInfo>> listFolders() override
    {
        QList<FolderInfo> out;
        for (auto it = m_s.cols.cbegin(); it != m_s.cols.cend(); ++it) {
            FolderInfo f;
            f.ref = FolderRef{{it.key()}};
            f.nativeName = QStringLiteral("/dav/") + it.key() + QLatin1Char('/');
            f.kind = ItemKind::Event;
            f.collection.displayName = it.key();
            f.collection.components = {QStringLiteral("VEVENT")};
            out.append(f);
        }
        return out;
    }
    Result<QHash<FolderRef, FolderState>> folderStates(const QList<FolderRef> &) override
    {
        return QHash<FolderRef, FolderState>{};
    }
    Result<FolderState> openFolder(const FolderRef &f, bool) override
    {
        if (!m_s.cols.contains(f.display()) || m_s.gone.contains(f.display()))
            return Error::make(ErrorCode::NotFound, QStringLiteral("PROPFIND /dav/%1/ (HTTP 404): not found").arg(f.display()));
        m_open = f.display();
        FolderState st;
        st.syncToken = "t" + QByteArray::number(m_s.items()) + m_open.toUtf8();
        return st;
    }
    Error listItems(const ListQuery &, const ItemSink &sink) override
    {
        const auto &c = m_s.cols[m_open];
        for (auto it = c.cbegin(); it != c.cend(); ++it) {
            ItemMeta m;
            m.id = it.key();
            m.etag = "\"" + it.key() + "\"";
            m.size = it->size();
            sink(std::move(m));
        }
        return {};
    }
    Error fetchItems(const QList<RemoteId> &ids, const BodySink &sink) override
    {
        const auto &c = m_s.cols[m_open];
        for (const RemoteId &id : ids) {
            ItemMeta m;
            m.id = id;
            m.etag = "\"" + id + "\"";
            if (Error e = sink(std::move(m), ItemBody::fromBytes(c.value(id))))
                return e;
        }
        return {};
    }
    void storeItem(StoreRequest &&req, const StoreCallback &done) override
    {
        StoreResult r;
        r.token = req.token;
        auto &c = m_s.cols[req.folder.display()];
        if (m_s.quotaItems >= 0 && m_s.items() >= m_s.quotaItems) {
            ++m_s.refusedStores;
            r.error = Error::make(ErrorCode::Quota, QStringLiteral("PUT /dav/x (HTTP 507): the server has no space left"),
                                  QStringLiteral("Quota exceeded"), QStringLiteral("free space, then run again"));
        } else if (c.contains(req.meta.id) && req.ifMatch.isEmpty()) {
            r.error = Error::make(ErrorCode::Precondition, QStringLiteral("412"));
        } else {
            c.insert(req.meta.id, req.body.readAll());
            r.newId = req.meta.id;
            r.newEtag = "\"" + req.meta.id + "\"";
        }
        done(std::move(r));
    }
    Error flush() override { return {}; }
    Error setFlags(const QList<FlagChange> &) override { return {}; }
    Error createFolder(const FolderInfo &f) override
    {
        if (m_s.refuseCreate.contains(f.ref.display()))
            return Error::make(ErrorCode::Rejected, QStringLiteral("MKCALENDAR /dav/%1/ (HTTP 403): permission denied").arg(f.ref.display()),
                               QStringLiteral("not allowed here"));
        m_s.cols[f.ref.display()];
        return {};
    }
    Error setSubscribed(const FolderRef &, bool) override { return {}; }
    quint64 bytesIn() const override { return 0; }
    quint64 bytesOut() const override { return 0; }

private:
    FakeDav &m_s;
    QString m_open;
    bool m_on = false;
};

QByteArray calEvent(int n)
{
    return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:e" + QByteArray::number(n)
           + "\r\nSUMMARY:x\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
}

MigrationReport migrateDav(const QString &state)
{
    MigrationOptions o;
    o.davSource = *Endpoint::parse(QStringLiteral("fakedavr://alice@src"));
    o.davTarget = *Endpoint::parse(QStringLiteral("fakedavr://alice@tgt"));
    o.firstBackoffMs = 5;
    o.maxBackoffMs = 20;
    auto store = StateStore::open(state);
    if (!store.ok())
        qFatal("state: %s", qPrintable(store.error().toString()));
    MigrationEngine engine(o, *store);
    return engine.run();
}

} // namespace

class TestRefusals : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        registerAllConnectors();
        ConnectorRegistry::add(QStringLiteral("refusing"), [](const Endpoint &e) -> ConnectorPtr {
            Endpoint inner = e;
            inner.scheme = QStringLiteral("memory");
            return std::make_unique<RefusingConnector>(ConnectorRegistry::create(inner));
        });
        ConnectorRegistry::add(QStringLiteral("fakedavr"), [](const Endpoint &e) -> ConnectorPtr {
            return std::make_unique<FakeDavConnector>(e.host == QLatin1String("src") ? g_davSrc : g_davTgt);
        });
    }

    void fullTargetStopsAndSaysRunAgain()
    {
        Servers s = fresh();
        add(*s.source, QStringLiteral("INBOX"), 10, 2);
        s.target->setQuota(12000);
        QTemporaryDir dir;
        const QString state = dir.filePath(QStringLiteral("s.sqlite"));
        MigrationReport r = migrate(s, state);
        QCOMPARE(r.exitCode(), 6);
        QVERIFY2(r.fatal.hint.contains(QLatin1String("run the same command again")), qPrintable(r.fatal.hint));
        QVERIFY(!r.failures.isEmpty());
        for (const ItemFailure &f : std::as_const(r.failures)) {
            QCOMPARE(f.code, ErrorCode::Quota);
            QVERIFY2(f.reason.contains(QLatin1String("quota")), qPrintable(f.reason)); // what to do, in the line
            QVERIFY(f.serverText.contains(QLatin1String("OVERQUOTA")));
        }
        QVERIFY(r.failures.size() <= 2); // stopped, not one attempt per message
        const int first = count(*s.target, QStringLiteral("INBOX"));
        QVERIFY(first > 0 && first < 10);
        s.target->setQuota(0);
        r = migrate(s, state);
        QCOMPARE(r.exitCode(), 0);
        QCOMPARE(count(*s.target, QStringLiteral("INBOX")), 10); // the rest, no duplicate
    }

    void refusedFolderNamedWithItsCount()
    {
        Servers s = fresh();
        add(*s.source, QStringLiteral("INBOX"), 2);
        add(*s.source, QStringLiteral("Refused"), 3);
        g_refusals.refuseCreate = {QStringLiteral("Refused")};
        QTemporaryDir dir;
        const MigrationReport r = migrate(s, dir.filePath(QStringLiteral("s.sqlite")));
        QCOMPARE(r.exitCode(), 1);
        QCOMPARE(r.failures.size(), 1);
        QCOMPARE(r.failures[0].folder, QStringLiteral("Refused"));
        QVERIFY2(r.failures[0].reason.contains(QLatin1String("its 3 messages were not copied")), qPrintable(r.failures[0].reason));
        QCOMPARE(r.failures[0].serverText, QStringLiteral("[CANNOT] Mailbox name too long"));
        QCOMPARE(count(*s.target, QStringLiteral("INBOX")), 2);
    }

    void readOnlyTargetFolderIsOneLine()
    {
        Servers s = fresh();
        add(*s.source, QStringLiteral("INBOX"), 2);
        add(*s.source, QStringLiteral("Frozen"), 9);
        s.target->addFolder(QStringLiteral("Frozen"));
        s.target->addMessage(QStringLiteral("Frozen"), test::sampleMessage(99, "there before", true));
        g_refusals.readOnly = {QStringLiteral("Frozen")};
        g_refusals.noInsert = {QStringLiteral("Frozen")};
        QTemporaryDir dir;
        const MigrationReport r = migrate(s, dir.filePath(QStringLiteral("s.sqlite")));
        QCOMPARE(r.exitCode(), 1);
        QCOMPARE(r.failures.size(), 1);
        const ItemFailure &f = r.failures[0];
        QCOMPARE(f.folder, QStringLiteral("Frozen"));
        QCOMPARE(f.code, ErrorCode::ReadOnly);
        QVERIFY2(f.reason.contains(QLatin1String("its 9 messages were not copied")), qPrintable(f.reason));
        QCOMPARE(f.serverText, QStringLiteral("[NOPERM] Permission denied"));
        QCOMPARE(g_refusals.storesInto, 1); // one message tried, not nine
        QCOMPARE(count(*s.target, QStringLiteral("Frozen")), 1);
        QCOMPARE(count(*s.target, QStringLiteral("INBOX")), 2);
        for (const FolderReport &fr : r.folders)
            if (fr.source == QLatin1String("Frozen"))
                QCOMPARE(fr.failed, quint64(9));
    }

    void readOnlyFolderThatAcceptsIsCopied()
    {
        // READ-ONLY alone refuses nothing: a server that takes the first message gets the rest.
        Servers s = fresh();
        add(*s.source, QStringLiteral("Open"), 6);
        s.target->addFolder(QStringLiteral("Open"));
        g_refusals.readOnly = {QStringLiteral("Open")};
        QTemporaryDir dir;
        const MigrationReport r = migrate(s, dir.filePath(QStringLiteral("s.sqlite")));
        QCOMPARE(r.exitCode(), 0);
        QCOMPARE(count(*s.target, QStringLiteral("Open")), 6);
        QCOMPARE(g_refusals.storesInto, 6);
    }

    void folderDeletedBetweenPassesIsANote()
    {
        Servers s = fresh();
        add(*s.source, QStringLiteral("INBOX"), 2);
        add(*s.source, QStringLiteral("Gone"), 4);
        QTemporaryDir dir;
        const QString state = dir.filePath(QStringLiteral("s.sqlite"));
        QCOMPARE(migrate(s, state).exitCode(), 0);
        g_refusals.unlisted = {QStringLiteral("Gone")};
        const MigrationReport r = migrate(s, state);
        QCOMPARE(r.exitCode(), 0);
        QStringList notes;
        for (const QString &w : r.warnings)
            if (w.startsWith(QLatin1String("Gone:")))
                notes << w;
        QCOMPARE(notes.size(), 1);
        QVERIFY2(notes[0].contains(QLatin1String("no longer on the source")), qPrintable(notes[0]));
        QVERIFY(notes[0].contains(QLatin1String("nothing was deleted on the target")));
        QCOMPARE(count(*s.target, QStringLiteral("Gone")), 4);
    }

    void folderGoneBetweenListingAndOpening()
    {
        Servers s = fresh();
        add(*s.source, QStringLiteral("INBOX"), 2);
        add(*s.source, QStringLiteral("Late"), 3);
        g_refusals.goneOnOpen = {QStringLiteral("Late")};
        QTemporaryDir dir;
        const MigrationReport r = migrate(s, dir.filePath(QStringLiteral("s.sqlite")));
        QCOMPARE(r.exitCode(), 1);
        QCOMPARE(r.failures.size(), 1);
        QCOMPARE(r.failures[0].folder, QStringLiteral("Late"));
        QVERIFY2(r.failures[0].reason.contains(QLatin1String("no longer on the source")), qPrintable(r.failures[0].reason));
        QVERIFY(r.failures[0].serverText.contains(QLatin1String("NONEXISTENT")));
        QCOMPARE(count(*s.target, QStringLiteral("INBOX")), 2);
    }

    void emptiedSourceFolderSaysWhatToDo()
    {
        Servers s = fresh();
        add(*s.source, QStringLiteral("Project"), 3);
        QTemporaryDir dir;
        const QString state = dir.filePath(QStringLiteral("s.sqlite"));
        QCOMPARE(migrate(s, state).exitCode(), 0);
        const auto f = s.source->folder(FolderRef::fromDisplay(QStringLiteral("Project")));
        for (const auto &m : f->messages)
            s.source->removeMessage(f->ref, m.uid);
        const MemorySnapshot target = s.target->snapshot();
        const MigrationReport r = migrate(s, state);
        QCOMPARE(r.fatal.code, ErrorCode::SourceEmptied);
        QCOMPARE(r.exitCode(), 1);
        QVERIFY2(r.fatal.what.contains(QLatin1String("held 3 messages and now looks empty")), qPrintable(r.fatal.what));
        QVERIFY(r.fatal.what.contains(QLatin1String("nothing was changed on either side")));
        QVERIFY2(r.fatal.hint.contains(QLatin1String("leave this folder out")), qPrintable(r.fatal.hint));
        QCOMPARE(s.target->snapshot(), target);
        // The way on when it is meant: leave the folder out; the target keeps its copies.
        const MigrationReport skipped = migrate(s, state, [](MigrationOptions &o) {
            o.skipFolders = {QStringLiteral("Project")};
        });
        QCOMPARE(skipped.exitCode(), 0);
        QCOMPARE(count(*s.target, QStringLiteral("Project")), 3);
    }

    void davFullTargetNamesEveryRefusedItem()
    {
        g_davSrc = FakeDav{};
        g_davTgt = FakeDav{};
        for (int i = 0; i < 6; ++i)
            g_davSrc.cols[QStringLiteral("work")].insert("e" + QByteArray::number(i) + ".ics", calEvent(i));
        g_davTgt.quotaItems = 4;
        QTemporaryDir dir;
        const QString state = dir.filePath(QStringLiteral("s.sqlite"));
        MigrationReport r = migrateDav(state);
        QCOMPARE(r.exitCode(), 6);
        QCOMPARE(r.failures.size(), 2);
        for (const ItemFailure &f : std::as_const(r.failures)) {
            QCOMPARE(f.code, ErrorCode::Quota);
            QVERIFY2(f.reason.contains(QLatin1String("507")), qPrintable(f.reason));
            QCOMPARE(f.serverText, QStringLiteral("Quota exceeded"));
            QVERIFY(f.id.endsWith(QLatin1String(".ics")));
        }
        QCOMPARE(r.totalCopied(), quint64(4)); // counted although the pass stopped
        QCOMPARE(g_davTgt.refusedStores, 2);
        g_davTgt.quotaItems = -1;
        r = migrateDav(state);
        QCOMPARE(r.exitCode(), 0);
        QCOMPARE(r.totalCopied(), quint64(2));
        QCOMPARE(g_davTgt.cols[QStringLiteral("work")], g_davSrc.cols[QStringLiteral("work")]);
    }

    void davRefusedAndVanishedCollections()
    {
        g_davSrc = FakeDav{};
        g_davTgt = FakeDav{};
        for (int i = 0; i < 3; ++i) {
            g_davSrc.cols[QStringLiteral("family")].insert("h" + QByteArray::number(i) + ".ics", calEvent(i));
            g_davSrc.cols[QStringLiteral("projects")].insert("t" + QByteArray::number(i) + ".ics", calEvent(10 + i));
            g_davSrc.cols[QStringLiteral("trips")].insert("w" + QByteArray::number(i) + ".ics", calEvent(20 + i));
        }
        g_davTgt.refuseCreate = {QStringLiteral("projects")};
        QTemporaryDir dir;
        const QString state = dir.filePath(QStringLiteral("s.sqlite"));
        MigrationReport r = migrateDav(state);
        QCOMPARE(r.exitCode(), 1);
        QCOMPARE(r.failures.size(), 1);
        QCOMPARE(r.failures[0].folder, QStringLiteral("projects"));
        QVERIFY2(r.failures[0].reason.contains(QLatin1String("refused to create projects")), qPrintable(r.failures[0].reason));
        QVERIFY(r.failures[0].reason.contains(QLatin1String("its 3 items were not copied")));
        QVERIFY(r.failures[0].reason.contains(QLatin1String("403")));
        QCOMPARE(r.failures[0].serverText, QStringLiteral("not allowed here"));
        QCOMPARE(g_davTgt.cols.value(QStringLiteral("family")).size(), 3);

        // "family" deleted on the source, "trips" listed but gone when read.
        g_davTgt.refuseCreate.clear();
        g_davSrc.cols.remove(QStringLiteral("family"));
        g_davSrc.cols[QStringLiteral("trips")].insert("w9.ics", calEvent(29));
        g_davSrc.gone = {QStringLiteral("trips")};
        r = migrateDav(state);
        QCOMPARE(r.exitCode(), 1);
        QStringList notes;
        for (const QString &w : r.warnings)
            if (w.contains(QLatin1String("no longer on the source")))
                notes << w;
        QCOMPARE(notes.size(), 1);
        QVERIFY2(notes[0].startsWith(QLatin1String("/dav/family/")), qPrintable(notes[0]));
        QCOMPARE(r.failures.size(), 1);
        QCOMPARE(r.failures[0].folder, QStringLiteral("trips"));
        QVERIFY2(r.failures[0].reason.contains(QLatin1String("no longer on the source")), qPrintable(r.failures[0].reason));
        QCOMPARE(g_davTgt.cols.value(QStringLiteral("family")).size(), 3); // nothing deleted
        QCOMPARE(g_davTgt.cols.value(QStringLiteral("trips")).size(), 3);
        QCOMPARE(g_davTgt.cols.value(QStringLiteral("projects")).size(), 3);
    }
};

QTEST_GUILESS_MAIN(TestRefusals)
#include "tst_refusals.moc"
