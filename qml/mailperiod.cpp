#include "mailperiod.h"

#include <QLocale>

using namespace Qt::StringLiterals;

namespace ferry::app {

MailPeriod::MailPeriod(QObject *parent)
    : QObject(parent)
{
}

void MailPeriod::setChoice(Choice c)
{
    if (c == m_choice)
        return;
    m_choice = c;
    Q_EMIT changed();
}

void MailPeriod::setFrom(const QString &day)
{
    if (day == m_from)
        return;
    m_from = day;
    Q_EMIT changed();
}

void MailPeriod::setUntil(const QString &day)
{
    if (day == m_until)
        return;
    m_until = day;
    Q_EMIT changed();
}

QString MailPeriod::problem() const
{
    if (m_choice != Between)
        return {};
    const auto from = DateWindow::parseDay(m_from, u"from"_s);
    const auto until = DateWindow::parseDay(m_until, u"until"_s);
    if (!from.ok() || !until.ok())
        return tr("Write each day as year-month-day, for example %1.").arg(today().toString(Qt::ISODate));
    if (!from.value().isValid() && !until.value().isValid())
        return tr("Enter the first day, the last day, or both.");
    if (from.value().isValid() && until.value().isValid() && until.value() < from.value())
        return tr("The last day is before the first day.");
    return {};
}

DateWindow MailPeriod::window() const
{
    DateWindow w;
    switch (m_choice) {
    case AllMail: break;
    case LastYear: w.from = today().addYears(-1); break;
    case LastTwoYears: w.from = today().addYears(-2); break;
    case LastFiveYears: w.from = today().addYears(-5); break;
    case Between:
        if (!problem().isEmpty())
            break;
        w.from = DateWindow::parseDay(m_from, {}).value();
        w.to = DateWindow::parseDay(m_until, {}).value();
        break;
    }
    return w;
}

QString MailPeriod::summary() const
{
    const DateWindow w = window();
    const QLocale locale;
    if (w.isOpen())
        return tr("All mail");
    if (!w.to.isValid())
        return tr("Mail received since %1").arg(locale.toString(w.from, QLocale::LongFormat));
    if (!w.from.isValid())
        return tr("Mail received until %1").arg(locale.toString(w.to, QLocale::LongFormat));
    return tr("Mail received from %1 to %2")
        .arg(locale.toString(w.from, QLocale::LongFormat), locale.toString(w.to, QLocale::LongFormat));
}

} // namespace ferry::app
