// Fuzz target: the LDIF reader (pim/vcard/ldif.h, RFC 2849) and the LDIF
// address-book import on top of it (contactldif.h); every vCard it builds is
// written and read back.
#include <pim/vcard/contactldif.h>
#include <pim/vcard/ldif.h>
#include <pim/vcard/vcardreader.h>

#include <cstdint>

using namespace ferry::pim;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const LdifFile ldif = parseLdif(bytes);
    for (const LdifEntry &e : ldif.entries) {
        (void)ldifUid(e.dn);
        (void)e.values("mail");
    }
    // One target version per input, chosen by its length (the fuzzer varies
    // lengths all the time, so both are exercised): half the work per input.
    for (VCardVersion v : {size % 2 ? VCardVersion::V30 : VCardVersion::V40}) {
        const ContactImport import = importContactsLdif(bytes, v);
        for (const ImportedContact &c : import.contacts) {
            const VCardFile back = readVCards(c.card.toBytes());
            (void)back;
        }
    }
    return 0;
}
