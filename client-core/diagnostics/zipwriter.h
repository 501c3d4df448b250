// Writes a ZIP archive (PKWARE APPNOTE.TXT 6.3: local file headers §4.3.7,
// central directory §4.3.12, end of central directory §4.3.16), the format a
// helpdesk can open anywhere. Members are deflated (method 8, RFC 1951) when
// that makes them smaller, else stored (method 0); names are UTF-8 (flag bit
// 11); times are the DOS local time of each member; Unix mode 0600 in the
// external attributes. No ZIP64: members and archive stay below 4 GiB and
// 65535 entries (the bundle is far smaller; an oversized member is an error).
//
// Hand-written because no ZIP library is in Ferry's stack: Qt's QZipWriter is
// private API (QtGui's private headers, no compatibility promise), and adding
// libzip/minizip for a few small files is not worth a dependency. Raw deflate
// comes from Qt's own zlib through qCompress() (its zlib header and Adler-32
// trailer are stripped); CRC-32 is crc32.h.
//
// Usage: open(path) → addFile(…)… → close(). Every call returns false with
// errorString() on failure; the file is created 0600 and replaced if present.
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QFile>
#include <QList>
#include <QString>

namespace ferry::diagnostics {

class ZipWriter {
public:
    ZipWriter() = default;
    ~ZipWriter();
    ZipWriter(const ZipWriter &) = delete;
    ZipWriter &operator=(const ZipWriter &) = delete;

    bool open(const QString &path);
    // `name`: a relative path with '/' separators ("traces/imap-….log").
    bool addFile(const QString &name, const QByteArray &data, const QDateTime &modified = QDateTime::currentDateTime());
    // Writes the central directory and closes the file.
    bool close();

    QString errorString() const { return m_error; }
    int count() const { return int(m_entries.size()); }
    QStringList names() const;

    // Raw deflate of `data` (no zlib header/trailer); empty if it fails.
    static QByteArray deflateRaw(const QByteArray &data);

private:
    struct Entry {
        QByteArray name;
        quint16 method = 0;
        quint16 time = 0;
        quint16 date = 0;
        quint32 crc = 0;
        quint32 compressedSize = 0;
        quint32 size = 0;
        quint32 offset = 0;
    };

    bool fail(const QString &why);

    QFile m_file;
    QList<Entry> m_entries;
    QString m_error;
    bool m_open = false;
};

} // namespace ferry::diagnostics
