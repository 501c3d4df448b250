// CollectionPass (contacts, calendars, tasks) on a small in-test DAV-like store:
// conditional writes (If-None-Match / If-Match with etags), sync tokens with a
// change log, refusals and dropped connections. What a real CalDAV/CardDAV server
// does is tested against Radicale in tests/integration; this proves the engine's
// rules, including resume at every commit.
#include <connector/connectorregistry.h>
#include <engine/collectionmapper.h>
#include <engine/collectionpass.h>
#include <engine/migrationengine.h>
#include <engine/progress.h>

#include <QMap>
#include <QTemporaryDir>
#include <QTest>

using namespace ferry;

namespace {

struct FakeItem {
    QByteArray bytes;
    QByteArray etag;
};

struct FakeCollection {
    FolderInfo info;
    QMap<RemoteId, FakeItem> items;
    quint64 token = 1;
    QList<QPair<quint64, RemoteId>> log; // (token after the change, id)
};

struct FakeDavServer {
    QMap<QString, FakeCollection> cols;
    quint64 etags = 0;
    quint64 forgetTokensBelow = 0;    // listChanges(token < this) -> Precondition
    QByteArray rejectMarker;          // a stored item containing this is refused
    QByteArray rejectAlwaysMarker;    // … even after the fallback
    int failAtOp = 0;                 // the n-th operation from now fails (Network); 0 = never
    int quotaItems = -1;              // storing beyond this many items: 507 (Quota); -1 = no limit
    bool uidUnique = true;            // a second name for a UID: 409 no-uid-conflict (RFC 4791 §5.3.2.1)
    bool nameConflictingId = false;   // … and say which resource holds it
    int ops = 0;
    int stores = 0;
    int listChangesCalls = 0;

