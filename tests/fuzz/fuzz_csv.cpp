// Fuzz target: the CSV reader (pim/vcard/csvtable.h, RFC 4180) and the
// Outlook/Google contact import on top of it (contactcsv.h), as the files
// connector reads an address-book export; every vCard it builds is written and
// read back.
#include <pim/vcard/contactcsv.h>
#include <pim/vcard/csvtable.h>
#include <pim/vcard/vcardreader.h>

#include <cstdint>

using namespace ferry::pim;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const CsvTable table = parseCsv(bytes);
    (void)table;
    // One target version per input, chosen by its length (the fuzzer varies
    // lengths all the time, so both are exercised): half the work per input.
    for (VCardVersion v : {size % 2 ? VCardVersion::V30 : VCardVersion::V40}) {
        const ContactImport import = importContactsCsv(bytes, v);
        for (const ImportedContact &c : import.contacts) {
            const VCardFile back = readVCards(c.card.toBytes());
            (void)back;
        }
    }
    return 0;
}
