#include "itembody.h"

#include <QCryptographicHash>
#include <QDir>
#include <QTemporaryFile>

#include <atomic>
#include <mutex>

namespace ferry {

namespace {
std::mutex g_spoolMutex;
QString g_spoolDir;
std::atomic<qint64> g_threshold{ItemBody::kDefaultSpoolThreshold};

QString spoolTemplate()
{
    std::lock_guard lock(g_spoolMutex);
    const QString dir = g_spoolDir.isEmpty() ? QDir::tempPath() : g_spoolDir;
    return dir + QStringLiteral("/ferry-spool-XXXXXX");
}
} // namespace

ItemBody::ItemBody() = default;
ItemBody::~ItemBody() = default;
ItemBody::ItemBody(ItemBody &&) noexcept = default;
ItemBody &ItemBody::operator=(ItemBody &&) noexcept = default;

ItemBody ItemBody::fromBytes(QByteArray bytes)
{
    ItemBody b;
    b.m_size = bytes.size();
    b.m_bytes = std::move(bytes);
    return b;
}

void ItemBody::setSpoolDirectory(const QString &dir)
{
    std::lock_guard lock(g_spoolMutex);
    g_spoolDir = dir;
}

void ItemBody::setSpoolThreshold(qint64 bytes) { g_threshold = bytes; }

Error ItemBody::begin(qint64 expectedSize)
{
    m_bytes.clear();
    m_file.reset();
    m_size = 0;
    if (expectedSize > g_threshold.load()) {
        m_file = std::make_unique<QTemporaryFile>(spoolTemplate());
        // QTemporaryFile creates files 0600.
        if (!m_file->open())
            return Error::make(ErrorCode::Internal, QStringLiteral("cannot create spool file"),
                               m_file->errorString(), QStringLiteral("check free disk space in the temp directory"));
    } else if (expectedSize > 0) {
        m_bytes.reserve(expectedSize);
    }
    return {};
}

Error ItemBody::append(const char *data, qint64 len)
{
    if (m_file) {
        if (m_file->write(data, len) != len)
            return Error::make(ErrorCode::Internal, QStringLiteral("cannot write spool file"), m_file->errorString(),
                               QStringLiteral("check free disk space in the temp directory"));
    } else {
        m_bytes.append(data, len);
    }
    m_size += len;
    return {};
}

Error ItemBody::finish()
{
    if (m_file && !m_file->flush())
        return Error::make(ErrorCode::Internal, QStringLiteral("cannot flush spool file"), m_file->errorString());
    return {};
}

Error ItemBody::read(qint64 offset, qint64 len, QByteArray &out) const
{
    if (offset < 0 || len < 0 || offset + len > m_size)
        return Error::make(ErrorCode::Internal, QStringLiteral("read outside item body"));
    if (!m_file) {
        out = m_bytes.mid(offset, len);
        return {};
    }
    out.resize(len);
    if (!m_file->seek(offset) || m_file->read(out.data(), len) != len)
        return Error::make(ErrorCode::Internal, QStringLiteral("cannot read spool file"), m_file->errorString());
    return {};
}

QByteArray ItemBody::readAll() const
{
    if (!m_file)
        return m_bytes;
    QByteArray out;
    read(0, m_size, out);
    return out;
}

QByteArray ItemBody::sha256() const
{
    if (!m_file)
        return QCryptographicHash::hash(m_bytes, QCryptographicHash::Sha256);
    QCryptographicHash h(QCryptographicHash::Sha256);
    constexpr qint64 chunk = 1 << 20;
    QByteArray buf;
    for (qint64 off = 0; off < m_size; off += chunk) {
        if (read(off, qMin(chunk, m_size - off), buf))
            return {};
        h.addData(buf);
    }
    return h.result();
}

} // namespace ferry
