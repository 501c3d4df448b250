#include "vcardconvert_p.h"

#include "vcardnote.h"
#include "vcardvalue.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace ferry::pim {

namespace convert {

bool equalsCi(QByteArrayView a, QByteArrayView b) { return a.compare(b, Qt::CaseInsensitive) == 0; }

bool isOneOf(const ContentLine &l, std::initializer_list<const char *> names)
{
    return std::any_of(names.begin(), names.end(), [&](const char *n) { return l.is(n); });
}

QString upperName(const ContentLine &l) { return QString::fromUtf8(l.name).toUpper(); }

namespace {

// vCard 2.1 bare parameters that are not TYPE values.
bool isEncodingWord(QByteArrayView w)
{
    return equalsCi(w, "QUOTED-PRINTABLE") || equalsCi(w, "BASE64") || equalsCi(w, "8BIT") || equalsCi(w, "7BIT");
}
bool isValueWord(QByteArrayView w)
{
    return equalsCi(w, "INLINE") || equalsCi(w, "URL") || equalsCi(w, "CONTENT-ID") || equalsCi(w, "CID");
}

bool isBegin(const ContentLine &l) { return l.is("BEGIN") && equalsCi(l.value.trimmed(), "VCARD"); }

// Properties whose value is not TEXT (no escaping of ',' ';' '\n' is added for them).
bool isNonText(const ContentLine &l)
{
    return isOneOf(l, {"TEL", "EMAIL", "URL", "UID", "BDAY", "ANNIVERSARY", "X-ANNIVERSARY", "DEATHDATE", "REV",
                       "GEO", "TZ", "PHOTO", "LOGO", "SOUND", "KEY", "VERSION", "AGENT", "MEMBER",
                       "X-ADDRESSBOOKSERVER-MEMBER", "IMPP", "SOURCE", "CALURI", "CALADRURI", "FBURL", "KIND",
                       "X-ADDRESSBOOKSERVER-KIND", "CLIENTPIDMAP", "RELATED", "LANG"})
        || equalsCi(l.paramValue("VALUE"), "uri") || equalsCi(l.paramValue("VALUE"), "url");
}

// Single TEXT values: every ';' and ',' in a 2.1 value is literal and gets escaped.
bool isSingleText(const ContentLine &l)
{
    return isOneOf(l, {"FN", "NOTE", "TITLE", "ROLE", "LABEL", "PRODID", "SORT-STRING", "MAILER", "NAME", "CLASS",
                       "X-ABLABEL"});
}
bool isList(const ContentLine &l) { return isOneOf(l, {"CATEGORIES", "NICKNAME"}); }

// A decoded 2.1 value, re-escaped as vCard 3.0/4.0 TEXT. N, ADR, ORG and every
// property Ferry does not know (X-ANDROID-CUSTOM…) keep their ';' separators.
QByteArray asText(const ContentLine &l, const QByteArray &utf8)
{
    if (isNonText(l))
        return utf8;
    if (isSingleText(l))
        return escapeText(unescapeText(utf8));
    const char sep = isList(l) ? ',' : ';';
    QList<QByteArray> parts;
    for (const QByteArray &p : splitEscaped(utf8, sep))
        parts.append(escapeText(unescapeText(p)));
    return parts.join(sep);
}

} // namespace

QList<QByteArray> typeValues(const ContentLine &l)
{
    QList<QByteArray> out;
    for (const ContentParam &p : l.params) {
        if (equalsCi(p.name, "TYPE")) {
            // TYPE="cell,voice" (RFC 6350's own spelling) is two values.
            for (const QByteArray &v : p.values)
                out += v.split(',');
        } else if (p.values.isEmpty() && !isEncodingWord(p.name) && !isValueWord(p.name))
            out += p.name;
    }
    return out;
}

void setTypes(ContentLine &l, const QList<QByteArray> &types)
{
    if (types.isEmpty())
        l.removeParam("TYPE");
    else
        l.setParam("TYPE", types);
}

QList<qsizetype> Context::propertyLines() const
{
    QList<qsizetype> out;
    const qsizetype end = card.endIndex();
    const QList<bool> nested = card.nestedMask();
    for (qsizetype i = 0; i < end; ++i) {
        const ContentLine &l = card.lines()[i];
        if (i == 0 && isBegin(l))
            continue;
        if (nested[i] || l.is("VERSION") || removed.contains(i))
            continue;
        out.append(i);
    }
    return out;
}

void Context::keep(qsizetype i)
{
    const ContentLine &l = card.lines()[i];
    kept.append(keptEntry(card, l));
    result.keptInNote.append(l.name.isEmpty() ? u"(text that is not a property)"_s : upperName(l));
    removed.insert(i);
}

void Context::drop(qsizetype i, const QString &why)
{
    change(upperName(card.lines()[i]) + u": "_s + why);
    removed.insert(i);
}

void Context::apply()
{
    QList<qsizetype> gone(removed.begin(), removed.end());
    std::sort(gone.begin(), gone.end(), std::greater<>());
    for (const qsizetype i : gone)
        card.removeLine(i);
    for (const ContentLine &l : added)
        card.insertBeforeEnd(l);
    if (!kept.isEmpty()) {
        appendKeptToNote(card, kept);
        change(u"NOTE: %1 kept under \"Kept by Ferry:\""_s.arg(result.keptInNote.join(u", "_s)));
    }
    removed.clear();
    added.clear();
    kept.clear();
}

void normalizeLegacy(Context &c, bool fromV21)
{
    const qsizetype end = c.card.endIndex();
    const QList<bool> nested = c.card.nestedMask();
    for (qsizetype i = 1; i < end; ++i) {
        ContentLine &l = c.line(i);
        if (l.is("VERSION"))
            continue;
        // A 2.1 AGENT holding a whole card: the card goes into NOTE as text.
        if (nested[i])
            continue;
        if (l.is("AGENT") && i + 1 < end && nested[i + 1]) {
            QString embedded = u"AGENT:"_s;
            c.removed.insert(i);
            for (qsizetype k = i + 1; k < end && nested[k]; ++k) {
                embedded += u"\n  "_s + keptEntry(c.card, c.line(k));
                c.removed.insert(k);
            }
            c.kept.append(embedded);
            c.result.keptInNote.append(u"AGENT"_s);
            continue;
        }
        if (l.name.isEmpty()) {
            if (l.value.trimmed().isEmpty())
                c.removed.insert(i); // blank line, e.g. the end of a 2.1 base64 value
            else
                c.keep(i);
            continue;
        }

        bool qp = false, b64 = false, changedParams = false;
        QByteArray charset;
        QList<ContentParam> params;
        QList<QByteArray> bareTypes;
        for (const ContentParam &p : l.params) {
            const bool bare = p.values.isEmpty();
            const QByteArray word = bare ? p.name : QByteArray();
            if ((bare && equalsCi(word, "QUOTED-PRINTABLE"))
                || (equalsCi(p.name, "ENCODING") && equalsCi(p.values.value(0), "QUOTED-PRINTABLE"))) {
                qp = true;
            } else if ((bare && equalsCi(word, "BASE64"))
                       || (equalsCi(p.name, "ENCODING") && equalsCi(p.values.value(0), "BASE64"))) {
                b64 = true;
            } else if ((bare && (equalsCi(word, "8BIT") || equalsCi(word, "7BIT")))
                       || (equalsCi(p.name, "ENCODING")
                           && (equalsCi(p.values.value(0), "8BIT") || equalsCi(p.values.value(0), "7BIT")))) {
                // transfer encodings that mean "as is"
            } else if (equalsCi(p.name, "CHARSET")) {
                charset = p.values.value(0);
            } else if ((bare && equalsCi(word, "INLINE")) || (equalsCi(p.name, "VALUE") && equalsCi(p.values.value(0), "INLINE"))) {
            } else if ((bare && equalsCi(word, "URL")) || (equalsCi(p.name, "VALUE") && equalsCi(p.values.value(0), "URL"))) {
                params.append(ContentParam{"VALUE", {"uri"}});
            } else if (bare && (equalsCi(word, "CONTENT-ID") || equalsCi(word, "CID"))) {
                params.append(ContentParam{"VALUE", {word}});
            } else if (bare) {
                bareTypes.append(p.name);
                continue;
            } else {
                params.append(p);
                continue;
            }
            changedParams = true;
        }
        if (!bareTypes.isEmpty()) {
            // All TYPE values (bare and TYPE=) into one TYPE parameter, first.
            params.removeIf([](const ContentParam &p) { return equalsCi(p.name, "TYPE"); });
            params.prepend({"TYPE", typeValues(l)});
            changedParams = true;
        }
        if (b64)
            params.append(ContentParam{"ENCODING", {"b"}});

        QByteArray value = l.value;
        if (b64 || VCard::isInlineBinary(l)) {
            value = stripWhitespace(value);
        } else if (qp || !charset.isEmpty() || !isValidUtf8(value) || fromV21) {
            QByteArray bytes = qp ? decodeQuotedPrintable(value) : value;
            if (!charset.isEmpty())
                bytes = toUtf8(bytes, charset);
            else if (!isValidUtf8(bytes))
                bytes = repairUtf8(bytes); // 2.1 without CHARSET: the ANSI code page
            value = (qp || fromV21) ? asText(l, bytes) : bytes;
        }
        if (changedParams) {
            l.params = params;
            l.dirty = true;
        }
        if (value != l.value)
            l.setValue(value);
        if (qp || !charset.isEmpty())
            c.change(u"%1: quoted-printable/charset decoded to UTF-8"_s.arg(upperName(l)));
        if (!bareTypes.isEmpty())
            c.change(u"%1: vCard 2.1 parameters written as TYPE=…"_s.arg(upperName(l)));
    }
}

void ensureRequired(Context &c, VCardVersion target)
{
    VCard &card = c.card;
    if (card.indexOf("FN") < 0) {
        QString fn;
        const qsizetype n = card.indexOf("N");
        if (n >= 0) {
            const QStringList parts = card.components(card.lines()[n]);
            // given, additional, family, prefix… → "Prefix Given Additional Family Suffix"
            QStringList words;
            for (const int k : {3, 1, 2, 0, 4})
                if (!parts.value(k).trimmed().isEmpty())
                    words.append(parts.value(k).trimmed());
            fn = words.join(u' ');
        }
        if (fn.isEmpty() && card.indexOf("ORG") >= 0)
            fn = card.components(card.lines()[card.indexOf("ORG")]).value(0);
        if (fn.isEmpty() && !card.emails().isEmpty())
            fn = card.emails().first();
        c.added.append(makeContentLine("FN", escapeText(fn)));
        c.change(u"FN: added (required by vCard %1)"_s.arg(QString::fromLatin1(vcardVersionString(target))));
    }
    if (target == VCardVersion::V30 && card.indexOf("N") < 0) {
        // Apple writes a group's name as its family name; a person's N cannot be
        // guessed from FN reliably, so it stays empty.
        const QByteArray family = card.isGroup() ? escapeText(card.formattedName()) : QByteArray();
        c.added.append(makeContentLine("N", family + ";;;;"));
        c.change(u"N: added (required by vCard 3.0)"_s);
    }
}

} // namespace convert

