// DavConnector, DavDiscovery and DavTransport against a real Radicale over HTTPS
// (started here with tests/support/radicale.py on 127.0.0.1 and a throw-away
// CA; it stops at the end, and after 300 s in any case): discovery, creating
// collections with their metadata, PUT If-None-Match and the 412 on a second
// PUT, etag listing, multiget, sync-collection, a collection URL given
// directly, read-only mode, wrong password → Auth, unknown CA → Tls with the
// fingerprint, a pinned certificate.
#include <dav/davconnector.h>
#include <dav/davtransport.h>

#include <testsupport.h>

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSslCertificate>
#include <QTemporaryDir>
#include <QTest>

using namespace ferry;

namespace {

const QByteArray kEvent = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Ferry tests//EN\r\nBEGIN:VEVENT\r\n"
                          "UID:ev 1@ferry.test\r\nDTSTAMP:20240101T000000Z\r\nDTSTART:20240102T100000Z\r\n"
                          "DURATION:PT1H\r\nSUMMARY:R\xC3\xA9union \\, long line that goes on and on and on a\r\n"
                          " nd is folded\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

QByteArray makeEvent(const QByteArray &uid)
{
    QByteArray e = kEvent;
    e.replace("ev 1@ferry.test", uid);
    return e;
}

} // namespace

