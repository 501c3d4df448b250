// vCard 3.0 → 4.0 rules of convertVCard() (see vcardconverter.h; RFC 6350 Appendix A).
#include "vcardconvert_p.h"

#include "vcarddate.h"
#include "vcardvalue.h"

using namespace Qt::StringLiterals;

namespace ferry::pim::convert {

namespace {

bool isBinaryProperty(const ContentLine &l) { return isOneOf(l, {"PHOTO", "LOGO", "SOUND", "KEY"}); }

bool isNumber(QByteArrayView s)
{
    bool ok = false;
    s.trimmed().toByteArray().toDouble(&ok);
    return ok;
}

// RFC 6868 parameter value escaping for text that moves into a parameter.
QByteArray caretEncode(const QString &text)
{
    QByteArray out;
    for (const char c : text.toUtf8()) {
        if (c == '^')
            out += "^^";
        else if (c == '\n')
            out += "^n";
        else if (c == '"')
            out += "^'";
        else if (c != '\r')
            out += c;
    }
    return out;
}

QList<QByteArray> lowerTypesWithoutPref(const ContentLine &l)
{
    QList<QByteArray> out;
    for (const QByteArray &t : typeValues(l))
        if (!equalsCi(t, "pref"))
            out.append(t.toLower());
    std::sort(out.begin(), out.end());
    return out;
}

void binaryTo40(Context &c, ContentLine &l)
{
    QList<QByteArray> types = typeValues(l);
    if (VCard::isInlineBinary(l)) {
        bool ok = true;
        const QByteArray data = decodeBase64(l.value, &ok);
        if (!ok)
            return; // reported by the reader; left as it is rather than corrupted
        QByteArray media = types.isEmpty() ? QByteArray() : mediaTypeForType(l.name, types.takeFirst());
        if (media.isEmpty())
            media = sniffMediaType(data);
        if (media.isEmpty())
            media = "application/octet-stream";
        l.removeParam("ENCODING");
        setTypes(l, types);
        l.setValue(makeDataUri(media, data));
        c.change(u"%1: inline base64 → data: URI"_s.arg(upperName(l)));
    } else if (!types.isEmpty() && !isDataUri(l.value)) {
        // A URI with a 3.0 media TYPE ("JPEG"): that is MEDIATYPE in 4.0.
        const QByteArray media = mediaTypeForType(l.name, types.takeFirst());
        setTypes(l, types);
        if (!media.isEmpty() && !l.param("MEDIATYPE"))
            l.setParam("MEDIATYPE", {media});
        c.change(u"%1: TYPE → MEDIATYPE"_s.arg(upperName(l)));
    }
}

void dateTo40(Context &c, qsizetype i)
{
    ContentLine &l = c.line(i);
    if (equalsCi(l.paramValue("VALUE"), "text"))
        return;
    VCardDate d;
    if (!parseVCardDate(l.value, &d)) {
        // Keep the words: 4.0 allows a text BDAY/ANNIVERSARY.
        l.setParam("VALUE", {"text"});
        l.setValue(escapeText(QString::fromUtf8(l.value)));
        c.change(u"%1: not a date, written as VALUE=text"_s.arg(upperName(l)));
        return;
    }
    const QByteArray omit = l.paramValue("X-APPLE-OMIT-YEAR");
    if (!omit.isEmpty()) {
        if (d.year == omit.toInt())
            d.year = -1;
        l.removeParam("X-APPLE-OMIT-YEAR");
    }
    const QByteArray v = formatVCardDate40(d);
    if (v != l.value.trimmed())
        l.setValue(v);
    if (l.dirty)
        c.change(d.isYearless() ? u"%1: date without year written as --MMDD"_s.arg(upperName(l))
                                : u"%1: date written in vCard 4.0 form"_s.arg(upperName(l)));
}

} // namespace

void upgradeTo40(Context &c)
{
    const bool hasKind = c.card.indexOf("KIND") >= 0;
    const bool hasAnniversary = c.card.indexOf("ANNIVERSARY") >= 0;
    QList<qsizetype> labels;
    for (const qsizetype i : c.propertyLines()) {
        ContentLine &l = c.line(i);
        if (l.name.isEmpty()) {
            if (!l.value.trimmed().isEmpty())
                c.keep(i);
            continue;
        }
        // TYPE=pref → PREF=1 (RFC 6350 §5.3).
        QList<QByteArray> types = typeValues(l);
        if (types.removeIf([](const QByteArray &t) { return equalsCi(t, "pref"); })) {
            setTypes(l, types);
            l.setParam("PREF", {"1"});
            c.change(u"%1: TYPE=pref → PREF=1"_s.arg(upperName(l)));
        }
        if (isBinaryProperty(l)) {
            binaryTo40(c, l);
        } else if (l.is("X-ANNIVERSARY") && !hasAnniversary) {
            l.name = "ANNIVERSARY";
            l.dirty = true;
            c.change(u"X-ANNIVERSARY → ANNIVERSARY"_s);
            dateTo40(c, i);
        } else if (isOneOf(l, {"BDAY", "ANNIVERSARY", "DEATHDATE"})) {
            dateTo40(c, i);
        } else if (l.is("X-ADDRESSBOOKSERVER-KIND") && !hasKind) {
            l.name = "KIND";
            l.setValue(l.value.trimmed().toLower());
            c.change(u"X-ADDRESSBOOKSERVER-KIND → KIND"_s);
        } else if (l.is("X-ADDRESSBOOKSERVER-MEMBER")) {
            l.name = "MEMBER";
            l.dirty = true;
            c.change(u"X-ADDRESSBOOKSERVER-MEMBER → MEMBER"_s);
        } else if (l.is("GEO") && !l.value.startsWith("geo:")) {
            const QList<QByteArray> ll = l.value.split(';');
            if (ll.size() == 2 && isNumber(ll[0]) && isNumber(ll[1])) {
                l.setValue("geo:" + ll[0].trimmed() + ',' + ll[1].trimmed());
                c.change(u"GEO: written as a geo: URI"_s);
            } else {
                c.keep(i);
            }
        } else if (l.is("TZ")) {
            if (equalsCi(l.paramValue("VALUE"), "text")) {
                l.removeParam("VALUE");
            } else if (!l.param("VALUE")) {
                QByteArray off = l.value.trimmed();
                off.replace(':', "");
                if ((off.startsWith('+') || off.startsWith('-')) && off.size() == 5) {
                    l.setParam("VALUE", {"utc-offset"});
                    l.setValue(off);
                    c.change(u"TZ: UTC offset written as VALUE=utc-offset"_s);
                }
            }
        } else if (l.is("LABEL")) {
            labels.append(i);
        } else if (l.is("SORT-STRING")) {
            const qsizetype n = c.card.indexOf("N");
            if (n >= 0 && !c.line(n).param("SORT-AS")) {
                c.line(n).setParam("SORT-AS", {caretEncode(c.card.text(l))});
                c.removed.insert(i);
                c.change(u"SORT-STRING → N;SORT-AS"_s);
            } else {
                c.keep(i);
            }
        } else if (l.is("PROFILE")) {
            c.drop(i, u"removed (vCard 4.0 has no PROFILE; it only said \"VCARD\")"_s);
        } else if (l.is("AGENT") && equalsCi(l.paramValue("VALUE"), "uri")) {
            l.name = "RELATED";
            l.removeParam("VALUE");
            l.setParam("TYPE", {"agent"});
            c.change(u"AGENT → RELATED;TYPE=agent"_s);
        } else if (isOneOf(l, {"NAME", "MAILER", "CLASS", "AGENT"})) {
            c.keep(i);
        }
    }
    // LABEL → the LABEL parameter of the ADR with the same types (or the only ADR).
    const QList<qsizetype> adrs = c.card.indexesOf("ADR");
    for (const qsizetype i : labels) {
        const ContentLine &label = c.line(i);
        qsizetype target = -1;
        for (const qsizetype a : adrs)
            if (!c.line(a).param("LABEL") && lowerTypesWithoutPref(c.line(a)) == lowerTypesWithoutPref(label)) {
                target = a;
                break;
            }
        if (target < 0 && adrs.size() == 1 && !c.line(adrs.first()).param("LABEL"))
            target = adrs.first();
        if (target < 0) {
            c.keep(i);
            continue;
        }
        c.line(target).setParam("LABEL", {caretEncode(c.card.text(label))});
        c.removed.insert(i);
        c.change(u"LABEL → ADR;LABEL"_s);
    }
}

} // namespace ferry::pim::convert
