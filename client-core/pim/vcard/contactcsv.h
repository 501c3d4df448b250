// Outlook ("Outlook CSV", the English column names of Outlook's export) and
// Google Contacts ("Google CSV", both the pre-2023 "Given Name / E-mail 1 - Type"
// and the current "First Name / E-mail 1 - Label" layouts) → vCard 3.0 or 4.0.
//
// Several emails/phones/addresses per person (Google packs more than one value
// in a cell, joined by " ::: "); labels that are not a vCard TYPE become an
// Apple-style group label (item1.TEL + item1.X-ABLabel:Assistant); dates in ISO,
// "--MM-DD", US "M/D/YYYY" (or D/M/YYYY when the first number is > 12) and
// "D.M.YYYY"; Outlook's empty placeholders ("0/0/00", "Unspecified", "Normal",
// "False") are empty. Every other non-empty column goes into NOTE under
// "Kept by Ferry:" as "Column: value". A CSV whose header is neither layout is
// imported the same way with every column kept (and a file-level issue).
#pragma once

#include "contactimport.h"

namespace ferry::pim {

ContactImport importContactsCsv(const QByteArray &data, VCardVersion version = VCardVersion::V40);

} // namespace ferry::pim
