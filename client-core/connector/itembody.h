// The content of one item on its way from source to target, spooled: small
// items stay in memory, anything over the threshold goes to a private temp file
// (0600, removed when the body is destroyed), so a 50 MB message never sits in RAM.
// Move-only.
#pragma once

#include "../error.h"

#include <QByteArray>
#include <QString>

#include <memory>

class QTemporaryFile;

namespace ferry {

class ItemBody {
public:
    static constexpr qint64 kDefaultSpoolThreshold = 2 * 1024 * 1024;

    ItemBody();
    ~ItemBody();
    ItemBody(ItemBody &&) noexcept;
    ItemBody &operator=(ItemBody &&) noexcept;
    ItemBody(const ItemBody &) = delete;
    ItemBody &operator=(const ItemBody &) = delete;

    static ItemBody fromBytes(QByteArray bytes);

    // Where spool files go (default: QDir::tempPath()). Set once at start-up.
    static void setSpoolDirectory(const QString &dir);
    static void setSpoolThreshold(qint64 bytes);

    // Writing. `expectedSize` (if known) picks memory or file up front.
    Error begin(qint64 expectedSize);
    Error append(const char *data, qint64 len);
    Error finish();

    qint64 size() const { return m_size; }
    bool isEmpty() const { return m_size == 0; }
    bool inMemory() const { return !m_file; }
    // Only for in-memory bodies.
    const QByteArray &bytes() const { return m_bytes; }
    // Reads [offset, offset+len) into `out`; works for both storages.
    Error read(qint64 offset, qint64 len, QByteArray &out) const;
    // Whole content (loads a spooled body: only for small items or tests).
    QByteArray readAll() const;
    QByteArray sha256() const;

private:
    QByteArray m_bytes;
    std::unique_ptr<QTemporaryFile> m_file;
    qint64 m_size = 0;
};

} // namespace ferry
