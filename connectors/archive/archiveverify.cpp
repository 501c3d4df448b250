#include "archiveverify.h"

#include "archivefiles.h"
#include "archiveformat.h"
#include "archiveindex.h"
#include "archivemanifest.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

namespace ferry {

using namespace archive;

namespace {

QString typeOf(Part part, const QJsonObject &meta)
{
    if (part == Part::Mail)
        return QStringLiteral("mail");
    const QString kind = meta.value(QLatin1String("kind")).toString();
    if (kind == QLatin1String("contacts"))
        return QStringLiteral("contacts");
    if (kind == QLatin1String("tasks"))
        return QStringLiteral("tasks");
    const QJsonArray comps = meta.value(QLatin1String("components")).toArray();
    if (!comps.isEmpty() && !comps.contains(QStringLiteral("VEVENT")) && comps.contains(QStringLiteral("VTODO")))
        return QStringLiteral("tasks");
    return QStringLiteral("calendar");
}

void checkFolder(const QString &root, const ArchiveKey *key, Part part, const QString &dirName, ArchiveCheck &out)
{
    const QString rel = partName(part) + QLatin1Char('/') + dirName;
    const QString metaName = part == Part::Mail ? QStringLiteral("folder.json") : QStringLiteral("collection.json");
    ArchiveCheck::Folder folder;
    folder.dir = rel;
    folder.name = rel;
    Result<QByteArray> meta = readSmallFile(root, rel + QLatin1Char('/') + metaName, key);
    QJsonObject metaJson;
    if (!meta.ok()) {
        out.notices << QStringLiteral("%1: %2").arg(rel, meta.error().what);
    } else {
        metaJson = QJsonDocument::fromJson(*meta).object();
        QStringList path;
        for (const QJsonValue &v : metaJson.value(QLatin1String("path")).toArray())
            path.append(v.toString());
        const QString display = metaJson.value(QLatin1String("displayName")).toString();
        folder.name = !display.isEmpty() ? display : path.join(QLatin1Char('/'));
    }
    folder.type = typeOf(part, metaJson);

    const QString indexRel = rel + QStringLiteral("/index.jsonl");
    Result<LoadedIndex> idx = loadIndex(root, indexRel, key);
    if (!idx.ok()) {
        out.notices << idx.error().toString();
        out.folders.append(folder);
        return;
    }
    out.notices += idx->notices;

    QSet<QString> named;
    QSet<quint64> mailIds;
    QHash<RemoteId, qint64> current; // DAV: latest size per name
    for (const IndexRecord &r : std::as_const(idx->records)) {
        if (r.op == IndexRecord::Op::Flags)
            continue;
        if (r.op == IndexRecord::Op::Add) {
            if (mailIds.contains(r.id))
                continue;
            mailIds.insert(r.id);
            folder.bytes += quint64(qMax<qint64>(0, r.size));
        } else {
            current.insert(r.name, r.size);
        }
        const QString fileRel = rel + QLatin1Char('/') + r.file;
        named.insert(r.file);
        ArchiveCheck::Problem p;
        p.folder = folder.name;
        p.id = r.op == IndexRecord::Op::Add ? QString::number(r.id) : QString::fromUtf8(r.name);
        p.file = fileRel;
        if (!QFileInfo::exists(root + QLatin1Char('/') + fileRel)) {
            p.what = QStringLiteral("the file is missing");
            out.missing.append(p);
            continue;
        }
        const QString problem = streamItemFile(root, fileRel, key, r.sha256, {});
        if (!problem.isEmpty()) {
            p.what = problem;
            out.damaged.append(p);
        }
    }
    if (part == Part::Mail) {
        folder.items = quint64(mailIds.size());
    } else {
        folder.items = quint64(current.size());
        for (qint64 s : std::as_const(current))
            folder.bytes += quint64(qMax<qint64>(0, s));
    }

    // Files nothing names: left by a crash between writing a file and its index line.
    const QString abs = root + QLatin1Char('/') + rel;
    const QSet<QString> own{metaName, QStringLiteral("index.jsonl")};
    for (const QString &f : QDir(abs).entryList(QDir::Files | QDir::Hidden)) {
        if (own.contains(f))
            continue;
        if (isTempName(f))
            out.notices << QStringLiteral("%1/%2: a temporary file left by an interrupted write").arg(rel, f);
        else
            out.orphans << rel + QLatin1Char('/') + f;
    }
    for (const QString &sub : QDir(abs).entryList(QDir::Dirs | QDir::NoDotAndDotDot | QDir::Hidden)) {
        for (const QString &f : QDir(abs + QLatin1Char('/') + sub).entryList(QDir::Files | QDir::Hidden)) {
            const QString inFolder = sub + QLatin1Char('/') + f;
            if (named.contains(inFolder))
                continue;
            if (isTempName(f))
                out.notices << QStringLiteral("%1/%2: a temporary file left by an interrupted write").arg(rel, inFolder);
            else
                out.orphans << rel + QLatin1Char('/') + inFolder;
        }
    }
    out.itemsByType[folder.type] += folder.items;
    out.folders.append(folder);
}

QJsonArray problemsJson(const QList<ArchiveCheck::Problem> &list)
{
    QJsonArray a;
    for (const ArchiveCheck::Problem &p : list)
        a.append(QJsonObject{{QStringLiteral("folder"), p.folder},
                             {QStringLiteral("id"), p.id},
                             {QStringLiteral("file"), p.file},
                             {QStringLiteral("what"), p.what}});
    return a;
}

} // namespace

QJsonObject ArchiveCheck::toJson() const
{
    QJsonArray fs;
    for (const Folder &f : folders)
        fs.append(QJsonObject{{QStringLiteral("dir"), f.dir},
                              {QStringLiteral("name"), f.name},
                              {QStringLiteral("type"), f.type},
                              {QStringLiteral("items"), double(f.items)},
                              {QStringLiteral("bytes"), double(f.bytes)}});
    QJsonObject types;
    for (auto it = itemsByType.cbegin(); it != itemsByType.cend(); ++it)
        types.insert(it.key(), double(it.value()));
    return QJsonObject{{QStringLiteral("intact"), intact()},
                       {QStringLiteral("encrypted"), encrypted},
                       {QStringLiteral("folders"), fs},
                       {QStringLiteral("itemsByType"), types},
                       {QStringLiteral("damaged"), problemsJson(damaged)},
                       {QStringLiteral("missing"), problemsJson(missing)},
                       {QStringLiteral("orphans"), QJsonArray::fromStringList(orphans)},
                       {QStringLiteral("notices"), QJsonArray::fromStringList(notices)}};
}

Result<ArchiveCheck> verifyArchive(const QString &rootIn, const std::shared_ptr<const Secret> &passphrase)
{
    const QString root = QDir::cleanPath(QFileInfo(rootIn).absoluteFilePath());
    Result<Manifest> m = [&] {
        std::lock_guard lock(manifestMutex());
        return readManifest(root);
    }();
    if (!m.ok())
        return m.error();
    auto key = unlockManifest(*m, root, passphrase);
    if (!key.ok())
        return key.error();
    ArchiveCheck out;
    out.encrypted = bool(*key);
    for (Part part : {Part::Mail, Part::Pim}) {
        const QString partDir = root + QLatin1Char('/') + partName(part);
        for (const QString &dirName : QDir(partDir).entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name))
            checkFolder(root, key->get(), part, dirName, out);
    }
    return out;
}

} // namespace ferry
