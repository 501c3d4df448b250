#include "connector.h"

namespace ferry {

const char *specialUseAttribute(SpecialUse u)
{
    switch (u) {
    case SpecialUse::Sent: return "\\Sent";
    case SpecialUse::Drafts: return "\\Drafts";
    case SpecialUse::Trash: return "\\Trash";
    case SpecialUse::Junk: return "\\Junk";
    case SpecialUse::Archive: return "\\Archive";
    case SpecialUse::All: return "\\All";
    case SpecialUse::Flagged: return "\\Flagged";
    case SpecialUse::None:
    case SpecialUse::Inbox: break;
    }
    return "";
}

SpecialUse specialUseFromAttribute(const QByteArray &attr)
{
    const QByteArray a = attr.toLower();
    if (a == "\\sent") return SpecialUse::Sent;
    if (a == "\\drafts") return SpecialUse::Drafts;
    if (a == "\\trash") return SpecialUse::Trash;
    if (a == "\\junk") return SpecialUse::Junk;
    if (a == "\\archive") return SpecialUse::Archive;
    if (a == "\\all") return SpecialUse::All;
    if (a == "\\flagged") return SpecialUse::Flagged;
    return SpecialUse::None;
}

bool FolderRef::isInbox() const
{
    return path.size() == 1 && path.first().compare(QLatin1String("INBOX"), Qt::CaseInsensitive) == 0;
}

QByteArray headerField(const QByteArray &message, QByteArrayView name)
{
    auto valueIf = [&](const QByteArray &line) -> QByteArray {
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0 || line.left(colon).trimmed().compare(name, Qt::CaseInsensitive) != 0)
            return {};
        return line.mid(colon + 1).simplified();
    };
    QByteArray current;
    qsizetype pos = 0;
    while (pos < message.size()) {
        qsizetype eol = message.indexOf('\n', pos);
        if (eol < 0)
            eol = message.size();
        QByteArray line = message.mid(pos, eol - pos);
        pos = eol + 1;
        if (line.endsWith('\r'))
            line.chop(1);
        if (line.isEmpty())
            break;
        if (line.front() == ' ' || line.front() == '\t') {
            current += ' ';
            current += line.trimmed();
            continue;
        }
        if (QByteArray v = valueIf(current); !v.isEmpty())
            return v;
        current = line;
    }
    return valueIf(current);
}

QByteArray objectUid(const QByteArray &data)
{
    // RFC 5545 §3.1 / RFC 6350 §3.2: a content line may be folded (CRLF + space/tab).
    qsizetype pos = 0;
    while (pos < data.size()) {
        qsizetype end = data.indexOf('\n', pos);
        if (end < 0)
            end = data.size();
        const QByteArrayView line = QByteArrayView(data).sliced(pos, end - pos);
        if (line.size() > 3 && qstrnicmp(line.data(), "UID", 3) == 0 && (line[3] == ':' || line[3] == ';')) {
            QByteArray value = line.toByteArray();
            qsizetype next = end + 1;
            while (next < data.size() && (data[next] == ' ' || data[next] == '\t')) {
                qsizetype e2 = data.indexOf('\n', next);
                if (e2 < 0)
                    e2 = data.size();
                if (value.endsWith('\r'))
                    value.chop(1);
                value += data.mid(next + 1, e2 - next - 1);
                next = e2 + 1;
            }
            if (value.endsWith('\r'))
                value.chop(1);
            // The value follows the first ':' that is not inside a quoted parameter value.
            bool quoted = false;
            for (qsizetype i = 3; i < value.size(); ++i) {
                if (value[i] == '"')
                    quoted = !quoted;
                else if (value[i] == ':' && !quoted)
                    return value.mid(i + 1);
            }
            return {};
        }
        pos = end + 1;
    }
    return {};
}

} // namespace ferry
