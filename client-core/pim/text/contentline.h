// Content lines of iCalendar (RFC 5545 §3.1) and vCard (RFC 6350 §3.2, RFC 2426,
// vCard 2.1 §2.1.3), split so that an object can be edited *surgically*: every line
// keeps its original bytes (folding, line ending, parameter spelling) and only the
// lines Ferry changes are re-serialized. A user's data must arrive byte-equal
// wherever Ferry had no reason to change it; libical and a generic vCard library
// both re-serialize the whole object, so this small layer is our own.
//
// Tolerant: LF or CRLF, folds with space or tab, vCard 2.1 quoted-printable soft
// line breaks ("=" at the end of a physical line continues the value), and
// lines without ':' (recorded as issues, kept verbatim).
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>
#include <QStringView>

namespace ferry::pim {

// The line under which Ferry keeps, in an item's notes (vCard NOTE, iCalendar
// DESCRIPTION), what a target cannot hold as a property of its own.
inline constexpr QStringView kKeptByFerryHeading = u"Kept by Ferry:";

// A vCard 2.1 bare parameter ("TEL;HOME;VOICE:…") has the bare word as its name
// and no values; the vCard converter turns those into TYPE=….
struct ContentParam {
    QByteArray name;           // as spelled in the source (compare case-insensitively)
    QList<QByteArray> values;  // DQUOTEs removed; RFC 6868 ^-escapes left as they are
};

struct ContentLine {
    QByteArray group;          // vCard group ("item1" in "item1.EMAIL"), empty if none
    QByteArray name;           // property name as spelled in the source
    QList<ContentParam> params;
    QByteArray value;          // unfolded raw value: escapes and encodings untouched
    QByteArray raw;            // the exact original bytes incl. folds and line ending; empty for new lines
    bool dirty = false;        // true once edited: serialize() rebuilds the line

    bool is(QByteArrayView propertyName) const;          // case-insensitive name compare
    const ContentParam *param(QByteArrayView name) const; // first parameter of that name, or nullptr
    QByteArray paramValue(QByteArrayView name) const;     // its first value, or empty
    // Edits (each marks the line dirty).
    void setParam(const QByteArray &name, const QList<QByteArray> &values); // replace or append
    void removeParam(QByteArrayView name);
    void setValue(const QByteArray &value);
};

struct ContentIssue {
    int line = 0;              // 1-based physical line where it starts
    QString message;
};

struct ContentLines {
    QList<ContentLine> lines;
    QByteArray lineEnding = "\r\n";   // the one the source used most (for new or rebuilt lines)
    QList<ContentIssue> issues;       // lines that are not content lines (kept verbatim in `raw`)
    bool endsWithLineEnding = true;   // false if the input's last line had no line ending
};

// Splits data into logical lines. Never fails: oddities become issues.
ContentLines parseContentLines(const QByteArray &data);

// Untouched lines are written from `raw`; dirty and new lines are built from
// group/name/params/value, then folded at 75 octets (never inside a UTF-8 sequence).
// A CR or LF inside a built line is written as "\n" (in a parameter as RFC 6868 "^n"),
// so an edit can never add or end a line.
QByteArray serializeContentLines(const ContentLines &lines);

// One unfolded line (without line ending) -> folded with `lineEnding` + SP.
QByteArray foldContentLine(const QByteArray &unfolded, const QByteArray &lineEnding);

// TEXT values (RFC 5545 §3.3.11, RFC 6350 §3.4): \\ \; \, \n \N.
QString unescapeText(QByteArrayView value);
QByteArray escapeText(const QString &text);

// Added for the vCard library (additions only; the declarations above are fixed).

// Splits a raw value at every `separator` that is not backslash-escaped (the
// components of N/ADR at ';', list values at ','). Escapes stay in the parts.
QList<QByteArray> splitEscaped(QByteArrayView value, char separator);

// True if `bytes` is well-formed UTF-8 (no overlongs, surrogates or values > U+10FFFF).
bool isValidUtf8(QByteArrayView bytes);

// A new (dirty) line, ready to be inserted into ContentLines::lines.
ContentLine makeContentLine(const QByteArray &name, const QByteArray &value,
                            const QList<ContentParam> &params = {}, const QByteArray &group = {});

// The unfolded text of a line as serializeContentLines() would build it
// ("group.NAME;PARAM=v:value", no line ending), whether or not it is dirty.
QByteArray unfoldedContentLine(const ContentLine &line);

} // namespace ferry::pim
