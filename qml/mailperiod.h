// "Which mail?" on the What-to-move page: all of it, the last 12 months / 2 years
// / 5 years, or the mail received between two days. Turns the choice into the
// engine's DateWindow (client-core/engine/datewindow.h). A person who starts
// with recent mail and later picks a longer period gets exactly what is missing:
// the engine looks at every message again when the window grows.
#pragma once

#include <engine/datewindow.h>

#include <QDate>
#include <QObject>
#include <QtQml/qqmlregistration.h>

namespace ferry::app {

class MailPeriod : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("MailPeriod belongs to the Wizard")
    Q_PROPERTY(Choice choice READ choice WRITE setChoice NOTIFY changed)
    // The two days of "Between" as typed (YYYY-MM-DD; either may stay empty).
    Q_PROPERTY(QString from READ from WRITE setFrom NOTIFY changed)
    Q_PROPERTY(QString until READ until WRITE setUntil NOTIFY changed)
    Q_PROPERTY(QString problem READ problem NOTIFY changed)
    Q_PROPERTY(QString summary READ summary NOTIFY changed)

public:
    enum Choice { AllMail, LastYear, LastTwoYears, LastFiveYears, Between };
    Q_ENUM(Choice)

    explicit MailPeriod(QObject *parent = nullptr);

    Choice choice() const { return m_choice; }
    void setChoice(Choice c);
    QString from() const { return m_from; }
    void setFrom(const QString &day);
    QString until() const { return m_until; }
    void setUntil(const QString &day);

    // Why the choice cannot be used ("" when it can), in the person's words.
    QString problem() const;
    // "All mail", "Mail received since 24 November 2025", …
    QString summary() const;
    // The engine's window for the current choice; open while problem() is set.
    DateWindow window() const;

    // Tests: the day "the last 12 months" counts back from (default: today).
    void setToday(QDate today) { m_today = today; Q_EMIT changed(); }

Q_SIGNALS:
    void changed();

private:
    QDate today() const { return m_today.isValid() ? m_today : QDate::currentDate(); }

    Choice m_choice = AllMail;
    QString m_from;
    QString m_until;
    QDate m_today;
};

} // namespace ferry::app
