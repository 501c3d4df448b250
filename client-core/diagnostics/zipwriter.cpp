#include "zipwriter.h"

#include "crc32.h"

#include <QtEndian>

namespace ferry::diagnostics {

namespace {

constexpr quint32 kLocalSignature = 0x04034b50;
constexpr quint32 kCentralSignature = 0x02014b50;
constexpr quint32 kEndSignature = 0x06054b50;
constexpr quint16 kVersionNeeded = 20;             // 2.0: deflate
constexpr quint16 kVersionMadeBy = (3 << 8) | 20;  // Unix, 2.0: external attributes are a mode
constexpr quint16 kFlagUtf8 = 1 << 11;
constexpr quint32 kUnixMode0600 = 0100600;          // regular file, rw-------
constexpr qint64 kMaxSize = 0xFFFFFFFFLL;

void put16(QByteArray &out, quint16 v)
{
    char b[2];
    qToLittleEndian(v, b);
    out.append(b, 2);
}

void put32(QByteArray &out, quint32 v)
{
    char b[4];
    qToLittleEndian(v, b);
    out.append(b, 4);
}

// MS-DOS date and time (APPNOTE §4.4.6): local time, 2-second resolution, 1980–2107.
void dosDateTime(const QDateTime &when, quint16 &time, quint16 &date)
{
    QDateTime t = when.isValid() ? when.toLocalTime() : QDateTime::currentDateTime();
    if (t.date().year() < 1980)
        t = QDateTime(QDate(1980, 1, 1), QTime(0, 0));
    if (t.date().year() > 2107)
        t = QDateTime(QDate(2107, 12, 31), QTime(23, 59, 58));
    time = quint16((t.time().hour() << 11) | (t.time().minute() << 5) | (t.time().second() / 2));
    date = quint16(((t.date().year() - 1980) << 9) | (t.date().month() << 5) | t.date().day());
}

} // namespace

ZipWriter::~ZipWriter()
{
    if (m_open)
        m_file.close();
}

bool ZipWriter::fail(const QString &why)
{
    if (m_error.isEmpty())
        m_error = why;
    return false;
}

QStringList ZipWriter::names() const
{
    QStringList out;
    for (const Entry &e : m_entries)
        out.append(QString::fromUtf8(e.name));
    return out;
}

QByteArray ZipWriter::deflateRaw(const QByteArray &data)
{
    // qCompress: 4-byte big-endian length, then a zlib stream (RFC 1950): a
    // 2-byte header (no preset dictionary), the raw deflate data, Adler-32.
    const QByteArray z = qCompress(data, 6);
    if (z.size() < 4 + 2 + 4)
        return {};
    const uchar cmf = uchar(z[4]);
    const uchar flg = uchar(z[5]);
    if ((cmf & 0x0f) != 8 || (flg & 0x20) != 0 || ((cmf << 8) | flg) % 31 != 0)
        return {};
    return z.sliced(6, z.size() - 6 - 4);
}

bool ZipWriter::open(const QString &path)
{
    m_entries.clear();
    m_error.clear();
    m_file.setFileName(path);
    if (QFile::exists(path) && !QFile::remove(path))
        return fail(QStringLiteral("cannot replace %1").arg(path));
    if (!m_file.open(QIODevice::WriteOnly | QIODevice::NewOnly, QFileDevice::ReadOwner | QFileDevice::WriteOwner))
        return fail(QStringLiteral("cannot create %1: %2").arg(path, m_file.errorString()));
    m_open = true;
    return true;
}

bool ZipWriter::addFile(const QString &name, const QByteArray &data, const QDateTime &modified)
{
    if (!m_open)
        return fail(QStringLiteral("the archive is not open"));
    Entry e;
    e.name = name.toUtf8();
    if (e.name.isEmpty() || e.name.size() > 0xFFFF || e.name.startsWith('/') || e.name.contains('\\'))
        return fail(QStringLiteral("invalid member name %1").arg(name));
    if (data.size() > kMaxSize || m_file.pos() > kMaxSize || m_entries.size() >= 0xFFFF)
        return fail(QStringLiteral("the archive would need ZIP64 (over 4 GiB or 65535 members)"));
    e.crc = crc32(data);
    e.size = quint32(data.size());
    dosDateTime(modified, e.time, e.date);
    QByteArray deflated = data.isEmpty() ? QByteArray() : deflateRaw(data);
    const bool deflate = !deflated.isEmpty() && deflated.size() < data.size();
    e.method = deflate ? 8 : 0;
    const QByteArray &payload = deflate ? deflated : data;
    e.compressedSize = quint32(payload.size());
    e.offset = quint32(m_file.pos());

    QByteArray header;
    put32(header, kLocalSignature);
    put16(header, kVersionNeeded);
    put16(header, kFlagUtf8);
    put16(header, e.method);
    put16(header, e.time);
    put16(header, e.date);
    put32(header, e.crc);
    put32(header, e.compressedSize);
    put32(header, e.size);
    put16(header, quint16(e.name.size()));
    put16(header, 0); // extra field length
    header.append(e.name);
    if (m_file.write(header) != header.size() || m_file.write(payload) != payload.size())
        return fail(QStringLiteral("cannot write %1: %2").arg(m_file.fileName(), m_file.errorString()));
    m_entries.append(e);
    return true;
}

bool ZipWriter::close()
{
    if (!m_open)
        return m_error.isEmpty();
    m_open = false;
    const qint64 start = m_file.pos();
    QByteArray dir;
    for (const Entry &e : std::as_const(m_entries)) {
        put32(dir, kCentralSignature);
        put16(dir, kVersionMadeBy);
        put16(dir, kVersionNeeded);
        put16(dir, kFlagUtf8);
        put16(dir, e.method);
        put16(dir, e.time);
        put16(dir, e.date);
        put32(dir, e.crc);
        put32(dir, e.compressedSize);
        put32(dir, e.size);
        put16(dir, quint16(e.name.size()));
        put16(dir, 0);               // extra field length
        put16(dir, 0);               // comment length
        put16(dir, 0);               // disk number start
        put16(dir, 0);               // internal attributes
        put32(dir, kUnixMode0600 << 16);
        put32(dir, e.offset);
        dir.append(e.name);
    }
    if (start + dir.size() > kMaxSize) {
        m_file.close();
        return fail(QStringLiteral("the archive would need ZIP64 (over 4 GiB)"));
    }
    put32(dir, kEndSignature);
    put16(dir, 0); // this disk
    put16(dir, 0); // disk with the central directory
    put16(dir, quint16(m_entries.size()));
    put16(dir, quint16(m_entries.size()));
    put32(dir, quint32(dir.size() - 4 - 2 - 2 - 2 - 2));
    put32(dir, quint32(start));
    put16(dir, 0); // comment length
    const bool ok = m_file.write(dir) == dir.size() && m_file.flush();
    m_file.close();
    if (!ok)
        return fail(QStringLiteral("cannot write %1").arg(m_file.fileName()));
    return true;
}

} // namespace ferry::diagnostics
