// One vCard (2.1, RFC 2426 3.0 or RFC 6350 4.0) kept as its content lines, so
// that a card Ferry does not change is written back byte for byte and a card it
// does change differs only in the lines it touched.
//
// Why our own code: the known libraries (KContacts, libebook, ez-vcard, vobject)
// parse into a model and re-serialize the whole card: parameter spelling,
// folding, group names, unknown X- properties and line endings change on the way
// — Ferry's promise is "bytes kept unless a change is required". vCard is simple
// enough that a tolerant reader over content lines (pim/text/contentline.h) is
// smaller than the glue needed to undo a library's normalization.
//
// Cards without UID: the reader leaves them as they are (issue MissingUid).
// derivedUid() gives a stable UID computed from the card's original bytes (a
// UUIDv5), so a resumed run finds the same value; ensureUid() writes it only when
// a target needs one (CardDAV: RFC 6352 §5.1 requires a UID). A card whose UID
// repeats an earlier card in the same file keeps its bytes and carries the issue
// DuplicateUid; uidForTarget() then returns the derived UID instead.
#pragma once

#include <pim/text/contentline.h>

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace ferry::pim {

enum class VCardVersion { Unknown, V21, V30, V40 };

QByteArray vcardVersionString(VCardVersion v); // "2.1", "3.0", "4.0", "" for Unknown
VCardVersion vcardVersionFromString(QByteArrayView s);

struct VCardIssue {
    enum Kind {
        NotAContentLine,    // a line without ':' or name; kept verbatim
        Unterminated,       // no END:VCARD before the next BEGIN or the end of input
        OutsideCard,        // text between cards (file level); not part of any card
        MissingVersion,     // no VERSION line: the version was guessed
        UnknownVersion,     // VERSION value other than 2.1/3.0/4.0
        InvalidUtf8,        // bytes that are not UTF-8 where UTF-8 is required
        GuessedCharset,     // 2.1 8-bit text without CHARSET, read as windows-1252
        UnknownCharset,     // CHARSET Ferry cannot decode (read as UTF-8)
        BadQuotedPrintable, // malformed "=XX" escapes
        BadBase64,          // ENCODING=b/BASE64 or data: URI payload that does not decode
        InvalidDate,        // BDAY/ANNIVERSARY/… that is no date
        MissingUid,
        DuplicateUid,       // same UID as an earlier card of the same file
        MissingFn,
        BadRecord,          // CSV/LDIF import: a record or value that cannot be read
        Unsupported,        // CSV/LDIF import: something Ferry refuses (LDIF "<" URL values)
    };
    Kind kind = NotAContentLine;
    int line = 0;      // 1-based physical line in the input the card was read from
    QString message;   // for the report, in English, names the property and the problem
};

class VCard {
public:
    VCard() = default;
    // `lines` from BEGIN:VCARD to END:VCARD (END may be missing); `firstLine` is the
    // physical line number of BEGIN in the input, for issue messages.
    explicit VCard(ContentLines lines, int firstLine = 1);

    // ---- bytes
    QByteArray toBytes() const;                             // current state
    const QByteArray &originalBytes() const { return m_original; }
    bool isModified() const { return toBytes() != m_original; }
    int firstLine() const { return m_firstLine; }

    // ---- lines (BEGIN and END included)
    ContentLines &contentLines() { return m_lines; }
    const ContentLines &contentLines() const { return m_lines; }
    QList<ContentLine> &lines() { return m_lines.lines; }
    const QList<ContentLine> &lines() const { return m_lines.lines; }
    // Index of the first/all top-level properties named `name` (not inside a
    // nested 2.1 AGENT card), starting at `from`; -1 if none.
    qsizetype indexOf(QByteArrayView name, qsizetype from = 0) const;
    QList<qsizetype> indexesOf(QByteArrayView name) const;
    qsizetype endIndex() const;                      // END:VCARD, or lines().size() if missing
    bool hasEnd() const;
    qsizetype insertBeforeEnd(const ContentLine &line); // returns its index
    void removeLine(qsizetype index);
    void addMissingEnd();                            // appends END:VCARD if there is none
    // True for lines between a nested BEGIN:VCARD and its END (2.1 AGENT).
    bool isNested(qsizetype index) const;
    QList<bool> nestedMask() const; // isNested() for every line, in one pass

    // ---- what the card says
    VCardVersion version() const;                    // from VERSION, else guessed
    QByteArray uid() const;                          // the first UID's value, unescaped; empty if none
    QString formattedName() const;
    QStringList emails() const;                      // every EMAIL, decoded, in order
    bool isGroup() const;                            // KIND:group or X-ADDRESSBOOKSERVER-KIND:group

    // ---- values (2.1 QP + CHARSET and 3.0 CHARSET are decoded)
    // The value as UTF-8, still TEXT-escaped. `problem` gets a message if it did not decode cleanly.
    QByteArray decodedValue(const ContentLine &line, QString *problem = nullptr) const;
    QString text(const ContentLine &line) const;             // decoded and unescaped
    QStringList components(const ContentLine &line) const;   // N/ADR/ORG: split at ';', unescaped
    // ENCODING=b / ENCODING=BASE64 / data: URI → bytes; mediaType from TYPE/MEDIATYPE or the URI.
    // Empty and *ok=false for a URI that is not data: or a payload that does not decode.
    QByteArray binary(const ContentLine &line, QByteArray *mediaType = nullptr, bool *ok = nullptr) const;
    static bool isQuotedPrintable(const ContentLine &line);
    static bool isInlineBinary(const ContentLine &line);     // ENCODING=b/BASE64 (not data: URIs)

    // ---- UID (see the header comment)
    QByteArray derivedUid() const;   // stable, from the original bytes (and the UID if any)
    QByteArray uidForTarget() const; // uid(), or derivedUid() when missing or duplicate
    void setUid(const QByteArray &uid);        // edits the UID line or inserts one
    QByteArray ensureUid();                    // writes uidForTarget() if it differs; returns it

    // ---- issues
    QList<VCardIssue> issues;
    bool hasIssue(VCardIssue::Kind kind) const;
    void addIssue(VCardIssue::Kind kind, int line, const QString &message);

private:
    ContentLines m_lines;
    QByteArray m_original;
    int m_firstLine = 1;
};

} // namespace ferry::pim
