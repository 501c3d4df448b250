#include "icalvalues_p.h"
#include "taskpriority.h"

#include <QDate>

using namespace Qt::StringLiterals;

namespace ferry::pim::detail {

namespace {

bool allDigits(QByteArrayView v)
{
    for (const char c : v)
        if (c < '0' || c > '9')
            return false;
    return true;
}

int number(QByteArrayView v) { return v.toInt(); }

bool isOneOf(const ContentLine &l, std::initializer_list<const char *> names)
{
    for (const char *n : names)
        if (l.is(n))
            return true;
    return false;
}

QString describe(const ContentLine &l, QByteArrayView value, const char *expected)
{
    return u"%1 value \"%2\" is not a valid %3"_s.arg(QString::fromUtf8(l.name), QString::fromUtf8(value),
                                                     QLatin1String(expected));
}

} // namespace

bool isValidDate(QByteArrayView v)
{
    if (v.size() != 8 || !allDigits(v))
        return false;
    const int y = number(v.first(4));
    const int m = number(v.sliced(4, 2));
    const int d = number(v.sliced(6, 2));
    return m >= 1 && m <= 12 && d >= 1 && d <= QDate(y == 0 ? 2000 : y, m, 1).daysInMonth();
}

bool isValidDateTime(QByteArrayView v)
{
    if (v.size() == 16 && v[15] == 'Z')
        v.chop(1);
    if (v.size() != 15 || v[8] != 'T' || !isValidDate(v.first(8)) || !allDigits(v.sliced(9)))
        return false;
    return number(v.sliced(9, 2)) <= 23 && number(v.sliced(11, 2)) <= 59 && number(v.sliced(13, 2)) <= 60;
}

QString checkDateValue(const ContentLine &l)
{
    const QByteArray type = l.paramValue("VALUE").toUpper();
    const QByteArray value = l.value.trimmed();

    if (l.is("RRULE") || l.is("EXRULE")) {
        for (const QByteArray &part : value.split(';')) {
            if (!part.toUpper().startsWith("UNTIL="))
                continue;
            const QByteArray until = part.mid(6);
            if (!isValidDate(until) && !isValidDateTime(until))
                return u"%1 UNTIL \"%2\" is not a valid DATE or DATE-TIME"_s.arg(QString::fromUtf8(l.name),
                                                                              QString::fromUtf8(until));
        }
        return {};
    }
    if (isOneOf(l, {"DTSTAMP", "CREATED", "LAST-MODIFIED", "COMPLETED", "ACKNOWLEDGED"})) {
        return isValidDateTime(value) ? QString() : describe(l, value, "DATE-TIME");
    }
    if (l.is("TRIGGER")) {
        if (type == "DATE-TIME" && !isValidDateTime(value))
            return describe(l, value, "DATE-TIME");
        return {};
    }
    if (!isOneOf(l, {"DTSTART", "DTEND", "DUE", "RECURRENCE-ID", "EXDATE", "RDATE"}))
        return {};
    for (const QByteArray &raw : value.split(',')) {
        const QByteArray v = raw.trimmed();
        if (type == "DATE") {
            if (!isValidDate(v))
                return describe(l, v, "DATE");
        } else if (type == "PERIOD") {
            const qsizetype slash = v.indexOf('/');
            const QByteArray start = v.left(slash);
            const QByteArray end = slash < 0 ? QByteArray() : v.mid(slash + 1);
            const bool endOk = end.startsWith('P') || end.startsWith('+') || end.startsWith('-')
                               || isValidDateTime(end);
            if (slash < 0 || !isValidDateTime(start) || !endOk)
                return describe(l, v, "PERIOD");
        } else if (type.isEmpty() || type == "DATE-TIME") {
            // A bare DATE without VALUE=DATE is wrong by the letter of RFC 5545 but
            // common and read by every parser we know: accepted.
            if (!isValidDateTime(v) && !(type.isEmpty() && isValidDate(v)))
                return describe(l, v, "DATE-TIME");
        }
    }
    return {};
}

QString checkPriorityValue(const ContentLine &l)
{
    if (parsePriority(l.value))
        return {};
    return u"PRIORITY \"%1\" is not an integer from 0 to 9"_s.arg(QString::fromUtf8(l.value.trimmed()));
}

} // namespace ferry::pim::detail
