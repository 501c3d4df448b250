// The Ferry offline archive: the on-disk layout, and the pure helpers that
// shape names and records (no I/O here). The archive is a plain directory tree
// meant for a USB stick (FAT32/exFAT), open and inspectable with ordinary tools;
// no existing container format (mbox, Maildir, tar, zip) keeps what Ferry must
// keep (INTERNALDATE verbatim, keywords exactly, DAV resource names and collection
// properties, per-file authenticated encryption, append-only crash safety), so the
// layout is our own and documented here and in README.md beside this file.
//
//   ROOT/manifest.json            never encrypted: format + version, created/updated,
//                                 parts present, per folder/collection its directory,
//                                 kind, count and bytes (plus its name when plain),
//                                 the encryption parameters (cipher, KDF, salt, N, r,
//                                 p, a sealed check value), and a free "source" object.
//   ROOT/mail/<dir>/folder.json   FolderRef segments, role, subscribed, UIDVALIDITY,
//                                 a lower bound of the next id.
//   ROOT/mail/<dir>/index.jsonl   append-only, one JSON record per line:
//       {"op":"add","id":7,"file":"0000/7.eml","size":…,"sha256":"…","flags":[…],
//        "date":"17-Jul-1996 02:44:25 -0700","mid":"<…>"}
//       {"op":"flags","id":7,"flags":[…]}        (the whole new set; the last line wins)
//   ROOT/mail/<dir>/NNNN/<id>.eml the message bytes exactly as received; NNNN = id / 1000
//                                 (FAT32 allows ~65k entries per directory).
//   ROOT/pim/<dir>/collection.json FolderRef, kind ("contacts"/"events"), the
//                                 CollectionInfo fields.
//   ROOT/pim/<dir>/index.jsonl    {"op":"put","name":"<resource name>","file":"0000/3.ics",
//                                  "size":…,"sha256":"…","uid":"…","etag":"\"…\"","type":"…"}
//                                 an update is a new "put" line for the same name; the
//                                 last one wins, older files stay (nothing is deleted).
//   ROOT/pim/<dir>/NNNN/<n>.vcf|.ics
//
// Byte strings (dates, Message-IDs, resource names, UIDs, etags) are JSON strings
// when they are valid UTF-8, else {"b64":"…"}: kept exactly either way.
//
// Names: directory names are a readable, FAT-safe form of the folder name (plain
// archives) or opaque "fNNNN" (encrypted archives); uniqueness comes from a "~N"
// suffix chosen case-insensitively against what exists, never from the name: the
// real names live in folder.json / collection.json. Item files are numbered.
//
// Crash safety: an item file is written to "<name>.tmp-…", fsynced, renamed, and
// only then its index line appended and fsynced. A torn last index line is ignored
// (a notice says so) and closed with a newline before the next append; an item file
// no index line names is an orphan: ignored by listing, reported by verify.
//
// Encryption (when a passphrase is set; see archivecrypto.h): every file except
// manifest.json is sealed on its own with AES-256-GCM (key = scrypt(passphrase,
// salt)), its path relative to ROOT as additional data; index lines are sealed one
// by one (additional data: path + "#" + line number) so the index stays append-only.
#pragma once

#include <connector/connector.h>

#include <QByteArray>
#include <QJsonValue>
#include <QSet>
#include <QString>

namespace ferry::archive {

inline constexpr const char *kFormatName = "ferry-archive";
inline constexpr int kFormatVersion = 1;
inline constexpr qint64 kItemsPerSubdir = 1000;
inline constexpr int kMaxDirNameLength = 48; // UTF-16 units, before a "~N" suffix

enum class Part { Mail, Pim };
QString partName(Part p); // "mail", "pim"

// One segment of a directory name made safe for FAT32/exFAT/NTFS: no control
// characters or \/:*?"<>|, no leading or trailing dot/space, no DOS device name
// (CON, NUL, COM1 …), at most kMaxDirNameLength units; never empty.
QString safeName(const QString &name);
// The readable directory name of a folder: its segments made safe, joined with '.'.
QString readableDirName(const FolderRef &ref);
// `base`, or `base~2`, `base~3` … whichever is not in `takenLower` (names
// compared case-folded, as FAT does).
QString uniqueName(const QString &base, const QSet<QString> &takenLower);
inline QString foldedName(const QString &n) { return n.toCaseFolded(); }

// "0000/7.eml": where item number `n` lives inside its folder directory.
QString itemFileName(quint64 n, const QString &extension);

// Byte strings in JSON: a string when valid UTF-8, else {"b64": …}.
QJsonValue bytesToJson(const QByteArray &b);
QByteArray bytesFromJson(const QJsonValue &v);

// An id or count stored as a JSON number: the value (truncated) when it lies in
// [0, 2^53], else `fallback`. JSON numbers are doubles, and converting a double
// outside an integer type's range is undefined behaviour (C++ [conv.fpint]): a
// damaged or hand-edited file ("id":1e300) must not get that far
// (tests/fuzz/regressions/archive/crash-index-id-1e300).
quint64 jsonUInt(const QJsonValue &v, quint64 fallback = 0);

// The Message-ID of a message from its header block (unfolded; the <…> token when
// there is one, else the trimmed value); empty if none. Reads only up to the first
// empty line.
QByteArray messageIdFromHeader(const QByteArray &head);

// Roles in folder.json: "none", "inbox", "sent", "drafts", "trash", "junk",
// "archive", "all", "flagged".
QString specialUseName(SpecialUse u);
SpecialUse specialUseFromName(const QString &n);

// The etag the archive gives a DAV item: a quoted prefix of its SHA-256 (hex).
QByteArray etagFor(const QByteArray &sha256Hex);

} // namespace ferry::archive
