#include "libicalparse_p.h"

#include <libical/ical.h>

#include <QMutex>

#include <mutex>

using namespace Qt::StringLiterals;

namespace ferry::pim::detail {

namespace {

QMutex &libicalMutex()
{
    static QMutex mutex;
    return mutex;
}

void collect(icalcomponent *c, LibicalResult &out)
{
    const QString kind = QString::fromUtf8(icalcomponent_kind_to_string(icalcomponent_isa(c)));
    for (icalproperty *p = icalcomponent_get_first_property(c, ICAL_XLICERROR_PROPERTY); p;
         p = icalcomponent_get_next_property(c, ICAL_XLICERROR_PROPERTY)) {
        const char *text = icalproperty_get_xlicerror(p);
        out.errors.append(u"%1: %2"_s.arg(kind, QString::fromUtf8(text ? text : "")));
    }
    for (icalcomponent *k = icalcomponent_get_first_component(c, ICAL_ANY_COMPONENT); k;
         k = icalcomponent_get_next_component(c, ICAL_ANY_COMPONENT))
        collect(k, out);
}

} // namespace

void ensureLibicalNonFatal()
{
    static std::once_flag once;
    std::call_once(once, [] {
        icalerror_set_errors_are_fatal(0);
        for (int e = ICAL_BADARG_ERROR; e <= ICAL_UNKNOWN_ERROR; ++e)
            icalerror_set_error_state(icalerrorenum(e), ICAL_ERROR_NONFATAL);
    });
}

LibicalResult parseWithLibical(const QByteArray &object)
{
    ensureLibicalNonFatal();
    LibicalResult result;
    // libical reads a C string: an embedded NUL would end the input early.
    QByteArray input = object;
    input.replace('\0', ' ');
    const QMutexLocker lock(&libicalMutex());
    icalerror_clear_errno();
    icalcomponent *root = icalparser_parse_string(input.constData());
    if (!root) {
        icalerror_clear_errno();
        return result;
    }
    result.parsed = true;
    collect(root, result);
    icalcomponent_free(root);
    icalerror_clear_errno();
    return result;
}

} // namespace ferry::pim::detail
