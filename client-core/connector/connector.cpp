#include "connector.h"

namespace ferry {

const char *specialUseAttribute(SpecialUse u)
{
    switch (u) {
    case SpecialUse::Sent: return "\\Sent";
    case SpecialUse::Drafts: return "\\Drafts";
    case SpecialUse::Trash: return "\\Trash";
    case SpecialUse::Junk: return "\\Junk";
    case SpecialUse::Archive: return "\\Archive";
    case SpecialUse::All: return "\\All";
    case SpecialUse::Flagged: return "\\Flagged";
    case SpecialUse::None:
    case SpecialUse::Inbox: break;
    }
    return "";
}

SpecialUse specialUseFromAttribute(const QByteArray &attr)
{
    const QByteArray a = attr.toLower();
    if (a == "\\sent") return SpecialUse::Sent;
    if (a == "\\drafts") return SpecialUse::Drafts;
    if (a == "\\trash") return SpecialUse::Trash;
    if (a == "\\junk") return SpecialUse::Junk;
    if (a == "\\archive") return SpecialUse::Archive;
    if (a == "\\all") return SpecialUse::All;
    if (a == "\\flagged") return SpecialUse::Flagged;
    return SpecialUse::None;
}

bool FolderRef::isInbox() const
{
    return path.size() == 1 && path.first().compare(QLatin1String("INBOX"), Qt::CaseInsensitive) == 0;
}

} // namespace ferry
