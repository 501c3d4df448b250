// The optional date window of a mail run ("only mail received in 2024", "the last
// 12 months"): a message is moved when its arrival day lies within [from, to].
// Either end may be open; a window open at both ends is "all mail".
//
// The arrival day is the calendar day of the message's INTERNALDATE in the zone
// the server wrote it in, which is what IMAP's SEARCH SINCE/BEFORE compare
// (RFC 3501 6.4.4, "disregarding time and timezone"), so a person's "since 1 March"
// means the same here as in their mail client's search.
//
// The journal keeps, per folder, the window its last completed pass used
// (toString()/parse()): a later pass may list only new UIDs when the old window
// covers() the new one; otherwise (the window was widened) it must look at every
// message of the folder again.
#pragma once

#include "../error.h"

#include <QByteArray>
#include <QDate>
#include <QString>

#include <optional>

namespace ferry {

struct DateWindow {
    QDate from; // first day inside; invalid = no lower bound
    QDate to;   // last day inside; invalid = no upper bound

    bool isOpen() const { return !from.isValid() && !to.isValid(); }
    // A message whose INTERNALDATE cannot be read counts as inside: copying one
    // message too many loses nothing, leaving one out could.
    bool contains(const QByteArray &internalDate) const;
    bool contains(QDate day) const;
    // Every day inside `other` is inside this window too.
    bool covers(const DateWindow &other) const;

    // Whether a window as the journal recorded it (toString()) covers `now`; one
    // it cannot read does not (the caller then looks at everything again).
    static bool recordedCovers(const QString &recorded, const DateWindow &now);

    // "" (open), "2024-01-01..2024-12-31", "2024-01-01..", "..2024-12-31".
    QString toString() const;
    // Inverse of toString(); ErrorCode::Usage with a hint for anything else, and
    // for a window that ends before it starts.
    static Result<DateWindow> parse(const QString &text);
    // One end as a person types it (YYYY-MM-DD); "" = open. `what` names the
    // field in the error ("--since", "From").
    static Result<QDate> parseDay(const QString &text, const QString &what);

    // The calendar day of an IMAP INTERNALDATE ("17-Jul-1996 02:44:25 -0700",
    // the day may be space-padded); nullopt if it is not one.
    static std::optional<QDate> dayOf(const QByteArray &internalDate);

    friend bool operator==(const DateWindow &a, const DateWindow &b) { return a.from == b.from && a.to == b.to; }
};

} // namespace ferry
