// Contract-style suite for MemoryConnector (the Connector semantics every
// connector must have, as an IMAP server gives them) and for MemoryServer's
// fault hooks and snapshot.
#include <memory/memoryconnector.h>
#include <memory/memoryserver.h>

#include <QTest>

using namespace ferry;

namespace {

const QString kSrc = QStringLiteral("tst-src");
const QString kDst = QStringLiteral("tst-dst");
const FolderRef kInbox{{QStringLiteral("INBOX")}};

QByteArray message(const QByteArray &id, const QByteArray &body = "Hello")
{
    return "From: a@example.com\r\nMessage-ID: <" + id + "@example.com>\r\nSubject: t\r\n\r\n" + body + "\r\n";
}

std::unique_ptr<MemoryConnector> connectTo(const QString &name)
{
    Endpoint e;
    e.scheme = QStringLiteral("memory");
    e.user = QStringLiteral("alice");
    e.host = name;
    ConnectorPtr c = MemoryConnector::forEndpoint(e);
    return std::unique_ptr<MemoryConnector>(static_cast<MemoryConnector *>(c.release()));
}

StoreRequest request(quint64 token, const FolderRef &folder, const QByteArray &bytes,
                     const QStringList &flags = {}, const QByteArray &date = "01-Jan-2020 10:00:00 +0000")
{
    StoreRequest r;
    r.token = token;
    r.folder = folder;
    r.meta.flags = flags;
    r.meta.internalDate = date;
    r.meta.size = bytes.size();
    r.body = ItemBody::fromBytes(bytes);
    return r;
}

// Stores one item and returns its (immediate) result.
StoreResult storeNow(Connector &c, StoreRequest &&r)
{
    StoreResult out;
    int calls = 0;
    c.storeItem(std::move(r), [&](StoreResult &&res) {
        ++calls;
        out = std::move(res);
    });
    if (calls == 0)
        c.flush();
    return out;
}

QList<ItemMeta> list(Connector &c, const ListQuery &q = {})
{
    QList<ItemMeta> out;
    const Error e = c.listItems(q, [&](ItemMeta &&m) { out.append(std::move(m)); });
    if (e)
        qWarning("listItems: %s", qPrintable(e.toString()));
    return out;
}

} // namespace

