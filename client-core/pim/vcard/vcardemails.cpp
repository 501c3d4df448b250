#include "vcardemails.h"

#include "vcardvalue.h"

namespace ferry::pim {

int rewriteEmails(VCard &card, const std::function<std::optional<QByteArray>(QByteArrayView)> &map)
{
    int changed = 0;
    const bool v21 = card.version() == VCardVersion::V21;
    for (const qsizetype i : card.indexesOf("EMAIL")) {
        ContentLine &l = card.lines()[i];
        const QByteArray address = card.text(l).trimmed().toUtf8();
        const std::optional<QByteArray> to = map(address);
        if (!to || *to == address)
            continue;
        const bool ascii = std::all_of(to->begin(), to->end(), [](char c) { return uchar(c) < 0x80; });
        l.removeParam("CHARSET");
        l.removeParam("ENCODING");
        l.removeParam("QUOTED-PRINTABLE");
        if (v21 && !ascii) {
            l.setParam("CHARSET", {"UTF-8"});
            l.setParam("ENCODING", {"QUOTED-PRINTABLE"});
            l.setValue(encodeQuotedPrintable(*to));
        } else {
            l.setValue(v21 ? *to : escapeText(QString::fromUtf8(*to)));
        }
        ++changed;
    }
    return changed;
}

} // namespace ferry::pim
