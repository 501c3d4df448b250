// The offline archive's building blocks: FAT-safe names, index records and their
// crash tolerance, sealed files (small and > 5 MB, streamed), and what a wrong
// passphrase, a flipped byte or two swapped files do.
#include <archive/archiveconnector.h>
#include <archive/archivecrypto.h>
#include <archive/archivefiles.h>
#include <archive/archiveformat.h>
#include <archive/archiveindex.h>
#include <archive/archiveverify.h>

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace ferry;
using namespace ferry::archive;

namespace {

std::shared_ptr<const ArchiveKey> testKey(const QByteArray &pass = "correct horse")
{
    KdfParams p;
    p.salt = QByteArray(16, 's');
    p.n = 1024;
    return *ArchiveKey::derive(pass, p);
}

ItemBody bigBody(qint64 size)
{
    ItemBody b;
    b.begin(size);
    QByteArray chunk(64 * 1024, '\0');
    for (qint64 off = 0; off < size; off += chunk.size()) {
        for (int i = 0; i < chunk.size(); ++i)
            chunk[i] = char((off + i) * 31 % 251);
        b.append(chunk.constData(), qMin<qint64>(chunk.size(), size - off));
    }
    b.finish();
    return b;
}

void flipByte(const QString &path, qint64 at)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadWrite));
    f.seek(at);
    char c = 0;
    f.getChar(&c);
    f.seek(at);
    f.putChar(char(c ^ 0x01));
}

Endpoint archiveEndpoint(const QString &root, const QString &part, const QByteArray &pass = {})
{
    Endpoint e = *Endpoint::parse(QStringLiteral("archive://") + root + QLatin1Char('/') + part);
    if (!pass.isEmpty())
        e.password = std::make_shared<const Secret>(pass);
    return e;
}

} // namespace