class TestMemoryConnector : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        MemoryServer::reset(kSrc);
        MemoryServer::reset(kDst);
        m_src = MemoryServer::named(kSrc);
        m_dst = MemoryServer::named(kDst);
    }

    void registryAndReset()
    {
        QCOMPARE(MemoryServer::named(kSrc).get(), m_src.get());
        QVERIFY(MemoryServer::named(kSrc) != MemoryServer::named(kDst));
        m_src->addMessage(kInbox, message("1"));
        auto c = connectTo(kSrc);
        QCOMPARE(c->server().get(), m_src.get());
        QCOMPARE(c->describe(), QStringLiteral("memory://alice@tst-src"));
        MemoryServer::reset(kSrc); // in place: holders see it
        QCOMPARE(m_src->folder(kInbox)->messages.size(), 0);
        QCOMPARE(m_src->folderRefs(), QList<FolderRef>{kInbox});
    }

    void notConnected()
    {
        auto c = connectTo(kSrc);
        QVERIFY(!c->isConnected());
        QCOMPARE(c->listFolders().error().code, ErrorCode::Network);
        QCOMPARE(c->openFolder(kInbox, true).error().code, ErrorCode::Network);
        int calls = 0;
        c->storeItem(request(1, kInbox, message("x")), [&](StoreResult &&r) {
            ++calls;
            QCOMPARE(r.error.code, ErrorCode::Network);
            QCOMPARE(r.token, quint64(1));
        });
        QCOMPARE(calls, 1);
        QCOMPARE(m_src->folder(kInbox)->messages.size(), 0);
        QCOMPARE(m_src->operationCount(), quint64(0)); // nothing reached the server

        m_src->setConnectError(Error::make(ErrorCode::Auth, QStringLiteral("LOGIN"), QStringLiteral("NO [AUTHENTICATIONFAILED]")));
        QCOMPARE(c->connect().code, ErrorCode::Auth);
        QVERIFY(!c->isConnected());
        m_src->setConnectError({});
        QVERIFY(!c->connect());
        QVERIFY(c->isConnected());
        c->disconnect();
        QVERIFY(!c->isConnected());
    }

    void listFoldersAndStates()
    {
        m_src->addFolder(QStringLiteral("Archive/2020"), SpecialUse::None, false);
        m_src->addFolder(QStringLiteral("Sent"), SpecialUse::Sent);
        m_src->addMessage(QStringLiteral("Sent"), message("s1"));
        m_src->addMessage(QStringLiteral("Sent"), message("s2"));
        auto c = connectTo(kSrc);
        QVERIFY(!c->connect());

        auto folders = c->listFolders();
        QVERIFY(folders.ok());
        QStringList names;
        for (const FolderInfo &f : *folders)
            names << f.ref.display();
        QCOMPARE(names, (QStringList{QStringLiteral("Archive"), QStringLiteral("Archive/2020"), QStringLiteral("INBOX"),
                                     QStringLiteral("Sent")}));
        QCOMPARE(folders->at(0).selectable, false); // implied parent
        QCOMPARE(folders->at(1).subscribed, false);
        QCOMPARE(folders->at(2).specialUse, SpecialUse::Inbox);
        QCOMPARE(folders->at(2).subscribed, true);
        QCOMPARE(folders->at(3).specialUse, SpecialUse::Sent);

        const FolderRef sent = FolderRef::fromDisplay(QStringLiteral("Sent"));
        const FolderRef missing = FolderRef::fromDisplay(QStringLiteral("Nope"));
        auto states = c->folderStates({kInbox, sent, missing});
        QVERIFY(states.ok());
        QCOMPARE(states->size(), 2); // a missing folder is absent, not an error
        const FolderState s = states->value(sent);
        QCOMPARE(s.count, quint64(2));
        QCOMPARE(s.nextId, quint64(3));
        QVERIFY(s.validity != 0);
        QVERIFY(s.changeToken != 0);
        QVERIFY(s.validity != states->value(kInbox).validity);
        // INBOX is case-insensitive.
        auto lower = c->openFolder(FolderRef{{QStringLiteral("inbox")}}, true);
        QVERIFY(lower.ok());
    }

    void openFolder()
    {
        m_src->addFolder(QStringLiteral("A/B"));
        auto c = connectTo(kSrc);
        QVERIFY(!c->connect());
        auto rw = c->openFolder(kInbox, false);
        QVERIFY(rw.ok());
        QVERIFY(!rw->readOnly);
        QVERIFY(rw->permanentFlagsKnown);
        QVERIFY(rw->permanentFlags.contains(QStringLiteral("\\*")));
        QVERIFY(rw->permanentFlags.contains(QStringLiteral("\\Seen")));
        auto ro = c->openFolder(kInbox, true);
        QVERIFY(ro.ok());
        QVERIFY(ro->readOnly);
        QVERIFY(ro->permanentFlags.isEmpty());
        QCOMPARE(c->openFolder(FolderRef::fromDisplay(QStringLiteral("Nope")), true).error().code, ErrorCode::NotFound);
        // \Noselect container.
        QCOMPARE(c->openFolder(FolderRef::fromDisplay(QStringLiteral("A")), true).error().code, ErrorCode::NotFound);
        // A failed open leaves nothing open.
        QCOMPARE(c->listItems({}, [](ItemMeta &&) {}).code, ErrorCode::Internal);
    }

    void listItemsHonoursQuery()
    {
        const quint64 u1 = m_src->addMessage(kInbox, message("one"), {QStringLiteral("\\Seen")}, " 2-Feb-2021 03:04:05 +0100");
        const quint64 u2 = m_src->addMessage(kInbox, message("two"));
        const quint64 u3 = m_src->addMessage(kInbox, "Subject: none\r\n\r\nno id\r\n");
        QCOMPARE(u1, quint64(1));
        QCOMPARE(u3, quint64(3));
        auto c = connectTo(kSrc);
        QVERIFY(!c->connect());
        auto st = c->openFolder(kInbox, true);
        QVERIFY(st.ok());

        const QList<ItemMeta> all = list(*c);
        QCOMPARE(all.size(), 3);
        QCOMPARE(all[0].id, QByteArray("1"));
        QCOMPARE(all[0].messageId, QByteArray("<one@example.com>"));
        QCOMPARE(all[0].size, qint64(message("one").size()));
        QCOMPARE(all[0].flags, QStringList{QStringLiteral("\\Seen")});
        QCOMPARE(all[0].internalDate, QByteArray(" 2-Feb-2021 03:04:05 +0100"));
        QVERIFY(all[0].modSeq > 0);
        QVERIFY(!all[1].internalDate.isEmpty()); // server-assigned "now"
        QVERIFY(all[2].messageId.isEmpty());

        ListQuery from;
        from.fromId = u2;
        const QList<ItemMeta> tail = list(*c, from);
        QCOMPARE(tail.size(), 2);
        QCOMPARE(tail[0].id, QByteArray::number(u2));
        from.fromId = 99;
        QVERIFY(list(*c, from).isEmpty());

        ListQuery noId;
        noId.withMessageId = false;
        QVERIFY(list(*c, noId)[0].messageId.isEmpty());

        // CHANGEDSINCE: only the message whose flags changed after the token.
        QVERIFY(m_src->setMessageFlags(kInbox, u2, {QStringLiteral("\\Flagged")}));
        ListQuery changed;
        changed.changedSince = st->changeToken;
        changed.flagsOnly = true;
        const QList<ItemMeta> delta = list(*c, changed);
        QCOMPARE(delta.size(), 1);
        QCOMPARE(delta[0].id, QByteArray::number(u2));
        QCOMPARE(delta[0].flags, QStringList{QStringLiteral("\\Flagged")});
        QCOMPARE(delta[0].size, qint64(-1)); // flagsOnly: no size, no Message-ID
        QVERIFY(delta[0].messageId.isEmpty());
        QVERIFY(delta[0].internalDate.isEmpty());
        QVERIFY(delta[0].modSeq > st->changeToken);

        // Without CONDSTORE there are no mod-sequences and CHANGEDSINCE is refused.
        m_src->setCondStore(false);
        QVERIFY(!c->capabilities().changeTokens);
        QCOMPARE(c->listItems(changed, [](ItemMeta &&) {}).code, ErrorCode::Protocol);
        QCOMPARE(list(*c)[0].modSeq, quint64(0));
    }

    void parseMessageId_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("plain") << QByteArray("Message-ID: <a@b>\r\n\r\nx") << QByteArray("<a@b>");
        QTest::newRow("case") << QByteArray("message-id:<a@b>\r\n\r\n") << QByteArray("<a@b>");
        QTest::newRow("folded") << QByteArray("Subject: x\r\nMessage-Id:\r\n  <folded@b>\r\nTo: y\r\n\r\n") << QByteArray("<folded@b>");
        QTest::newRow("lf only") << QByteArray("To: y\nMESSAGE-ID: <lf@b>\n\nbody") << QByteArray("<lf@b>");
        QTest::newRow("last header") << QByteArray("To: y\r\nMessage-ID: <last@b>") << QByteArray("<last@b>");
        QTest::newRow("absent") << QByteArray("To: y\r\n\r\n") << QByteArray();
        QTest::newRow("only in body") << QByteArray("To: y\r\n\r\nMessage-ID: <no@b>\r\n") << QByteArray();
        QTest::newRow("other header") << QByteArray("X-Message-ID: <no@b>\r\n\r\n") << QByteArray();
    }

    void parseMessageId()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QByteArray, expected);
        QCOMPARE(MemoryConnector::parseMessageId(bytes), expected);
    }

    void fetchItems()
    {
        QByteArray big = message("big", QByteArray(300 * 1024, 'b'));
        m_src->addMessage(kInbox, message("small"), {QStringLiteral("\\Answered")});
        m_src->addMessage(kInbox, big);
        ItemBody::setSpoolThreshold(100 * 1024);
        auto c = connectTo(kSrc);
        QVERIFY(!c->connect());
        QVERIFY(c->openFolder(kInbox, true).ok());

        QList<QPair<ItemMeta, QByteArray>> got;
        bool spooled = false;
        const quint64 inBefore = c->bytesIn();
        const Error e = c->fetchItems({"2", "999", "x", "1"}, [&](ItemMeta &&m, ItemBody &&b) {
            if (b.size() > 100 * 1024)
                spooled = !b.inMemory();
            got.append({m, b.readAll()});
            return Error();
        });
        ItemBody::setSpoolThreshold(ItemBody::kDefaultSpoolThreshold);
        QVERIFY(!e);
        QCOMPARE(got.size(), 2); // unknown ids ignored; order as asked
        QCOMPARE(got[0].first.id, QByteArray("2"));
        QCOMPARE(got[0].second, big);
        QCOMPARE(got[0].first.size, qint64(big.size()));
        QCOMPARE(got[0].first.messageId, QByteArray("<big@example.com>"));
        QVERIFY(spooled);
        QCOMPARE(got[1].second, message("small"));
        QCOMPARE(got[1].first.flags, QStringList{QStringLiteral("\\Answered")});
        QVERIFY(c->bytesIn() >= inBefore + quint64(big.size()));

        // A sink error stops the fetch and comes back.
        int calls = 0;
        const Error stop = c->fetchItems({"1", "2"}, [&](ItemMeta &&, ItemBody &&) {
            ++calls;
            return Error::make(ErrorCode::Cancelled, QStringLiteral("stop"));
        });
        QCOMPARE(stop.code, ErrorCode::Cancelled);
        QCOMPARE(calls, 1);
    }

    void storeItem()
    {
        auto c = connectTo(kDst);
        QVERIFY(!c->connect());
        QVERIFY(c->capabilities().storeReturnsId);
        const FolderState before = *m_dst->status(kInbox);
        const quint64 outBefore = c->bytesOut();
        StoreResult r = storeNow(*c, request(7, kInbox, message("m"),
                                             {QStringLiteral("\\Seen"), QStringLiteral("\\Recent"), QStringLiteral("$Work")},
                                             "24-Dec-2019 18:00:00 +0100"));
        QVERIFY2(!r.error, qPrintable(r.error.toString()));
        QCOMPARE(r.token, quint64(7));
        QCOMPARE(r.newId, QByteArray::number(before.nextId));
        QCOMPARE(r.newValidity, before.validity);
        QVERIFY(c->bytesOut() > outBefore + quint64(message("m").size()));

        const FolderState after = *m_dst->status(kInbox);
        QCOMPARE(after.nextId, before.nextId + 1);
        QCOMPARE(after.count, before.count + 1);
        QVERIFY(after.changeToken > before.changeToken);
        const auto stored = m_dst->folder(kInbox)->messages.last();
        QCOMPARE(stored.bytes, message("m"));
        QCOMPARE(stored.flags, (QStringList{QStringLiteral("\\Seen"), QStringLiteral("$Work")})); // no \Recent
        QCOMPARE(stored.internalDate, QByteArray("24-Dec-2019 18:00:00 +0100"));

        // Into a folder that does not exist: [TRYCREATE].
        r = storeNow(*c, request(8, FolderRef::fromDisplay(QStringLiteral("Nope")), message("n")));
        QCOMPARE(r.error.code, ErrorCode::NotFound);
        QVERIFY(r.error.serverText.contains(QLatin1String("TRYCREATE")));

        // Without UIDPLUS the server gives no id.
        m_dst->setUidPlus(false);
        QVERIFY(!c->capabilities().storeReturnsId);
        r = storeNow(*c, request(9, kInbox, message("o")));
        QVERIFY(!r.error);
        QVERIFY(r.newId.isEmpty());
        QCOMPARE(r.newValidity, quint64(0));
        QCOMPARE(m_dst->folder(kInbox)->messages.size(), 2);
    }

    void setFlags()
    {
        const quint64 uid = m_dst->addMessage(kInbox, message("f"), {QStringLiteral("\\Seen")});
        auto c = connectTo(kDst);
        QVERIFY(!c->connect());
        QVERIFY(c->openFolder(kInbox, false).ok());
        const quint64 mod0 = m_dst->folder(kInbox)->messages[0].modSeq;

        QVERIFY(!c->setFlags({{QByteArray::number(uid), {QStringLiteral("\\Flagged"), QStringLiteral("$Todo")}, {QStringLiteral("\\seen")}},
                              {"999", {QStringLiteral("\\Seen")}, {}}}));
        auto m = m_dst->folder(kInbox)->messages[0];
        QCOMPARE(m.flags, (QStringList{QStringLiteral("\\Flagged"), QStringLiteral("$Todo")}));
        QVERIFY(m.modSeq > mod0);

        // No change, no new mod-sequence.
        QVERIFY(!c->setFlags({{QByteArray::number(uid), {QStringLiteral("\\Flagged")}, {QStringLiteral("\\Deleted")}}}));
        QCOMPARE(m_dst->folder(kInbox)->messages[0].modSeq, m.modSeq);

        // EXAMINE-d folder refuses.
        QVERIFY(c->openFolder(kInbox, true).ok());
        QCOMPARE(c->setFlags({{QByteArray::number(uid), {QStringLiteral("\\Seen")}, {}}}).code, ErrorCode::ReadOnly);
        QCOMPARE(m_dst->folder(kInbox)->messages[0].flags, m.flags);
    }

    void createAndSubscribe()
    {
        auto c = connectTo(kDst);
        QVERIFY(!c->connect());
        FolderInfo info;
        info.ref = FolderRef::fromDisplay(QStringLiteral("Work/Projects/Ferry"));
        QVERIFY(!c->createFolder(info));
        QVERIFY(!c->createFolder(info)); // exists = success
        QVERIFY(m_dst->folder(FolderRef::fromDisplay(QStringLiteral("Work")))->selectable == false);
        QVERIFY(m_dst->folder(FolderRef::fromDisplay(QStringLiteral("Work/Projects"))).has_value());
        QVERIFY(m_dst->folder(info.ref)->selectable);
        QVERIFY(!m_dst->folder(info.ref)->subscribed); // CREATE does not subscribe

        // Creating an implied container makes it a real folder.
        FolderInfo work;
        work.ref = FolderRef::fromDisplay(QStringLiteral("Work"));
        QVERIFY(!c->createFolder(work));
        QVERIFY(m_dst->folder(work.ref)->selectable);

        FolderInfo sent;
        sent.ref = FolderRef::fromDisplay(QStringLiteral("Sent Items"));
        sent.specialUse = SpecialUse::Sent;
        QVERIFY(!c->createFolder(sent));
        QCOMPARE(m_dst->folder(sent.ref)->specialUse, SpecialUse::Sent);
        QVERIFY(!c->createFolder(FolderInfo{kInbox})); // INBOX always exists

        QVERIFY(!c->setSubscribed(info.ref, true));
        QVERIFY(m_dst->folder(info.ref)->subscribed);
        QVERIFY(!c->setSubscribed(info.ref, false));
        QVERIFY(!m_dst->folder(info.ref)->subscribed);
        QCOMPARE(c->setSubscribed(FolderRef::fromDisplay(QStringLiteral("Nope")), true).code, ErrorCode::NotFound);
    }

    void readOnlyRefusesEveryWrite()
    {
        const quint64 uid = m_src->addMessage(kInbox, message("r"), {QStringLiteral("\\Seen")});
        const MemorySnapshot before = m_src->snapshot();
        auto c = connectTo(kSrc);
        QVERIFY(!c->connect());
        c->setReadOnly(true);

        auto st = c->openFolder(kInbox, false); // a read-only side always EXAMINEs
        QVERIFY(st.ok());
        QVERIFY(st->readOnly);
        QCOMPARE(c->setFlags({{QByteArray::number(uid), {}, {QStringLiteral("\\Seen")}}}).code, ErrorCode::ReadOnly);
        FolderInfo info;
        info.ref = FolderRef::fromDisplay(QStringLiteral("New"));
        QCOMPARE(c->createFolder(info).code, ErrorCode::ReadOnly);
        QCOMPARE(c->setSubscribed(kInbox, false).code, ErrorCode::ReadOnly);
        int calls = 0;
        c->storeItem(request(1, kInbox, message("w")), [&](StoreResult &&r) {
            ++calls;
            QCOMPARE(r.error.code, ErrorCode::ReadOnly);
        });
        QCOMPARE(calls, 1);
        QVERIFY(!c->flush());
        QCOMPARE(calls, 1);
        QCOMPARE(m_src->snapshot(), before);
        // Reads still work.
        QCOMPARE(list(*c).size(), 1);
    }

    void deferredCallbacksExactlyOnce()
    {
        m_dst->setPipelineDepth(2);
        auto c = connectTo(kDst);
        QVERIFY(!c->connect());
        QVERIFY(c->capabilities().pipelinedStore);
        QList<quint64> answered;
        QHash<quint64, int> calls;
        auto done = [&](StoreResult &&r) {
            answered.append(r.token);
            ++calls[r.token];
            QVERIFY(!r.error);
            QVERIFY(!r.newId.isEmpty());
        };
        for (quint64 t = 1; t <= 5; ++t) {
            c->storeItem(request(t, kInbox, message(QByteArray::number(t))), done);
            // The server has every item at once; only the answers wait.
            QCOMPARE(m_dst->folder(kInbox)->messages.size(), qsizetype(t));
            QCOMPARE(c->pendingStores(), int(qMin<quint64>(t, 2)));
        }
        QCOMPARE(answered, (QList<quint64>{1, 2, 3}));
        QVERIFY(!c->flush());
        QCOMPARE(answered, (QList<quint64>{1, 2, 3, 4, 5}));
        QVERIFY(!c->flush());
        QCOMPARE(answered.size(), 5);
        for (int n : std::as_const(calls))
            QCOMPARE(n, 1);

        // A callback may store again (re-entrancy); still one answer each.
        answered.clear();
        calls.clear();
        bool chained = false;
        std::function<void(StoreResult &&)> chain = [&](StoreResult &&r) {
            done(std::move(r));
            if (!chained) {
                chained = true;
                c->storeItem(request(100, kInbox, message("100")), done);
            }
        };
        c->storeItem(request(10, kInbox, message("10")), chain);
        c->storeItem(request(11, kInbox, message("11")), done);
        c->storeItem(request(12, kInbox, message("12")), done);
        QVERIFY(!c->flush());
        QCOMPARE(calls.size(), 4);
        for (int n : std::as_const(calls))
            QCOMPARE(n, 1);

        // A clean disconnect answers what is held back.
        c->storeItem(request(20, kInbox, message("20")), done);
        QCOMPARE(calls.value(20), 0);
        c->disconnect();
        QCOMPARE(calls.value(20), 1);
    }

    void droppedConnectionFailsHeldBackAnswers()
    {
        m_dst->setPipelineDepth(3);
        auto c = connectTo(kDst);
        QVERIFY(!c->connect());
        QHash<quint64, Error> results;
        auto done = [&](StoreResult &&r) {
            QVERIFY(!results.contains(r.token));
            results.insert(r.token, r.error);
        };
        c->storeItem(request(1, kInbox, message("1")), done);
        c->storeItem(request(2, kInbox, message("2")), done);
        QVERIFY(results.isEmpty());
        m_dst->failOperation(1);
        c->storeItem(request(3, kInbox, message("3")), done);
        QCOMPARE(results.size(), 3);
        for (const Error &e : std::as_const(results))
            QCOMPARE(e.code, ErrorCode::Network);
        QVERIFY(!c->isConnected());
        // 1 and 2 reached the server before the drop; 3 did not.
        QCOMPARE(m_dst->folder(kInbox)->messages.size(), 2);
        QCOMPARE(c->flush().code, ErrorCode::Network);
        QVERIFY(!c->connect());
        QVERIFY(!c->flush());
    }

    void failNthOperation()
    {
        m_src->addMessage(kInbox, message("1"));
        auto c = connectTo(kSrc);
        QVERIFY(!c->connect());
        const quint64 ops = m_src->operationCount();
        m_src->failOperation(3);
        QVERIFY(c->listFolders().ok());          // op 1
        QVERIFY(c->openFolder(kInbox, true).ok()); // op 2
        const Error e = c->listItems({}, [](ItemMeta &&) {}); // op 3: drops
        QCOMPARE(e.code, ErrorCode::Network);
        QVERIFY(e.isTransient());
        QVERIFY(!c->isConnected());
        QCOMPARE(c->listFolders().error().code, ErrorCode::Network); // stays down
        QCOMPARE(m_src->operationCount(), ops + 3);

        QVERIFY(!c->connect());
        // After a reconnect no folder is open (new session).
        QCOMPARE(c->listItems({}, [](ItemMeta &&) {}).code, ErrorCode::Internal);
        QVERIFY(c->openFolder(kInbox, true).ok());
        QCOMPARE(list(*c).size(), 1); // the fault fired once
    }

    void rejectMarkerAndQuota()
    {
        m_dst->setRejectMarker("X-Poison", QStringLiteral("NO [CANNOT] virus found"));
        auto c = connectTo(kDst);
        QVERIFY(!c->connect());
        StoreResult r = storeNow(*c, request(1, kInbox, "X-Poison: yes\r\n\r\nbad\r\n"));
        QCOMPARE(r.error.code, ErrorCode::Rejected);
        QCOMPARE(r.error.serverText, QStringLiteral("NO [CANNOT] virus found"));
        QVERIFY(r.newId.isEmpty());
        QVERIFY(!storeNow(*c, request(2, kInbox, message("good"))).error);
        QVERIFY(c->isConnected()); // a refusal is not a drop
        QCOMPARE(m_dst->folder(kInbox)->messages.size(), 1);

        const qint64 used = m_dst->totalBytes();
        m_dst->setQuota(used + 200);
        QVERIFY(!storeNow(*c, request(3, kInbox, QByteArray(150, 'a'))).error);
        r = storeNow(*c, request(4, kInbox, QByteArray(100, 'b')));
        QCOMPARE(r.error.code, ErrorCode::Quota);
        QVERIFY(r.error.serverText.contains(QLatin1String("OVERQUOTA")));
        QCOMPARE(m_dst->totalBytes(), used + 150);
        QVERIFY(!storeNow(*c, request(5, kInbox, QByteArray(50, 'c'))).error); // exactly at quota
    }

    void changeUidValidityRenumbers()
    {
        m_src->addMessage(kInbox, message("1"));
        m_src->addMessage(kInbox, message("2"));
        m_src->addMessage(kInbox, message("3"));
        QVERIFY(m_src->removeMessage(kInbox, 1));
        auto c = connectTo(kSrc);
        QVERIFY(!c->connect());
        const FolderState before = *c->openFolder(kInbox, true);
        QCOMPARE(before.nextId, quint64(4));
        m_src->changeUidValidity(kInbox);
        const FolderState after = *c->openFolder(kInbox, true);
        QCOMPARE(after.validity, before.validity + 1);
        QCOMPARE(after.nextId, quint64(3));
        const QList<ItemMeta> items = list(*c);
        QCOMPARE(items.size(), 2);
        QCOMPARE(items[0].id, QByteArray("1"));
        QCOMPARE(items[0].messageId, QByteArray("<2@example.com>"));
        m_src->changeUidValidity(kInbox, 555);
        QCOMPARE(c->openFolder(kInbox, true)->validity, quint64(555));
    }

    void snapshotEquality()
    {
        m_src->addFolder(QStringLiteral("Sent"), SpecialUse::Sent);
        m_src->addFolder(QStringLiteral("Lists/Qt"), SpecialUse::None, false);
        m_src->addMessage(kInbox, message("a"), {QStringLiteral("\\Seen"), QStringLiteral("\\Answered")}, " 1-Jan-2020 00:00:00 +0000");
        m_src->addMessage(kInbox, message("a"), {}, " 1-Jan-2020 00:00:00 +0000"); // duplicates count
        m_src->addMessage(QStringLiteral("Sent"), message("s"), {QStringLiteral("\\Seen")}, " 2-Jan-2020 00:00:00 +0000");
        m_src->addMessage(QStringLiteral("Lists/Qt"), message("q"), {}, " 3-Jan-2020 00:00:00 +0000");

        // Written by hand: the expected whole state.
        MemorySnapshot expected;
        expected.add(QStringLiteral("INBOX"), message("a"), {}, " 1-Jan-2020 00:00:00 +0000");
        expected.add(QStringLiteral("INBOX"), message("a"), {QStringLiteral("\\Answered"), QStringLiteral("\\Seen")},
                     " 1-Jan-2020 00:00:00 +0000");
        expected.add(QStringLiteral("Sent"), message("s"), {QStringLiteral("\\Seen")}, " 2-Jan-2020 00:00:00 +0000");
        expected.add(QStringLiteral("Lists/Qt"), message("q"), {}, " 3-Jan-2020 00:00:00 +0000");
        expected.folders[QStringLiteral("INBOX")].subscribed = true;
        expected.folders[QStringLiteral("INBOX")].specialUse = SpecialUse::Inbox;
        expected.folders[QStringLiteral("Sent")].subscribed = true;
        expected.folders[QStringLiteral("Sent")].specialUse = SpecialUse::Sent;
        expected.folders[QStringLiteral("Lists")].selectable = false;
        QCOMPARE(m_src->snapshot(), expected);

        // A tiny migration through two connectors reproduces the whole state,
        // although every UID and UIDVALIDITY on the target differs.
        auto src = connectTo(kSrc);
        auto dst = connectTo(kDst);
        src->setReadOnly(true);
        QVERIFY(!src->connect());
        QVERIFY(!dst->connect());
        m_dst->setPipelineDepth(4);
        int answers = 0, requests = 0;
        auto folders = src->listFolders();
        QVERIFY(folders.ok());
        for (const FolderInfo &f : *folders) {
            if (!f.selectable)
                continue;
            QVERIFY(!dst->createFolder(f));
            QVERIFY(!dst->setSubscribed(f.ref, f.subscribed));
            QVERIFY(src->openFolder(f.ref, true).ok());
            QList<RemoteId> ids;
            for (const ItemMeta &m : list(*src))
                ids.append(m.id);
            const Error e = src->fetchItems(ids, [&](ItemMeta &&m, ItemBody &&b) {
                StoreRequest r;
                r.token = quint64(++requests);
                r.folder = f.ref;
                r.meta = std::move(m);
                r.body = std::move(b);
                dst->storeItem(std::move(r), [&](StoreResult &&res) {
                    ++answers;
                    QVERIFY(!res.error);
                });
                return Error();
            });
            QVERIFY(!e);
        }
        QVERIFY(!dst->flush());
        QCOMPARE(answers, requests);
        QCOMPARE(m_dst->snapshot(), m_src->snapshot());

        // And any difference shows.
        m_dst->setMessageFlags(FolderRef::fromDisplay(QStringLiteral("Sent")), 1, {});
        QVERIFY(!(m_dst->snapshot() == m_src->snapshot()));
        QVERIFY(m_src->snapshot().describe().contains(QLatin1String("Lists/Qt")));
    }

private:
    std::shared_ptr<MemoryServer> m_src;
    std::shared_ptr<MemoryServer> m_dst;
};

QTEST_GUILESS_MAIN(TestMemoryConnector)
#include "tst_memoryconnector.moc"
