// What Ferry changes in a contact, event or task on its way to the target — and
// nothing else (every other byte is kept):
//   events, tasks, journals:
//     - Windows time-zone names become IANA names (VTIMEZONE kept, TZID renamed
//       consistently), so targets that only know IANA zones show the right time;
//     - SCHEDULE-AGENT=CLIENT on every ORGANIZER and ATTENDEE (RFC 6638 §7.1), so
//       the target server never sends an invitation or a reply; PARTSTATs stay;
//     - the address map applied to ORGANIZER/ATTENDEE of the user's own items;
//   contacts:
//     - converted to a vCard version the target accepts (supported-address-data),
//       only when it does not accept the source's;
//     - the address map applied to EMAIL.
// After a refusal (fallback()), the item's X- properties — what servers most
// often refuse — are moved into its notes (DESCRIPTION / NOTE) under
// "Kept by Ferry:", and it is tried once more.
// Problems found in an item (invalid dates, a missing UID …) are passed on as
// issues for the report; they do not stop it.
#pragma once

#include <engine/itemtransformer.h>
#include <pim/addressmap/addressmap.h>

namespace ferry {

class PimTransformer : public ItemTransformer {
public:
    explicit PimTransformer(pim::AddressMap addresses = {});
    TransformResult prepare(const FolderInfo &target, ItemMeta &meta, ItemBody &&body) override;
    std::optional<TransformResult> fallback(const FolderInfo &target, const ItemMeta &meta, const ItemBody &prepared,
                                            const Error &refusal) override;
    // Same content lines, whatever their order, folding, case of names and order
    // of parameters (PRODID aside, which servers may set).
    bool sameContent(const QByteArray &written, const QByteArray &found) const override;

private:
    TransformResult prepareContact(const FolderInfo &target, ItemMeta &meta, const QByteArray &bytes);
    TransformResult prepareCalendar(ItemMeta &meta, const QByteArray &bytes);
    pim::AddressMap m_addresses;
};

} // namespace ferry
