// Reads a byte stream holding one or many vCards (a .vcf export, a CardDAV
// resource) into VCard items, each keeping its original bytes, and checks each
// card (RFC 6350 §3.3 / RFC 2426 §5 / vCard 2.1 §2: BEGIN/END, VERSION, UTF-8 or
// CHARSET, quoted-printable, base64, dates, UID). Never fails: problems become
// issues on the card (or, for text between cards, on the file) and every card is
// returned — the engine reports and decides, the other cards are copied.
//
// A 2.1 AGENT property may hold a whole nested vCard (2.1 §2.4.3); it stays inside
// its outer card. Any other BEGIN:VCARD before END:VCARD starts a new card and
// marks the previous one Unterminated; such a card is returned as read, and a
// writer that copies it calls VCard::addMissingEnd() first.
#pragma once

#include "vcard.h"

namespace ferry::pim {

struct VCardFile {
    QList<VCard> cards;
    QList<VCardIssue> issues; // OutsideCard / NotAContentLine between cards
};

VCardFile readVCards(const QByteArray &data);

// The checks readVCards() runs on each card (issues are appended to card.issues).
// `firstLine` is the card's BEGIN line number in its input.
void checkVCard(VCard &card);

} // namespace ferry::pim
