// What an import from a non-vCard contacts file (Outlook/Google CSV, LDIF)
// hands to the engine: one new vCard per record, with the record's issues;
// fields without a vCard property are kept in NOTE under "Kept by Ferry:".
#pragma once

#include "vcard.h"

namespace ferry::pim {

struct ImportedContact {
    int line = 0;                // where the record starts in the file
    VCard card;                  // built by VCardBuilder (stable derived UID)
    QList<VCardIssue> issues;    // e.g. InvalidDate: the text went to NOTE instead
};

struct ContactImport {
    QString format;              // "Outlook CSV", "Google CSV", "CSV", "LDIF"
    QList<ImportedContact> contacts;
    QList<VCardIssue> issues;    // file level
};

} // namespace ferry::pim
