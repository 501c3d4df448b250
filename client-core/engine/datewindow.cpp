#include "datewindow.h"

namespace ferry {

namespace {

constexpr const char *kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                   "jul", "aug", "sep", "oct", "nov", "dec"};

bool lowerBoundCovers(const QDate &outer, const QDate &inner)
{
    return !outer.isValid() || (inner.isValid() && outer <= inner);
}

bool upperBoundCovers(const QDate &outer, const QDate &inner)
{
    return !outer.isValid() || (inner.isValid() && inner <= outer);
}

} // namespace

std::optional<QDate> DateWindow::dayOf(const QByteArray &internalDate)
{
    // date-day-fixed "-" date-month "-" date-year SP time SP zone (RFC 3501 9).
    const QByteArray s = internalDate.trimmed();
    const QList<QByteArray> parts = s.left(s.indexOf(' ') < 0 ? s.size() : s.indexOf(' ')).split('-');
    if (parts.size() != 3)
        return std::nullopt;
    bool okDay = false, okYear = false;
    const int day = parts[0].trimmed().toInt(&okDay);
    const int year = parts[2].toInt(&okYear);
    int month = 0;
    for (int m = 0; m < 12; ++m)
        if (parts[1].toLower() == kMonths[m])
            month = m + 1;
    if (!okDay || !okYear || !month || parts[2].size() != 4)
        return std::nullopt;
    const QDate d(year, month, day);
    if (!d.isValid())
        return std::nullopt;
    return d;
}

bool DateWindow::contains(QDate day) const
{
    if (!day.isValid())
        return true;
    return (!from.isValid() || day >= from) && (!to.isValid() || day <= to);
}

bool DateWindow::contains(const QByteArray &internalDate) const
{
    if (isOpen())
        return true;
    const auto day = dayOf(internalDate);
    return !day || contains(*day);
}

bool DateWindow::covers(const DateWindow &other) const
{
    return lowerBoundCovers(from, other.from) && upperBoundCovers(to, other.to);
}

bool DateWindow::recordedCovers(const QString &recorded, const DateWindow &now)
{
    const auto before = parse(recorded);
    return before.ok() && before.value().covers(now);
}

QString DateWindow::toString() const
{
    if (isOpen())
        return {};
    return from.toString(Qt::ISODate) + QLatin1String("..") + to.toString(Qt::ISODate);
}

Result<QDate> DateWindow::parseDay(const QString &text, const QString &what)
{
    const QString t = text.trimmed();
    if (t.isEmpty())
        return QDate();
    const QDate d = QDate::fromString(t, Qt::ISODate);
    if (!d.isValid() || t.size() != 10)
        return Error::make(ErrorCode::Usage, QStringLiteral("%1: '%2' is not a date").arg(what, t), {},
                           QStringLiteral("write the day as YYYY-MM-DD, for example 2024-03-01"));
    return d;
}

Result<DateWindow> DateWindow::parse(const QString &text)
{
    DateWindow w;
    if (text.trimmed().isEmpty())
        return w;
    const int dots = text.indexOf(QLatin1String(".."));
    if (dots < 0)
        return Error::make(ErrorCode::Usage, QStringLiteral("'%1' is not a date window").arg(text), {},
                           QStringLiteral("write it as FROM..TO (YYYY-MM-DD; either end may be left out)"));
    auto from = parseDay(text.left(dots), QStringLiteral("the window's first day"));
    if (!from.ok())
        return from.error();
    auto to = parseDay(text.mid(dots + 2), QStringLiteral("the window's last day"));
    if (!to.ok())
        return to.error();
    w.from = *from;
    w.to = *to;
    if (w.from.isValid() && w.to.isValid() && w.to < w.from)
        return Error::make(ErrorCode::Usage,
                           QStringLiteral("the date window ends (%1) before it starts (%2)")
                               .arg(w.to.toString(Qt::ISODate), w.from.toString(Qt::ISODate)),
                           {}, QStringLiteral("swap the two days"));
    return w;
}

} // namespace ferry
