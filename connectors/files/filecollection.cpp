#include "filecollection.h"

#include <dav/davhref.h>
#include <pim/ical/icalsplit.h>
#include <pim/vcard/contactcsv.h>
#include <pim/vcard/contactldif.h>
#include <pim/vcard/vcardreader.h>

#include <QCryptographicHash>
#include <QSet>

namespace ferry {

namespace {

enum class Format { Calendar, VCards, Ldif, Csv };

Format sniff(const QByteArray &data, const QString &name)
{
    const QString lower = name.toLower();
    const QByteArray head = data.left(4096).trimmed().toUpper();
    if (head.startsWith("\xEF\xBB\xBF" "BEGIN:VCALENDAR") || head.startsWith("BEGIN:VCALENDAR") || lower.endsWith(u".ics"))
        return Format::Calendar;
    if (head.startsWith("\xEF\xBB\xBF" "BEGIN:VCARD") || head.startsWith("BEGIN:VCARD") || lower.endsWith(u".vcf"))
        return Format::VCards;
    if (lower.endsWith(u".ldif") || lower.endsWith(u".ldi") || head.startsWith("DN:") || head.startsWith("VERSION: 1"))
        return Format::Ldif;
    return Format::Csv;
}

QByteArray etagOf(const QByteArray &bytes)
{
    return '"' + QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex().left(32) + '"';
}

// Unique resource names within the collection: a second item with the same
// name (a duplicate UID left as it is) gets "-2", "-3" … before the extension.
QByteArray uniqueName(const QString &uid, const QString &ext, QSet<QByteArray> &used)
{
    const QString base = davhref::resourceNameForUid(uid, ext);
    QByteArray name = base.toUtf8();
    for (int n = 2; used.contains(name); ++n) {
        QString stem = base;
        stem.chop(ext.size());
        name = (stem + u'-' + QString::number(n) + ext).toUtf8();
    }
    used.insert(name);
    return name;
}

QString issueText(const pim::VCardIssue &i)
{
    return i.line > 0 ? QStringLiteral("line %1: %2").arg(i.line).arg(i.message) : i.message;
}

void addCard(FileCollection &c, pim::VCard card, QList<pim::VCardIssue> issues, QSet<QByteArray> &used)
{
    FileItem item;
    for (const pim::VCardIssue &i : std::as_const(issues))
        item.issues << issueText(i);
    for (const pim::VCardIssue &i : std::as_const(card.issues))
        item.issues << issueText(i);
    if (!card.hasEnd())
        card.addMissingEnd();
    item.uid = card.ensureUid();
    item.bytes = card.toBytes();
    item.id = uniqueName(QString::fromUtf8(item.uid), QStringLiteral(".vcf"), used);
    item.etag = etagOf(item.bytes);
    c.items.append(item);
}

} // namespace

FileCollection readFileCollection(const QByteArray &data, const QString &fileName)
{
    const int dot = fileName.lastIndexOf(u'.');
    const QString name = dot > 0 ? fileName.left(dot) : fileName;
    FileCollection c;
    c.token = QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex();
    c.info.ref = FolderRef{{name}};
    c.info.collection.displayName = name;
    QSet<QByteArray> used;

    const Format format = sniff(data, fileName);
    if (format == Format::Calendar) {
        const pim::ICalSplit split = pim::splitICalendar(data);
        QSet<QString> kinds;
        for (const pim::ICalResource &r : split.resources) {
            FileItem item;
            item.uid = r.uid.toUtf8();
            item.bytes = r.data;
            item.etag = etagOf(r.data);
            // A component without UID still gets a stable name (from its bytes).
            const QString key = r.uid.isEmpty()
                ? QString::fromLatin1(QCryptographicHash::hash(r.data, QCryptographicHash::Sha1).toHex())
                : r.uid;
            item.id = uniqueName(key, QStringLiteral(".ics"), used);
            for (const pim::ICalIssue &i : r.issues)
                item.issues << (i.line > 0 ? QStringLiteral("line %1: %2").arg(i.line).arg(i.message) : i.message);
            for (const QByteArray &k : r.kinds)
                kinds.insert(QString::fromLatin1(k));
            c.items.append(item);
        }
        for (const pim::ContentLine &p : split.calendarProperties) {
            if (p.is("X-WR-CALNAME") || p.is("NAME"))
                c.info.collection.displayName = pim::unescapeText(p.value);
            else if (p.is("X-WR-CALDESC") || p.is("DESCRIPTION"))
                c.info.collection.description = pim::unescapeText(p.value);
            else if (p.is("X-APPLE-CALENDAR-COLOR") || p.is("COLOR"))
                c.info.collection.color = QString::fromUtf8(p.value);
        }
        for (const QString &i : split.info)
            c.notices << i;
        for (const pim::ICalIssue &i : split.issues)
            c.notices << (i.line > 0 ? QStringLiteral("line %1: %2").arg(i.line).arg(i.message) : i.message);
        const bool onlyTasks = kinds.contains(QStringLiteral("VTODO")) && !kinds.contains(QStringLiteral("VEVENT"));
        c.info.kind = onlyTasks ? ItemKind::Task : ItemKind::Event;
        QStringList comps = QStringList(kinds.begin(), kinds.end());
        comps.sort();
        c.info.collection.components = comps.isEmpty() ? QStringList{QStringLiteral("VEVENT")} : comps;
    } else {
        c.info.kind = ItemKind::Contact;
        if (format == Format::VCards) {
            pim::VCardFile file = pim::readVCards(data);
            for (const pim::VCardIssue &i : std::as_const(file.issues))
                c.notices << issueText(i);
            for (pim::VCard &card : file.cards)
                addCard(c, std::move(card), {}, used);
        } else {
            pim::ContactImport imported = format == Format::Ldif ? pim::importContactsLdif(data)
                                                                 : pim::importContactsCsv(data);
            for (const pim::VCardIssue &i : std::as_const(imported.issues))
                c.notices << issueText(i);
            for (pim::ImportedContact &ic : imported.contacts)
                addCard(c, std::move(ic.card), ic.issues, used);
            if (!imported.format.isEmpty())
                c.notices.prepend(QStringLiteral("read as %1").arg(imported.format));
        }
    }
    if (c.items.isEmpty())
        c.notices << QStringLiteral("nothing to copy was found in it");
    return c;
}

} // namespace ferry
