#include "pimtransformer.h"

#include <pim/ical/calendaraddresses.h>
#include <pim/ical/icalcheck.h>
#include <pim/ical/keepindescription.h>
#include <pim/ical/schedulingagent.h>
#include <pim/ical/tzidrename.h>
#include <pim/vcard/vcardconverter.h>
#include <pim/vcard/vcardemails.h>
#include <pim/vcard/vcardnote.h>
#include <pim/vcard/vcardreader.h>

#include <QSet>

#include <algorithm>

namespace ferry {

namespace {

// The distinct X- property names of an object (not X-LIC-*, which libical adds
// itself), in order of appearance.
QList<QByteArray> xProperties(const QByteArray &bytes)
{
    QList<QByteArray> names;
    QSet<QByteArray> seen;
    const pim::ContentLines lines = pim::parseContentLines(bytes);
    for (const pim::ContentLine &l : lines.lines) {
        const QByteArray name = l.name.toUpper();
        if (name.startsWith("X-") && !name.startsWith("X-LIC-") && !seen.contains(name)) {
            seen.insert(name);
            names.append(name);
        }
    }
    return names;
}

// "text/vcard;version=4.0" → 4.0; entries without a version say nothing.
QList<pim::VCardVersion> acceptedVersions(const QStringList &addressData)
{
    QList<pim::VCardVersion> out;
    for (const QString &d : addressData) {
        const int at = d.indexOf(QLatin1String("version="), 0, Qt::CaseInsensitive);
        if (at < 0)
            continue;
        const pim::VCardVersion v = pim::vcardVersionFromString(d.mid(at + 8).trimmed().toLatin1());
        if (v != pim::VCardVersion::Unknown && !out.contains(v))
            out.append(v);
    }
    return out;
}

void takeEdit(TransformResult &r, pim::ICalEdit &&e, QByteArray &bytes, const QString &what)
{
    for (const pim::ICalIssue &i : std::as_const(e.issues))
        r.issues << i.message;
    if (e.changed()) {
        bytes = std::move(e.data);
        r.changes << what;
    }
}

// One content line spelled canonically: NAME;PARAM=v1,v2;…:value with names upper-cased
// and parameters sorted.
QByteArray canonicalLine(const pim::ContentLine &l)
{
    QList<QByteArray> params;
    for (const pim::ContentParam &p : l.params) {
        QList<QByteArray> values = p.values;
        std::sort(values.begin(), values.end());
        QByteArray joined;
        for (const QByteArray &v : std::as_const(values))
            joined += (joined.isEmpty() ? "" : ",") + v;
        params.append(p.name.toUpper() + '=' + joined);
    }
    std::sort(params.begin(), params.end());
    QByteArray out = (l.group.isEmpty() ? QByteArray() : l.group.toUpper() + '.') + l.name.toUpper();
    for (const QByteArray &p : std::as_const(params))
        out += ';' + p;
    return out + ':' + l.value;
}

QList<QByteArray> canonicalLines(const QByteArray &bytes)
{
    QList<QByteArray> out;
    for (const pim::ContentLine &l : pim::parseContentLines(bytes).lines) {
        if (l.name.isEmpty() || l.is("PRODID"))
            continue;
        out.append(canonicalLine(l));
    }
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace

bool PimTransformer::sameContent(const QByteArray &written, const QByteArray &found) const
{
    return written == found || canonicalLines(written) == canonicalLines(found);
}

PimTransformer::PimTransformer(pim::AddressMap addresses) : m_addresses(std::move(addresses)) {}

TransformResult PimTransformer::prepare(const FolderInfo &target, ItemMeta &meta, ItemBody &&body)
{
    // Contacts and events are small; a spooled one (a contact with a big photo) is
    // read once here.
    const QByteArray bytes = body.inMemory() ? body.bytes() : body.readAll();
    if (target.kind == ItemKind::Contact)
        return prepareContact(target, meta, bytes);
    return prepareCalendar(meta, bytes);
}

TransformResult PimTransformer::prepareContact(const FolderInfo &target, ItemMeta &meta, const QByteArray &bytes)
{
    TransformResult r;
    pim::VCardFile file = pim::readVCards(bytes);
    for (const pim::VCardIssue &i : std::as_const(file.issues))
        r.issues << i.message;
    if (file.cards.isEmpty()) {
        r.error = Error::make(ErrorCode::Rejected, QStringLiteral("it holds no vCard"));
        return r;
    }
    if (file.cards.size() > 1) {
        // A resource must hold one card; pass it on unchanged and let the target judge.
        r.issues << QStringLiteral("it holds %1 vCards in one resource; copied as it is").arg(file.cards.size());
        r.body = ItemBody::fromBytes(bytes);
        return r;
    }
    pim::VCard &card = file.cards.first();
    for (const pim::VCardIssue &i : std::as_const(card.issues))
        r.issues << i.message;
    meta.uid = card.uid();
    if (meta.subject.isEmpty())
        meta.subject = card.formattedName();

    // Converted only when the target said which versions it takes and this is not
    // one of them. A target that does not say gets the card as it is; should it
    // refuse it, fallback() converts to vCard 3.0, the version every CardDAV
    // server must take (RFC 6352 §6.2.2).
    const QList<pim::VCardVersion> accepted = acceptedVersions(target.collection.addressData);
    const pim::VCardVersion want = accepted.isEmpty() ? card.version() : pim::chooseVCardVersion(card.version(), accepted);
    if (want != card.version() && card.version() != pim::VCardVersion::Unknown) {
        const pim::VCardConversion c = pim::convertVCard(card, want);
        if (!c.ok)
            r.issues << c.error;
        else
            r.changes << QStringLiteral("converted to vCard %1").arg(QString::fromLatin1(pim::vcardVersionString(want)));
        for (const QString &k : c.keptInNote)
            r.changes << QStringLiteral("%1 kept in the note").arg(k);
    }
    if (!m_addresses.isEmpty()) {
        const int n = pim::rewriteEmails(card, [this](QByteArrayView address) -> std::optional<QByteArray> {
            const std::optional<QString> to = m_addresses.map(QString::fromUtf8(address));
            if (!to)
                return std::nullopt;
            return to->toUtf8();
        });
        if (n > 0)
            r.changes << QStringLiteral("%1 address(es) mapped").arg(n);
    }
    r.body = ItemBody::fromBytes(card.isModified() ? card.toBytes() : bytes);
    return r;
}

TransformResult PimTransformer::prepareCalendar(ItemMeta &meta, const QByteArray &bytes)
{
    TransformResult r;
    QByteArray data = bytes;
    takeEdit(r, pim::renameWindowsTimeZones(data), data, QStringLiteral("Windows time zones renamed to IANA"));
    takeEdit(r, pim::addScheduleAgentClient(data), data, QStringLiteral("SCHEDULE-AGENT=CLIENT added"));
    if (!m_addresses.isEmpty())
        takeEdit(r, pim::mapCalendarAddresses(data, m_addresses), data, QStringLiteral("addresses mapped"));

    // Never write what could make the target send an invitation or a reply: a
    // line too malformed to edit stays as it was, so the item stays here.
    const QList<pim::ICalIssue> risks = pim::schedulingSideEffects(data);
    if (!risks.isEmpty()) {
        r.error = Error::make(ErrorCode::Rejected,
                              QStringLiteral("it could make the new server send invitations (%1); not copied")
                                  .arg(risks.first().message),
                              {}, QStringLiteral("fix the ORGANIZER/ATTENDEE lines at the source, or copy it by hand"));
        return r;
    }
    const pim::ICalCheck check = pim::checkICalendar(data, pim::ICalCheckMode::Resource);
    for (const pim::ICalIssue &i : check.allIssues())
        r.issues << i.message;
    for (const pim::ICalObjectReport &o : check.objects) {
        if (!o.uids.isEmpty() && meta.uid.isEmpty())
            meta.uid = o.uids.first().toUtf8();
    }
    if (check.objects.isEmpty()) {
        r.error = Error::make(ErrorCode::Rejected, QStringLiteral("it holds no iCalendar object"));
        return r;
    }
    r.body = ItemBody::fromBytes(data);
    return r;
}

std::optional<TransformResult> PimTransformer::fallback(const FolderInfo &target, const ItemMeta &, const ItemBody &prepared,
                                                        const Error &)
{
    const QByteArray bytes = prepared.inMemory() ? prepared.bytes() : prepared.readAll();
    const QList<QByteArray> names = xProperties(bytes);
    TransformResult r;
    if (target.kind == ItemKind::Contact) {
        pim::VCardFile file = pim::readVCards(bytes);
        if (file.cards.size() != 1)
            return std::nullopt;
        pim::VCard &card = file.cards.first();
        if (card.version() != pim::VCardVersion::V30 && card.version() != pim::VCardVersion::Unknown) {
            const pim::VCardConversion c = pim::convertVCard(card, pim::VCardVersion::V30);
            if (c.ok)
                r.changes << QStringLiteral("converted to vCard 3.0");
        }
        if (!names.isEmpty())
            r.changes += pim::keepInNote(card, names);
        if (r.changes.isEmpty())
            return std::nullopt;
        r.body = ItemBody::fromBytes(card.toBytes());
        return r;
    }
    if (names.isEmpty())
        return std::nullopt;
    pim::ICalEdit e = pim::keepInDescription(bytes, names);
    if (!e.changed())
        return std::nullopt;
    for (const pim::ICalChange &c : std::as_const(e.changes))
        if (!c.property.isEmpty() && c.property != "DESCRIPTION")
            r.changes << QString::fromLatin1(c.property);
    r.body = ItemBody::fromBytes(e.data);
    return r;
}

} // namespace ferry
