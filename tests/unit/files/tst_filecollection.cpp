// Export files read as collections: format by content or extension, items named
// after their UIDs (unique, stable), UIDs written where a target needs one, the
// token following the content, and nothing ever written.
#include <files/filesconnector.h>

#include <QTemporaryDir>
#include <QTest>

using namespace ferry;

class TestFileCollection : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void vcardsGetUniqueStableNames()
    {
        const QByteArray vcf = "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:same\r\nFN:A\r\nEND:VCARD\r\n"
                               "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:same\r\nFN:B\r\nEND:VCARD\r\n"
                               "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:No UID\r\nEND:VCARD\r\n";
        const FileCollection c = readFileCollection(vcf, QStringLiteral("people.vcf"));
        QCOMPARE(c.info.kind, ItemKind::Contact);
        QCOMPARE(c.info.ref.display(), QStringLiteral("people"));
        QCOMPARE(c.items.size(), 3);
        QCOMPARE(c.items[0].id, RemoteId("same.vcf"));
        QVERIFY(c.items[1].uid != "same");             // the repeat gets its derived UID …
        QVERIFY(c.items[1].bytes.contains("UID:" + c.items[1].uid));
        QVERIFY(!c.items[1].issues.isEmpty());          // … and says why
        QVERIFY(!c.items[2].uid.isEmpty());
        QVERIFY(c.items[2].bytes.contains("UID:"));
        QSet<RemoteId> names;
        for (const FileItem &i : c.items)
            names.insert(i.id);
        QCOMPARE(names.size(), 3);
        // Stable: the same file gives the same names and etags.
        const FileCollection again = readFileCollection(vcf, QStringLiteral("people.vcf"));
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(again.items[i].id, c.items[i].id);
            QCOMPARE(again.items[i].etag, c.items[i].etag);
        }
        QCOMPARE(again.token, c.token);
        QVERIFY(readFileCollection(vcf + "\r\n", QStringLiteral("people.vcf")).token != c.token);
    }

    void calendarIsSplitPerUid()
    {
        const QByteArray ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nMETHOD:PUBLISH\r\nX-WR-CALNAME:Home\r\n"
                               "BEGIN:VEVENT\r\nUID:a\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:20260102T100000Z\r\n"
                               "RRULE:FREQ=DAILY;COUNT=3\r\nEND:VEVENT\r\n"
                               "BEGIN:VEVENT\r\nUID:a\r\nDTSTAMP:20260101T000000Z\r\nRECURRENCE-ID:20260103T100000Z\r\n"
                               "DTSTART:20260103T120000Z\r\nEND:VEVENT\r\n"
                               "BEGIN:VTODO\r\nUID:t/1\r\nDTSTAMP:20260101T000000Z\r\nEND:VTODO\r\nEND:VCALENDAR\r\n";
        const FileCollection c = readFileCollection(ics, QStringLiteral("export"));  // no extension: by content
        QCOMPARE(c.info.kind, ItemKind::Event);
        QCOMPARE(c.info.collection.displayName, QStringLiteral("Home"));
        QCOMPARE(c.info.collection.components, (QStringList{QStringLiteral("VEVENT"), QStringLiteral("VTODO")}));
        QCOMPARE(c.items.size(), 2);                     // the override stays with its master
        QCOMPARE(c.items[0].bytes.count("BEGIN:VEVENT"), 2);
        QVERIFY(!c.items[0].bytes.contains("METHOD"));
        QVERIFY(c.items[1].id.endsWith(".ics"));
        QVERIFY(!c.items[1].id.contains('/'));           // a UID with '/' is not a name
    }

    void nothingIsEverWritten()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("a.vcf"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("BEGIN:VCARD\r\nVERSION:3.0\r\nUID:x\r\nFN:X\r\nEND:VCARD\r\n");
        f.close();
        Endpoint e;
        e.scheme = QStringLiteral("file");
        e.path = path;
        FilesConnector c(e);
        QVERIFY(c.connect().ok());
        StoreRequest req;
        req.body = ItemBody::fromBytes("x");
        Error got;
        c.storeItem(std::move(req), [&](StoreResult &&r) { got = r.error; });
        QCOMPARE(got.code, ErrorCode::ReadOnly);
        QCOMPARE(c.createFolder(FolderInfo{}).code, ErrorCode::ReadOnly);
        Endpoint missing = e;
        missing.path = dir.filePath(QStringLiteral("nope.ics"));
        QCOMPARE(FilesConnector(missing).connect().code, ErrorCode::Usage);
    }
};

QTEST_GUILESS_MAIN(TestFileCollection)
#include "tst_filecollection.moc"
