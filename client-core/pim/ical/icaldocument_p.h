// The component tree of an iCalendar stream (RFC 5545 §3.4, §3.6) over its content
// lines, built from BEGIN/END alone so that every line keeps its index into the
// byte-preserving ContentLines: checks point at lines, edits replace or remove
// lines, and the output is the input's raw bytes with those lines changed.
// Tolerant: an END that closes an outer component closes the inner ones too, a
// missing END is closed at the end of input, a stray END is kept as a line; each
// of those is an issue.
#pragma once

#include "icaltypes.h"

#include <pim/text/contentline.h>

#include <QHash>
#include <QMap>
#include <QSet>

namespace ferry::pim::detail {

struct ICalNode {
    QByteArray name;             // upper case: "VEVENT"
    qsizetype begin = -1;        // index of the BEGIN line
    qsizetype end = -1;          // index of the END line; -1 when unterminated
    qsizetype last = -1;         // last line that belongs to it (END, or the last line inside)
    QList<qsizetype> properties; // its own property lines (not those of children)
    QList<ICalNode> children;

    bool terminated() const { return end >= 0; }
};

struct ICalDocument {
    ContentLines content;
    QList<int> lineNumbers;      // 1-based physical line where each logical line starts
    QList<ICalNode> roots;       // top-level components, normally VCALENDARs
    QList<qsizetype> strayLines; // non-blank lines outside any component
    QList<ICalIssue> issues;     // structure problems and ContentLines issues

    const ContentLine &line(qsizetype i) const { return content.lines[i]; }
    int lineNumber(qsizetype i) const { return i >= 0 && i < lineNumbers.size() ? lineNumbers[i] : 0; }
    // First own property of `node` with that name, or -1.
    qsizetype findProperty(const ICalNode &node, QByteArrayView name) const;
    // Raw bytes of lines [from, to], a line ending added after a last line that had none.
    QByteArray rawLines(qsizetype from, qsizetype to) const;
    QByteArray rawLine(qsizetype i) const;
};

ICalDocument parseICalDocument(const QByteArray &data);

// Line-level edits applied in one go: replace a line's bytes, remove a line, or
// insert new lines before one.
class LineEdits {
public:
    void replace(qsizetype index, QByteArray raw) { m_replaced.insert(index, std::move(raw)); }
    void remove(qsizetype index) { m_removed.insert(index); }
    void insertBefore(qsizetype index, QByteArray raw) { m_inserted[index].append(std::move(raw)); }
    bool isEmpty() const { return m_replaced.isEmpty() && m_removed.isEmpty() && m_inserted.isEmpty(); }
    bool isReplaced(qsizetype index) const { return m_replaced.contains(index); }
    QByteArray current(const ICalDocument &doc, qsizetype index) const
    {
        return m_replaced.value(index, doc.content.lines[index].raw);
    }
    QByteArray apply(const ICalDocument &doc) const;

private:
    QHash<qsizetype, QByteArray> m_replaced;
    QSet<qsizetype> m_removed;
    QMap<qsizetype, QList<QByteArray>> m_inserted;
};

bool hasLineEnding(const QByteArray &raw);
// The unfolded text of a line as the user would read it (UTF-8, invalid bytes replaced).
QString lineText(const ContentLine &line);

} // namespace ferry::pim::detail