VCardConversion convertVCard(VCard &card, VCardVersion target)
{
    VCardConversion result;
    const VCardVersion source = card.version();
    if (source == target)
        return result;
    if (target != VCardVersion::V30 && target != VCardVersion::V40) {
        result.ok = false;
        result.error = u"Ferry does not write vCard %1"_s.arg(QString::fromLatin1(vcardVersionString(target)));
        return result;
    }
    // VERSION first: NOTE is written in the target's form (no 2.1 quoted-printable),
    // and 4.0 wants VERSION right after BEGIN (RFC 6350 §6.7.9).
    const qsizetype v = card.indexOf("VERSION");
    ContentLine version = v >= 0 ? card.lines()[v] : makeContentLine("VERSION", {});
    version.setValue(vcardVersionString(target));
    if (v >= 0 && (target != VCardVersion::V40 || v == 1)) {
        card.lines()[v] = version;
    } else {
        if (v >= 0)
            card.removeLine(v);
        const bool hasBegin = !card.lines().isEmpty() && card.lines()[0].is("BEGIN");
        card.lines().insert(hasBegin ? 1 : 0, version);
    }

    convert::Context c{card, result, {}, {}, {}};
    convert::normalizeLegacy(c, source == VCardVersion::V21);
    if (target == VCardVersion::V40)
        convert::upgradeTo40(c);
    else if (source == VCardVersion::V40)
        convert::downgradeTo30(c);
    c.apply();
    convert::ensureRequired(c, target);
    c.apply();
    result.changes.prepend(u"VERSION: %1 → %2"_s.arg(QString::fromLatin1(vcardVersionString(source)),
                                                      QString::fromLatin1(vcardVersionString(target))));
    result.changes.removeDuplicates();
    return result;
}

VCardVersion chooseVCardVersion(VCardVersion source, const QList<VCardVersion> &accepted)
{
    const QList<VCardVersion> ok = accepted.isEmpty() ? QList<VCardVersion>{VCardVersion::V30} : accepted;
    if (ok.contains(source))
        return source;
    // 2.1 and unknown cards are closest to 3.0; 3.0 goes to 4.0 and back.
    for (const VCardVersion v : {VCardVersion::V30, VCardVersion::V40})
        if (ok.contains(v) && (source != VCardVersion::V40 || v == VCardVersion::V30))
            return v;
    return ok.first();
}

} // namespace ferry::pim
