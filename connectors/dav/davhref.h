// Href helpers for WebDAV (RFC 4918 §8.3, RFC 3986 §2.1/§3.3): the path of a
// resource as it goes on the wire (percent-encoded bytes) and as a person or a
// file name sees it (decoded text).
//
// Servers spell the same href differently ("a@b.ics" vs "a%40b.ics", absolute
// URL vs path, "%c3%a9" vs "%C3%A9"); canonicalPath() folds those spellings into
// one form, used as Ferry's RemoteId and for every comparison. Hand-written:
// QUrl decodes and re-encodes a path with its own idea of which characters are
// "safe", which differs between Qt versions; here the rule is fixed: only
// unreserved characters and '@' stay literal in a segment.
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <QStringList>

namespace ferry::davhref {

// One path segment, percent-encoded: everything but ALPHA DIGIT "-._~@" is
// written as %XX of its UTF-8 bytes ('/' becomes %2F, ' ' %20, 'é' %C3%A9).
QByteArray encodeSegment(const QString &segment);
// Percent-decodes (invalid %-sequences stay as they are) and reads UTF-8.
QString decode(QByteArrayView encoded);

// The path part of an href (an absolute URL loses scheme, authority, query and
// fragment), each segment decoded and re-encoded with encodeSegment(); empty
// segments ("//") collapse; the trailing '/' of a collection is kept; always
// starts with '/'. "" for an empty href.
QByteArray canonicalPath(QByteArrayView href);
bool sameResource(QByteArrayView a, QByteArrayView b);
// Same collection: like sameResource but a trailing '/' does not matter.
bool sameCollection(QByteArrayView a, QByteArrayView b);

// The decoded last segment ("a b.ics" for "/cal/a%20b.ics", "home" for "/home/").
QString lastSegment(QByteArrayView href);
// The canonical parent collection, with a trailing '/' ("/cal/" for "/cal/x.ics").
QByteArray parent(QByteArrayView href);
// `collection` (canonical, a '/' is added if missing) + the encoded `name`.
QByteArray join(QByteArrayView collection, const QString &name);
// A collection path with a trailing '/'.
QByteArray asCollection(QByteArrayView href);

// A resource name for an item that has none yet: the UID plus `extension` when
// the UID is plain (ALPHA DIGIT "-._@", at most 200 bytes), otherwise the hex
// SHA-1 of the UID (stable, so a retry finds the same name).
QString resourceNameForUid(const QString &uid, const QString &extension);

} // namespace ferry::davhref
