// Builds a new vCard 3.0 or 4.0 from fields — for sources that are not vCards
// (Outlook/Google CSV, LDIF). Values are TEXT-escaped here (RFC 6350 §3.4), lines
// folded at 75 octets by the content-line writer, and the result is a VCard
// whose original bytes are the built ones.
//
// build() completes what the version requires: FN (from N, ORG or EMAIL), N for
// 3.0, a UID derived from the content (stable across runs: the same input gives
// the same UID, so a resumed import does not duplicate), and the "Kept by Ferry:"
// entries in NOTE (vcardnote.h) for source fields with no vCard property.
#pragma once

#include "vcard.h"
#include "vcarddate.h"

#include <QStringList>

namespace ferry::pim {

class VCardBuilder {
public:
    explicit VCardBuilder(VCardVersion version = VCardVersion::V40); // V30 or V40
    VCardVersion version() const { return m_version; }

    using Params = QList<ContentParam>;
    VCardBuilder &text(const QByteArray &name, const QString &value, const Params &params = {},
                       const QByteArray &group = {});
    VCardBuilder &structured(const QByteArray &name, const QStringList &components, const Params &params = {},
                             const QByteArray &group = {});
    VCardBuilder &list(const QByteArray &name, const QStringList &values, const Params &params = {});
    // A value already in vCard form (URI, UID, TEL number, KIND).
    VCardBuilder &raw(const QByteArray &name, const QByteArray &value, const Params &params = {},
                      const QByteArray &group = {});

    // TYPE (and PREF) in this version's spelling: 4.0 PREF=1, 3.0 TYPE=pref.
    Params typed(const QList<QByteArray> &types, bool preferred = false) const;
    VCardBuilder &email(const QString &address, const QList<QByteArray> &types = {}, bool preferred = false);
    VCardBuilder &phone(const QString &number, const QList<QByteArray> &types = {}, bool preferred = false);
    // post office box, extended, street, locality, region, postal code, country (RFC 6350 §6.3.1).
    VCardBuilder &address(const QStringList &components, const QList<QByteArray> &types = {}, bool preferred = false);
    // BDAY/ANNIVERSARY; a date without year is "--MMDD" in 4.0 and Apple's
    // X-APPLE-OMIT-YEAR form in 3.0 (see vcardconverter.h), ANNIVERSARY is X-ANNIVERSARY in 3.0.
    VCardBuilder &date(const QByteArray &name, const VCardDate &date);
    VCardBuilder &photo(const QByteArray &data, const QByteArray &mediaType);
    VCardBuilder &kept(const QString &entry); // a line under "Kept by Ferry:" in NOTE

    bool has(QByteArrayView name) const;
    VCard build() const;

private:
    VCardVersion m_version;
    QList<ContentLine> m_lines;
    QStringList m_kept;
};

} // namespace ferry::pim
