// PimTransformer: what the engine writes for a contact / event / task, and the
// "Kept by Ferry" fallback after a refusal.
#include <pim/transform/pimtransformer.h>

#include <QTest>

using namespace ferry;

namespace {

FolderInfo calendar()
{
    FolderInfo f;
    f.ref = FolderRef{{QStringLiteral("work")}};
    f.kind = ItemKind::Event;
    f.collection.components = {QStringLiteral("VEVENT")};
    return f;
}

FolderInfo addressBook(QStringList addressData = {})
{
    FolderInfo f;
    f.ref = FolderRef{{QStringLiteral("contacts")}};
    f.kind = ItemKind::Contact;
    f.collection.addressData = std::move(addressData);
    return f;
}

const QByteArray kMeeting =
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\nBEGIN:VEVENT\r\nUID:meet-1@example.org\r\n"
    "DTSTAMP:20260101T000000Z\r\nDTSTART:20260110T090000Z\r\nSUMMARY:Planning\r\n"
    "ORGANIZER;CN=Carl:mailto:c.smith@old.example\r\n"
    "ATTENDEE;PARTSTAT=ACCEPTED;CN=Ann:mailto:ann@example.org\r\n"
    "X-ODD-PROP:keep me\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

} // namespace

class TestPimTransformer : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void eventGetsScheduleAgentAndKeepsEverythingElse()
    {
        PimTransformer t;
        ItemMeta meta;
        TransformResult r = t.prepare(calendar(), meta, ItemBody::fromBytes(kMeeting));
        QVERIFY2(r.error.ok(), qPrintable(r.error.toString()));
        const QByteArray folded = r.body.readAll();
        QByteArray out = folded;
        out.replace("\r\n ", ""); // the longer lines are folded again at 75 octets
        QCOMPARE(meta.uid, QByteArray("meet-1@example.org"));
        QVERIFY(out.contains("ORGANIZER;CN=Carl;SCHEDULE-AGENT=CLIENT:mailto:c.smith@old.example\r\n"));
        QVERIFY(out.contains("ATTENDEE;PARTSTAT=ACCEPTED;CN=Ann;SCHEDULE-AGENT=CLIENT:mailto:ann@example.org\r\n"));
        // Nothing else moved: removing the added parameter gives the input back.
        QByteArray back = out;
        back.replace(";SCHEDULE-AGENT=CLIENT", "");
        QCOMPARE(back, kMeeting);
        QVERIFY(r.changes.join(u' ').contains(QLatin1String("SCHEDULE-AGENT")));
    }

    void addressMapMakesTheUserOrganizerAgain()
    {
        pim::AddressMap map;
        QVERIFY(map.addRule(u"c.smith@old.example=c_smith@new.example"));
        PimTransformer t(map);
        ItemMeta meta;
        TransformResult r = t.prepare(calendar(), meta, ItemBody::fromBytes(kMeeting));
        QVERIFY(r.error.ok());
        QByteArray out = r.body.readAll();
        out.replace("\r\n ", "");
        QVERIFY2(out.contains("mailto:c_smith@new.example"), out.constData());
        QVERIFY(!out.contains("c.smith@old.example"));
        QVERIFY(out.contains("mailto:ann@example.org"));
    }

    void contactIsConvertedOnlyWhenTheTargetNeedsIt()
    {
        const QByteArray card = "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:urn:uuid:1\r\nFN:Ann Example\r\n"
                                "EMAIL:ann@example.org\r\nBDAY:--0412\r\nEND:VCARD\r\n";
        PimTransformer t;
        {
            ItemMeta meta;
            TransformResult r = t.prepare(addressBook({QStringLiteral("text/vcard;version=4.0"),
                                                       QStringLiteral("text/vcard;version=3.0")}),
                                          meta, ItemBody::fromBytes(card));
            QVERIFY(r.error.ok());
            QCOMPARE(r.body.readAll(), card); // accepted as it is: byte-identical
            QCOMPARE(meta.uid, QByteArray("urn:uuid:1"));
            QVERIFY(r.changes.isEmpty());
        }
        {
            ItemMeta meta;
            TransformResult r = t.prepare(addressBook({QStringLiteral("text/vcard;version=3.0")}), meta,
                                          ItemBody::fromBytes(card));
            QVERIFY(r.error.ok());
            const QByteArray out = r.body.readAll();
            QVERIFY2(out.contains("VERSION:3.0"), out.constData());
            QVERIFY(out.contains("EMAIL"));
            QVERIFY(r.changes.join(u' ').contains(QLatin1String("3.0")));
        }
        {
            // The target does not say: sent as it is; converted only if it refuses.
            ItemMeta meta;
            TransformResult r = t.prepare(addressBook(), meta, ItemBody::fromBytes(card));
            QCOMPARE(r.body.readAll(), card);
            auto again = t.fallback(addressBook(), meta, r.body, Error::make(ErrorCode::Rejected, QStringLiteral("415")));
            QVERIFY(again.has_value());
            QVERIFY(again->body.readAll().contains("VERSION:3.0"));
        }
    }

    void fallbackKeepsXPropertiesInTheNotes()
    {
        PimTransformer t;
        ItemMeta meta;
        TransformResult r = t.prepare(calendar(), meta, ItemBody::fromBytes(kMeeting));
        auto again = t.fallback(calendar(), meta, r.body, Error::make(ErrorCode::Rejected, QStringLiteral("refused")));
        QVERIFY(again.has_value());
        const QByteArray out = again->body.readAll();
        QVERIFY2(!out.contains("\r\nX-ODD-PROP:"), out.constData());
        QVERIFY(out.contains("Kept by Ferry:"));
        QVERIFY(out.contains("keep me"));
        // Nothing to move: no second try.
        const QByteArray plain = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:p\r\n"
                                 "DTSTAMP:20260101T000000Z\r\nDTSTART:20260110T090000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        QVERIFY(!t.fallback(calendar(), meta, ItemBody::fromBytes(plain), Error{}).has_value());
    }

    // A server's own spelling of what we wrote is "already there"; a changed value is not.
    void sameContentIgnoresServerSpelling()
    {
        PimTransformer t;
        const QByteArray ours = "BEGIN:VCALENDAR\r\nPRODID:-//Ferry//EN\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:u1\r\n"
                                "SUMMARY:Planning\r\nATTENDEE;PARTSTAT=ACCEPTED;CN=Ann;SCHEDULE-AGENT=CLIENT:mailto:ann@"
                                "example.org\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        const QByteArray theirs = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Radicale//NONSGML Radicale Server//EN\r\n"
                                  "BEGIN:VEVENT\r\nUID:u1\r\nATTENDEE;CN=Ann;PARTSTAT=ACCEPTED;SCHEDULE-AGENT=CLIENT:mai\r\n"
                                  " lto:ann@example.org\r\nSUMMARY:Planning\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        QVERIFY(t.sameContent(ours, theirs));
        QByteArray changed = theirs;
        changed.replace("SUMMARY:Planning", "SUMMARY:Planning!");
        QVERIFY(!t.sameContent(ours, changed));
        QByteArray declined = theirs;
        declined.replace("PARTSTAT=ACCEPTED", "PARTSTAT=DECLINED");
        QVERIFY(!t.sameContent(ours, declined));
    }

    void brokenItemsAreReportedNotSent()
    {
        PimTransformer t;
        ItemMeta meta;
        TransformResult r = t.prepare(addressBook(), meta, ItemBody::fromBytes("this is not a card\r\n"));
        QVERIFY(!r.error.ok());
        ItemMeta meta2;
        TransformResult e = t.prepare(calendar(), meta2, ItemBody::fromBytes("garbage"));
        QVERIFY(!e.error.ok());
    }
};

QTEST_GUILESS_MAIN(TestPimTransformer)
#include "tst_pimtransformer.moc"
