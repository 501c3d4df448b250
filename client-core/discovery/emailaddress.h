// An e-mail address as a person types it into the account page, checked
// enough to look its domain up (RFC 5321 §4.1.2 Mailbox, §4.5.3.1 length
// limits; RFC 1035 §2.3.1 labels; IDNA via QUrl::toAce). Every refusal says,
// in words, what is wrong ("there is nothing after the @").
#pragma once

#include <error.h>

#include <QString>

namespace ferry {

struct EmailAddress {
    QString localPart;   // as typed (case kept: some servers care)
    QString domain;      // lower case, as typed (Unicode for IDN domains)
    QString aceDomain;   // lower case ASCII (punycode) form, for DNS and URLs

    // localPart@domain — what %EMAILADDRESS% stands for.
    QString address() const { return localPart + QLatin1Char('@') + domain; }

    // Surrounding white space is ignored, as is a "mailto:" prefix.
    static Result<EmailAddress> parse(const QString &text);
};

} // namespace ferry
