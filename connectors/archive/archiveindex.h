// One folder's or collection's index.jsonl (layout: archiveformat.h): the
// records, how to read them back (tolerating a torn last line and reporting any
// damaged line), and appending one more, crash-safely.
#pragma once

#include "archivecrypto.h"

#include <connector/connector.h>

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace ferry::archive {

struct IndexRecord {
    enum class Op { Add, Flags, Put };
    Op op = Op::Add;
    quint64 id = 0;           // mail: the archive's id of the message
    RemoteId name;            // DAV: the resource name, exactly as the source had it
    QString file;             // relative to the folder directory ("0000/7.eml")
    qint64 size = -1;
    QByteArray sha256;        // hex
    QStringList flags;        // mail, exactly as given
    QByteArray internalDate;  // mail, verbatim
    QByteArray messageId;     // mail
    QByteArray uid;           // DAV
    QByteArray etag;          // DAV, computed by the archive
    QByteArray contentType;   // DAV
    quint64 line = 0;         // 1-based line number in index.jsonl (filled on load/append)

    QJsonObject toJson() const;
    static std::optional<IndexRecord> fromJson(const QByteArray &json);
};

struct LoadedIndex {
    QList<IndexRecord> records;
    quint64 lines = 0;        // lines in the file, a torn or damaged one included
    QStringList notices;      // torn / damaged lines, in words
};

// `rel` is the index's path relative to the archive root. A missing file is an
// empty index.
Result<LoadedIndex> loadIndex(const QString &root, const QString &rel, const ArchiveKey *key);
// Appends `record` as line `lines + 1`; on success `lines` is incremented and
// record.line set.
Error appendIndex(const QString &root, const QString &rel, const ArchiveKey *key, IndexRecord &record, quint64 &lines);

} // namespace ferry::archive
