// Fuzz target: the Thunderbird autoconfig / ISPDB parser
// (discovery/autoconfigparser.h) — what an autoconfig.<domain> server or the
// bundled provider database hands Ferry — and the placeholder substitution and
// authentication checks that run on what it returns.
#include <discovery/autoconfigparser.h>

#include <cstdint>

using namespace ferry;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray xml(reinterpret_cast<const char *>(data), qsizetype(size));
    const Result<AutoconfigConfig> r = autoconfig::parse(xml);
    if (!r.ok()) {
        (void)r.error().toString();
        return 0;
    }
    const QString email = QStringLiteral("a.person@example.org");
    const AutoconfigConfig &c = r.value();
    (void)c.displayLabel();
    for (const AutoconfigServer &s : c.imapServers) {
        (void)autoconfig::substitute(s.hostname, email);
        (void)autoconfig::substitute(s.username, email);
        (void)autoconfig::allowsPassword(s.authentication);
        (void)autoconfig::allowsOAuth2(s.authentication);
        (void)s.implicitTls();
    }
    for (const QList<AutoconfigDav> *list : {&c.calendars, &c.addressBooks}) {
        for (const AutoconfigDav &d : *list) {
            (void)autoconfig::substitute(d.url, email);
            (void)autoconfig::substitute(d.username, email);
            (void)autoconfig::allowsPassword(d.authentication);
        }
    }
    return 0;
}
