// Address mapping inside contacts: the engine maps old mail addresses to new
// ones (old@provider → new@provider) and the cards follow. Only the EMAIL lines
// whose address changes are rewritten; every other byte stays.
#pragma once

#include "vcard.h"

#include <QByteArray>
#include <QByteArrayView>

#include <functional>
#include <optional>

namespace ferry::pim {

// `map` receives each EMAIL address (decoded, unescaped, trimmed, UTF-8) and
// returns the new address, or nullopt to leave it. Returns how many lines changed.
// A 2.1 quoted-printable EMAIL is rewritten as plain text when the new address is
// ASCII, else quoted-printable with CHARSET=UTF-8.
int rewriteEmails(VCard &card, const std::function<std::optional<QByteArray>(QByteArrayView)> &map);

} // namespace ferry::pim
