#include "icaldocument_p.h"
#include "rawline_p.h"

using namespace Qt::StringLiterals;

namespace ferry::pim::detail {

namespace {

int countLineBreaks(const QByteArray &raw)
{
    int n = 0;
    for (qsizetype i = 0; i < raw.size(); ++i) {
        if (raw[i] == '\n' || (raw[i] == '\r' && (i + 1 == raw.size() || raw[i + 1] != '\n')))
            ++n;
    }
    return n;
}

bool isBlank(const ContentLine &l) { return l.name.isEmpty() && l.value.trimmed().isEmpty(); }

QByteArray componentName(const ContentLine &l) { return l.value.trimmed().toUpper(); }

void finish(ICalNode &node, qsizetype last) { node.last = std::max(node.last, last); }

} // namespace

bool hasLineEnding(const QByteArray &raw) { return raw.endsWith('\n') || raw.endsWith('\r'); }

QString lineText(const ContentLine &line) { return QString::fromUtf8(RawLine(line.raw).text()); }

qsizetype ICalDocument::findProperty(const ICalNode &node, QByteArrayView name) const
{
    for (qsizetype i : node.properties)
        if (content.lines[i].is(name))
            return i;
    return -1;
}

QByteArray ICalDocument::rawLine(qsizetype i) const
{
    QByteArray raw = content.lines[i].raw;
    if (!hasLineEnding(raw))
        raw += content.lineEnding;
    return raw;
}

QByteArray ICalDocument::rawLines(qsizetype from, qsizetype to) const
{
    QByteArray out;
    for (qsizetype i = from; i <= to; ++i)
        out += rawLine(i);
    return out;
}

ICalDocument parseICalDocument(const QByteArray &data)
{
    ICalDocument doc;
    doc.content = parseContentLines(data);
    for (const ContentIssue &ci : std::as_const(doc.content.issues))
        doc.issues.append({ci.line, ci.message});

    int physical = 1;
    for (const ContentLine &l : std::as_const(doc.content.lines)) {
        doc.lineNumbers.append(physical);
        physical += countLineBreaks(l.raw);
    }

    QList<ICalNode> stack;
    auto attach = [&](ICalNode node) {
        if (stack.isEmpty()) {
            doc.roots.append(std::move(node));
        } else {
            finish(stack.last(), node.last);
            stack.last().children.append(std::move(node));
        }
    };
    auto unterminated = [&](const ICalNode &node, const QString &why) {
        doc.issues.append({doc.lineNumber(node.begin),
                           u"BEGIN:%1 has no END:%1 (%2)"_s.arg(QString::fromUtf8(node.name), why)});
    };

    const qsizetype count = doc.content.lines.size();
    for (qsizetype i = 0; i < count; ++i) {
        const ContentLine &l = doc.content.lines[i];
        if (l.is("BEGIN")) {
            ICalNode node;
            node.name = componentName(l);
            node.begin = i;
            node.last = i;
            stack.append(std::move(node));
            continue;
        }
        if (l.is("END")) {
            const QByteArray name = componentName(l);
            qsizetype match = -1;
            for (qsizetype k = stack.size() - 1; k >= 0; --k) {
                if (stack[k].name == name) {
                    match = k;
                    break;
                }
            }
            if (match < 0) {
                doc.issues.append({doc.lineNumber(i),
                                   u"END:%1 without a BEGIN:%1, kept as it is"_s.arg(QString::fromUtf8(name))});
                if (stack.isEmpty()) {
                    doc.strayLines.append(i);
                } else {
                    stack.last().properties.append(i);
                    finish(stack.last(), i);
                }
                continue;
            }
            while (stack.size() - 1 > match) {
                ICalNode inner = stack.takeLast();
                unterminated(inner, u"closed by END:%1 on line %2"_s.arg(QString::fromUtf8(name)).arg(doc.lineNumber(i)));
                attach(std::move(inner));
            }
            ICalNode node = stack.takeLast();
            node.end = i;
            node.last = i;
            attach(std::move(node));
            continue;
        }
        if (stack.isEmpty()) {
            if (!isBlank(l))
                doc.strayLines.append(i);
            continue;
        }
        stack.last().properties.append(i);
        finish(stack.last(), i);
    }
    while (!stack.isEmpty()) {
        ICalNode node = stack.takeLast();
        unterminated(node, u"the input ends first"_s);
        attach(std::move(node));
    }
    for (qsizetype i : std::as_const(doc.strayLines)) {
        if (doc.content.lines[i].is("END"))
            continue; // already reported
        doc.issues.append({doc.lineNumber(i), u"text outside any component: %1"_s.arg(lineText(doc.content.lines[i]).left(80))});
    }
    return doc;
}

QByteArray LineEdits::apply(const ICalDocument &doc) const
{
    QByteArray out;
    const QList<ContentLine> &lines = doc.content.lines;
    const qsizetype n = lines.size();
    auto append = [&](const QByteArray &raw, bool last) {
        out += raw;
        if (!last && !hasLineEnding(raw))
            out += doc.content.lineEnding;
    };
    // The last line that stays decides whether the output ends without a line ending.
    qsizetype lastKept = -1;
    for (qsizetype i = n - 1; i >= 0; --i) {
        if (!m_removed.contains(i)) {
            lastKept = i;
            break;
        }
    }
    for (qsizetype i = 0; i < n; ++i) {
        const auto ins = m_inserted.constFind(i);
        if (ins != m_inserted.constEnd())
            for (const QByteArray &raw : *ins)
                append(raw, false);
        if (m_removed.contains(i))
            continue;
        append(current(doc, i), i == lastKept && !m_inserted.contains(n));
    }
    const auto tail = m_inserted.constFind(n);
    if (tail != m_inserted.constEnd()) {
        if (!out.isEmpty() && !hasLineEnding(out))
            out += doc.content.lineEnding;
        for (const QByteArray &raw : *tail)
            append(raw, true);
    }
    return out;
}

} // namespace ferry::pim::detail
