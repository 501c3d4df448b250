// Reconciliation ("verify"): proof that everything of the source is on the target,
// or exactly what is not and why. Both sides are only read (EXAMINE / BODY.PEEK /
// PROPFIND / GET); nothing is written anywhere, the journal included.
//
// Per folder (mail) and collection (contacts, calendars, tasks) it counts items
// and bytes on both sides and pairs every source item with a target item:
//   mail  1. the journal's record of the copy (target UID at the same UIDVALIDITY,
//            still listed on the target);
//         2. Message-ID + size + INTERNALDATE (MessageMatcher);
//         3. for keys without a Message-ID or shared by several: SHA-256 of both
//            messages' bytes;
//   DAV   1. the same resource name on the target; 2. the journal's record of the
//            name it was written under; 3. the same UID (read from both bodies).
// A source item left unpaired is "missing", with the reason the journal knows
// (the server's refusal, a copy in flight when a run stopped) or "not copied yet".
// Mail outside the run's date window is counted apart: left behind by choice.
// Mapping follows the migration's rules (FolderMapper, CollectionMapper, the
// skipped folders and data types of MigrationOptions).
#pragma once

#include "../state/statestore.h"
#include "migrationoptions.h"
#include "verifyreport.h"

#include <atomic>
#include <memory>

namespace ferry {

class Reconciler {
public:
    // `store`: the pair's journal for the reasons and the journal pairing; may be null.
    Reconciler(MigrationOptions options, std::shared_ptr<StateStore> store);
    VerifyReport run();
    void cancel() { m_cancel = true; }

private:
    Error verifyMail(VerifyReport &r);
    Error verifyCollections(VerifyReport &r, const Endpoint &source);

    MigrationOptions m_options;
    std::shared_ptr<StateStore> m_store;
    std::atomic_bool m_cancel{false};
};

} // namespace ferry
