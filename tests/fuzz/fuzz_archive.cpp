// Fuzz target: everything that reads bytes out of an offline archive directory
// (connectors/archive/, layout in archiveformat.h): manifest.json,
// mail/<dir>/folder.json, pim/<dir>/collection.json and index.jsonl, through
// the real ArchiveStore (open read-only, list folders, load each index), on a
// scratch directory in /dev/shm. Then, in memory, with a fixed key: each index
// line sealed and opened again (must give the line back), the raw bytes as a
// sealed blob and as a streamed sealed file (must be refused, never crash), and
// the index record JSON round trip (toJson ∘ fromJson is stable).
//
// Input: up to three parts separated by a line "%%": manifest.json, the folder /
// collection description, index.jsonl. With two parts the manifest is a valid
// plain one; with one part only the index comes from the input.
#include <archive/archivecrypto.h>
#include <archive/archivefiles.h>
#include <archive/archiveformat.h>
#include <archive/archiveindex.h>
#include <archive/archivestore.h>

#include <QDir>
#include <QFile>
#include <QJsonDocument>

#include <cstdint>
#include <cstdlib>
#include <unistd.h>

using namespace ferry;
using namespace ferry::archive;

namespace {

const QString &root()
{
    static const QString dir = [] {
        const QString base = QDir(QStringLiteral("/dev/shm")).exists() ? QStringLiteral("/dev/shm") : QDir::tempPath();
        QString d = QStringLiteral("%1/ferry-fuzz-archive-%2").arg(base).arg(qint64(getpid()));
        QDir(d).removeRecursively();
        QDir().mkpath(d + QStringLiteral("/mail/f"));
        QDir().mkpath(d + QStringLiteral("/pim/c"));
        std::atexit([] { QDir(root()).removeRecursively(); });
        return d;
    }();
    return dir;
}

const ArchiveKey &fixedKey()
{
    static const std::shared_ptr<const ArchiveKey> key = [] {
        KdfParams p;
        p.salt = QByteArrayLiteral("ferry-fuzz-salt!");
        p.n = 1024;
        Result<std::shared_ptr<const ArchiveKey>> k = ArchiveKey::derive(QByteArrayLiteral("fuzz"), p);
        if (!k.ok())
            std::abort();
        return k.value();
    }();
    return *key;
}

void put(const QString &rel, const QByteArray &bytes)
{
    QFile f(root() + QLatin1Char('/') + rel);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(bytes) != bytes.size())
        std::abort();
}

void readStore()
{
    Result<std::shared_ptr<ArchiveStore>> store = ArchiveStore::open(root(), nullptr, false);
    if (!store.ok())
        return;
    for (Part part : {Part::Mail, Part::Pim}) {
        for (const FolderInfo &info : store.value()->folders(part)) {
            Result<FolderView> v = store.value()->view(part, info.ref);
            (void)v;
        }
    }
    (void)store.value()->notices();
}

void inMemory(const QByteArray &index, const QByteArray &raw)
{
    const ArchiveKey &key = fixedKey();
    const QString rel = QStringLiteral("mail/f/index.jsonl");
    quint64 lineNo = 0;
    for (const QByteArray &line : index.split('\n')) {
        ++lineNo;
        const QByteArray stored = encodeLine(line, &key, rel, lineNo);
        const std::optional<QByteArray> opened = decodeLine(stored, &key, rel, lineNo);
        if (!opened || *opened != line)
            std::abort(); // seal/open lost or changed the line
        (void)decodeLine(line, &key, rel, lineNo);
        if (std::optional<IndexRecord> r = IndexRecord::fromJson(line)) {
            const QByteArray json = QJsonDocument(r->toJson()).toJson(QJsonDocument::Compact);
            std::optional<IndexRecord> again = IndexRecord::fromJson(json);
            if (!again || QJsonDocument(again->toJson()).toJson(QJsonDocument::Compact) != json)
                std::abort(); // a record does not survive being written and read back
        }
    }
    (void)unseal(key, raw, QByteArrayLiteral("manifest.json#check"));
    if (raw.size() >= kSealOverhead) {
        Opener opener(key, raw.left(kSealHeaderSize), QByteArrayLiteral("mail/f/0000/1.eml"));
        if (opener.ok()) {
            const QByteArray body = raw.mid(kSealHeaderSize, raw.size() - kSealOverhead);
            (void)opener.update(body.constData(), body.size());
            (void)opener.finish(raw.right(kSealTagSize));
        }
    }
    (void)messageIdFromHeader(raw);
    (void)safeName(QString::fromUtf8(raw.left(200)));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const QByteArray kSeparator = QByteArrayLiteral("\n%%\n");
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    QList<QByteArray> parts;
    qsizetype from = 0;
    while (parts.size() < 2) {
        const qsizetype at = bytes.indexOf(kSeparator, from);
        if (at < 0)
            break;
        parts.append(bytes.mid(from, at - from));
        from = at + kSeparator.size();
    }
    parts.append(bytes.mid(from));
    QByteArray manifest = QByteArrayLiteral("{\"format\":\"ferry-archive\",\"version\":1}");
    QByteArray mailMeta = QByteArrayLiteral("{\"path\":[\"INBOX\"],\"role\":\"inbox\",\"uidValidity\":1,\"nextId\":1}");
    QByteArray pimMeta = QByteArrayLiteral("{\"path\":[\"calendar\"],\"kind\":\"events\"}");
    if (parts.size() == 3)
        manifest = parts.takeFirst();
    if (parts.size() == 2)
        mailMeta = pimMeta = parts.takeFirst();
    const QByteArray index = parts.first();

    put(QStringLiteral("manifest.json"), manifest);
    put(QStringLiteral("mail/f/folder.json"), mailMeta);
    put(QStringLiteral("mail/f/index.jsonl"), index);
    put(QStringLiteral("pim/c/collection.json"), pimMeta);
    put(QStringLiteral("pim/c/index.jsonl"), index);
    readStore();
    inMemory(index, bytes);
    return 0;
}
