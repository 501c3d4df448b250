// Logging in: AUTHENTICATE PLAIN (RFC 3501 §6.2.2, RFC 4616; initial response
// in the command line with SASL-IR, RFC 4959) or LOGIN (RFC 3501 §6.2.3).
// The built commands are marked sensitive; the password appears nowhere else.
#pragma once

#include "imapcommand.h"

#include <QString>

namespace ferry {

class LoginCommand {
public:
    static ImapCommand login(const QString &user, const QByteArray &password);
    static ImapCommand authenticatePlain(const QString &user, const QByteArray &password, bool saslIr);
};

} // namespace ferry
