#include "endpoint.h"

#include <QUrl>

#include <cstring>

namespace ferry {

Secret::~Secret()
{
    // Best effort: overwrite before the allocator gets the memory back.
    if (!m_value.isEmpty())
        std::memset(m_value.data(), 0, size_t(m_value.size()));
}

Result<Endpoint> Endpoint::parse(const QString &text)
{
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid() || url.scheme().isEmpty())
        return Error::make(ErrorCode::Usage, QStringLiteral("not a valid account URL: %1").arg(text),
                           {}, QStringLiteral("write it as imaps://USER@HOST[:PORT]"));
    if (!url.password().isEmpty())
        return Error::make(ErrorCode::Usage, QStringLiteral("a password does not belong in the URL"),
                           {}, QStringLiteral("set FERRY_FROM_PASSWORD / FERRY_TO_PASSWORD or type it at the prompt"));
    Endpoint e;
    e.scheme = url.scheme().toLower();
    e.user = url.userName(QUrl::FullyDecoded);
    e.host = url.host(QUrl::FullyDecoded);
    e.path = url.path(QUrl::FullyDecoded);
    if (e.scheme == QLatin1String("imap") || e.scheme == QLatin1String("http"))
        return Error::make(ErrorCode::Usage, QStringLiteral("%1:// is plaintext; Ferry only speaks TLS").arg(e.scheme),
                           {}, QStringLiteral("use imaps:// (port 993) or https:// (port 443)"));
    const int defaultPort = e.scheme == QLatin1String("imaps") ? 993 : e.scheme == QLatin1String("https") ? 443 : 0;
    e.port = quint16(url.port(defaultPort));
    // memory: a test server's name; file / archive: a path on this machine.
    if (e.scheme != QLatin1String("memory") && e.scheme != QLatin1String("file") && e.scheme != QLatin1String("archive")) {
        if (e.host.isEmpty())
            return Error::make(ErrorCode::Usage, QStringLiteral("no host in %1").arg(text));
        if (e.user.isEmpty())
            return Error::make(ErrorCode::Usage, QStringLiteral("no user name in %1").arg(text),
                               {}, QStringLiteral("write it as imaps://USER@HOST"));
    }
    return e;
}

QString Endpoint::display() const
{
    QString s = scheme + QStringLiteral("://");
    if (!user.isEmpty())
        s += user + QLatin1Char('@');
    s += host;
    if (port)
        s += QLatin1Char(':') + QString::number(port);
    s += path;
    return s;
}

QString formatFingerprint(const QByteArray &sha256)
{
    return QString::fromLatin1(sha256.toHex(':').toUpper());
}

QByteArray parseFingerprint(const QString &text)
{
    QByteArray hex = text.toLatin1();
    hex.replace(':', "");
    hex = hex.trimmed();
    const QByteArray raw = QByteArray::fromHex(hex);
    return raw.size() == 32 ? raw : QByteArray();
}

} // namespace ferry
