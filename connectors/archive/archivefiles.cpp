#include "archivefiles.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>

#include <cstdio>

#ifdef Q_OS_WIN
#include <io.h>
#else
#include <fcntl.h>
#include <unistd.h>
#endif

namespace ferry::archive {

namespace {

QString absPath(const QString &root, const QString &rel) { return root + QLatin1Char('/') + rel; }

Error ioError(const QString &what, const QFile &f, const QString &hint = {})
{
    return Error::make(ErrorCode::Internal, what, f.errorString(),
                       hint.isEmpty() ? QStringLiteral("check that the archive's disk is writable and has room") : hint);
}

bool syncFile(QFile &f)
{
    if (!f.flush())
        return false;
#ifdef Q_OS_WIN
    return _commit(f.handle()) == 0;
#else
    return ::fsync(f.handle()) == 0;
#endif
}

// Makes a rename durable: on POSIX the directory entry must be synced too.
void syncDir(const QString &dir)
{
#ifndef Q_OS_WIN
    const int fd = ::open(QFile::encodeName(dir).constData(), O_RDONLY | O_DIRECTORY);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
#else
    Q_UNUSED(dir);
#endif
}

QString tempNameFor(const QString &path)
{
    return path + QStringLiteral(".tmp-%1").arg(QRandomGenerator::global()->generate(), 8, 16, QLatin1Char('0'));
}

QByteArray contextOf(const QString &rel) { return rel.toUtf8(); }

// Writes `produce`'s output to a temp file beside `path`, syncs it and renames it
// into place (replacing only when `replace`).
Error writeVia(const QString &path, bool replace, const std::function<Error(QFile &)> &produce)
{
    const QFileInfo info(path);
    if (!QDir().mkpath(info.absolutePath()))
        return Error::make(ErrorCode::Internal, QStringLiteral("cannot create directory %1").arg(info.absolutePath()), {},
                           QStringLiteral("check that the archive's disk is writable"));
    if (!replace && info.exists())
        return Error::make(ErrorCode::Internal, QStringLiteral("%1 exists already; the archive never overwrites an item").arg(path));
    const QString tmp = tempNameFor(path);
    QFile f(tmp);
    if (!f.open(QIODevice::WriteOnly | QIODevice::NewOnly))
        return ioError(QStringLiteral("cannot create %1").arg(tmp), f);
    Error e = produce(f);
    if (!e && !syncFile(f))
        e = ioError(QStringLiteral("cannot write %1").arg(tmp), f);
    f.close();
    if (e) {
        QFile::remove(tmp);
        return e;
    }
    bool renamed;
    if (replace)
        renamed = std::rename(QFile::encodeName(tmp).constData(), QFile::encodeName(path).constData()) == 0;
    else
        renamed = QFile::rename(tmp, path); // fails if `path` appeared meanwhile: never replaces
    if (!renamed) {
        QFile::remove(tmp);
        return Error::make(ErrorCode::Internal, QStringLiteral("cannot move %1 into place").arg(path), {},
                           QStringLiteral("check that the archive's disk is writable"));
    }
    syncDir(info.absolutePath());
    return {};
}

} // namespace

bool isTempName(const QString &fileName)
{
    const qsizetype at = fileName.lastIndexOf(QLatin1String(".tmp-"));
    return at >= 0 && fileName.size() - at == 13;
}

Error writeNewFile(const QString &root, const QString &rel, const ItemBody &body, const ArchiveKey *key,
                   QByteArray *sha256)
{
    const QString path = absPath(root, rel);
    return writeVia(path, false, [&](QFile &f) -> Error {
        QCryptographicHash hash(QCryptographicHash::Sha256);
        std::unique_ptr<Sealer> sealer;
        if (key) {
            sealer = std::make_unique<Sealer>(*key, contextOf(rel));
            if (!sealer->ok() || f.write(sealer->header()) != kSealHeaderSize)
                return ioError(QStringLiteral("cannot write %1").arg(path), f);
        }
        QByteArray chunk;
        for (qint64 off = 0; off < body.size(); off += kIoChunk) {
            if (Error e = body.read(off, qMin(kIoChunk, body.size() - off), chunk))
                return e;
            hash.addData(chunk);
            const QByteArray out = sealer ? sealer->update(chunk.constData(), chunk.size()) : chunk;
            if ((sealer && !sealer->ok()) || f.write(out) != out.size())
                return ioError(QStringLiteral("cannot write %1").arg(path), f);
        }
        if (sealer) {
            const QByteArray tag = sealer->finish();
            if (!sealer->ok() || f.write(tag) != tag.size())
                return ioError(QStringLiteral("cannot write %1").arg(path), f);
        }
        if (sha256)
            *sha256 = hash.result();
        return {};
    });
}

Error replaceFile(const QString &root, const QString &rel, const QByteArray &plain, const ArchiveKey *key)
{
    const QString path = absPath(root, rel);
    return writeVia(path, true, [&](QFile &f) -> Error {
        const QByteArray out = key ? seal(*key, plain, contextOf(rel)) : plain;
        if ((key && out.isEmpty()) || f.write(out) != out.size())
            return ioError(QStringLiteral("cannot write %1").arg(path), f);
        return {};
    });
}

Result<QByteArray> readSmallFile(const QString &root, const QString &rel, const ArchiveKey *key)
{
    QFile f(absPath(root, rel));
    if (!f.exists())
        return Error::make(ErrorCode::NotFound, QStringLiteral("%1 is missing from the archive").arg(rel));
    if (!f.open(QIODevice::ReadOnly))
        return Error::make(ErrorCode::Internal, QStringLiteral("cannot read %1").arg(f.fileName()), f.errorString());
    const QByteArray raw = f.readAll();
    if (!key)
        return raw;
    std::optional<QByteArray> plain = unseal(*key, raw, contextOf(rel));
    if (!plain)
        return Error::make(ErrorCode::Damaged, QStringLiteral("%1 fails its authentication check (damaged, or moved "
                                                              "inside the archive)").arg(rel));
    return *plain;
}

QString streamItemFile(const QString &root, const QString &rel, const ArchiveKey *key,
                       const QByteArray &expectedSha256Hex, const ChunkSink &sink, Error *error)
{
    QFile f(absPath(root, rel));
    if (!f.exists())
        return QStringLiteral("its file %1 is missing from the archive").arg(rel);
    if (!f.open(QIODevice::ReadOnly))
        return QStringLiteral("its file %1 cannot be read: %2").arg(rel, f.errorString());
    QCryptographicHash hash(QCryptographicHash::Sha256);
    const qint64 total = f.size();
    std::unique_ptr<Opener> opener;
    qint64 bodyEnd = total;
    if (key) {
        if (total < kSealOverhead)
            return QStringLiteral("its file %1 is truncated (shorter than the encryption header)").arg(rel);
        opener = std::make_unique<Opener>(*key, f.read(kSealHeaderSize), contextOf(rel));
        if (!opener->ok())
            return QStringLiteral("its file %1 is not an encrypted archive file (bad header)").arg(rel);
        bodyEnd = total - kSealTagSize;
    }
    QByteArray buf;
    for (qint64 pos = f.pos(); pos < bodyEnd;) {
        buf = f.read(qMin(kIoChunk, bodyEnd - pos));
        if (buf.isEmpty())
            return QStringLiteral("its file %1 cannot be read: %2").arg(rel, f.errorString());
        pos += buf.size();
        const QByteArray plain = opener ? opener->update(buf.constData(), buf.size()) : buf;
        hash.addData(plain);
        if (sink) {
            if (Error e = sink(plain.constData(), plain.size())) {
                if (error)
                    *error = e;
                return QStringLiteral("could not be handed on: %1").arg(e.toString());
            }
        }
    }
    if (opener && !opener->finish(f.read(kSealTagSize)))
        return QStringLiteral("its file %1 fails its authentication tag (damaged, tampered with, or moved inside "
                              "the archive)").arg(rel);
    if (!expectedSha256Hex.isEmpty() && hash.result().toHex() != expectedSha256Hex)
        return QStringLiteral("checksum mismatch: its file %1 is not what was written (SHA-256 differs)").arg(rel);
    return {};
}

QString readItemFile(const QString &root, const QString &rel, const ArchiveKey *key,
                     const QByteArray &expectedSha256Hex, ItemBody &out)
{
    ItemBody body;
    const qint64 size = QFileInfo(absPath(root, rel)).size() - (key ? kSealOverhead : 0);
    if (Error e = body.begin(qMax<qint64>(0, size)))
        return e.toString();
    Error sinkError;
    const QString problem = streamItemFile(root, rel, key, expectedSha256Hex,
                                           [&](const char *d, qint64 n) { return body.append(d, n); }, &sinkError);
    if (!problem.isEmpty())
        return problem;
    if (Error e = body.finish())
        return e.toString();
    out = std::move(body);
    return {};
}

Error appendLine(const QString &root, const QString &rel, const QByteArray &line)
{
    QFile f(absPath(root, rel));
    if (!f.open(QIODevice::ReadWrite | QIODevice::Append))
        return ioError(QStringLiteral("cannot open %1").arg(f.fileName()), f);
    QByteArray out;
    if (f.size() > 0) {
        // Close a torn line left by a crash so it stays a line of its own.
        QFile r(f.fileName());
        if (r.open(QIODevice::ReadOnly) && r.seek(r.size() - 1) && r.read(1) != "\n")
            out += '\n';
    }
    out += line;
    out += '\n';
    if (f.write(out) != out.size() || !syncFile(f))
        return ioError(QStringLiteral("cannot append to %1").arg(f.fileName()), f);
    return {};
}

QByteArray encodeLine(const QByteArray &json, const ArchiveKey *key, const QString &rel, quint64 lineNo)
{
    if (!key)
        return json;
    return seal(*key, json, contextOf(rel) + '#' + QByteArray::number(lineNo)).toBase64();
}

std::optional<QByteArray> decodeLine(const QByteArray &stored, const ArchiveKey *key, const QString &rel,
                                     quint64 lineNo)
{
    if (!key)
        return stored;
    const auto decoded = QByteArray::fromBase64Encoding(stored, QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return std::nullopt;
    return unseal(*key, *decoded, contextOf(rel) + '#' + QByteArray::number(lineNo));
}

} // namespace ferry::archive
