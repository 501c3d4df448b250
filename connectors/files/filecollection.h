// One export file read as one collection of items, the way a DAV server would
// hold them: an .ics file split into one resource per UID (master + overrides +
// the VTIMEZONEs it uses; pim/ical/icalsplit.h), a .vcf file into one card per
// resource, an Outlook/Google contacts CSV or an LDIF address book into built
// vCards (pim/vcard/contactimport.h). Each item is named after its UID as a
// CardDAV/CalDAV client would name it (davhref::resourceNameForUid), so a
// re-run finds the same names. Cards without a UID, or repeating one, get the
// stable derived UID written in (a target needs one UID per item); an
// unterminated card gets its END line. Everything else is kept as it was read.
// Problems are kept per item (issues) and per file (notices), for the report.
#pragma once

#include <connector/connector.h>

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace ferry {

struct FileItem {
    RemoteId id;          // resource name
    QByteArray uid;
    QByteArray bytes;
    QByteArray etag;      // "\"<sha256 prefix>\"" of the bytes
    QStringList issues;
};

struct FileCollection {
    FolderInfo info;
    QList<FileItem> items;
    QStringList notices;  // file-level: what was skipped or changed, and why
    QByteArray token;     // changes whenever the file's content does
};

// `fileName`: the file's name (its extension helps tell the format; without it
// the collection is named). Never fails on content:
// a file that holds nothing usable gives an empty collection and a notice.
FileCollection readFileCollection(const QByteArray &data, const QString &fileName);

} // namespace ferry
