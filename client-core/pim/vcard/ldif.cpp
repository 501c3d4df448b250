#include "ldif.h"

#include "vcardvalue.h"

using namespace Qt::StringLiterals;

namespace ferry::pim {

QByteArray LdifEntry::value(QByteArrayView name) const
{
    for (const auto &[n, v] : attributes)
        if (n == name)
            return v;
    return {};
}

QList<QByteArray> LdifEntry::values(QByteArrayView name) const
{
    QList<QByteArray> out;
    for (const auto &[n, v] : attributes)
        if (n == name)
            out.append(v);
    return out;
}

LdifFile parseLdif(const QByteArray &data)
{
    LdifFile file;
    // Logical lines with their first physical line number; "" separates records.
    QList<std::pair<int, QByteArray>> lines;
    const QByteArrayView body = data.startsWith("\xEF\xBB\xBF") ? QByteArrayView(data).sliced(3) : QByteArrayView(data);
    int lineNo = 0;
    bool inComment = false;
    for (QByteArrayView phys : QByteArray(body.toByteArray()).split('\n')) {
        ++lineNo;
        if (phys.endsWith('\r'))
            phys.chop(1);
        if (phys.startsWith(' ')) {
            if (inComment)
                continue;
            if (!lines.isEmpty() && !lines.last().second.isEmpty())
                lines.last().second.append(phys.sliced(1));
            else
                file.issues.append({VCardIssue::BadRecord, lineNo, u"LDIF continuation line with no line before it"_s});
            continue;
        }
        inComment = phys.startsWith('#');
        if (inComment)
            continue;
        lines.append(std::pair<int, QByteArray>{lineNo, phys.toByteArray()});
    }
    lines.append(std::pair<int, QByteArray>{lineNo + 1, QByteArray()});

    LdifEntry entry;
    bool open = false;
    bool changeRecord = false;
    auto finish = [&] {
        if (open && !changeRecord)
            file.entries.append(entry);
        entry = LdifEntry();
        open = false;
        changeRecord = false;
    };
    for (const auto &[no, text] : lines) {
        if (text.trimmed().isEmpty()) {
            finish();
            continue;
        }
        const qsizetype colon = text.indexOf(':');
        if (colon <= 0) {
            (open ? entry.issues : file.issues)
                .append({VCardIssue::BadRecord, no, u"LDIF line without \"name:\" ignored: \"%1\""_s.arg(QString::fromUtf8(text.left(60)))});
            continue;
        }
        QByteArray name = text.left(colon).trimmed().toLower();
        const qsizetype semi = name.indexOf(';');
        if (semi >= 0)
            name.truncate(semi); // attribute options (language tags, ;binary)
        QByteArray value;
        QByteArrayView rest = QByteArrayView(text).sliced(colon + 1);
        if (rest.startsWith(':')) {
            bool ok = true;
            value = decodeBase64(rest.sliced(1), &ok);
            if (!ok) {
                (open ? entry.issues : file.issues)
                    .append({VCardIssue::BadBase64, no, u"LDIF %1:: value is not base64"_s.arg(QString::fromUtf8(name))});
                continue;
            }
        } else if (rest.startsWith('<')) {
            (open ? entry.issues : file.issues)
                .append({VCardIssue::Unsupported, no,
                         u"LDIF %1:< takes its value from a URL; Ferry does not fetch it"_s.arg(QString::fromUtf8(name))});
            continue;
        } else {
            value = rest.trimmed().toByteArray();
        }
        if (!open) {
            if (name == "version" && file.entries.isEmpty()) // "version: 1" before the first record
                continue;
            open = true;
            entry.line = no;
            if (name != "dn")
                entry.issues.append({VCardIssue::BadRecord, no, u"LDIF record does not start with dn:"_s});
        }
        if (name == "dn") {
            entry.dn = value;
        } else if (name == "changetype") {
            if (!changeRecord)
                file.issues.append({VCardIssue::BadRecord, entry.line,
                                    u"LDIF change record (changetype: %1) is not a contact; skipped"_s.arg(QString::fromUtf8(value))});
            changeRecord = true;
        } else {
            entry.attributes.append({name, value});
        }
    }
    return file;
}

} // namespace ferry::pim
