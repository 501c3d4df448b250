// vCard 4.0 → 3.0 rules of convertVCard() (see vcardconverter.h; RFC 6350 Appendix A, RFC 2426).
#include "vcardconvert_p.h"

#include "vcarddate.h"
#include "vcardvalue.h"

#include <QHash>

using namespace Qt::StringLiterals;

namespace ferry::pim::convert {

namespace {

bool isBinaryProperty(const ContentLine &l) { return isOneOf(l, {"PHOTO", "LOGO", "SOUND", "KEY"}); }

QString caretDecode(QByteArrayView v)
{
    QByteArray out;
    for (qsizetype i = 0; i < v.size(); ++i) {
        if (v[i] == '^' && i + 1 < v.size()) {
            const char e = v[i + 1];
            if (e == 'n' || e == 'N') { out += '\n'; ++i; continue; }
            if (e == '\'') { out += '"'; ++i; continue; }
            if (e == '^') { out += '^'; ++i; continue; }
        }
        // RFC 6350's own LABEL example writes "\n" inside the parameter.
        if (v[i] == '\\' && i + 1 < v.size() && (v[i + 1] == 'n' || v[i + 1] == 'N')) {
            out += '\n';
            ++i;
            continue;
        }
        out += v[i];
    }
    return QString::fromUtf8(out);
}

void binaryTo30(Context &c, qsizetype i)
{
    ContentLine &l = c.line(i);
    if (isDataUri(l.value)) {
        bool ok = true;
        const DataUri uri = parseDataUri(l.value, &ok);
        if (!ok)
            return; // reported by the reader; left as it is rather than corrupted
        QByteArray media = uri.mediaType.isEmpty() ? l.paramValue("MEDIATYPE") : uri.mediaType;
        if (media.isEmpty())
            media = sniffMediaType(uri.data);
        l.removeParam("MEDIATYPE");
        l.removeParam("VALUE");
        l.setParam("ENCODING", {"b"});
        if (!media.isEmpty()) {
            QList<QByteArray> types = typeValues(l);
            types.prepend(typeForMediaType(media));
            setTypes(l, types);
        }
        l.setValue(uri.data.toBase64());
        c.change(u"%1: data: URI → inline base64"_s.arg(upperName(l)));
        return;
    }
    if (VCard::isInlineBinary(l) || equalsCi(l.paramValue("VALUE"), "text"))
        return;
    // A URI: 3.0 needs VALUE=uri (its default is inline binary) and TYPE for the media type.
    const QByteArray media = l.paramValue("MEDIATYPE");
    if (!media.isEmpty()) {
        l.removeParam("MEDIATYPE");
        QList<QByteArray> types = typeValues(l);
        types.prepend(typeForMediaType(media));
        setTypes(l, types);
    }
    if (!l.param("VALUE")) {
        l.setParam("VALUE", {"uri"});
        c.change(u"%1: URI marked VALUE=uri"_s.arg(upperName(l)));
    }
}

void dateTo30(Context &c, qsizetype i)
{
    ContentLine &l = c.line(i);
    VCardDate d;
    if (equalsCi(l.paramValue("VALUE"), "text") || !parseVCardDate(l.value, &d)) {
        c.keep(i);
        return;
    }
    if (d.isYearless() && d.time.isEmpty()) {
        d.year = kAppleOmitYear;
        l.setParam("X-APPLE-OMIT-YEAR", {QByteArray::number(kAppleOmitYear)});
        l.setValue(formatVCardDate30(d));
        c.change(u"%1: date without year written as 1604-MM-DD with X-APPLE-OMIT-YEAR"_s.arg(upperName(l)));
    } else if (!d.isFullDate()) {
        c.keep(i);
        return;
    }
    if (equalsCi(l.paramValue("VALUE"), "date-and-or-time"))
        l.removeParam("VALUE");
}

} // namespace

void downgradeTo30(Context &c)
{
    // The preferred line of each property: lowest PREF (RFC 6350 §5.3).
    QHash<QByteArray, qsizetype> preferred;
    QHash<QByteArray, int> best;
    const QList<qsizetype> lines = c.propertyLines();
    for (const qsizetype i : lines) {
        const ContentLine &l = c.line(i);
        bool ok = false;
        const int pref = l.paramValue("PREF").toInt(&ok);
        const QByteArray key = l.name.toUpper();
        if (ok && (!best.contains(key) || pref < best.value(key))) {
            best.insert(key, pref);
            preferred.insert(key, i);
        }
    }
    const bool hasXKind = c.card.indexOf("X-ADDRESSBOOKSERVER-KIND") >= 0;
    const bool hasXAnniversary = c.card.indexOf("X-ANNIVERSARY") >= 0;
    for (const qsizetype i : lines) {
        ContentLine &l = c.line(i);
        if (l.name.isEmpty()) {
            if (!l.value.trimmed().isEmpty())
                c.keep(i);
            continue;
        }
        if (std::any_of(l.params.begin(), l.params.end(), [](const ContentParam &p) {
                return equalsCi(p.name, "TYPE") && std::any_of(p.values.begin(), p.values.end(), [](const QByteArray &v) {
                           return v.contains(',');
                       });
            })) {
            setTypes(l, typeValues(l)); // TYPE="cell,voice" → TYPE=cell,voice: 3.0 has no quoted lists
        }
        if (preferred.value(l.name.toUpper(), -1) == i) {
            QList<QByteArray> types = typeValues(l);
            types.append("pref");
            l.removeParam("PREF");
            setTypes(l, types);
            c.change(u"%1: PREF → TYPE=pref"_s.arg(upperName(l)));
        }
        if (isBinaryProperty(l)) {
            binaryTo30(c, i);
        } else if (l.is("ANNIVERSARY") && !hasXAnniversary) {
            dateTo30(c, i);
            if (!c.removed.contains(i)) {
                l.name = "X-ANNIVERSARY";
                l.dirty = true;
                c.change(u"ANNIVERSARY → X-ANNIVERSARY"_s);
            }
        } else if (l.is("BDAY")) {
            dateTo30(c, i);
        } else if (l.is("KIND")) {
            const QByteArray kind = l.value.trimmed().toLower();
            if (kind == "group" && !hasXKind) {
                l.name = "X-ADDRESSBOOKSERVER-KIND";
                l.dirty = true;
                c.change(u"KIND:group → X-ADDRESSBOOKSERVER-KIND"_s);
            } else if (kind == "individual") {
                c.drop(i, u"removed (an individual is the default in vCard 3.0)"_s);
            } else if (kind == "org") {
                l.name = "X-ABShowAs";
                l.setValue("COMPANY");
                c.change(u"KIND:org → X-ABShowAs:COMPANY"_s);
            } else {
                c.keep(i);
            }
        } else if (l.is("MEMBER")) {
            l.name = "X-ADDRESSBOOKSERVER-MEMBER";
            l.dirty = true;
            c.change(u"MEMBER → X-ADDRESSBOOKSERVER-MEMBER"_s);
        } else if (l.is("GEO")) {
            if (!l.value.startsWith("geo:")) {
                continue; // already "lat;lon" (a tolerant 4.0 writer)
            }
            QByteArray coords = l.value.sliced(4);
            const qsizetype semi = coords.indexOf(';'); // ";u=uncertainty" has no 3.0 form
            const QList<QByteArray> ll = (semi < 0 ? coords : coords.left(semi)).split(',');
            if (semi < 0 && ll.size() >= 2) {
                l.setValue(ll[0] + ';' + ll[1]);
                c.change(u"GEO: geo: URI → lat;lon"_s);
            } else {
                c.keep(i);
            }
        } else if (l.is("TZ")) {
            const QByteArray value = l.paramValue("VALUE").toLower();
            if (value == "utc-offset") {
                QByteArray off = l.value.trimmed();
                if (off.size() == 5)
                    off.insert(3, ':');
                l.removeParam("VALUE");
                l.setValue(off);
                c.change(u"TZ: UTC offset in vCard 3.0 form"_s);
            } else if (value.isEmpty() || value == "text") {
                if (value.isEmpty()) {
                    l.setParam("VALUE", {"text"});
                    c.change(u"TZ: time zone name marked VALUE=text"_s);
                }
            } else {
                c.keep(i);
            }
        } else if (l.is("ADR") && l.param("LABEL")) {
            ContentLine label = makeContentLine("LABEL", escapeText(caretDecode(l.paramValue("LABEL"))), {}, l.group);
            const QList<QByteArray> types = typeValues(l);
            if (!types.isEmpty())
                label.params.append(ContentParam{"TYPE", types});
            l.removeParam("LABEL");
            c.added.append(label);
            c.change(u"ADR;LABEL → LABEL"_s);
        } else if (l.is("TEL") && equalsCi(l.paramValue("VALUE"), "uri") && l.value.startsWith("tel:")) {
            l.removeParam("VALUE");
            l.setValue(l.value.sliced(4));
            c.change(u"TEL: tel: URI → number"_s);
        } else if (l.is("CLIENTPIDMAP")) {
            c.drop(i, u"removed (4.0 synchronization data with no meaning in vCard 3.0)"_s);
        } else if (isOneOf(l, {"GENDER", "LANG", "RELATED", "XML", "DEATHDATE", "BIRTHPLACE", "DEATHPLACE", "EXPERTISE",
                               "HOBBY", "INTEREST", "ORG-DIRECTORY"})) {
            c.keep(i);
        }
    }
}

} // namespace ferry::pim::convert
