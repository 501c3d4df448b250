// Contacts, calendars and tasks through the archive's pim part: a DAV-like
// in-test store (the FakeDavConnector pattern of tst_collectionpass) exported to
// archive:///…/pim and imported into a fresh one must give the same collections
// (properties included) and the same items under the same resource names, byte
// for byte; and the archive's own conditional writes (If-None-Match, If-Match,
// no-uid-conflict), tokens and read-only mode through the Connector API.
#include <archive/archiveconnector.h>
#include <archive/archivecrypto.h>
#include <archive/archiveverify.h>
#include <connector/connectorregistry.h>
#include <engine/migrationengine.h>
#include <registerall.h>
#include <state/statestore.h>

#include <QMap>
#include <QTemporaryDir>
#include <QTest>

using namespace ferry;

namespace {

struct DavStore {
    QMap<QString, FolderInfo> infos;
    QMap<QString, QMap<RemoteId, QByteArray>> items;
    quint64 etags = 0;
};

QMap<QString, DavStore> &davStores()
{
    static QMap<QString, DavStore> s;
    return s;
}

// Just enough of a DAV server: collections with properties, items with etags,
// create-only / update-only writes. No faults (tst_collectionpass has those).
class MiniDav : public Connector {
public:
    explicit MiniDav(DavStore &s) : m_s(s) {}
    QString describe() const override { return QStringLiteral("minidav://test"); }
    Error connect() override { m_connected = true; return {}; }
    void disconnect() override { m_connected = false; }
    bool isConnected() const override { return m_connected; }
    Capabilities capabilities() const override { return {}; }
    void setReadOnly(bool ro) override { m_readOnly = ro; }
    Result<QList<FolderInfo>> listFolders() override { return m_s.infos.values(); }
    Result<QHash<FolderRef, FolderState>> folderStates(const QList<FolderRef> &) override { return QHash<FolderRef, FolderState>{}; }
    Result<FolderState> openFolder(const FolderRef &f, bool) override
    {
        if (!m_s.infos.contains(f.display()))
            return Error::make(ErrorCode::NotFound, f.display());
        m_open = f.display();
        FolderState st;
        st.count = quint64(m_s.items[m_open].size());
        return st;
    }
    Error listItems(const ListQuery &, const ItemSink &sink) override
    {
        const auto &col = m_s.items[m_open];
        for (auto it = col.cbegin(); it != col.cend(); ++it) {
            ItemMeta m;
            m.id = it.key();
            m.etag = etagOf(it.value());
            m.size = it->size();
            m.uid = objectUid(it.value());
            sink(std::move(m));
        }
        return {};
    }
    Error fetchItems(const QList<RemoteId> &ids, const BodySink &sink) override
    {
        const auto &col = m_s.items[m_open];
        for (const RemoteId &id : ids) {
            if (!col.contains(id))
                continue;
            ItemMeta m;
            m.id = id;
            m.etag = etagOf(col[id]);
            m.contentType = m_s.infos[m_open].kind == ItemKind::Contact ? "text/vcard" : "text/calendar; charset=utf-8";
            if (Error e = sink(std::move(m), ItemBody::fromBytes(col[id])))
                return e;
        }
        return {};
    }
    void storeItem(StoreRequest &&req, const StoreCallback &done) override
    {
        StoreResult r;
        r.token = req.token;
        auto &col = m_s.items[req.folder.display()];
        const bool exists = col.contains(req.meta.id);
        if (m_readOnly)
            r.error = Error::make(ErrorCode::ReadOnly, QStringLiteral("read-only"));
        else if (req.ifMatch.isEmpty() ? exists : (!exists || etagOf(col[req.meta.id]) != req.ifMatch))
            r.error = Error::make(ErrorCode::Precondition, QStringLiteral("412"));
        else {
            col[req.meta.id] = req.body.readAll();
            r.newId = req.meta.id;
            r.newEtag = etagOf(col[req.meta.id]);
        }
        done(std::move(r));
    }
    Error flush() override { return {}; }
    Error setFlags(const QList<FlagChange> &) override { return {}; }
    Error createFolder(const FolderInfo &f) override
    {
        if (!m_s.infos.contains(f.ref.display())) {
            m_s.infos[f.ref.display()] = f;
            m_s.infos[f.ref.display()].nativeName = QStringLiteral("/dav/") + f.ref.display() + QLatin1Char('/');
        }
        return {};
    }
    Error setSubscribed(const FolderRef &, bool) override { return {}; }
    quint64 bytesIn() const override { return 0; }
    quint64 bytesOut() const override { return 0; }

private:
    static QByteArray etagOf(const QByteArray &b) { return '"' + QByteArray::number(qHash(b)) + '"'; }
    DavStore &m_s;
    QString m_open;
    bool m_connected = false;
    bool m_readOnly = false;
};

QByteArray vevent(const QByteArray &uid, const QByteArray &summary)
{
    return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\nBEGIN:VEVENT\r\nUID:" + uid + "\r\nDTSTAMP:20240101T000000Z\r\n"
           "DTSTART:20240102T100000Z\r\nSUMMARY:" + summary + "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
}

QByteArray vcard(const QByteArray &uid, const QByteArray &name)
{
    return "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:" + uid + "\r\nFN:" + name + "\r\nN:" + name + ";;;;\r\nEND:VCARD\r\n";
}

void fill(DavStore &s)
{
    FolderInfo cal;
    cal.ref = FolderRef{{QStringLiteral("work")}};
    cal.nativeName = QStringLiteral("/dav/work/");
    cal.kind = ItemKind::Event;
    cal.collection.displayName = QStringLiteral("Work – Büro");
    cal.collection.color = QStringLiteral("#FF8800CC");
    cal.collection.description = QStringLiteral("Meetings and such");
    cal.collection.order = QStringLiteral("3");
    cal.collection.components = {QStringLiteral("VEVENT"), QStringLiteral("VTODO")};
    s.infos[QStringLiteral("work")] = cal;
    FolderInfo book;
    book.ref = FolderRef{{QStringLiteral("friends")}};
    book.nativeName = QStringLiteral("/dav/friends/");
    book.kind = ItemKind::Contact;
    book.collection.displayName = QStringLiteral("Friends");
    book.collection.addressData = {QStringLiteral("text/vcard;version=3.0"), QStringLiteral("text/vcard;version=4.0")};
    s.infos[QStringLiteral("friends")] = book;
    for (int i = 0; i < 5; ++i)
        s.items[QStringLiteral("work")]["event%20" + QByteArray::number(i) + ".ics"] =
            vevent("uid-" + QByteArray::number(i) + "@example.org", "Meeting " + QByteArray::number(i));
    s.items[QStringLiteral("work")]["CAPS-and-%C3%BC.ics"] = vevent("weird uid with spaces", "Ünïcödé");
    for (int i = 0; i < 3; ++i)
        s.items[QStringLiteral("friends")]["c" + QByteArray::number(i) + ".vcf"] =
            vcard("card-" + QByteArray::number(i), "Friend " + QByteArray::number(i));
}

Endpoint pimEndpoint(const QString &root, const QByteArray &pass = {})
{
    Endpoint e = *Endpoint::parse(QStringLiteral("archive://") + root + QStringLiteral("/pim"));
    if (!pass.isEmpty())
        e.password = std::make_shared<const Secret>(pass);
    return e;
}

MigrationReport migrate(const Endpoint &from, const Endpoint &to, const QString &state)
{
    MigrationOptions o;
    o.davSource = from;
    o.davTarget = to;
    o.firstBackoffMs = 5;
    o.maxBackoffMs = 20;
    auto store = StateStore::open(state);
    MigrationEngine engine(o, *store);
    return engine.run();
}

QString failuresOf(const MigrationReport &r)
{
    QStringList out{r.fatal.toString()};
    for (const ItemFailure &f : r.failures)
        out << QStringLiteral("%1 %2: %3 %4").arg(f.folder, f.id, f.reason, f.serverText);
    return out.join(QLatin1Char('\n'));
}

StoreResult store(Connector &c, const QString &col, const RemoteId &name, const QByteArray &bytes,
                  const QByteArray &ifMatch = {})
{
    StoreRequest req;
    req.folder = FolderRef{{col}};
    req.meta.id = name;
    req.ifMatch = ifMatch;
    req.body = ItemBody::fromBytes(bytes);
    StoreResult got;
    c.storeItem(std::move(req), [&](StoreResult &&r) { got = std::move(r); });
    return got;
}

} // namespace

