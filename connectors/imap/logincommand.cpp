#include "logincommand.h"

namespace ferry {

ImapCommand LoginCommand::login(const QString &user, const QByteArray &password)
{
    ImapCommand c("LOGIN ");
    c.string(user.toUtf8()).sp().string(password).setSensitive();
    return c;
}

ImapCommand LoginCommand::authenticatePlain(const QString &user, const QByteArray &password, bool saslIr)
{
    // message = [authzid] NUL authcid NUL passwd (RFC 4616 §2); no authzid.
    QByteArray msg;
    msg.reserve(user.size() + password.size() + 2);
    msg.append('\0').append(user.toUtf8()).append('\0').append(password);
    QByteArray b64 = msg.toBase64();
    msg.fill('\0'); // do not leave the password lying in freed memory
    ImapCommand c("AUTHENTICATE PLAIN");
    if (saslIr)
        c.sp().raw(b64);
    else
        c.continuation(b64);
    b64.fill('\0');
    c.setSensitive();
    return c;
}

} // namespace ferry