    FakeCollection &add(const QString &name, ItemKind kind = ItemKind::Event)
    {
        FakeCollection &c = cols[name];
        c.info.ref = FolderRef{{name}};
        c.info.nativeName = QStringLiteral("/dav/") + name + QLatin1Char('/');
        c.info.kind = kind;
        c.info.collection.displayName = name;
        if (kind != ItemKind::Contact)
            c.info.collection.components = {QStringLiteral("VEVENT"), QStringLiteral("VTODO")};
        return c;
    }
    QByteArray put(const QString &col, const RemoteId &id, const QByteArray &bytes)
    {
        FakeCollection &c = cols[col];
        const QByteArray etag = "\"e" + QByteArray::number(++etags) + '"';
        c.items[id] = FakeItem{bytes, etag};
        c.log.append({++c.token, id});
        return etag;
    }
    bool fault()
    {
        ++ops;
        if (failAtOp > 0 && --failAtOp == 0)
            return true;
        return false;
    }
};

QByteArray vevent(const QByteArray &uid, const QByteArray &summary)
{
    return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:" + uid + "\r\nSUMMARY:" + summary
           + "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
}

Error networkDown()
{
    return Error::make(ErrorCode::Network, QStringLiteral("connection lost"));
}

class FakeDavConnector : public Connector {
public:
    explicit FakeDavConnector(FakeDavServer &s) : m_s(s) {}
    QString describe() const override { return QStringLiteral("fake-dav://test"); }
    Error connect() override { m_connected = true; return {}; }
    void disconnect() override { m_connected = false; }
    bool isConnected() const override { return m_connected; }
    Capabilities capabilities() const override
    {
        Capabilities c;
        c.syncCollection = true;
        return c;
    }
    void setReadOnly(bool ro) override { m_readOnly = ro; }
    Result<QList<FolderInfo>> listFolders() override
    {
        QList<FolderInfo> out;
        for (const auto &c : std::as_const(m_s.cols))
            out.append(c.info);
        return out;
    }
    Result<QHash<FolderRef, FolderState>> folderStates(const QList<FolderRef> &) override
    {
        return QHash<FolderRef, FolderState>{};
    }
    Result<FolderState> openFolder(const FolderRef &f, bool) override
    {
        if (m_s.fault())
            return networkDown();
        if (!m_s.cols.contains(f.display()))
            return Error::make(ErrorCode::NotFound, QStringLiteral("no collection ") + f.display());
        m_open = f.display();
        FolderState st;
        st.syncToken = "tok-" + QByteArray::number(m_s.cols[m_open].token);
        st.count = quint64(m_s.cols[m_open].items.size());
        return st;
    }
    Error listItems(const ListQuery &, const ItemSink &sink) override
    {
        if (m_s.fault())
            return networkDown();
        const FakeCollection &c = m_s.cols[m_open];
        for (auto it = c.items.cbegin(); it != c.items.cend(); ++it) {
            ItemMeta m;
            m.id = it.key();
            m.etag = it->etag;
            m.size = it->bytes.size();
            sink(std::move(m));
        }
        return {};
    }
    Result<QByteArray> listChanges(const QByteArray &token, const ItemSink &sink) override
    {
        ++m_s.listChangesCalls;
        if (m_s.fault())
            return networkDown();
        const quint64 since = token.mid(4).toULongLong();
        if (since < m_s.forgetTokensBelow)
            return Error::make(ErrorCode::Precondition, QStringLiteral("valid-sync-token"));
        const FakeCollection &c = m_s.cols[m_open];
        QSet<RemoteId> sent;
        for (const auto &[tok, id] : c.log) {
            if (tok <= since || sent.contains(id) || !c.items.contains(id))
                continue;
            sent.insert(id);
            ItemMeta m;
            m.id = id;
            m.etag = c.items[id].etag;
            m.size = c.items[id].bytes.size();
            sink(std::move(m));
        }
        return "tok-" + QByteArray::number(c.token);
    }
    Error fetchItems(const QList<RemoteId> &ids, const BodySink &sink) override
    {
        if (m_s.fault())
            return networkDown();
        const FakeCollection &c = m_s.cols[m_open];
        for (const RemoteId &id : ids) {
            const auto it = c.items.constFind(id);
            if (it == c.items.cend())
                continue;
            ItemMeta m;
            m.id = id;
            m.etag = it->etag;
            if (Error e = sink(std::move(m), ItemBody::fromBytes(it->bytes)))
                return e;
        }
        return {};
    }
    void storeItem(StoreRequest &&req, const StoreCallback &done) override
    {
        StoreResult r;
        r.token = req.token;
        ++m_s.stores;
        const QByteArray bytes = req.body.readAll();
        FakeCollection &c = m_s.cols[req.folder.display()];
        const auto it = c.items.constFind(req.meta.id);
        if (m_readOnly) {
            r.error = Error::make(ErrorCode::ReadOnly, QStringLiteral("read-only"));
        } else if (m_s.fault()) {
            r.error = networkDown();
        } else if (m_s.quotaItems >= 0 && c.items.size() >= m_s.quotaItems && it == c.items.cend()) {
            r.error = Error::make(ErrorCode::Quota, QStringLiteral("PUT refused (HTTP 507)"),
                                  QStringLiteral("507 Insufficient Storage"),
                                  QStringLiteral("make room in the new account, then run again"));
        } else if ((!m_s.rejectMarker.isEmpty() && bytes.contains(m_s.rejectMarker) && !bytes.contains("Kept by Ferry"))
                   || (!m_s.rejectAlwaysMarker.isEmpty() && bytes.contains(m_s.rejectAlwaysMarker))) {
            r.error = Error::make(ErrorCode::Rejected, QStringLiteral("PUT refused"), QStringLiteral("403 Forbidden: bad property"));
        } else if (req.ifMatch.isEmpty() ? it != c.items.cend() : (it == c.items.cend() || it->etag != req.ifMatch)) {
            r.error = Error::make(ErrorCode::Precondition, QStringLiteral("412 Precondition Failed"));
        } else if (const RemoteId other = holderOf(c, objectUid(bytes), req.meta.id); m_s.uidUnique && !other.isEmpty()) {
            r.error = Error::make(ErrorCode::Precondition, QStringLiteral("409 Conflict"), QStringLiteral("no-uid-conflict"));
            r.uidConflict = true;
            if (m_s.nameConflictingId)
                r.existingId = other;
        } else {
            r.newEtag = m_s.put(req.folder.display(), req.meta.id, bytes);
            r.newId = req.meta.id;
        }
        done(std::move(r));
    }
    Error flush() override { return {}; }
    static RemoteId holderOf(const FakeCollection &c, const QByteArray &uid, const RemoteId &except)
    {
        for (auto it = c.items.cbegin(); it != c.items.cend(); ++it)
            if (it.key() != except && !uid.isEmpty() && objectUid(it->bytes) == uid)
                return it.key();
        return {};
    }
    Error setFlags(const QList<FlagChange> &) override { return {}; }
    Error createFolder(const FolderInfo &f) override
    {
        if (m_s.fault())
            return networkDown();
        if (!m_s.cols.contains(f.ref.display())) {
            FakeCollection &c = m_s.cols[f.ref.display()];
            c.info = f;
            c.info.nativeName = QStringLiteral("/remote.php/dav/") + f.ref.display() + QLatin1Char('/');
        }
        return {};
    }
    Error setSubscribed(const FolderRef &, bool) override { return {}; }
    quint64 bytesIn() const override { return 0; }
    quint64 bytesOut() const override { return 0; }

private:
    FakeDavServer &m_s;
    QString m_open;
    bool m_connected = false;
    bool m_readOnly = false;
};

// Moves what the fake target refuses ("BADPROP") into a "Kept by Ferry" note.
class NotesTransformer : public IdentityTransformer {
public:
    std::optional<TransformResult> fallback(const FolderInfo &, const ItemMeta &, const ItemBody &prepared,
                                            const Error &) override
    {
        QByteArray b = prepared.readAll();
        if (!b.contains("BADPROP"))
            return std::nullopt;
        b.replace("X-BADPROP:1\r\n", "DESCRIPTION:Kept by Ferry:\\nX-BADPROP:1\r\n");
        TransformResult r;
        r.body = ItemBody::fromBytes(b);
        r.changes << QStringLiteral("X-BADPROP");
        return r;
    }
};

struct Outcome {
    Error error;
    FolderReport report;
    QList<ItemFailure> failures;
    QStringList warnings;
};

Outcome runPass(FakeDavServer &src, FakeDavServer &tgt, const std::shared_ptr<StateStore> &store,
                const QString &collection, MigrationOptions options = {})
{
    FakeDavConnector s(src), t(tgt);
    s.setReadOnly(true);
    ProgressTracker progress;
    EngineContext ctx(options, store, progress);
    CollectionMapping m;
    m.source = src.cols[collection].info;
    m.targetExists = tgt.cols.contains(collection);
    m.target = m.targetExists ? tgt.cols[collection].info : m.source;
    NotesTransformer transformer;
    CollectionPass pass(ctx, s, t, m, transformer);
    Outcome o;
    o.error = pass.run();
    o.report = pass.report;
    o.failures = pass.failures;
    o.warnings = pass.warnings;
    return o;
}

QMap<RemoteId, QByteArray> contents(FakeDavServer &s, const QString &col)
{
    QMap<RemoteId, QByteArray> out;
    for (auto it = s.cols[col].items.cbegin(); it != s.cols[col].items.cend(); ++it)
        out.insert(it.key(), it->bytes);
    return out;
}

void fill(FakeDavServer &src, int n)
{
    src.add(QStringLiteral("work"));
    for (int i = 0; i < n; ++i)
        src.put(QStringLiteral("work"), "item-" + QByteArray::number(i) + ".ics",
                vevent("uid-" + QByteArray::number(i) + "@example.org", "Meeting " + QByteArray::number(i)));
}

} // namespace

