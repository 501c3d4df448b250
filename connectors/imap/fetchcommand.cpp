#include "fetchcommand.h"

#include <vmime/header.hpp>
#include <vmime/headerField.hpp>
#include <vmime/messageId.hpp>
#include <vmime/text.hpp>
#include <vmime/charset.hpp>
#include <vmime/constants.hpp>

#include <algorithm>

namespace ferry {

QList<QByteArray> FetchCommand::uidSets(QList<quint64> uids, int maxLength)
{
    std::sort(uids.begin(), uids.end());
    QList<QByteArray> sets;
    QByteArray cur;
    auto addRange = [&](quint64 a, quint64 b) {
        QByteArray piece = QByteArray::number(a);
        if (b != a)
            piece += ':' + QByteArray::number(b);
        if (!cur.isEmpty() && cur.size() + 1 + piece.size() > maxLength) {
            sets.append(cur);
            cur.clear();
        }
        if (!cur.isEmpty())
            cur.append(',');
        cur.append(piece);
    };
    qsizetype i = 0;
    while (i < uids.size() && uids.at(i) == 0)
        ++i;
    while (i < uids.size()) {
        const quint64 a = uids.at(i);
        quint64 b = a;
        ++i;
        while (i < uids.size() && (uids.at(i) == b || uids.at(i) == b + 1))
            b = uids.at(i++);
        addRange(a, b);
    }
    if (!cur.isEmpty())
        sets.append(cur);
    return sets;
}

ImapCommand FetchCommand::listing(const ListQuery &query, bool condstore, const QByteArray &uidSet)
{
    ImapCommand c("UID FETCH ");
    if (!uidSet.isEmpty())
        c.raw(uidSet);
    else
        c.number(qMax<quint64>(1, query.fromId)).raw(":*");
    if (query.flagsOnly) {
        c.raw(condstore ? QByteArrayView(" (UID FLAGS MODSEQ)") : QByteArrayView(" (UID FLAGS)"));
    } else {
        c.raw(" (UID FLAGS INTERNALDATE RFC822.SIZE");
        if (query.withSubject)
            c.raw(" BODY.PEEK[HEADER.FIELDS (MESSAGE-ID SUBJECT)]");
        else if (query.withMessageId)
            c.raw(" BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)]");
        c.raw(condstore ? QByteArrayView(" MODSEQ)") : QByteArrayView(")"));
    }
    if (condstore && query.changedSince)
        c.raw(" (CHANGEDSINCE ").number(query.changedSince).raw(")");
    return c;
}

ImapCommand FetchCommand::bodies(const QByteArray &uidSet)
{
    ImapCommand c("UID FETCH ");
    c.raw(uidSet).raw(" (UID FLAGS INTERNALDATE RFC822.SIZE BODY.PEEK[])");
    return c;
}

namespace {
// The field's value, unfolded and trimmed, without vmime (fallback).
QByteArray rawFieldValue(const QByteArray &header)
{
    const qsizetype colon = header.indexOf(':');
    if (colon < 0)
        return {};
    QByteArray v = header.mid(colon + 1);
    const qsizetype end = v.indexOf("\r\n\r\n");
    if (end >= 0)
        v.truncate(end);
    v.replace("\r\n", "");
    v.replace('\n', "");
    return v.trimmed();
}

// The common case, "Message-ID: <left@right>" on one line with nothing else,
// gives the same answer as vmime without building a header object — this runs
// once per message when listing a folder.
QByteArray simpleMessageId(const QByteArray &header)
{
    if (header.size() < 11 || qstrnicmp(header.constData(), "Message-ID:", 11) != 0)
        return {};
    const qsizetype lt = header.indexOf('<', 11);
    if (lt < 0)
        return {};
    for (qsizetype i = 11; i < lt; ++i)
        if (header.at(i) != ' ' && header.at(i) != '\t')
            return {};
    int ats = 0;
    qsizetype i = lt + 1;
    for (; i < header.size(); ++i) {
        const char c = header.at(i);
        if (c == '>')
            break;
        if (c == '@')
            ++ats;
        else if (uchar(c) <= ' ' || uchar(c) >= 0x7f || c == '<' || c == '(' || c == '"' || c == '\\' || c == '[')
            return {};
    }
    if (i >= header.size() || ats != 1 || header.at(lt + 1) == '@' || header.at(i - 1) == '@')
        return {};
    // Only the blank rest of the line, then the end of the header block.
    const QByteArray rest = header.mid(i + 1);
    if (rest != "\r\n\r\n" && rest != "\r\n" && rest != "\n\n" && rest != "\n")
        return {};
    return header.mid(lt, i + 1 - lt);
}
} // namespace

QByteArray FetchCommand::messageIdFromHeader(const QByteArray &header)
{
    if (header.trimmed().isEmpty())
        return {};
    if (QByteArray id = simpleMessageId(header); !id.isEmpty())
        return id;
    try {
        vmime::header h;
        h.parse(std::string(header.constData(), size_t(header.size())));
        const auto field = h.findField("Message-Id");
        if (!field)
            return {};
        const auto id = vmime::dynamicCast<const vmime::messageId>(field->getValue());
        if (id && !id->getLeft().empty() && !id->getRight().empty()) {
            const std::string s = id->getId();
            return '<' + QByteArray(s.data(), qsizetype(s.size())) + '>';
        }
    } catch (const std::exception &) {
        // vmime could not parse it: keep what the header says.
    }
    return rawFieldValue(header);
}

// The Subject, RFC 2047 words decoded to Unicode by vmime; empty if none.
QString FetchCommand::subjectFromHeader(const QByteArray &header)
{
    try {
        vmime::header h;
        h.parse(std::string(header.constData(), size_t(header.size())));
        const auto field = h.findField("Subject");
        if (!field)
            return {};
        const auto text = vmime::dynamicCast<const vmime::text>(field->getValue());
        if (!text)
            return {};
        const std::string s = text->getConvertedText(vmime::charset(vmime::charsets::UTF_8));
        return QString::fromUtf8(s.data(), qsizetype(s.size())).simplified();
    } catch (const std::exception &) {
        return {};
    }
}

ItemMeta FetchCommand::toMeta(const ImapFetchData &f, bool withMessageId, bool withSubject)
{
    ItemMeta m;
    m.id = QByteArray::number(f.uid);
    m.size = f.size;
    m.modSeq = f.modSeq;
    m.internalDate = f.internalDate;
    m.flags.reserve(f.flags.size());
    for (const QByteArray &fl : f.flags)
        m.flags.append(QString::fromUtf8(fl));
    if (withMessageId) {
        for (const ImapFetchSection &s : f.sections) {
            if (s.section.startsWith("HEADER.FIELDS") || s.section.startsWith("header.fields")) {
                m.messageId = messageIdFromHeader(s.data);
                if (withSubject)
                    m.subject = subjectFromHeader(s.data);
                break;
            }
        }
    }
    return m;
}

} // namespace ferry
