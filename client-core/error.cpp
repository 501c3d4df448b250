#include "error.h"

#include "connector/endpoint.h"

#include <QJsonArray>

namespace ferry {

QString CertificateInfo::describe(const QString &indent) const
{
    if (isNull())
        return {};
    const auto when = [](const QDateTime &t) {
        return t.isValid() ? t.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm")) : QStringLiteral("?");
    };
    QStringList lines;
    lines << QStringLiteral("subject: ") + subject;
    lines << QStringLiteral("issued by: ") + (isSelfSigned() ? QStringLiteral("itself (self-signed)") : issuer);
    if (!names.isEmpty())
        lines << QStringLiteral("names: ") + names.join(QStringLiteral(", "));
    lines << QStringLiteral("valid from %1 to %2 (UTC)").arg(when(notBefore), when(notAfter));
    lines << QStringLiteral("SHA-256: ") + formatFingerprint(sha256);
    if (!problem.isEmpty())
        lines << QStringLiteral("problem: ") + problem;
    return indent + lines.join(QLatin1Char('\n') + indent);
}

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
    case ErrorCode::Damaged: return "damaged";
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

QJsonObject Error::toJson() const
{
    QJsonObject o{{QStringLiteral("code"), QString::fromLatin1(codeName(code))},
                  {QStringLiteral("side"), side == Side::Source   ? QStringLiteral("source")
                                           : side == Side::Target ? QStringLiteral("target")
                                                                  : QString()},
                  {QStringLiteral("what"), what},
                  {QStringLiteral("serverText"), serverText},
                  {QStringLiteral("hint"), hint},
                  {QStringLiteral("fingerprint"), fingerprint}};
    if (!certificate.isNull()) {
        const CertificateInfo &c = certificate;
        o.insert(QStringLiteral("certificate"),
                 QJsonObject{{QStringLiteral("subject"), c.subject},
                             {QStringLiteral("issuer"), c.issuer},
                             {QStringLiteral("selfSigned"), c.isSelfSigned()},
                             {QStringLiteral("names"), QJsonArray::fromStringList(c.names)},
                             {QStringLiteral("notBefore"), c.notBefore.toUTC().toString(Qt::ISODate)},
                             {QStringLiteral("notAfter"), c.notAfter.toUTC().toString(Qt::ISODate)},
                             {QStringLiteral("sha256"), formatFingerprint(c.sha256)},
                             {QStringLiteral("problem"), c.problem}});
    }
    return o;
}

} // namespace ferry
