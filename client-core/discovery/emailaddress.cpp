#include "emailaddress.h"

#include <QUrl>

using namespace Qt::StringLiterals;

namespace ferry {

namespace {

Error refuse(const QString &text, const QString &why)
{
    return Error::make(ErrorCode::Usage, u"“%1” is not an e-mail address: %2"_s.arg(text, why), {},
                       u"type the whole address, like name@example.com"_s);
}

bool validLabel(QStringView label)
{
    if (label.isEmpty() || label.size() > 63 || label.startsWith(QLatin1Char('-')) || label.endsWith(QLatin1Char('-')))
        return false;
    for (const QChar c : label) {
        if (!(c.isDigit() || (c >= QLatin1Char('a') && c <= QLatin1Char('z')) || c == QLatin1Char('-')))
            return false;
    }
    return true;
}

} // namespace

Result<EmailAddress> EmailAddress::parse(const QString &input)
{
    QString text = input.trimmed();
    if (text.startsWith("mailto:"_L1, Qt::CaseInsensitive))
        text = text.mid(7).trimmed();
    if (text.isEmpty())
        return Error::make(ErrorCode::Usage, u"no e-mail address was given"_s, {}, u"type your e-mail address, like name@example.com"_s);
    for (const QChar c : std::as_const(text)) {
        if (c.isSpace())
            return refuse(text, u"it contains a space"_s);
        if (c.category() == QChar::Other_Control)
            return refuse(text, u"it contains a control character"_s);
    }
    const qsizetype at = text.lastIndexOf(QLatin1Char('@'));
    if (at < 0)
        return refuse(text, u"it has no @"_s);
    EmailAddress out;
    out.localPart = text.left(at);
    out.domain = text.mid(at + 1).toLower();
    if (out.localPart.isEmpty())
        return refuse(text, u"there is nothing before the @"_s);
    if (out.domain.isEmpty())
        return refuse(text, u"there is nothing after the @"_s);
    if (out.localPart.contains(QLatin1Char('@')))
        return refuse(text, u"it has more than one @"_s);
    if (out.localPart.size() > 64)
        return refuse(text, u"the part before the @ is longer than 64 characters"_s);
    for (const QChar c : std::as_const(out.localPart)) {
        if (u"<>()[]\\,;:\""_s.contains(c))
            return refuse(text, u"the character %1 is not allowed before the @"_s.arg(c));
    }
    if (out.domain.endsWith(QLatin1Char('.')))
        out.domain.chop(1);
    if (out.domain.startsWith(QLatin1Char('[')))
        return refuse(text, u"Ferry needs a domain name after the @, not an IP address"_s);
    out.aceDomain = QString::fromLatin1(QUrl::toAce(out.domain)).toLower();
    if (out.aceDomain.isEmpty())
        return refuse(text, u"“%1” is not a valid domain name"_s.arg(out.domain));
    if (out.aceDomain.size() > 253)
        return refuse(text, u"the domain name is longer than 253 characters"_s);
    const QStringList labels = out.aceDomain.split(QLatin1Char('.'));
    if (labels.size() < 2)
        return refuse(text, u"the domain “%1” has no dot (like example.com)"_s.arg(out.domain));
    for (const QString &label : labels) {
        if (!validLabel(label))
            return refuse(text, u"“%1” is not a valid domain name"_s.arg(out.domain));
    }
    return out;
}

} // namespace ferry