class TestArchiveDav : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        registerAllConnectors();
        archive::ArchiveKey::setDefaultCostForTests(1024);
        ConnectorRegistry::add(QStringLiteral("minidav"), [](const Endpoint &e) -> ConnectorPtr {
            return std::make_unique<MiniDav>(davStores()[e.host]);
        });
    }

    void roundTrip_data()
    {
        QTest::addColumn<QByteArray>("pass");
        QTest::newRow("plain") << QByteArray();
        QTest::newRow("encrypted") << QByteArray("pim passphrase");
    }
    void roundTrip()
    {
        QFETCH(QByteArray, pass);
        const QString tag = QString::fromLatin1(QTest::currentDataTag());
        DavStore &src = davStores()[QStringLiteral("src-") + tag];
        DavStore &tgt = davStores()[QStringLiteral("tgt-") + tag];
        fill(src);
        QTemporaryDir dir;
        const QString root = dir.filePath(QStringLiteral("stick"));
        const Endpoint from = *Endpoint::parse(QStringLiteral("minidav://a@src-") + tag);
        const Endpoint to = *Endpoint::parse(QStringLiteral("minidav://a@tgt-") + tag);

        MigrationReport out = migrate(from, pimEndpoint(root, pass), dir.filePath(QStringLiteral("e.sqlite")));
        QVERIFY2(out.exitCode() == 0, qPrintable(failuresOf(out)));
        QCOMPARE(out.totalCopied(), 9u);
        const MigrationReport again = migrate(from, pimEndpoint(root, pass), dir.filePath(QStringLiteral("e.sqlite")));
        QVERIFY2(again.exitCode() == 0, qPrintable(failuresOf(again)));
        QCOMPARE(again.totalCopied(), 0u);

        auto check = verifyArchive(root, pass.isEmpty() ? nullptr : std::make_shared<const Secret>(pass));
        QVERIFY(check.ok());
        QVERIFY(check->intact());
        QCOMPARE(check->itemsByType.value(QStringLiteral("calendar")), 6u);
        QCOMPARE(check->itemsByType.value(QStringLiteral("contacts")), 3u);

        const MigrationReport in = migrate(pimEndpoint(root, pass), to, dir.filePath(QStringLiteral("i.sqlite")));
        QVERIFY2(in.exitCode() == 0, qPrintable(failuresOf(in)));
        QCOMPARE(tgt.items, src.items); // same names, same bytes
        QCOMPARE(tgt.infos.keys(), src.infos.keys());
        for (const QString &k : src.infos.keys()) {
            const FolderInfo &a = src.infos[k], &b = tgt.infos[k];
            QCOMPARE(b.ref, a.ref);
            QCOMPARE(int(b.kind), int(a.kind));
            QCOMPARE(b.collection.displayName, a.collection.displayName);
            QCOMPARE(b.collection.color, a.collection.color);
            QCOMPARE(b.collection.description, a.collection.description);
            QCOMPARE(b.collection.order, a.collection.order);
            QCOMPARE(b.collection.components, a.collection.components);
            QCOMPARE(b.collection.addressData, a.collection.addressData);
        }

        // A change on the source reaches the archive as a new version, then the new target.
        src.items[QStringLiteral("work")]["event%200.ics"] = vevent("uid-0@example.org", "Moved to Tuesday");
        out = migrate(from, pimEndpoint(root, pass), dir.filePath(QStringLiteral("e.sqlite")));
        QVERIFY2(out.exitCode() == 0, qPrintable(failuresOf(out)));
        QCOMPARE(out.folders.value(0).updated + out.folders.value(1).updated, 1u);
        const MigrationReport in2 = migrate(pimEndpoint(root, pass), to, dir.filePath(QStringLiteral("i.sqlite")));
        QVERIFY2(in2.exitCode() == 0, qPrintable(failuresOf(in2)));
        QCOMPARE(tgt.items, src.items);
    }

    void conditionalWrites()
    {
        QTemporaryDir dir;
        ArchiveConnector c(pimEndpoint(dir.path()));
        QVERIFY(c.connect().ok());
        FolderInfo cal;
        cal.ref = FolderRef{{QStringLiteral("cal")}};
        cal.kind = ItemKind::Event;
        QVERIFY(c.createFolder(cal).ok());
        auto opened = c.openFolder(cal.ref, false);
        QVERIFY(opened.ok());
        const QByteArray token0 = opened->syncToken;

        const StoreResult first = store(c, QStringLiteral("cal"), "a.ics", vevent("U1", "one"));
        QVERIFY2(first.error.ok(), qPrintable(first.error.toString()));
        QCOMPARE(first.newId, RemoteId("a.ics"));
        QVERIFY(first.newEtag.startsWith('"') && first.newEtag.endsWith('"'));

        // If-None-Match: * on an existing name.
        QCOMPARE(store(c, QStringLiteral("cal"), "a.ics", vevent("U1", "other")).error.code, ErrorCode::Precondition);
        // If-Match with a stale etag, then the right one.
        QCOMPARE(store(c, QStringLiteral("cal"), "a.ics", vevent("U1", "two"), "\"nope\"").error.code, ErrorCode::Precondition);
        QCOMPARE(store(c, QStringLiteral("cal"), "b.ics", vevent("U9", "x"), first.newEtag).error.code, ErrorCode::Precondition);
        const StoreResult second = store(c, QStringLiteral("cal"), "a.ics", vevent("U1", "two"), first.newEtag);
        QVERIFY(second.error.ok());
        QVERIFY(second.newEtag != first.newEtag);
        // The UID under another name.
        const StoreResult clash = store(c, QStringLiteral("cal"), "c.ics", vevent("U1", "copy"));
        QCOMPARE(clash.error.code, ErrorCode::Precondition);
        QVERIFY(clash.uidConflict);
        QCOMPARE(clash.existingId, RemoteId("a.ics"));
        QVERIFY(store(c, QStringLiteral("cal"), "d.ics", vevent("U2", "other uid")).error.ok());

        // Listing shows the latest version of each name; fetching gives its bytes.
        QVERIFY(c.openFolder(cal.ref, false).ok());
        QMap<RemoteId, ItemMeta> listed;
        QVERIFY(c.listItems({}, [&](ItemMeta &&m) { listed.insert(m.id, m); }).ok());
        QCOMPARE(listed.keys(), (QList<RemoteId>{"a.ics", "d.ics"}));
        QCOMPARE(listed["a.ics"].etag, second.newEtag);
        QCOMPARE(listed["a.ics"].uid, QByteArray("U1"));
        QByteArray fetched, fetchedEtag;
        QVERIFY(c.fetchItems({"a.ics"}, [&](ItemMeta &&m, ItemBody &&b) -> Error {
                    fetchedEtag = m.etag;
                    fetched = b.readAll();
                    return {};
                }).ok());
        QCOMPARE(fetchedEtag, second.newEtag);
        QCOMPARE(fetched, vevent("U1", "two"));

        // Tokens: everything since the empty collection, nothing since now, a foreign one refused.
        QList<RemoteId> changed;
        auto tok = c.listChanges(token0, [&](ItemMeta &&m) { changed.append(m.id); });
        QVERIFY(tok.ok());
        QCOMPARE(changed.size(), 2);
        changed.clear();
        QVERIFY(c.listChanges(*tok, [&](ItemMeta &&m) { changed.append(m.id); }).ok());
        QVERIFY(changed.isEmpty());
        QCOMPARE(c.listChanges("L999", [](ItemMeta &&) {}).error().code, ErrorCode::Precondition);
        QCOMPARE(c.listChanges("garbage", [](ItemMeta &&) {}).error().code, ErrorCode::Precondition);

        // Read-only: nothing written.
        ArchiveConnector ro(pimEndpoint(dir.path()));
        ro.setReadOnly(true);
        QVERIFY(ro.connect().ok());
        QCOMPARE(store(ro, QStringLiteral("cal"), "e.ics", vevent("U3", "x")).error.code, ErrorCode::ReadOnly);
        QCOMPARE(ro.createFolder(cal).code, ErrorCode::ReadOnly);

        // Old versions stay on disk (nothing is deleted) and verify is content.
        auto check = verifyArchive(dir.path(), nullptr);
        QVERIFY(check.ok());
        QVERIFY(check->intact());
        QVERIFY(check->orphans.isEmpty());
        QCOMPARE(check->itemsByType.value(QStringLiteral("calendar")), 2u);
    }
};

QTEST_GUILESS_MAIN(TestArchiveDav)
#include "tst_archivedav.moc"
