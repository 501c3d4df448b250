#include "error.h"

namespace ferry {

const char *Error::codeName(ErrorCode c)
{
    switch (c) {
    case ErrorCode::None: return "ok";
    case ErrorCode::Usage: return "usage";
    case ErrorCode::Auth: return "auth";
    case ErrorCode::Tls: return "tls";
    case ErrorCode::Network: return "network";
    case ErrorCode::Quota: return "quota";
    case ErrorCode::TooBig: return "too-big";
    case ErrorCode::Rejected: return "rejected";
    case ErrorCode::Protocol: return "protocol";
    case ErrorCode::NotFound: return "not-found";
    case ErrorCode::ReadOnly: return "read-only";
    case ErrorCode::SourceEmptied: return "source-emptied";
    case ErrorCode::Precondition: return "precondition";
    case ErrorCode::Cancelled: return "cancelled";
    case ErrorCode::Internal: return "internal";
    }
    return "unknown";
}

QString Error::toString() const
{
    QString s = QString::fromLatin1(codeName(code));
    if (side == Side::Source)
        s += QStringLiteral(" (source)");
    else if (side == Side::Target)
        s += QStringLiteral(" (target)");
    if (!what.isEmpty())
        s += QStringLiteral(": ") + what;
    if (!serverText.isEmpty())
        s += QStringLiteral(" — server said: ") + serverText;
    if (!hint.isEmpty())
        s += QStringLiteral(" — ") + hint;
    return s;
}

} // namespace ferry
