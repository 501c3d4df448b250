// Fuzz target: the vCard reader and writer (pim/vcard/vcardreader.h, vcard.h,
// vcardconverter.h, vcardnote.h, vcardemails.h) on the path the engine takes for
// a contact it copies: read, check, decode every value, convert to the other
// versions, keep what has no counterpart in NOTE, write — and read the written
// bytes again (a round trip must not crash either). A card Ferry did not touch
// must write back byte for byte (fidelity).
#include <pim/vcard/vcardconverter.h>
#include <pim/vcard/vcardemails.h>
#include <pim/vcard/vcardnote.h>
#include <pim/vcard/vcardreader.h>

#include <cstdint>
#include <cstdlib>

using namespace ferry::pim;

namespace {

void inspect(const VCard &card)
{
    (void)card.version();
    (void)card.uid();
    (void)card.formattedName();
    (void)card.emails();
    (void)card.isGroup();
    (void)card.derivedUid();
    (void)card.uidForTarget();
    const QList<bool> nested = card.nestedMask();
    for (const ContentLine &line : card.lines()) {
        QString problem;
        (void)card.decodedValue(line, &problem);
        (void)card.text(line);
        (void)card.components(line);
        if (VCard::isInlineBinary(line) || VCard::isQuotedPrintable(line)) {
            QByteArray mediaType;
            bool ok = false;
            (void)card.binary(line, &mediaType, &ok);
        }
        (void)keptEntry(card, line);
    }
    (void)nested;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    VCardFile file = readVCards(bytes);
    for (VCard &card : file.cards) {
        if (card.isModified())
            std::abort(); // reading alone changed the bytes
        inspect(card);
        // One conversion per input, chosen by its length (the fuzzer varies
        // lengths all the time, so all three are exercised): a third of the work.
        constexpr VCardVersion kTargets[] = {VCardVersion::V30, VCardVersion::V40, VCardVersion::V21};
        for (VCardVersion target : {kTargets[size % 3]}) {
            VCard copy = card;
            copy.addMissingEnd();
            const VCardConversion c = convertVCard(copy, target);
            if (!c.ok)
                continue;
            (void)keepInNote(copy, {QByteArrayLiteral("X-SOCIALPROFILE"), QByteArrayLiteral("GENDER")});
            (void)rewriteEmails(copy, [](QByteArrayView e) -> std::optional<QByteArray> {
                if (e.endsWith("@old.example"))
                    return e.chopped(12).toByteArray() + "@new.example";
                return std::nullopt;
            });
            (void)copy.ensureUid();
            const QByteArray written = copy.toBytes();
            VCardFile again = readVCards(written);
            for (VCard &c2 : again.cards)
                inspect(c2);
        }
        (void)chooseVCardVersion(card.version(), {VCardVersion::V30});
    }
    return 0;
}
