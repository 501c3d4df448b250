#include "davreply.h"

#include "multistatus.h"

#include <QDateTime>
#include <QRegularExpression>

namespace ferry::davhttp {

QString serverText(const DavReply &reply)
{
    if (reply.body.isEmpty())
        return {};
    DavErrorBody dav;
    QString text;
    if (MultistatusParser::parseError(reply.body, dav)) {
        text = dav.conditions.join(QStringLiteral(", "));
        if (!dav.message.isEmpty())
            text = text.isEmpty() ? dav.message : text + QStringLiteral(": ") + dav.message;
    } else if (reply.contentType.startsWith("text/") || reply.contentType.isEmpty()) {
        text = QString::fromUtf8(reply.body.left(4096));
        if (reply.contentType.startsWith("text/html")) {
            static const QRegularExpression tags(QStringLiteral("<[^>]*>"));
            text.replace(tags, QStringLiteral(" "));
        }
    }
    text = text.simplified();
    if (text.size() > 300)
        text = text.left(299) + QChar(0x2026);
    return text;
}

Error errorFor(const DavReply &reply, const QString &what, bool write)
{
    if (!reply.error.ok())
        return reply.error;
    const int s = reply.status;
    const QString text = serverText(reply);
    const QString status = QStringLiteral("%1 (HTTP %2)").arg(what).arg(s);
    if (reply.crossHostRedirect) {
        return Error::make(ErrorCode::Protocol,
                           QStringLiteral("%1 redirected to %2; Ferry does not send your password to another host")
                               .arg(what, QString::fromUtf8(reply.location)),
                           {}, QStringLiteral("if that is your server, give its URL directly"));
    }
    switch (s) {
    case 401:
        return Error::make(ErrorCode::Auth, QStringLiteral("%1: the user name or password was refused").arg(status), text,
                           QStringLiteral("check the user name and password (some providers need an app password)"));
    case 403:
        return Error::make(ErrorCode::Rejected, QStringLiteral("%1: permission denied").arg(status), text);
    case 404:
    case 410:
        return Error::make(ErrorCode::NotFound, QStringLiteral("%1: not found").arg(status), text);
    case 412:
        return Error::make(ErrorCode::Precondition, QStringLiteral("%1: precondition failed").arg(status), text);
    case 413:
        return Error::make(ErrorCode::TooBig, QStringLiteral("%1: too large for the server").arg(status), text);
    case 507:
        return Error::make(ErrorCode::Quota, QStringLiteral("%1: the server has no space left for this account").arg(status), text,
                           QStringLiteral("free space on the target account (or raise its quota), then run again: "
                                          "what was copied is kept"));
    case 429:
    case 503:
    case 502:
    case 504:
        return Error::make(ErrorCode::Network, QStringLiteral("%1: the server is busy or unavailable").arg(status), text,
                           QStringLiteral("try again later"));
    default:
        break;
    }
    if (s >= 300 && s < 400)
        return Error::make(ErrorCode::Protocol, QStringLiteral("%1: unexpected redirect").arg(status), text);
    if (s >= 400 && s < 500)
        return Error::make(ErrorCode::Rejected, QStringLiteral("%1: refused").arg(status), text);
    if (s >= 500)
        return Error::make(write ? ErrorCode::Rejected : ErrorCode::Protocol,
                           QStringLiteral("%1: server error").arg(status), text);
    return Error::make(ErrorCode::Protocol, QStringLiteral("%1: unexpected answer").arg(status), text);
}

qint64 retryAfterMs(const QByteArray &value)
{
    const QByteArray v = value.trimmed();
    if (v.isEmpty())
        return -1;
    bool ok = false;
    const qint64 seconds = v.toLongLong(&ok);
    if (ok)
        return seconds < 0 ? -1 : seconds * 1000;
    // HTTP-date (RFC 9110 §5.6.7), IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT".
    QString text = QString::fromLatin1(v);
    if (text.endsWith(QLatin1String(" GMT"))) {
        text.chop(4);
        text += QStringLiteral(" +0000");
    }
    const QDateTime when = QDateTime::fromString(text, Qt::RFC2822Date);
    if (!when.isValid())
        return -1;
    return std::max<qint64>(0, QDateTime::currentDateTimeUtc().msecsTo(when));
}

} // namespace ferry::davhttp
