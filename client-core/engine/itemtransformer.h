// What happens to a contact, event or task between reading it and writing it:
// the few changes Ferry must make (SCHEDULE-AGENT=CLIENT so no invitation goes out,
// the user's address mapping, a vCard version the target accepts) and the
// "keep it in the notes" fallback after a refusal. The engine only sees this
// interface; the implementation on the PIM format libraries is set up by the app
// (ferry-cli / the QML app), so the engine itself stays free of format code.
#pragma once

#include "../connector/connector.h"

#include <QStringList>

#include <optional>

namespace ferry {

struct TransformResult {
    ItemBody body;             // what to write
    QStringList changes;       // what was changed, in words ("added SCHEDULE-AGENT=CLIENT to 3 attendees")
    QStringList issues;        // problems found in the item that did not stop it
    Error error;               // the item cannot be written at all (malformed beyond repair)
};

class ItemTransformer {
public:
    virtual ~ItemTransformer() = default;
    // `meta.uid` may be filled in by the transformer's caller from the parsed body.
    virtual TransformResult prepare(const FolderInfo &target, ItemMeta &meta, ItemBody &&body) = 0;
    // The target refused `prepared`; returns the same item with what the target
    // cannot hold moved into its notes ("Kept by Ferry:"), or nothing if there is
    // nothing to move.
    virtual std::optional<TransformResult> fallback(const FolderInfo &target, const ItemMeta &meta,
                                                    const ItemBody &prepared, const Error &refusal) = 0;
    // Does the target's `found` hold what we wrote as `written`? Servers store
    // calendar data in their own spelling (Radicale sorts properties and parameters
    // and folds again), so equal bytes are not required. Default: equal bytes.
    virtual bool sameContent(const QByteArray &written, const QByteArray &found) const { return written == found; }
};

// Writes bytes as they are (tests; mail-only runs). Reads the UID line if present.
class IdentityTransformer : public ItemTransformer {
public:
    TransformResult prepare(const FolderInfo &target, ItemMeta &meta, ItemBody &&body) override;
    std::optional<TransformResult> fallback(const FolderInfo &, const ItemMeta &, const ItemBody &,
                                            const Error &) override { return std::nullopt; }
};

} // namespace ferry
