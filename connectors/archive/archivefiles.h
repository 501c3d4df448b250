// File I/O of the offline archive (layout: archiveformat.h): crash-safe writes
// (temp name, fsync, rename, fsync of the directory), sealed or plain depending
// on whether a key is given, and streamed reads that check an item's SHA-256 and
// GCM tag before anything of it is handed on. Paths are given as the archive root
// plus a path relative to it with '/' separators; the relative path is also the
// context sealed files are bound to.
#pragma once

#include "archivecrypto.h"

#include <connector/itembody.h>

#include <QString>

#include <functional>

namespace ferry::archive {

inline constexpr qint64 kIoChunk = 1 << 20;

// Writes `body` to a new file `rel` (parents created). Never replaces an existing
// file: that is ErrorCode::Internal. `sha256` receives the SHA-256 of the plain bytes.
Error writeNewFile(const QString &root, const QString &rel, const ItemBody &body, const ArchiveKey *key,
                   QByteArray *sha256 = nullptr);
// Writes or atomically replaces the small file `rel` (folder.json, manifest.json).
Error replaceFile(const QString &root, const QString &rel, const QByteArray &plain, const ArchiveKey *key);
// Reads a small file whole. NotFound if absent; Damaged if it cannot be opened.
Result<QByteArray> readSmallFile(const QString &root, const QString &rel, const ArchiveKey *key);

// Streams the plain bytes of item file `rel` to `sink` (chunks of at most kIoChunk)
// and checks them against `expectedSha256Hex` (when not empty) and, sealed, the tag.
// Returns what is wrong in words ("missing file", "checksum mismatch …", "fails its
// authentication tag …"), empty when all is well; sink errors are returned in `error`.
using ChunkSink = std::function<Error(const char *data, qint64 len)>;
QString streamItemFile(const QString &root, const QString &rel, const ArchiveKey *key,
                       const QByteArray &expectedSha256Hex, const ChunkSink &sink, Error *error = nullptr);
// streamItemFile into an ItemBody that is only handed out when intact.
QString readItemFile(const QString &root, const QString &rel, const ArchiveKey *key,
                     const QByteArray &expectedSha256Hex, ItemBody &out);

// Appends `line` plus '\n' to `rel` and fsyncs; when the file does not end with a
// newline (a torn line from a crash), one is written first.
Error appendLine(const QString &root, const QString &rel, const QByteArray &line);

// The bytes of a sealed line / plain line as stored in index.jsonl (no newline).
QByteArray encodeLine(const QByteArray &json, const ArchiveKey *key, const QString &rel, quint64 lineNo);
std::optional<QByteArray> decodeLine(const QByteArray &stored, const ArchiveKey *key, const QString &rel,
                                     quint64 lineNo);

bool isTempName(const QString &fileName); // "….tmp-XXXXXXXX"

} // namespace ferry::archive
