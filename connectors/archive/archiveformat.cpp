#include "archiveformat.h"

#include <QJsonObject>
#include <QStringConverter>

namespace ferry::archive {

QString partName(Part p)
{
    return p == Part::Mail ? QStringLiteral("mail") : QStringLiteral("pim");
}

QString safeName(const QString &name)
{
    static const QString forbidden = QStringLiteral("\\/:*?\"<>|");
    QString s;
    s.reserve(name.size());
    for (const QChar c : name)
        s.append(c.unicode() < 0x20 || c.unicode() == 0x7f || forbidden.contains(c) ? QLatin1Char('_') : c);
    // Leading dots hide a directory on Unix; trailing dots and spaces are dropped by
    // Windows and FAT, which would make two names the same.
    while (s.startsWith(QLatin1Char(' ')))
        s.remove(0, 1);
    if (s.startsWith(QLatin1Char('.')))
        s[0] = QLatin1Char('_');
    if (s.size() > kMaxDirNameLength) {
        s.truncate(kMaxDirNameLength);
        if (s.back().isHighSurrogate())
            s.chop(1);
    }
    while (s.endsWith(QLatin1Char('.')) || s.endsWith(QLatin1Char(' ')))
        s.chop(1);
    if (s.isEmpty())
        return QStringLiteral("_");
    // DOS device names are reserved with any extension ("nul.txt" too).
    static const QSet<QString> devices{QStringLiteral("con"),  QStringLiteral("prn"),  QStringLiteral("aux"),
                                       QStringLiteral("nul"),  QStringLiteral("com1"), QStringLiteral("com2"),
                                       QStringLiteral("com3"), QStringLiteral("com4"), QStringLiteral("com5"),
                                       QStringLiteral("com6"), QStringLiteral("com7"), QStringLiteral("com8"),
                                       QStringLiteral("com9"), QStringLiteral("lpt1"), QStringLiteral("lpt2"),
                                       QStringLiteral("lpt3"), QStringLiteral("lpt4"), QStringLiteral("lpt5"),
                                       QStringLiteral("lpt6"), QStringLiteral("lpt7"), QStringLiteral("lpt8"),
                                       QStringLiteral("lpt9")};
    if (devices.contains(s.section(QLatin1Char('.'), 0, 0).toLower()))
        s.prepend(QLatin1Char('_'));
    return s;
}

QString readableDirName(const FolderRef &ref)
{
    QStringList parts;
    for (const QString &seg : ref.path)
        parts.append(safeName(seg));
    return safeName(parts.join(QLatin1Char('.')));
}

QString uniqueName(const QString &base, const QSet<QString> &takenLower)
{
    if (!takenLower.contains(foldedName(base)))
        return base;
    for (int n = 2;; ++n) {
        const QString candidate = base + QLatin1Char('~') + QString::number(n);
        if (!takenLower.contains(foldedName(candidate)))
            return candidate;
    }
}

QString itemFileName(quint64 n, const QString &extension)
{
    return QStringLiteral("%1/%2.%3").arg(n / quint64(kItemsPerSubdir), 4, 10, QLatin1Char('0')).arg(n).arg(extension);
}

QJsonValue bytesToJson(const QByteArray &b)
{
    QStringDecoder dec(QStringDecoder::Utf8);
    const QString s = dec.decode(b);
    if (!dec.hasError() && s.toUtf8() == b)
        return s;
    return QJsonObject{{QStringLiteral("b64"), QString::fromLatin1(b.toBase64())}};
}

QByteArray bytesFromJson(const QJsonValue &v)
{
    if (v.isObject())
        return QByteArray::fromBase64(v.toObject().value(QLatin1String("b64")).toString().toLatin1());
    return v.toString().toUtf8();
}

quint64 jsonUInt(const QJsonValue &v, quint64 fallback)
{
    const double d = v.toDouble(-1);
    return d >= 0 && d <= 9007199254740992.0 ? quint64(d) : fallback;
}

QByteArray messageIdFromHeader(const QByteArray &head)
{
    const QByteArray found = headerField(head, "message-id");
    const qsizetype lt = found.indexOf('<');
    const qsizetype gt = lt >= 0 ? found.indexOf('>', lt) : -1;
    if (lt >= 0 && gt > lt)
        return found.mid(lt, gt - lt + 1);
    return found;
}

QString specialUseName(SpecialUse u)
{
    switch (u) {
    case SpecialUse::None: return QStringLiteral("none");
    case SpecialUse::Inbox: return QStringLiteral("inbox");
    case SpecialUse::Sent: return QStringLiteral("sent");
    case SpecialUse::Drafts: return QStringLiteral("drafts");
    case SpecialUse::Trash: return QStringLiteral("trash");
    case SpecialUse::Junk: return QStringLiteral("junk");
    case SpecialUse::Archive: return QStringLiteral("archive");
    case SpecialUse::All: return QStringLiteral("all");
    case SpecialUse::Flagged: return QStringLiteral("flagged");
    }
    return QStringLiteral("none");
}

SpecialUse specialUseFromName(const QString &n)
{
    for (SpecialUse u : {SpecialUse::Inbox, SpecialUse::Sent, SpecialUse::Drafts, SpecialUse::Trash, SpecialUse::Junk,
                         SpecialUse::Archive, SpecialUse::All, SpecialUse::Flagged})
        if (specialUseName(u) == n)
            return u;
    return SpecialUse::None;
}

QByteArray etagFor(const QByteArray &sha256Hex)
{
    return '"' + sha256Hex.left(32) + '"';
}

} // namespace ferry::archive
