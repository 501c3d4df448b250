#include "archiveindex.h"

#include "archivefiles.h"
#include "archiveformat.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

namespace ferry::archive {

namespace {

QString opName(IndexRecord::Op op)
{
    switch (op) {
    case IndexRecord::Op::Add: return QStringLiteral("add");
    case IndexRecord::Op::Flags: return QStringLiteral("flags");
    case IndexRecord::Op::Put: return QStringLiteral("put");
    }
    return {};
}

} // namespace

QJsonObject IndexRecord::toJson() const
{
    QJsonObject o{{QStringLiteral("op"), opName(op)}};
    if (op == Op::Put) {
        o.insert(QStringLiteral("name"), bytesToJson(name));
    } else {
        o.insert(QStringLiteral("id"), double(id));
        o.insert(QStringLiteral("flags"), QJsonArray::fromStringList(flags));
    }
    if (op == Op::Flags)
        return o;
    o.insert(QStringLiteral("file"), file);
    o.insert(QStringLiteral("size"), double(size));
    o.insert(QStringLiteral("sha256"), QString::fromLatin1(sha256));
    if (op == Op::Add) {
        o.insert(QStringLiteral("date"), bytesToJson(internalDate));
        o.insert(QStringLiteral("mid"), bytesToJson(messageId));
    } else {
        o.insert(QStringLiteral("uid"), bytesToJson(uid));
        o.insert(QStringLiteral("etag"), bytesToJson(etag));
        o.insert(QStringLiteral("type"), bytesToJson(contentType));
    }
    return o;
}

std::optional<IndexRecord> IndexRecord::fromJson(const QByteArray &json)
{
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &err);
    if (err.error != QJsonParseError::NoError || !doc.isObject())
        return std::nullopt;
    const QJsonObject o = doc.object();
    IndexRecord r;
    const QString op = o.value(QLatin1String("op")).toString();
    if (op == QLatin1String("add"))
        r.op = Op::Add;
    else if (op == QLatin1String("flags"))
        r.op = Op::Flags;
    else if (op == QLatin1String("put"))
        r.op = Op::Put;
    else
        return std::nullopt;
    if (r.op == Op::Put) {
        r.name = bytesFromJson(o.value(QLatin1String("name")));
        if (r.name.isEmpty())
            return std::nullopt;
    } else {
        r.id = jsonUInt(o.value(QLatin1String("id")));
        if (r.id < 1)
            return std::nullopt;
        for (const QJsonValue &f : o.value(QLatin1String("flags")).toArray())
            r.flags.append(f.toString());
    }
    if (r.op == Op::Flags)
        return r;
    r.file = o.value(QLatin1String("file")).toString();
    r.size = qint64(jsonUInt(o.value(QLatin1String("size")), quint64(-1))); // -1: unknown
    r.sha256 = o.value(QLatin1String("sha256")).toString().toLatin1();
    // The file name must stay inside the folder directory.
    if (r.file.isEmpty() || r.file.contains(QLatin1String("..")) || r.file.startsWith(QLatin1Char('/'))
        || r.file.contains(QLatin1Char('\\')) || r.sha256.size() != 64)
        return std::nullopt;
    if (r.op == Op::Add) {
        r.internalDate = bytesFromJson(o.value(QLatin1String("date")));
        r.messageId = bytesFromJson(o.value(QLatin1String("mid")));
    } else {
        r.uid = bytesFromJson(o.value(QLatin1String("uid")));
        r.etag = bytesFromJson(o.value(QLatin1String("etag")));
        r.contentType = bytesFromJson(o.value(QLatin1String("type")));
    }
    return r;
}

Result<LoadedIndex> loadIndex(const QString &root, const QString &rel, const ArchiveKey *key)
{
    LoadedIndex out;
    QFile f(root + QLatin1Char('/') + rel);
    if (!f.exists())
        return out;
    if (!f.open(QIODevice::ReadOnly))
        return Error::make(ErrorCode::Internal, QStringLiteral("cannot read %1").arg(f.fileName()), f.errorString());
    const QByteArray all = f.readAll();
    qsizetype pos = 0;
    while (pos < all.size()) {
        const qsizetype eol = all.indexOf('\n', pos);
        const bool torn = eol < 0;
        const QByteArray stored = all.mid(pos, (torn ? all.size() : eol) - pos);
        pos = torn ? all.size() : eol + 1;
        const quint64 lineNo = ++out.lines;
        if (torn) {
            out.notices << QStringLiteral("%1: the last line is incomplete (a write was interrupted); it is ignored")
                               .arg(rel);
            break;
        }
        if (stored.isEmpty())
            continue;
        std::optional<QByteArray> json = decodeLine(stored, key, rel, lineNo);
        std::optional<IndexRecord> rec = json ? IndexRecord::fromJson(*json) : std::nullopt;
        if (!rec) {
            out.notices << QStringLiteral("%1: line %2 is damaged%3; it is ignored")
                               .arg(rel)
                               .arg(lineNo)
                               .arg(key && !json ? QStringLiteral(" (fails its authentication tag)") : QString());
            continue;
        }
        rec->line = lineNo;
        out.records.append(std::move(*rec));
    }
    return out;
}

Error appendIndex(const QString &root, const QString &rel, const ArchiveKey *key, IndexRecord &record, quint64 &lines)
{
    const quint64 lineNo = lines + 1;
    const QByteArray json = QJsonDocument(record.toJson()).toJson(QJsonDocument::Compact);
    if (Error e = appendLine(root, rel, encodeLine(json, key, rel, lineNo)))
        return e;
    lines = lineNo;
    record.line = lineNo;
    return {};
}

} // namespace ferry::archive
