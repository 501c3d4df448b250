#include "vcardreader.h"

#include "vcarddate.h"
#include "vcardvalue.h"

#include <QHash>

using namespace Qt::StringLiterals;

namespace ferry::pim {

namespace {

bool equalsCi(QByteArrayView a, QByteArrayView b) { return a.compare(b, Qt::CaseInsensitive) == 0; }
bool isBeginCard(const ContentLine &l) { return l.is("BEGIN") && equalsCi(l.value.trimmed(), "VCARD"); }
bool isEndCard(const ContentLine &l) { return l.is("END") && equalsCi(l.value.trimmed(), "VCARD"); }
bool isBlank(const ContentLine &l) { return l.name.isEmpty() && l.value.trimmed().isEmpty(); }

// How many physical lines a logical line spans (new lines: none).
int physicalCount(const QByteArray &raw)
{
    int n = 0;
    for (qsizetype i = 0; i < raw.size(); ++i) {
        if (raw[i] == '\n')
            ++n;
        else if (raw[i] == '\r' && (i + 1 == raw.size() || raw[i + 1] != '\n'))
            ++n;
    }
    if (!raw.isEmpty() && !raw.endsWith('\n') && !raw.endsWith('\r'))
        ++n;
    return n;
}

QString shown(QByteArrayView v)
{
    QString s = QString::fromUtf8(v.first(std::min<qsizetype>(v.size(), 60)));
    return v.size() > 60 ? s + u"…"_s : s;
}

QString propertyName(const ContentLine &l) { return QString::fromUtf8(l.name).toUpper(); }

bool isDateProperty(const ContentLine &l)
{
    return l.is("BDAY") || l.is("ANNIVERSARY") || l.is("X-ANNIVERSARY") || l.is("DEATHDATE");
}

// Name, group and parameters (a fold may split a UTF-8 sequence of the raw line:
// only the unfolded parts are checked).
bool headIsUtf8(const ContentLine &l)
{
    ContentLine head = l;
    head.value.clear();
    return isValidUtf8(unfoldedContentLine(head));
}

void checkLine(VCard &card, const ContentLine &l, int lineNo, VCardVersion version)
{
    using K = VCardIssue::Kind;
    if (l.name.isEmpty()) {
        if (!isBlank(l))
            card.addIssue(K::NotAContentLine, lineNo, u"not a content line, kept as it is: \"%1\""_s.arg(shown(l.value)));
        return;
    }
    const QString name = propertyName(l);
    QByteArray bytes = l.value;
    if (VCard::isQuotedPrintable(l)) {
        bool ok = true;
        bytes = decodeQuotedPrintable(bytes, &ok);
        if (!ok)
            card.addIssue(K::BadQuotedPrintable, lineNo, u"%1: malformed quoted-printable"_s.arg(name));
    }
    const QByteArray charset = l.paramValue("CHARSET");
    if (!charset.isEmpty()) {
        bool ok = true;
        toUtf8(bytes, charset, &ok);
        if (!ok)
            card.addIssue(K::UnknownCharset, lineNo,
                          u"%1: unknown charset or text not valid in %2"_s.arg(name, QString::fromLatin1(charset)));
    } else if (!isValidUtf8(bytes) || !headIsUtf8(l)) {
        if (version == VCardVersion::V21)
            card.addIssue(K::GuessedCharset, lineNo, u"%1: 8-bit text without CHARSET, read as windows-1252"_s.arg(name));
        else
            card.addIssue(K::InvalidUtf8, lineNo, u"%1: invalid UTF-8"_s.arg(name));
    }
    if (VCard::isInlineBinary(l)) {
        bool ok = true;
        decodeBase64(l.value, &ok);
        if (!ok)
            card.addIssue(K::BadBase64, lineNo, u"%1: base64 data does not decode"_s.arg(name));
    } else if (isDataUri(l.value)) {
        bool ok = true;
        parseDataUri(l.value, &ok);
        if (!ok)
            card.addIssue(K::BadBase64, lineNo, u"%1: data: URI does not decode"_s.arg(name));
    }
    if (isDateProperty(l) && !equalsCi(l.paramValue("VALUE"), "text")) {
        VCardDate d;
        if (!parseVCardDate(bytes, &d))
            card.addIssue(K::InvalidDate, lineNo, u"%1: \"%2\" is not a date"_s.arg(name, shown(bytes)));
    }
}

} // namespace

void checkVCard(VCard &card)
{
    using K = VCardIssue::Kind;
    const VCardVersion version = card.version();
    const QList<ContentLine> &lines = card.lines();
    int lineNo = card.firstLine();
    for (const ContentLine &l : lines) {
        checkLine(card, l, lineNo, version);
        lineNo += physicalCount(l.raw);
    }
    if (!card.hasEnd())
        card.addIssue(K::Unterminated, card.firstLine(), u"vCard has no END:VCARD"_s);
    const qsizetype v = card.indexOf("VERSION");
    if (v < 0) {
        card.addIssue(K::MissingVersion, card.firstLine(),
                      u"no VERSION line; read as vCard %1"_s.arg(QString::fromLatin1(vcardVersionString(version))));
    } else if (vcardVersionFromString(lines[v].value) == VCardVersion::Unknown) {
        card.addIssue(K::UnknownVersion, card.firstLine(),
                      u"VERSION \"%1\" is unknown; read as vCard %2"_s.arg(shown(lines[v].value),
                                                                           QString::fromLatin1(vcardVersionString(version))));
    }
    if (card.uid().isEmpty())
        card.addIssue(K::MissingUid, card.firstLine(), u"vCard has no UID"_s);
    if (card.indexOf("FN") < 0 && version != VCardVersion::V21)
        card.addIssue(K::MissingFn, card.firstLine(), u"vCard has no FN"_s);
}

VCardFile readVCards(const QByteArray &data)
{
    VCardFile file;
    const ContentLines all = parseContentLines(data);
    const qsizetype n = all.lines.size();

    QHash<QByteArray, int> uidLine; // UID → BEGIN line of the first card with it
    auto finish = [&](qsizetype first, qsizetype last, int firstLineNo) {
        ContentLines cl;
        cl.lineEnding = all.lineEnding;
        cl.lines = all.lines.mid(first, last - first + 1);
        cl.endsWithLineEnding = last != n - 1 || all.endsWithLineEnding;
        VCard card(cl, firstLineNo);
        checkVCard(card);
        const QByteArray uid = card.uid();
        if (!uid.isEmpty()) {
            const auto seen = uidLine.constFind(uid);
            if (seen != uidLine.constEnd())
                card.addIssue(VCardIssue::DuplicateUid, firstLineNo,
                              u"UID \"%1\" was already used by the vCard at line %2"_s.arg(shown(uid)).arg(*seen));
            else
                uidLine.insert(uid, firstLineNo);
        }
        file.cards.append(std::move(card));
    };

    qsizetype start = -1;     // index of the current card's BEGIN, -1 outside
    int startLineNo = 0;
    int depth = 0;
    int lineNo = 1;
    for (qsizetype k = 0; k < n; ++k) {
        const ContentLine &l = all.lines[k];
        const int thisLine = lineNo;
        lineNo += physicalCount(l.raw);
        if (start < 0) {
            if (isBeginCard(l)) {
                start = k;
                startLineNo = thisLine;
                depth = 1;
            } else if (!isBlank(l)) {
                file.issues.append({VCardIssue::OutsideCard, thisLine,
                                    u"text outside any vCard, not copied: \"%1\""_s.arg(
                                        shown(l.name.isEmpty() ? l.value : unfoldedContentLine(l)))});
            }
            continue;
        }
        if (isBeginCard(l)) {
            const ContentLine &prev = all.lines[k - 1];
            if (prev.is("AGENT") && prev.value.trimmed().isEmpty()) {
                ++depth; // vCard 2.1 AGENT with an embedded card
                continue;
            }
            // The card before never ended: it is returned as it is, with the issue.
            finish(start, k - 1, startLineNo);
            start = k;
            startLineNo = thisLine;
            depth = 1;
            continue;
        }
        if (isEndCard(l) && --depth == 0) {
            finish(start, k, startLineNo);
            start = -1;
        }
    }
    if (start >= 0)
        finish(start, n - 1, startLineNo);
    if (file.cards.isEmpty() && file.issues.isEmpty())
        file.issues.append({VCardIssue::OutsideCard, 1, u"no vCard in the data"_s});
    return file;
}

} // namespace ferry::pim