class TestDavRadicale : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_script;
    QString m_caFile;
    QString m_serverCert;
    quint16 m_port = 0;

    Endpoint endpoint(const QString &path = {}, const QByteArray &password = "secret", bool withCa = true) const
    {
        Endpoint e;
        e.scheme = QStringLiteral("https");
        e.user = QStringLiteral("alice");
        e.host = QStringLiteral("127.0.0.1");
        e.port = m_port;
        e.path = path;
        if (withCa)
            e.tls.caFiles = {m_caFile};
        e.tls.connectTimeoutMs = 5000;
        e.tls.ioTimeoutMs = 20000;
        e.password = std::make_shared<Secret>(password);
        return e;
    }

    static QHash<QString, FolderInfo> folders(DavConnector &c)
    {
        QHash<QString, FolderInfo> out;
        auto list = c.listFolders();
        if (list.ok()) {
            for (const FolderInfo &f : *list)
                out.insert(f.ref.display(), f);
        }
        return out;
    }

    static StoreResult store(DavConnector &c, const FolderRef &folder, const QByteArray &id, const QByteArray &body,
                             const QByteArray &ifMatch = {})
    {
        StoreRequest r;
        r.token = 7;
        r.folder = folder;
        r.meta.id = id;
        r.ifMatch = ifMatch;
        r.body = ItemBody::fromBytes(body);
        StoreResult out;
        int calls = 0;
        c.storeItem(std::move(r), [&](StoreResult &&res) {
            out = std::move(res);
            ++calls;
        });
        const Error flushed = c.flush();
        if (flushed || calls != 1)
            out.error = flushed ? flushed : Error::make(ErrorCode::Internal, QStringLiteral("%1 callbacks").arg(calls));
        return out;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_script = test::testDataPath(QStringLiteral("support/radicale.py"));
        QProcess p;
        p.start(QStringLiteral("python3"), {m_script, QStringLiteral("start"), QStringLiteral("--dir"), m_dir.path(),
                                            QStringLiteral("--user"), QStringLiteral("alice:secret"),
                                            QStringLiteral("--max-seconds"), QStringLiteral("300")});
        QVERIFY(p.waitForFinished(60000));
        const QByteArray out = p.readAllStandardOutput();
        if (p.exitCode() != 0)
            QSKIP(qPrintable(QStringLiteral("Radicale did not start: ") + QString::fromUtf8(p.readAllStandardError())));
        const QJsonObject info = QJsonDocument::fromJson(out).object();
        m_port = quint16(info.value(QStringLiteral("port")).toInt());
        m_caFile = info.value(QStringLiteral("ca_file")).toString();
        m_serverCert = info.value(QStringLiteral("server_cert")).toString();
        QVERIFY(m_port > 0);
    }

    void cleanupTestCase()
    {
        if (m_port) {
            QProcess p;
            p.start(QStringLiteral("python3"), {m_script, QStringLiteral("stop"), QStringLiteral("--dir"), m_dir.path()});
            p.waitForFinished(30000);
        }
    }

    void wrongPasswordIsAuth()
    {
        DavConnector c(endpoint({}, "nope"));
        const Error e = c.connect();
        QCOMPARE(e.code, ErrorCode::Auth);
        QVERIFY(!e.toString().contains(QLatin1String("nope")));
        QVERIFY(!c.isConnected());
    }

    void unknownCaIsTlsWithFingerprint()
    {
        const QList<QSslCertificate> certs = QSslCertificate::fromPath(m_serverCert);
        QCOMPARE(certs.size(), 1);
        const QString expected = formatFingerprint(certs.first().digest(QCryptographicHash::Sha256));
        DavConnector c(endpoint({}, "secret", false));
        const Error e = c.connect();
        QCOMPARE(e.code, ErrorCode::Tls);
        QCOMPARE(e.fingerprint, expected);
        QVERIFY(e.hint.contains(expected));
        // The details the trust page shows, read from the same certificate by Qt.
        const QSslCertificate &cert = certs.first();
        QCOMPARE(e.certificate.sha256, cert.digest(QCryptographicHash::Sha256));
        QVERIFY2(e.certificate.subject.contains(QLatin1String("CN=") + cert.subjectInfo(QSslCertificate::CommonName).value(0)),
                 qPrintable(e.certificate.subject));
        QVERIFY2(e.certificate.issuer.contains(QLatin1String("CN=") + cert.issuerInfo(QSslCertificate::CommonName).value(0)),
                 qPrintable(e.certificate.issuer));
        QCOMPARE(e.certificate.notBefore, cert.effectiveDate().toUTC());
        QCOMPARE(e.certificate.notAfter, cert.expiryDate().toUTC());
        QVERIFY(!e.certificate.problem.isEmpty());
    }

    void pinnedCertificateIsAccepted()
    {
        const QList<QSslCertificate> certs = QSslCertificate::fromPath(m_serverCert);
        Endpoint e = endpoint({}, "secret", false);
        e.tls.pinnedSha256 = certs.value(0).digest(QCryptographicHash::Sha256);
        DavConnector c(e);
        QCOMPARE(c.connect().toString(), Error().toString());
        // A different pin refuses even a certificate the CA vouches for.
        Endpoint wrong = endpoint();
        wrong.tls.pinnedSha256 = QByteArray(32, '\x01');
        DavConnector refused(wrong);
        const Error err = refused.connect();
        QCOMPARE(err.code, ErrorCode::Tls);
        QVERIFY(err.what.contains(QLatin1String("pinned")));
    }

    void plaintextIsRefused()
    {
        Endpoint e = endpoint();
        DavTransport t(e);
        const DavReply r = t.execute(DavRequest::xml("PROPFIND", "http://127.0.0.1:" + QByteArray::number(m_port) + "/", 0, {}));
        QCOMPARE(r.error.code, ErrorCode::Usage);
    }

    void createDiscoverStoreFetch()
    {
        DavConnector c(endpoint());
        QCOMPARE(c.connect().toString(), Error().toString());
        QVERIFY(folders(c).isEmpty());

        FolderInfo cal;
        cal.ref = FolderRef{{QStringLiteral("work cal")}};
        cal.kind = ItemKind::Event;
        cal.collection.displayName = QStringLiteral("Work & more");
        cal.collection.color = QStringLiteral("#FF0000FF");
        cal.collection.description = QStringLiteral("Meetings");
        cal.collection.order = QStringLiteral("3");
        cal.collection.components = {QStringLiteral("VEVENT"), QStringLiteral("VTODO")};
        QCOMPARE(c.createFolder(cal).toString(), Error().toString());
        QCOMPARE(c.createFolder(cal).toString(), Error().toString()); // exists: success
        FolderInfo book;
        book.ref = FolderRef{{QStringLiteral("contacts")}};
        book.kind = ItemKind::Contact;
        book.collection.displayName = QStringLiteral("Friends");
        book.collection.description = QStringLiteral("People I know");
        QCOMPARE(c.createFolder(book).toString(), Error().toString());

        // A fresh connection discovers both with their metadata.
        DavConnector d(endpoint());
        QCOMPARE(d.connect().toString(), Error().toString());
        const auto found = folders(d);
        QCOMPARE(found.size(), 2);
        const FolderInfo w = found.value(QStringLiteral("work cal"));
        QCOMPARE(w.kind, ItemKind::Event);
        QCOMPARE(w.collection.displayName, QStringLiteral("Work & more"));
        QCOMPARE(w.collection.color, QStringLiteral("#FF0000FF"));
        QCOMPARE(w.collection.description, QStringLiteral("Meetings"));
        QCOMPARE(w.collection.order, QStringLiteral("3"));
        QCOMPARE(w.collection.components, (QStringList{QStringLiteral("VEVENT"), QStringLiteral("VTODO")}));
        const FolderInfo b = found.value(QStringLiteral("contacts"));
        QCOMPARE(b.kind, ItemKind::Contact);
        QCOMPARE(b.collection.displayName, QStringLiteral("Friends"));
        QCOMPARE(b.collection.description, QStringLiteral("People I know"));
        QVERIFY(d.capabilities().syncCollection);

        // PUT If-None-Match: *, keeping the name; a second PUT is a 412.
        const QByteArray id = "ev%201@ferry.test.ics";
        const StoreResult first = store(d, w.ref, id, kEvent);
        QCOMPARE(first.error.toString(), Error().toString());
        QCOMPARE(first.token, quint64(7));
        QCOMPARE(first.newId, id);
        const StoreResult second = store(d, w.ref, id, kEvent);
        QCOMPARE(second.error.code, ErrorCode::Precondition);

        // Listing, multiget, sync-collection.
        auto state = d.openFolder(w.ref, true);
        QVERIFY(state.ok());
        QVERIFY(!state->syncToken.isEmpty());
        QList<ItemMeta> listed;
        QCOMPARE(d.listItems(ListQuery{}, [&](ItemMeta &&m) { listed.append(m); }).toString(), Error().toString());
        QCOMPARE(listed.size(), 1);
        QCOMPARE(listed[0].id, id);
        QVERIFY(!listed[0].etag.isEmpty());

        QList<QByteArray> bodies;
        QList<ItemMeta> metas;
        const Error fetched = d.fetchItems({id, "missing.ics"}, [&](ItemMeta &&m, ItemBody &&body) {
            metas.append(m);
            bodies.append(body.readAll());
            return Error::none();
        });
        QCOMPARE(fetched.toString(), Error().toString());
        QCOMPARE(bodies.size(), 1);
        QCOMPARE(metas[0].uid, QByteArray("ev 1@ferry.test"));
        QCOMPARE(metas[0].etag, listed[0].etag);
        // Radicale re-serialises what it stores; the content survives, CRLF line ends included.
        QVERIFY(bodies[0].contains("UID:ev 1@ferry.test\r\n"));
        QVERIFY(bodies[0].contains("SUMMARY:R\xC3\xA9union"));

        QList<ItemMeta> changes;
        auto token = d.listChanges({}, [&](ItemMeta &&m) { changes.append(m); });
        QVERIFY(token.ok());
        QCOMPARE(changes.size(), 1);
        changes.clear();
        auto again = d.listChanges(*token, [&](ItemMeta &&m) { changes.append(m); });
        QVERIFY(again.ok());
        QCOMPARE(changes.size(), 0);
        QCOMPARE(store(d, w.ref, "second.ics", makeEvent("second@ferry.test")).error.toString(), Error().toString());
        auto third = d.listChanges(*again, [&](ItemMeta &&m) { changes.append(m); });
        QVERIFY(third.ok());
        QCOMPARE(changes.size(), 1);
        QCOMPARE(changes[0].id, QByteArray("second.ics"));
        auto bogus = d.listChanges("http://radicale.org/ns/sync/bogus", [](ItemMeta &&) {});
        QCOMPARE(bogus.error().code, ErrorCode::Precondition);

        // Update with If-Match: the right etag wins, a stale one is a 412.
        const QByteArray etag = listed[0].etag;
        const StoreResult updated = store(d, w.ref, id, makeEvent("ev 1@ferry.test").replace("DURATION:PT1H", "DURATION:PT2H"), etag);
        QCOMPARE(updated.error.toString(), Error().toString());
        QCOMPARE(store(d, w.ref, id, kEvent, etag).error.code, ErrorCode::Precondition);

        // Many stores in flight at once.
        QList<StoreResult> results;
        for (int i = 0; i < 40; ++i) {
            StoreRequest r;
            r.token = quint64(100 + i);
            r.folder = w.ref;
            r.meta.id = "bulk-" + QByteArray::number(i) + ".ics";
            r.body = ItemBody::fromBytes(makeEvent("bulk-" + QByteArray::number(i)));
            d.storeItem(std::move(r), [&](StoreResult &&res) { results.append(std::move(res)); });
        }
        QCOMPARE(d.flush().toString(), Error().toString());
        QCOMPARE(results.size(), 40);
        for (const StoreResult &r : std::as_const(results))
            QVERIFY2(r.error.ok(), qPrintable(r.error.toString()));

        // Contacts: PUT, then multiget.
        const QByteArray card = "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:c/1\r\nFN:Zo\xC3\xAB\r\nN:;Zo\xC3\xAB;;;\r\nEND:VCARD\r\n";
        const StoreResult stored = store(d, b.ref, {}, card);
        QCOMPARE(stored.error.toString(), Error().toString());
        QVERIFY(stored.newId.endsWith(".vcf"));
        QVERIFY(d.openFolder(b.ref, true).ok());
        QList<QByteArray> cards;
        QCOMPARE(d.fetchItems({stored.newId}, [&](ItemMeta &&m, ItemBody &&body) {
                     cards.append(m.uid);
                     cards.append(body.readAll());
                     return Error::none();
                 }).toString(),
                 Error().toString());
        QCOMPARE(cards.value(0), QByteArray("c/1"));
        QVERIFY(cards.value(1).contains("FN:Zo\xC3\xAB\r\n"));
        QVERIFY(d.bytesIn() > 0 && d.bytesOut() > 0);
    }

    void collectionUrlGivenDirectly()
    {
        DavConnector c(endpoint(QStringLiteral("/alice/work cal/")));
        QCOMPARE(c.connect().toString(), Error().toString());
        const auto found = folders(c);
        QCOMPARE(found.size(), 1);
        QVERIFY(found.contains(QStringLiteral("work cal")));
    }

    void readOnlyRefusesWrites()
    {
        DavConnector c(endpoint());
        QCOMPARE(c.connect().toString(), Error().toString());
        c.setReadOnly(true);
        const StoreResult r = store(c, FolderRef{{QStringLiteral("work cal")}}, "x.ics", kEvent);
        QCOMPARE(r.error.code, ErrorCode::ReadOnly);
        FolderInfo f;
        f.ref = FolderRef{{QStringLiteral("new")}};
        QCOMPARE(c.createFolder(f).code, ErrorCode::ReadOnly);
    }
};

QTEST_GUILESS_MAIN(TestDavRadicale)
#include "tst_davradicale.moc"