class TestCollectionPass : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init() { QVERIFY(m_dir.isValid()); }

    void copiesThenSkipsUnchanged()
    {
        FakeDavServer src, tgt;
        fill(src, 5);
        auto store = openStore();
        const Outcome first = runPass(src, tgt, store, QStringLiteral("work"));
        QVERIFY2(first.error.ok(), qPrintable(first.error.toString()));
        QCOMPARE(first.report.copied, quint64(5));
        QVERIFY(first.report.created);
        QCOMPARE(contents(tgt, QStringLiteral("work")), contents(src, QStringLiteral("work")));
        QCOMPARE(tgt.cols[QStringLiteral("work")].info.collection.displayName, QStringLiteral("work"));

        const int stores = tgt.stores;
        const int ops = src.ops;
        const Outcome second = runPass(src, tgt, store, QStringLiteral("work"));
        QVERIFY(second.error.ok());
        QVERIFY(second.report.skippedUnchanged);
        QCOMPARE(second.report.alreadyThere, quint64(5));
        QCOMPARE(tgt.stores, stores);
        QCOMPARE(src.ops, ops + 1); // one request: the collection's token
        QCOMPARE(store->countItems(ItemOutcome::Pending), quint64(0));
    }

    void bringsChangesBySyncToken()
    {
        FakeDavServer src, tgt;
        fill(src, 5);
        auto store = openStore();
        QVERIFY(runPass(src, tgt, store, QStringLiteral("work")).error.ok());
        src.put(QStringLiteral("work"), "item-2.ics", vevent("uid-2@example.org", "Moved to Tuesday"));
        src.put(QStringLiteral("work"), "new.ics", vevent("uid-new@example.org", "New"));
        const Outcome o = runPass(src, tgt, store, QStringLiteral("work"));
        QVERIFY2(o.error.ok(), qPrintable(o.error.toString()));
        QCOMPARE(src.listChangesCalls, 1);
        QCOMPARE(o.report.updated, quint64(1));
        QCOMPARE(o.report.copied, quint64(1));
        QCOMPARE(contents(tgt, QStringLiteral("work")), contents(src, QStringLiteral("work")));
    }

    void forgottenTokenListsEverything()
    {
        FakeDavServer src, tgt;
        fill(src, 4);
        auto store = openStore();
        QVERIFY(runPass(src, tgt, store, QStringLiteral("work")).error.ok());
        src.put(QStringLiteral("work"), "item-1.ics", vevent("uid-1@example.org", "Changed"));
        src.forgetTokensBelow = 1000;
        const Outcome o = runPass(src, tgt, store, QStringLiteral("work"));
        QVERIFY2(o.error.ok(), qPrintable(o.error.toString()));
        QCOMPARE(o.report.updated, quint64(1));
        QCOMPARE(o.report.alreadyThere, quint64(3));
        QCOMPARE(contents(tgt, QStringLiteral("work")), contents(src, QStringLiteral("work")));
    }

    void changedOnBothSidesKeepsTheTargets()
    {
        FakeDavServer src, tgt;
        fill(src, 3);
        auto store = openStore();
        QVERIFY(runPass(src, tgt, store, QStringLiteral("work")).error.ok());
        src.put(QStringLiteral("work"), "item-0.ics", vevent("uid-0@example.org", "Source edit"));
        const QByteArray theirs = vevent("uid-0@example.org", "Edited on the new server");
        tgt.put(QStringLiteral("work"), "item-0.ics", theirs);
        for (int round = 0; round < 2; ++round) {
            const Outcome o = runPass(src, tgt, store, QStringLiteral("work"));
            QVERIFY2(o.error.ok(), qPrintable(o.error.toString()));
            QCOMPARE(o.report.conflicts, quint64(1));
            QCOMPARE(o.failures.size(), 1);
            QCOMPARE(o.failures[0].code, ErrorCode::Precondition);
            QCOMPARE(o.failures[0].uid, QStringLiteral("uid-0@example.org"));
            QVERIFY(o.failures[0].reason.contains(QLatin1String("both sides")));
            QCOMPARE(tgt.cols[QStringLiteral("work")].items["item-0.ics"].bytes, theirs);
        }
    }

    void itemAlreadyOnTargetIsMatchedNotDuplicated()
    {
        FakeDavServer src, tgt;
        fill(src, 3);
        tgt.add(QStringLiteral("work"));
        tgt.put(QStringLiteral("work"), "item-1.ics", src.cols[QStringLiteral("work")].items["item-1.ics"].bytes);
        const QByteArray other = vevent("someone-else@example.org", "Not ours");
        tgt.put(QStringLiteral("work"), "item-2.ics", other);
        auto store = openStore();
        const Outcome o = runPass(src, tgt, store, QStringLiteral("work"));
        QVERIFY2(o.error.ok(), qPrintable(o.error.toString()));
        QCOMPARE(o.report.copied, quint64(1));
        QCOMPARE(o.report.alreadyThere, quint64(1));
        QCOMPARE(o.report.failed, quint64(1));
        QVERIFY(o.failures[0].reason.contains(QLatin1String("different item")));
        QCOMPARE(tgt.cols[QStringLiteral("work")].items.size(), 3);
        QCOMPARE(tgt.cols[QStringLiteral("work")].items["item-2.ics"].bytes, other);
    }

    // An item the target holds under another name (same UID: copied there by hand
    // or by another tool) is matched there, or reported if it differs — never a
    // second copy, never a wrong "different item" message.
    void sameUidUnderAnotherNameIsMatched()
    {
        for (const bool serverNamesIt : {false, true}) {
            FakeDavServer src, tgt;
            fill(src, 3);
            tgt.add(QStringLiteral("work"));
            tgt.nameConflictingId = serverNamesIt;
            tgt.put(QStringLiteral("work"), "imported-by-hand.ics", src.cols[QStringLiteral("work")].items["item-0.ics"].bytes);
            const QByteArray other = vevent("uid-1@example.org", "Edited elsewhere");
            tgt.put(QStringLiteral("work"), "another-tool.ics", other);
            auto store = openStore();
            const Outcome o = runPass(src, tgt, store, QStringLiteral("work"));
            QVERIFY2(o.error.ok(), qPrintable(o.error.toString()));
            QCOMPARE(o.report.copied, quint64(1));
            QCOMPARE(o.report.alreadyThere, quint64(1));
            QCOMPARE(o.report.failed, quint64(1));
            QVERIFY2(o.failures[0].reason.contains(QLatin1String("same UID")), qPrintable(o.failures[0].reason));
            QVERIFY(o.failures[0].reason.contains(QLatin1String("another-tool.ics")));
            QCOMPARE(tgt.cols[QStringLiteral("work")].items.size(), 3); // the 2 there before + item-2
            QCOMPARE(tgt.cols[QStringLiteral("work")].items["another-tool.ics"].bytes, other);
            // The matched one is remembered under the target's name: a change on the
            // source later updates that one.
            src.put(QStringLiteral("work"), "item-0.ics", vevent("uid-0@example.org", "Moved"));
            const Outcome again = runPass(src, tgt, store, QStringLiteral("work"));
            QCOMPARE(again.report.updated, quint64(1));
            QVERIFY(tgt.cols[QStringLiteral("work")].items["imported-by-hand.ics"].bytes.contains("Moved"));
            QVERIFY(!tgt.cols[QStringLiteral("work")].items.contains("item-0.ics"));
        }
    }

    void refusedItemIsRetriedWithNotesThenReported()
    {
        FakeDavServer src, tgt;
        fill(src, 2);
        src.put(QStringLiteral("work"), "odd.ics",
                "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:odd\r\nX-BADPROP:1\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n");
        src.put(QStringLiteral("work"), "hopeless.ics",
                "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:hopeless\r\nX-BADPROP:1\r\nX-NEVER:1\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n");
        tgt.rejectMarker = "X-BADPROP";
        tgt.rejectAlwaysMarker = "X-NEVER";
        auto store = openStore();
        const Outcome o = runPass(src, tgt, store, QStringLiteral("work"));
        QVERIFY2(o.error.ok(), qPrintable(o.error.toString()));
        QCOMPARE(o.report.copied, quint64(3));
        QCOMPARE(o.report.failed, quint64(1));
        QCOMPARE(o.failures[0].id, QStringLiteral("hopeless.ics"));
        QVERIFY(o.failures[0].reason.contains(QLatin1String("403 Forbidden")));
        QVERIFY(tgt.cols[QStringLiteral("work")].items["odd.ics"].bytes.contains("Kept by Ferry"));
        QVERIFY(o.warnings.join(u'\n').contains(QLatin1String("odd.ics")));
        // The refused one is tried again next time (and reported again), nothing else is written.
        const int stores = tgt.stores;
        const Outcome again = runPass(src, tgt, store, QStringLiteral("work"));
        QCOMPARE(again.report.failed, quint64(1));
        QCOMPARE(tgt.stores, stores + 2); // as it was, then with notes
    }

    void emptiedSourceStops()
    {
        FakeDavServer src, tgt;
        fill(src, 3);
        auto store = openStore();
        QVERIFY(runPass(src, tgt, store, QStringLiteral("work")).error.ok());
        src.cols[QStringLiteral("work")].items.clear();
        src.cols[QStringLiteral("work")].token += 1;
        src.forgetTokensBelow = 1000; // forces a full listing
        const Outcome o = runPass(src, tgt, store, QStringLiteral("work"));
        QCOMPARE(o.error.code, ErrorCode::SourceEmptied);
        QCOMPARE(tgt.cols[QStringLiteral("work")].items.size(), 3);
    }

    // A full target (HTTP 507) stops the pass with the server's words, keeps
    // what was copied, and the engine exits 6; a run after making room finishes.
    void fullTargetStops()
    {
        static FakeDavServer src, tgt;
        src = FakeDavServer{};
        tgt = FakeDavServer{};
        fill(src, 6);
        tgt.add(QStringLiteral("work"));
        tgt.quotaItems = 4;
        ConnectorRegistry::add(QStringLiteral("fakedavq"), [](const Endpoint &e) -> ConnectorPtr {
            return std::make_unique<FakeDavConnector>(e.host == QLatin1String("src") ? src : tgt);
        });
        MigrationOptions o;
        o.davSource = *Endpoint::parse(QStringLiteral("fakedavq://alice@src"));
        o.davTarget = *Endpoint::parse(QStringLiteral("fakedavq://alice@tgt"));
        auto store = openStore();
        {
            MigrationEngine engine(o, store);
            const MigrationReport r = engine.run();
            QCOMPARE(r.fatal.code, ErrorCode::Quota);
            QCOMPARE(r.fatal.side, Side::Target);
            QVERIFY(r.fatal.serverText.contains(QLatin1String("507")));
            QCOMPARE(r.exitCode(), 6);
            QCOMPARE(tgt.cols[QStringLiteral("work")].items.size(), 4);
            QCOMPARE(store->countItems(ItemOutcome::Pending), quint64(0)); // the batch was recorded
            QCOMPARE(store->countItems(ItemOutcome::Copied), quint64(4));
        }
        tgt.quotaItems = -1;
        MigrationEngine engine(o, store);
        const MigrationReport r = engine.run();
        QVERIFY2(r.fatal.ok(), qPrintable(r.fatal.toString()));
        QCOMPARE(contents(tgt, QStringLiteral("work")), contents(src, QStringLiteral("work")));
        QCOMPARE(store->countItems(ItemOutcome::Pending), quint64(0));
    }

    void dryRunWritesNothing()
    {
        FakeDavServer src, tgt;
        fill(src, 3);
        auto store = openStore();
        MigrationOptions opt;
        opt.dryRun = true;
        const Outcome o = runPass(src, tgt, store, QStringLiteral("work"), opt);
        QVERIFY(o.error.ok());
        QCOMPARE(o.report.copied, quint64(3));
        QVERIFY(tgt.cols.isEmpty());
        QCOMPARE(store->commitCount(), quint64(0));
    }

    void networkFaultsResumeWithoutDuplicates()
    {
        for (int failAt = 1; failAt <= 14; ++failAt) {
            FakeDavServer src, tgt;
            fill(src, 6);
            auto store = openStore();
            tgt.failAtOp = failAt;
            Outcome o = runPass(src, tgt, store, QStringLiteral("work"));
            for (int i = 0; i < 3 && !o.error.ok(); ++i) {
                QCOMPARE(o.error.code, ErrorCode::Network);
                o = runPass(src, tgt, store, QStringLiteral("work"));
            }
            QVERIFY2(o.error.ok(), qPrintable(QStringLiteral("fail at %1: %2").arg(failAt).arg(o.error.toString())));
            QCOMPARE(contents(tgt, QStringLiteral("work")), contents(src, QStringLiteral("work")));
            QCOMPARE(store->countItems(ItemOutcome::Pending), quint64(0));
            QCOMPARE(store->countItems(ItemOutcome::Failed), quint64(0));
        }
    }

    // Stop after every state commit (before and after it), resume, and compare with
    // a clean run: a first pass of 250 items (3 batches) and an incremental one.
    void resumeAtEveryStep()
    {
        const auto scenario = [](FakeDavServer &src) {
            fill(src, 250);
        };
        const auto change = [](FakeDavServer &src) {
            src.put(QStringLiteral("work"), "item-7.ics", vevent("uid-7@example.org", "Changed"));
            src.put(QStringLiteral("work"), "late.ics", vevent("late@example.org", "Late"));
        };
        // Clean run: count the commits.
        quint64 commits = 0;
        QMap<RemoteId, QByteArray> expected;
        {
            FakeDavServer src, tgt;
            scenario(src);
            auto store = openStore();
            QVERIFY(runPass(src, tgt, store, QStringLiteral("work")).error.ok());
            change(src);
            QVERIFY(runPass(src, tgt, store, QStringLiteral("work")).error.ok());
            commits = store->commitCount();
            expected = contents(tgt, QStringLiteral("work"));
            QCOMPARE(expected, contents(src, QStringLiteral("work")));
        }
        QVERIFY(commits >= 6);
        int stops = 0;
        for (quint64 k = 0; k <= commits; ++k) {
            for (const bool before : {true, false}) {
                FakeDavServer src, tgt;
                scenario(src);
                auto store = openStore();
                MigrationOptions stopping;
                auto fired = std::make_shared<bool>(false);
                stopping.stopHook = [k, before, fired](quint64 done, bool isBefore) {
                    if (*fired || done != k || isBefore != before)
                        return false;
                    *fired = true;
                    return true;
                };
                bool changed = false;
                // Run (stopping once, at k) until both passes completed.
                for (int attempt = 0; attempt < 6; ++attempt) {
                    const Outcome o = runPass(src, tgt, store, QStringLiteral("work"), stopping);
                    if (!o.error.ok()) {
                        QCOMPARE(o.error.code, ErrorCode::Cancelled);
                        ++stops;
                        continue;
                    }
                    if (changed)
                        break;
                    change(src);
                    changed = true;
                }
                QCOMPARE(contents(tgt, QStringLiteral("work")), expected);
                QCOMPARE(store->countItems(ItemOutcome::Pending), quint64(0));
                QCOMPARE(store->countItems(ItemOutcome::Failed), quint64(0));
            }
        }
        qInfo("%llu commits, %d stop points resumed", commits, stops);
        QVERIFY(stops >= int(commits));
    }

    void mapsCollectionsByNameDisplayNameAndDefault()
    {
        const auto col = [](const QString &name, const QString &display, ItemKind kind, QStringList comps = {}) {
            FolderInfo f;
            f.ref = FolderRef{{name}};
            f.nativeName = QStringLiteral("/x/") + name + QLatin1Char('/');
            f.kind = kind;
            f.collection.displayName = display;
            f.collection.components = comps;
            return f;
        };
        const QStringList ev{QStringLiteral("VEVENT")}, td{QStringLiteral("VTODO")};
        const QList<FolderInfo> src{
            col(QStringLiteral("default"), QStringLiteral("Personal"), ItemKind::Event, ev),
            col(QStringLiteral("work"), QStringLiteral("Work"), ItemKind::Event, ev),
            col(QStringLiteral("abc-123"), QStringLiteral("Holidays"), ItemKind::Event, ev),
            col(QStringLiteral("todo"), QStringLiteral("Tasks"), ItemKind::Event, td),
            col(QStringLiteral("contacts"), QStringLiteral("Contacts"), ItemKind::Contact),
            col(QStringLiteral("family"), QStringLiteral("Family"), ItemKind::Event, ev),
        };
        const QList<FolderInfo> tgt{
            col(QStringLiteral("calendar"), QStringLiteral("Calendar"), ItemKind::Event, ev),   // default
            col(QStringLiteral("work"), QStringLiteral("Job"), ItemKind::Event, ev),            // same name
            col(QStringLiteral("x9"), QStringLiteral("holidays"), ItemKind::Event, ev),         // same display name
            col(QStringLiteral("addressbook"), QStringLiteral("Address book"), ItemKind::Contact),
            col(QStringLiteral("family"), QStringLiteral("Family"), ItemKind::Contact),         // wrong kind
        };
        const auto ms = CollectionMapper::map(src, tgt);
        QCOMPARE(ms.size(), 6);
        QCOMPARE(ms[0].target.ref.display(), QStringLiteral("calendar"));
        QCOMPARE(ms[1].target.ref.display(), QStringLiteral("work"));
        QCOMPARE(ms[2].target.ref.display(), QStringLiteral("x9"));
        QVERIFY(!ms[3].targetExists); // no target calendar holds VTODO
        QCOMPARE(ms[3].target.ref.display(), QStringLiteral("todo"));
        QCOMPARE(ms[3].target.collection.components, td);
        QCOMPARE(ms[4].target.ref.display(), QStringLiteral("addressbook"));
        QVERIFY(!ms[5].targetExists);
        QCOMPARE(ms[5].target.ref.display(), QStringLiteral("family-2")); // the name is taken by an address book
        QCOMPARE(ms[5].target.collection.displayName, QStringLiteral("Family"));
    }

    // The whole engine: contacts and calendars from one account to another, with
    // --only honoured and the report per data type.
    void engineRunsCollections()
    {
        static FakeDavServer src, tgt;
        src = FakeDavServer{};
        tgt = FakeDavServer{};
        fill(src, 3);
        src.add(QStringLiteral("contacts"), ItemKind::Contact);
        src.put(QStringLiteral("contacts"), "a.vcf", "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:a\r\nFN:A\r\nEND:VCARD\r\n");
        tgt.add(QStringLiteral("contacts"), ItemKind::Contact);
        ConnectorRegistry::add(QStringLiteral("fakedav"), [](const Endpoint &e) -> ConnectorPtr {
            return std::make_unique<FakeDavConnector>(e.host == QLatin1String("src") ? src : tgt);
        });
        MigrationOptions o;
        o.davSource = *Endpoint::parse(QStringLiteral("fakedav://alice@src"));
        o.davTarget = *Endpoint::parse(QStringLiteral("fakedav://alice@tgt"));
        o.only = {QStringLiteral("contacts")};
        {
            MigrationEngine engine(o, openStore());
            const MigrationReport r = engine.run();
            QVERIFY2(r.fatal.ok(), qPrintable(r.fatal.toString()));
            QCOMPARE(r.folders.size(), 1);
            QCOMPARE(r.folders[0].dataType, QStringLiteral("contacts"));
            QCOMPARE(r.totalCopied(), quint64(1));
            QVERIFY(!tgt.cols.contains(QStringLiteral("work")));
        }
        o.only.clear();
        auto store = openStore();
        MigrationEngine engine(o, store);
        const MigrationReport r = engine.run();
        QVERIFY2(r.fatal.ok(), qPrintable(r.fatal.toString()));
        QCOMPARE(r.folders.size(), 2);
        QCOMPARE(r.exitCode(), 0);
        QCOMPARE(r.totalCopied(), quint64(3)); // the contact is matched: already there
        QCOMPARE(r.totalAlreadyThere(), quint64(1));
        QCOMPARE(contents(tgt, QStringLiteral("work")), contents(src, QStringLiteral("work")));
        QCOMPARE(store->passes().size(), 1);
    }

private:
    std::shared_ptr<StateStore> openStore()
    {
        auto s = StateStore::open(m_dir.filePath(QStringLiteral("s%1.db").arg(++m_n)));
        if (!s.ok())
            qFatal("%s", qPrintable(s.error().toString()));
        return *s;
    }
    QTemporaryDir m_dir;
    int m_n = 0;
};

QTEST_GUILESS_MAIN(TestCollectionPass)
#include "tst_collectionpass.moc"
