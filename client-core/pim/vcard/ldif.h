// LDIF content records (RFC 2849), as exported by Thunderbird, Apple Directory
// Utility, OpenLDAP's slapcat: folded lines (CRLF/LF + one space), "#" comments,
// "attr:: base64" values, attribute options ("cn;lang-de"). "attr:< URL"
// values are refused with an issue (Ferry does not fetch files or URLs named by
// an input file); change records (changetype:) are not contacts and are
// reported. Small enough that no LDAP library is worth pulling in for it.
#pragma once

#include "vcard.h"

#include <QList>
#include <utility>

namespace ferry::pim {

struct LdifEntry {
    int line = 0;                                   // where the record starts
    QByteArray dn;                                  // decoded
    QList<std::pair<QByteArray, QByteArray>> attributes; // name lower-cased without options → decoded value
    QList<VCardIssue> issues;

    QByteArray value(QByteArrayView name) const;    // first value, or empty
    QList<QByteArray> values(QByteArrayView name) const;
};

struct LdifFile {
    QList<LdifEntry> entries;
    QList<VCardIssue> issues;                       // file level
};

LdifFile parseLdif(const QByteArray &data);

} // namespace ferry::pim
