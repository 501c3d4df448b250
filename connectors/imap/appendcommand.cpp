#include "appendcommand.h"

#include <connector/itembody.h>

#include <utility>

namespace ferry {

QList<QByteArray> AppendCommand::storableFlags(const QStringList &flags)
{
    QList<QByteArray> out;
    out.reserve(flags.size());
    for (const QString &f : flags) {
        const QByteArray a = f.toUtf8();
        if (a.compare("\\Recent", Qt::CaseInsensitive) == 0 || !ImapCommand::isFlagAtom(a) || out.contains(a))
            continue;
        out.append(a);
    }
    return out;
}

namespace {
// " (<flags>) "<date>" <literal>": the per-message arguments (RFC 3502 append-message).
void messageArguments(ImapCommand &c, const ItemMeta &meta, const ItemBody *body)
{
    c.raw(" (");
    const QList<QByteArray> flags = AppendCommand::storableFlags(meta.flags);
    for (qsizetype i = 0; i < flags.size(); ++i) {
        if (i)
            c.sp();
        c.raw(flags.at(i));
    }
    c.raw(")");
    // date-time is a quoted string (§9); anything else would be BAD, so a broken
    // date is left out and the server uses "now".
    if (!meta.internalDate.isEmpty() && ImapCommand::isQuotable(meta.internalDate)
        && !meta.internalDate.contains('"') && !meta.internalDate.contains('\\'))
        c.raw(" \"").raw(meta.internalDate).raw("\"");
    c.sp().literal(body);
}

bool parseUid(QByteArrayView text, quint64 &out)
{
    bool ok = false;
    out = text.toULongLong(&ok);
    return ok && out > 0;
}
} // namespace

ImapCommand AppendCommand::command(const QByteArray &native, const ItemMeta &meta, const ItemBody *body)
{
    ImapCommand c("APPEND ");
    c.string(native);
    messageArguments(c, meta, body);
    return c;
}

ImapCommand AppendCommand::member(const ItemMeta &meta, const ItemBody *body)
{
    ImapCommand c;
    messageArguments(c, meta, body);
    return c;
}

QList<QByteArray> AppendCommand::expandUidSet(QByteArrayView set, qsizetype max)
{
    QList<QByteArray> out;
    for (QByteArrayView part : QByteArray(set.toByteArray()).split(',')) {
        const qsizetype colon = part.indexOf(':');
        quint64 first = 0;
        quint64 last = 0;
        if (!parseUid(colon < 0 ? part : part.first(colon), first))
            return {};
        if (colon >= 0 && !parseUid(part.sliced(colon + 1), last))
            return {};
        if (colon < 0)
            last = first;
        // RFC 3501 §9: "2:4" and "4:2" are the same set; ascending is the order of
        // appending since UIDs are assigned increasingly (RFC 3501 §2.3.1.1).
        if (first > last)
            std::swap(first, last);
        if (quint64(out.size()) + (last - first) >= quint64(max))
            return {};
        for (quint64 u = first; u <= last; ++u)
            out.append(QByteArray::number(u));
    }
    return out;
}

StoreResult AppendCommand::result(quint64 token, const ImapResponse &tagged, const QString &folder)
{
    StoreResult r;
    r.token = token;
    const ImapStatus &st = tagged.status;
    const ImapResponseCode &code = st.code;
    if (st.kind == ImapStatus::Ok) {
        if (code.is("APPENDUID") && code.args.size() >= 2) {
            r.newValidity = code.number(0);
            r.newId = code.args.at(1);
        }
        return r;
    }
    QString text = QString::fromUtf8(st.text);
    if (!code.isEmpty())
        text = QStringLiteral("[%1] %2").arg(QString::fromUtf8(code.name), text).trimmed();
    const QString what = QStringLiteral("storing a message in %1").arg(folder);
    if (st.kind == ImapStatus::Bad) {
        r.error = Error::make(ErrorCode::Protocol, what, text);
    } else if (code.is("OVERQUOTA") || st.text.toLower().contains("quota")) {
        r.error = Error::make(ErrorCode::Quota, what, text, QStringLiteral("free space on the target or raise its quota"));
    } else if (code.is("TOOBIG") || code.is("LIMIT")) {
        r.error = Error::make(ErrorCode::TooBig, what, text, QStringLiteral("the target does not accept messages this large"));
    } else if (code.is("NOPERM")) {
        r.error = Error::make(ErrorCode::ReadOnly, what, text,
                              QStringLiteral("this account may not add messages to %1: give it that right on the target, "
                                             "or leave the folder out").arg(folder));
    } else if (code.is("TRYCREATE")) {
        r.error = Error::make(ErrorCode::NotFound, what, text, QStringLiteral("the folder does not exist on the target"));
    } else {
        r.error = Error::make(ErrorCode::Rejected, what, text);
    }
    return r;
}

Error AppendCommand::tooBig(qint64 size, qint64 limit, const QString &folder)
{
    return Error::make(ErrorCode::TooBig, QStringLiteral("storing a message of %1 bytes in %2").arg(size).arg(folder),
                       QStringLiteral("APPENDLIMIT=%1").arg(limit),
                       QStringLiteral("the target does not accept messages this large"));
}

} // namespace ferry
