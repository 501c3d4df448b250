// Listing folders: LIST / LSUB (RFC 3501 §6.3.8, §6.3.9), with
// LIST "" "*" RETURN (SUBSCRIBED SPECIAL-USE) where LIST-EXTENDED (RFC 5258) and
// SPECIAL-USE (RFC 6154) are offered — one command instead of LIST + LSUB.
#pragma once

#include "imapcommand.h"
#include "imapfoldernames.h"
#include "imapresponse.h"

#include <connector/connector.h>

namespace ferry {

class ListCommand {
public:
    static ImapCommand list(bool extendedReturn);
    static ImapCommand lsub();
    // LIST "" "<prefix>*" (and LSUB): one foreign namespace (RFC 2342 §6).
    static ImapCommand listUnder(const QByteArray &prefix, bool extendedReturn);
    static ImapCommand lsubUnder(const QByteArray &prefix);
    // LIST "" "": the hierarchy separator (RFC 3501 §6.3.8) when NAMESPACE is missing.
    static ImapCommand separatorProbe();

    // \Noselect / \NonExistent → not selectable; RFC 6154 role; \Subscribed.
    static FolderInfo toFolderInfo(const ImapListData &list, const ImapFolderNames &names);
};

} // namespace ferry
