// LDIF address books → vCard 3.0/4.0: inetOrgPerson (RFC 2798) and Thunderbird's
// mozillaAbPersonAlpha attributes; groupOfNames / groupOfUniqueNames (RFC 4519)
// become a group card (4.0 KIND:group + MEMBER, 3.0 X-ADDRESSBOOKSERVER-KIND +
// X-ADDRESSBOOKSERVER-MEMBER) whose members are "urn:uuid:…" of the member
// entries. Every card's UID is a UUIDv5 of its DN, so a member can be named
// before its own entry is read, and a resumed import gets the same UIDs.
// Attributes with no vCard property are kept in NOTE ("attr: value").
#pragma once

#include "contactimport.h"

namespace ferry::pim {

ContactImport importContactsLdif(const QByteArray &data, VCardVersion version = VCardVersion::V40);

// The UID Ferry gives the entry with this DN (normalized: case and spaces after ',').
QByteArray ldifUid(QByteArrayView dn);

} // namespace ferry::pim