class TestArchiveFormat : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // A manifest anyone may have written must not make Ferry allocate gigabytes
    // for scrypt (128·N·r bytes): N=2^20 with r=32 would be 4 GiB.
    void keyParametersAreBounded_data()
    {
        QTest::addColumn<quint64>("n");
        QTest::addColumn<quint32>("r");
        QTest::addColumn<bool>("accepted");
        QTest::newRow("Ferry's own (32 MiB)") << (quint64(1) << 15) << quint32(8) << true;
        QTest::newRow("4 GiB") << (quint64(1) << 20) << quint32(32) << false;
        QTest::newRow("512 MiB") << (quint64(1) << 19) << quint32(8) << false;
    }
    void keyParametersAreBounded()
    {
        QFETCH(quint64, n);
        QFETCH(quint32, r);
        QFETCH(bool, accepted);
        KdfParams p;
        p.salt = QByteArray(16, 's');
        p.n = n;
        p.r = r;
        const auto key = ArchiveKey::derive("pass", p);
        QCOMPARE(key.ok(), accepted);
        if (!accepted)
            QCOMPARE(key.error().code, ErrorCode::Protocol);
    }

    void initTestCase() { ArchiveKey::setDefaultCostForTests(1024); }

    void safeNames_data()
    {
        QTest::addColumn<QString>("in");
        QTest::addColumn<QString>("out");
        QTest::newRow("plain") << QStringLiteral("Inbox") << QStringLiteral("Inbox");
        QTest::newRow("unicode kept") << QStringLiteral("Büro & Co 🚢") << QStringLiteral("Büro & Co 🚢");
        QTest::newRow("forbidden") << QStringLiteral("a\\b/c:d*e?f\"g<h>i|j") << QStringLiteral("a_b_c_d_e_f_g_h_i_j");
        QTest::newRow("control") << QStringLiteral("\tx\n") << QStringLiteral("_x_");
        QTest::newRow("trailing dot and space") << QStringLiteral("Notes. . ") << QStringLiteral("Notes");
        QTest::newRow("leading dot") << QStringLiteral(".hidden") << QStringLiteral("_hidden");
        QTest::newRow("dotdot") << QStringLiteral("..") << QStringLiteral("_");
        QTest::newRow("empty") << QString() << QStringLiteral("_");
        QTest::newRow("device") << QStringLiteral("CON") << QStringLiteral("_CON");
        QTest::newRow("device with extension") << QStringLiteral("nul.txt") << QStringLiteral("_nul.txt");
        QTest::newRow("com1 lower") << QStringLiteral("com1") << QStringLiteral("_com1");
        QTest::newRow("long") << QString(100, QLatin1Char('x')) << QString(kMaxDirNameLength, QLatin1Char('x'));
        QTest::newRow("no split surrogate") << QString(kMaxDirNameLength - 1, QLatin1Char('x')) + QStringLiteral("🚢")
                                            << QString(kMaxDirNameLength - 1, QLatin1Char('x'));
    }
    void safeNames()
    {
        QFETCH(QString, in);
        QFETCH(QString, out);
        QCOMPARE(safeName(in), out);
    }

    void readableDirNames()
    {
        QCOMPARE(readableDirName(FolderRef::fromDisplay(QStringLiteral("Work/2024/Q1"))), QStringLiteral("Work.2024.Q1"));
        QCOMPARE(readableDirName(FolderRef{{QStringLiteral("a/b"), QStringLiteral("c")}}), QStringLiteral("a_b.c"));
    }

    void uniqueNamesAreCaseInsensitive()
    {
        QSet<QString> taken{foldedName(QStringLiteral("Inbox")), foldedName(QStringLiteral("INBOX~2"))};
        QCOMPARE(uniqueName(QStringLiteral("INBOX"), taken), QStringLiteral("INBOX~3"));
        QCOMPARE(uniqueName(QStringLiteral("Sent"), taken), QStringLiteral("Sent"));
    }

    void foldersDifferingInCaseGetTheirOwnDirectories()
    {
        QTemporaryDir dir;
        ArchiveConnector c(archiveEndpoint(dir.path(), QStringLiteral("mail")));
        QVERIFY(c.connect().ok());
        for (const QString &n : {QStringLiteral("Foo"), QStringLiteral("foo"), QStringLiteral("FOO:"), QStringLiteral("FOO_")}) {
            FolderInfo f;
            f.ref = FolderRef{{n}};
            QVERIFY(c.createFolder(f).ok());
            QVERIFY(c.createFolder(f).ok()); // existing: success, nothing new
        }
        auto folders = c.listFolders();
        QVERIFY(folders.ok());
        QCOMPARE(folders->size(), 4);
        QSet<QString> dirs;
        for (const FolderInfo &f : *folders)
            dirs.insert(f.nativeName.toLower());
        QCOMPARE(dirs.size(), 4);
        QCOMPARE(QDir(dir.filePath(QStringLiteral("mail"))).entryList(QDir::Dirs | QDir::NoDotAndDotDot).size(), 4);
    }

    void indexRecordRoundTrip()
    {
        IndexRecord r;
        r.op = IndexRecord::Op::Add;
        r.id = 42;
        r.file = itemFileName(42, QStringLiteral("eml"));
        QCOMPARE(r.file, QStringLiteral("0000/42.eml"));
        r.size = 123;
        r.sha256 = QByteArray(64, 'a');
        r.flags = {QStringLiteral("\\Seen"), QStringLiteral("$Label1"), QStringLiteral("NonJunk")};
        r.internalDate = "17-Jul-1996 02:44:25 -0700";
        r.messageId = "<\xff\xfe@bad-utf8>"; // not UTF-8: kept via base64
        const auto back = IndexRecord::fromJson(QJsonDocument(r.toJson()).toJson());
        QVERIFY(back);
        QCOMPARE(back->id, r.id);
        QCOMPARE(back->file, r.file);
        QCOMPARE(back->flags, r.flags);
        QCOMPARE(back->internalDate, r.internalDate);
        QCOMPARE(back->messageId, r.messageId);
        QCOMPARE(back->sha256, r.sha256);

        IndexRecord p;
        p.op = IndexRecord::Op::Put;
        p.name = "event%20one.ics";
        p.file = QStringLiteral("0000/1.ics");
        p.size = 9;
        p.sha256 = QByteArray(64, 'b');
        p.uid = "uid-1@example.org";
        p.etag = "\"abc\"";
        p.contentType = "text/calendar; charset=utf-8";
        const auto pb = IndexRecord::fromJson(QJsonDocument(p.toJson()).toJson());
        QVERIFY(pb);
        QCOMPARE(pb->name, p.name);
        QCOMPARE(pb->etag, p.etag);
        QCOMPARE(pb->uid, p.uid);

        // A file name that leaves the folder is refused.
        QJsonObject evil = p.toJson();
        evil.insert(QStringLiteral("file"), QStringLiteral("../../etc/passwd"));
        QVERIFY(!IndexRecord::fromJson(QJsonDocument(evil).toJson()));
    }

    void tornLastLineIsIgnored_data()
    {
        QTest::addColumn<bool>("sealed");
        QTest::newRow("plain") << false;
        QTest::newRow("encrypted") << true;
    }
    void tornLastLineIsIgnored()
    {
        QFETCH(bool, sealed);
        QTemporaryDir dir;
        const auto key = testKey();
        const ArchiveKey *k = sealed ? key.get() : nullptr;
        const QString rel = QStringLiteral("mail/x/index.jsonl");
        QDir().mkpath(dir.filePath(QStringLiteral("mail/x")));
        quint64 lines = 0;
        for (quint64 id = 1; id <= 3; ++id) {
            IndexRecord r;
            r.op = IndexRecord::Op::Add;
            r.id = id;
            r.file = itemFileName(id, QStringLiteral("eml"));
            r.size = 1;
            r.sha256 = QByteArray(64, 'c');
            QVERIFY(appendIndex(dir.path(), rel, k, r, lines).ok());
        }
        QCOMPARE(lines, quint64(3));
        {
            QFile f(dir.filePath(rel));
            QVERIFY(f.open(QIODevice::Append));
            f.write(sealed ? "QUJD" : "{\"op\":\"add\",\"id\":4,\"fi"); // a crash mid-line
        }
        auto loaded = loadIndex(dir.path(), rel, k);
        QVERIFY(loaded.ok());
        QCOMPARE(loaded->records.size(), 3);
        QCOMPARE(loaded->notices.size(), 1);
        QVERIFY(loaded->notices[0].contains(QLatin1String("incomplete")));

        // The next append closes the torn line first: both it and the new line count.
        lines = loaded->lines;
        IndexRecord r;
        r.op = IndexRecord::Op::Flags;
        r.id = 2;
        r.flags = {QStringLiteral("\\Seen")};
        QVERIFY(appendIndex(dir.path(), rel, k, r, lines).ok());
        loaded = loadIndex(dir.path(), rel, k);
        QVERIFY(loaded.ok());
        QCOMPARE(loaded->records.size(), 4);
        QCOMPARE(loaded->records.last().flags, r.flags);
        QCOMPARE(loaded->notices.size(), 1);
        QVERIFY(loaded->notices[0].contains(QLatin1String("damaged")));
    }

    void sealedFilesRoundTrip_data()
    {
        QTest::addColumn<qint64>("size");
        QTest::newRow("empty") << qint64(0);
        QTest::newRow("small") << qint64(1000);
        QTest::newRow("6 MB, spooled and chunked") << qint64(6 * 1024 * 1024 + 17);
    }
    void sealedFilesRoundTrip()
    {
        QFETCH(qint64, size);
        QTemporaryDir dir;
        const auto key = testKey();
        const ItemBody body = bigBody(size);
        QByteArray sha;
        QVERIFY(writeNewFile(dir.path(), QStringLiteral("mail/f0001/0000/1.eml"), body, key.get(), &sha).ok());
        QCOMPARE(sha, body.sha256());
        const QString path = dir.filePath(QStringLiteral("mail/f0001/0000/1.eml"));
        QCOMPARE(QFileInfo(path).size(), size + kSealOverhead);
        if (size > 0) {
            QFile f(path);
            QVERIFY(f.open(QIODevice::ReadOnly));
            QVERIFY(!f.readAll().contains(body.readAll().left(64))); // not plain on disk
        }
        ItemBody out;
        QCOMPARE(readItemFile(dir.path(), QStringLiteral("mail/f0001/0000/1.eml"), key.get(), sha.toHex(), out), QString());
        QCOMPARE(out.size(), size);
        QCOMPARE(out.sha256(), body.sha256());
        QCOMPARE(out.inMemory(), size <= ItemBody::kDefaultSpoolThreshold);
        // A file is never overwritten.
        QVERIFY(!writeNewFile(dir.path(), QStringLiteral("mail/f0001/0000/1.eml"), body, key.get()).ok());
    }

    void plainFileChecksum()
    {
        QTemporaryDir dir;
        const ItemBody body = ItemBody::fromBytes("Subject: hi\r\n\r\nbody\r\n");
        QByteArray sha;
        QVERIFY(writeNewFile(dir.path(), QStringLiteral("a/1.eml"), body, nullptr, &sha).ok());
        QCOMPARE(QFileInfo(dir.filePath(QStringLiteral("a/1.eml"))).size(), body.size());
        flipByte(dir.filePath(QStringLiteral("a/1.eml")), 3);
        ItemBody out;
        QVERIFY(readItemFile(dir.path(), QStringLiteral("a/1.eml"), nullptr, sha.toHex(), out).contains(QLatin1String("checksum mismatch")));
        QVERIFY(readItemFile(dir.path(), QStringLiteral("a/2.eml"), nullptr, sha.toHex(), out).contains(QLatin1String("missing")));
    }

    void tamperedByteFailsTheTag()
    {
        QTemporaryDir dir;
        const auto key = testKey();
        const ItemBody body = bigBody(3 * 1024 * 1024);
        const QString rel = QStringLiteral("mail/f0001/0000/7.eml");
        QVERIFY(writeNewFile(dir.path(), rel, body, key.get()).ok());
        flipByte(dir.filePath(rel), 2 * 1024 * 1024);
        ItemBody out;
        const QString problem = readItemFile(dir.path(), rel, key.get(), {}, out);
        QVERIFY2(problem.contains(QLatin1String("authentication tag")), qPrintable(problem));
        QCOMPARE(out.size(), 0); // nothing of it handed out
    }

    void swappedFilesFailTheirContext()
    {
        QTemporaryDir dir;
        const auto key = testKey();
        const QString a = QStringLiteral("mail/f0001/0000/1.eml"), b = QStringLiteral("mail/f0002/0000/1.eml");
        QVERIFY(writeNewFile(dir.path(), a, ItemBody::fromBytes("message A"), key.get()).ok());
        QVERIFY(writeNewFile(dir.path(), b, ItemBody::fromBytes("message B"), key.get()).ok());
        QVERIFY(QFile::rename(dir.filePath(a), dir.filePath(QStringLiteral("tmp"))));
        QVERIFY(QFile::rename(dir.filePath(b), dir.filePath(a)));
        QVERIFY(QFile::rename(dir.filePath(QStringLiteral("tmp")), dir.filePath(b)));
        ItemBody out;
        QVERIFY(readItemFile(dir.path(), a, key.get(), {}, out).contains(QLatin1String("authentication tag")));
        QVERIFY(readItemFile(dir.path(), b, key.get(), {}, out).contains(QLatin1String("authentication tag")));
        // Index lines are bound to their place too.
        const QByteArray line = encodeLine("{\"op\":\"flags\",\"id\":1,\"flags\":[]}", key.get(), QStringLiteral("x"), 1);
        QVERIFY(decodeLine(line, key.get(), QStringLiteral("x"), 1));
        QVERIFY(!decodeLine(line, key.get(), QStringLiteral("x"), 2));
        QVERIFY(!decodeLine(line, key.get(), QStringLiteral("y"), 1));
    }

    void wrongPassphraseIsRefused()
    {
        QTemporaryDir dir;
        {
            ArchiveConnector c(archiveEndpoint(dir.path(), QStringLiteral("mail"), "right one"));
            QVERIFY(c.connect().ok());
            FolderInfo f;
            f.ref = FolderRef{{QStringLiteral("Secret plans")}};
            QVERIFY(c.createFolder(f).ok());
        }
        // Folder names do not show on disk.
        const QStringList dirs = QDir(dir.filePath(QStringLiteral("mail"))).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
        QCOMPARE(dirs, QStringList{QStringLiteral("f0001")});
        QFile manifest(dir.filePath(QStringLiteral("manifest.json")));
        QVERIFY(manifest.open(QIODevice::ReadOnly));
        const QByteArray m = manifest.readAll();
        QVERIFY(!m.contains("Secret plans"));
        QVERIFY(m.contains("AES-256-GCM") && m.contains("scrypt"));

        for (bool readOnly : {true, false}) {
            ArchiveConnector c(archiveEndpoint(dir.path(), QStringLiteral("mail"), "wrong one"));
            c.setReadOnly(readOnly);
            const Error e = c.connect();
            QCOMPARE(e.code, ErrorCode::Auth);
            QVERIFY2(e.what.contains(QLatin1String("the passphrase does not open this archive")), qPrintable(e.what));
            QVERIFY(!e.toString().contains(QLatin1String("wrong one")));
        }
        ArchiveConnector none(archiveEndpoint(dir.path(), QStringLiteral("mail")));
        QCOMPARE(none.connect().code, ErrorCode::Auth);
        QCOMPARE(verifyArchive(dir.path(), std::make_shared<const Secret>("wrong one")).error().code, ErrorCode::Auth);

        ArchiveConnector right(archiveEndpoint(dir.path(), QStringLiteral("mail"), "right one"));
        right.setReadOnly(true);
        QVERIFY(right.connect().ok());
        auto folders = right.listFolders();
        QVERIFY(folders.ok());
        QCOMPARE(folders->size(), 1);
        QCOMPARE(folders->first().ref.display(), QStringLiteral("Secret plans"));
    }

    void endpointsAreChecked_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<bool>("ok");
        QTest::newRow("mail") << QStringLiteral("archive:///tmp/x/mail") << true;
        QTest::newRow("pim") << QStringLiteral("archive:///tmp/x/pim/") << true;
        QTest::newRow("no part") << QStringLiteral("archive:///tmp/x") << false;
        QTest::newRow("other part") << QStringLiteral("archive:///tmp/x/calendars") << false;
        QTest::newRow("root") << QStringLiteral("archive:///mail") << false;
        QTest::newRow("host") << QStringLiteral("archive://host/tmp/x/mail") << false;
    }
    void endpointsAreChecked()
    {
        QFETCH(QString, url);
        QFETCH(bool, ok);
        auto e = Endpoint::parse(url);
        QVERIFY(e.ok());
        ArchiveConnector c(*e);
        QVERIFY(!c.describe().contains(QLatin1String("@")));
        if (ok)
            return;
        const Error err = c.connect();
        QCOMPARE(err.code, ErrorCode::Usage);
        QVERIFY(!err.hint.isEmpty());
    }

    void readOnlyRefusesWritesAndMissingArchive()
    {
        QTemporaryDir dir;
        ArchiveConnector missing(archiveEndpoint(dir.filePath(QStringLiteral("nothing")), QStringLiteral("mail")));
        missing.setReadOnly(true);
        QCOMPARE(missing.connect().code, ErrorCode::NotFound);
        QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("nothing"))));

        {
            ArchiveConnector w(archiveEndpoint(dir.path(), QStringLiteral("mail")));
            QVERIFY(w.connect().ok());
            FolderInfo f;
            f.ref = FolderRef{{QStringLiteral("INBOX")}};
            QVERIFY(w.createFolder(f).ok());
        }
        ArchiveConnector c(archiveEndpoint(dir.path(), QStringLiteral("mail")));
        c.setReadOnly(true);
        QVERIFY(c.connect().ok());
        FolderInfo f;
        f.ref = FolderRef{{QStringLiteral("New")}};
        QCOMPARE(c.createFolder(f).code, ErrorCode::ReadOnly);
        QCOMPARE(c.setSubscribed(FolderRef{{QStringLiteral("INBOX")}}, true).code, ErrorCode::ReadOnly);
        QVERIFY(c.openFolder(FolderRef{{QStringLiteral("INBOX")}}, true).ok());
        QCOMPARE(c.setFlags({}).code, ErrorCode::ReadOnly);
        StoreRequest req;
        req.folder = FolderRef{{QStringLiteral("INBOX")}};
        req.body = ItemBody::fromBytes("x");
        Error got;
        c.storeItem(std::move(req), [&](StoreResult &&r) { got = r.error; });
        QCOMPARE(got.code, ErrorCode::ReadOnly);
    }

    void nonArchiveDirectoryIsNotWrittenInto()
    {
        QTemporaryDir dir;
        QFile other(dir.filePath(QStringLiteral("thesis.odt")));
        QVERIFY(other.open(QIODevice::WriteOnly));
        other.close();
        ArchiveConnector c(archiveEndpoint(dir.path(), QStringLiteral("mail")));
        QCOMPARE(c.connect().code, ErrorCode::Usage);
        QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("manifest.json"))));
    }
};

QTEST_GUILESS_MAIN(TestArchiveFormat)
#include "tst_archiveformat.moc"
