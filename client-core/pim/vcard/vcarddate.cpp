#include "vcarddate.h"

#include <QDate>

namespace ferry::pim {

namespace {

bool allDigits(QByteArrayView s)
{
    for (const char c : s)
        if (c < '0' || c > '9')
            return false;
    return !s.isEmpty();
}

int number(QByteArrayView s) { return allDigits(s) ? s.toByteArray().toInt() : -1; }

// "102200", "10:22:00", "1022", "10", each with an optional ",fraction"/"Z"/±hh[:mm].
bool validTime(QByteArrayView t)
{
    if (t.isEmpty())
        return false;
    qsizetype zone = t.size();
    for (qsizetype i = 0; i < t.size(); ++i)
        if (t[i] == 'Z' || t[i] == 'z' || t[i] == '+' || (t[i] == '-' && i > 0)) {
            zone = i;
            break;
        }
    QByteArray clock = t.first(zone).toByteArray();
    clock.replace(':', "");
    const qsizetype dot = clock.indexOf(clock.contains(',') ? ',' : '.');
    if (dot >= 0)
        clock.truncate(dot);
    if (clock.startsWith('-'))
        clock.remove(0, clock.startsWith("--") ? 2 : 1); // truncated "-2200", "--00"
    if (clock.isEmpty() || clock.size() > 6 || clock.size() % 2 || !allDigits(clock))
        return false;
    if (clock.size() >= 2 && number(clock.first(2)) > 24)
        return false;
    if (clock.size() >= 4 && number(clock.sliced(2, 2)) > 59)
        return false;
    if (clock.size() >= 6 && number(clock.sliced(4, 2)) > 60)
        return false;
    const QByteArrayView z = t.sliced(zone);
    if (z.isEmpty() || z == "Z" || z == "z")
        return true;
    QByteArray off = z.sliced(1).toByteArray();
    off.replace(':', "");
    return (off.size() == 2 || off.size() == 4) && allDigits(off);
}

bool validDayOfMonth(int year, int month, int day)
{
    if (month < 1 || month > 12 || day < 1 || day > 31)
        return false;
    return QDate(year >= 0 ? year : 2000 /* a leap year */, month, day).isValid();
}

QByteArray two(int n) { return QByteArray::number(n).rightJustified(2, '0'); }
QByteArray four(int n) { return QByteArray::number(n).rightJustified(4, '0'); }

QByteArray timeBasic(QByteArrayView t)
{
    QByteArray s = t.toByteArray();
    s.replace(':', "");
    return s;
}

QByteArray timeExtended(QByteArrayView t)
{
    // "T102200Z" → "T10:22:00Z"; offsets "-0500" → "-05:00".
    const QByteArray b = timeBasic(t);
    qsizetype zone = b.size();
    for (qsizetype i = 1; i < b.size(); ++i)
        if (b[i] == 'Z' || b[i] == 'z' || b[i] == '+' || b[i] == '-') {
            zone = i;
            break;
        }
    QByteArray clock = b.sliced(1, zone - 1);
    QByteArray frac;
    const qsizetype dot = clock.indexOf(clock.contains(',') ? ',' : '.');
    if (dot >= 0) {
        frac = clock.sliced(dot);
        clock.truncate(dot);
    }
    QByteArray out = "T";
    for (qsizetype i = 0; i < clock.size(); i += 2)
        out += (i ? ":" : "") + clock.sliced(i, std::min<qsizetype>(2, clock.size() - i));
    out += frac;
    QByteArray z = b.sliced(zone);
    if (z.size() == 5)
        z.insert(3, ':');
    return out + z;
}

} // namespace

bool parseVCardDate(QByteArrayView value, VCardDate *out)
{
    VCardDate d;
    QByteArrayView v = value.trimmed();
    const qsizetype t = v.indexOf('T') >= 0 ? v.indexOf('T') : v.indexOf('t');
    if (t >= 0) {
        d.time = v.sliced(t).toByteArray();
        if (!validTime(v.sliced(t + 1)))
            return false;
        v = v.first(t);
        if (v.isEmpty()) {
            *out = d;
            return true;
        }
    }
    if (v.startsWith("---")) { // day only
        d.day = number(v.sliced(3));
        if (v.size() != 5 || d.day < 1 || d.day > 31)
            return false;
    } else if (v.startsWith("--")) { // "--0412", "--04-12", "--04"
        QByteArray md = v.sliced(2).toByteArray();
        if (md.size() == 5 && md[2] == '-')
            md.remove(2, 1);
        if (md.size() == 2) {
            d.month = number(md);
            if (d.month < 1 || d.month > 12)
                return false;
        } else if (md.size() == 4) {
            d.month = number(md.first(2));
            d.day = number(md.sliced(2));
            if (!validDayOfMonth(-1, d.month, d.day))
                return false;
        } else {
            return false;
        }
    } else if (v.size() == 4) {
        d.year = number(v);
        if (d.year < 0)
            return false;
    } else if (v.size() == 7 && v[4] == '-') {
        d.year = number(v.first(4));
        d.month = number(v.sliced(5));
        if (d.year < 0 || d.month < 1 || d.month > 12)
            return false;
    } else if (v.size() == 8 || (v.size() == 10 && v[4] == '-' && v[7] == '-')) {
        const bool ext = v.size() == 10;
        d.year = number(v.first(4));
        d.month = number(v.sliced(ext ? 5 : 4, 2));
        d.day = number(v.sliced(ext ? 8 : 6, 2));
        if (d.year < 0 || !validDayOfMonth(d.year, d.month, d.day))
            return false;
    } else {
        return false;
    }
    *out = d;
    return true;
}

QByteArray formatVCardDate40(const VCardDate &d)
{
    QByteArray out;
    if (d.year >= 0) {
        out = four(d.year);
        if (d.month >= 0)
            out += d.day >= 0 ? two(d.month) + two(d.day) : '-' + two(d.month);
    } else if (d.month >= 0) {
        out = "--" + two(d.month) + (d.day >= 0 ? two(d.day) : QByteArray());
    } else if (d.day >= 0) {
        out = "---" + two(d.day);
    }
    return d.time.isEmpty() ? out : out + timeBasic(d.time);
}

QByteArray formatVCardDate30(const VCardDate &d)
{
    if (!d.isFullDate())
        return {};
    const QByteArray date = four(d.year) + '-' + two(d.month) + '-' + two(d.day);
    return d.time.isEmpty() ? date : date + timeExtended(d.time);
}

} // namespace ferry::pim
