// Value types shared by the iCalendar checks and edits (RFC 5545): an issue found
// in the data, one change Ferry made, and the result of an edit.
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace ferry::pim {

struct ICalIssue {
    int line = 0;        // 1-based physical line of the input it is about; 0: the whole input
    QString message;     // for people: what is wrong, and what Ferry did about it
    bool operator==(const ICalIssue &) const = default;
};

struct ICalChange {
    int line = 0;          // 1-based physical line of the input where the property starts
    QByteArray property;   // "ATTENDEE", "TZID", …
    QString before;        // what was there (empty for an addition)
    QString after;         // what is there now (empty for a removal)
};

// Every edit returns the new bytes plus what it changed. Lines it had no reason
// to change are byte-identical to the input (folds, line endings, parameter
// spelling); a changed line keeps its bytes except the changed span, and only a
// changed physical line longer than 75 octets is folded again (RFC 5545 §3.1).
struct ICalEdit {
    QByteArray data;
    QList<ICalChange> changes;
    QList<ICalIssue> issues;
    bool changed() const { return !changes.isEmpty(); }
};

} // namespace ferry::pim
