#include "contentline.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace ferry::pim {

namespace {

constexpr qsizetype kFoldOctets = 75; // RFC 5545 §3.1, RFC 6350 §3.2: without the line ending

bool isWsp(char c) { return c == ' ' || c == '\t'; }

bool equalsCi(QByteArrayView a, QByteArrayView b) { return a.compare(b, Qt::CaseInsensitive) == 0; }

// One physical line: [start, contentEnd) is its text, [contentEnd, end) its line ending.
struct Physical {
    qsizetype start = 0;
    qsizetype contentEnd = 0;
    qsizetype end = 0;
};

// LF, CRLF and a lone CR (old Mac exports) all end a line.
QList<Physical> splitPhysical(const QByteArray &data, int *crlf, int *lf, int *cr)
{
    QList<Physical> out;
    const qsizetype n = data.size();
    qsizetype start = 0;
    for (qsizetype i = 0; i < n; ++i) {
        const char c = data[i];
        if (c == '\n') {
            out.append({start, i, i + 1});
            ++*lf;
            start = i + 1;
        } else if (c == '\r') {
            if (i + 1 < n && data[i + 1] == '\n') {
                out.append({start, i, i + 2});
                ++*crlf;
                start = i + 2;
                ++i;
            } else {
                out.append({start, i, i + 1});
                ++*cr;
                start = i + 1;
            }
        }
    }
    if (start < n)
        out.append({start, n, n});
    return out;
}

// Where the property head ("group.NAME;params") ends: the first ':' outside
// DQUOTEs once the parameters have begun; -1 if there is none.
qsizetype findColon(QByteArrayView text)
{
    bool inParams = false;
    bool inQuotes = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (inQuotes) {
            if (c == '"')
                inQuotes = false;
            continue;
        }
        if (c == ':')
            return i;
        if (c == ';')
            inParams = true;
        else if (c == '"' && inParams)
            inQuotes = true;
    }
    return -1;
}

QList<QByteArray> splitOutsideQuotes(QByteArrayView text, char sep, bool stripQuotes)
{
    QList<QByteArray> out;
    QByteArray cur;
    bool inQuotes = false;
    for (const char c : text) {
        if (c == '"') {
            inQuotes = !inQuotes;
            if (!stripQuotes)
                cur.append(c);
        } else if (c == sep && !inQuotes) {
            out.append(cur);
            cur.clear();
        } else {
            cur.append(c);
        }
    }
    out.append(cur);
    return out;
}

QList<ContentParam> parseParams(QByteArrayView text)
{
    QList<ContentParam> params;
    for (const QByteArray &segment : splitOutsideQuotes(text, ';', false)) {
        if (segment.trimmed().isEmpty())
            continue;
        ContentParam p;
        const qsizetype eq = segment.indexOf('=');
        if (eq < 0) {
            p.name = segment.trimmed(); // vCard 2.1 bare parameter
        } else {
            p.name = segment.left(eq).trimmed();
            p.values = splitOutsideQuotes(QByteArrayView(segment).sliced(eq + 1), ',', true);
        }
        params.append(p);
    }
    return params;
}

bool hasQuotedPrintable(const QList<ContentParam> &params)
{
    for (const ContentParam &p : params) {
        if (p.values.isEmpty() && equalsCi(p.name, "QUOTED-PRINTABLE"))
            return true;
        if (equalsCi(p.name, "ENCODING")) {
            for (const QByteArray &v : p.values)
                if (equalsCi(v, "QUOTED-PRINTABLE"))
                    return true;
        }
    }
    return false;
}

bool headIsQuotedPrintable(QByteArrayView unfolded, qsizetype colon)
{
    const QByteArrayView head = unfolded.first(colon);
    const qsizetype semi = head.indexOf(';');
    return semi >= 0 && hasQuotedPrintable(parseParams(head.sliced(semi + 1)));
}

// Fills group/name/params/value from one unfolded logical line. Returns an issue
// text, or an empty string if the line is a content line.
QString parseLogical(QByteArrayView text, ContentLine *line)
{
    const qsizetype colon = findColon(text);
    if (colon < 0)
        return u"not a content line (no ':'), kept as it is"_s;
    const QByteArrayView head = text.first(colon);
    const qsizetype semi = head.indexOf(';');
    const QByteArrayView fullName = semi < 0 ? head : head.first(semi);
    const qsizetype dot = fullName.lastIndexOf('.');
    if (dot >= 0) {
        line->group = fullName.first(dot).trimmed().toByteArray();
        line->name = fullName.sliced(dot + 1).trimmed().toByteArray();
    } else {
        line->name = fullName.trimmed().toByteArray();
    }
    if (semi >= 0)
        line->params = parseParams(head.sliced(semi + 1));
    line->value = text.sliced(colon + 1).toByteArray();
    if (line->name.isEmpty())
        return u"content line without a property name, kept as it is"_s;
    return {};
}

bool needsQuotes(QByteArrayView v)
{
    return std::any_of(v.begin(), v.end(), [](char c) { return c == ':' || c == ';' || c == ','; });
}

// Soft line breaks for a quoted-printable value (vCard 2.1 §2.1.3): "=" + line
// ending, the next line starts at column 0, never inside an "=XX" escape.
QByteArray foldQuotedPrintable(const QByteArray &unfolded, const QByteArray &lineEnding)
{
    const qsizetype colon = findColon(unfolded);
    const qsizetype n = unfolded.size();
    QByteArray out;
    qsizetype pos = 0;
    while (n - pos > kFoldOctets) {
        // 74 octets + '='; the head is never broken and at least one value octet
        // precedes the first break (a reader needs it to see the break).
        const qsizetype minCut = std::max(pos + 1, colon + 2);
        qsizetype cut = std::max(pos + kFoldOctets - 1, minCut);
        if (cut >= n)
            break;
        if (unfolded[cut - 1] == '=' && cut - 1 >= minCut)
            cut -= 1;
        else if (unfolded[cut - 2] == '=' && cut - 2 >= minCut)
            cut -= 2;
        out.append(unfolded.constData() + pos, cut - pos);
        out.append('=');
        out.append(lineEnding);
        pos = cut;
    }
    out.append(unfolded.constData() + pos, n - pos);
    out.append(lineEnding);
    return out;
}

} // namespace

bool ContentLine::is(QByteArrayView propertyName) const { return equalsCi(name, propertyName); }

const ContentParam *ContentLine::param(QByteArrayView paramName) const
{
    for (const ContentParam &p : params)
        if (equalsCi(p.name, paramName))
            return &p;
    return nullptr;
}

QByteArray ContentLine::paramValue(QByteArrayView paramName) const
{
    const ContentParam *p = param(paramName);
    return p && !p->values.isEmpty() ? p->values.first() : QByteArray();
}

void ContentLine::setParam(const QByteArray &paramName, const QList<QByteArray> &values)
{
    dirty = true;
    for (qsizetype i = 0; i < params.size(); ++i) {
        if (equalsCi(params[i].name, paramName)) {
            params[i].values = values;
            // Later parameters of the same name would contradict the new one.
            for (qsizetype j = params.size() - 1; j > i; --j)
                if (equalsCi(params[j].name, paramName))
                    params.removeAt(j);
            return;
        }
    }
    params.append({paramName, values});
}

void ContentLine::removeParam(QByteArrayView paramName)
{
    const auto removed = params.removeIf([&](const ContentParam &p) { return equalsCi(p.name, paramName); });
    if (removed)
        dirty = true;
}

void ContentLine::setValue(const QByteArray &newValue)
{
    value = newValue;
    dirty = true;
}

ContentLines parseContentLines(const QByteArray &data)
{
    ContentLines result;
    int crlf = 0, lf = 0, cr = 0;
    const QList<Physical> phys = splitPhysical(data, &crlf, &lf, &cr);
    if (lf > crlf && lf >= cr)
        result.lineEnding = "\n";
    else if (cr > crlf && cr > lf)
        result.lineEnding = "\r";
    result.endsWithLineEnding = phys.isEmpty() || phys.last().end > phys.last().contentEnd;

    const bool bom = data.startsWith("\xEF\xBB\xBF");
    qsizetype i = 0;
    while (i < phys.size()) {
        const qsizetype first = i;
        const qsizetype textStart = phys[i].start + (i == 0 && bom ? 3 : 0);
        QByteArray unfolded = data.mid(textStart, phys[i].contentEnd - textStart);
        qsizetype colon = findColon(unfolded);
        bool qp = colon >= 0 && headIsQuotedPrintable(unfolded, colon);
        ++i;
        // Unfold (RFC 6350 §3.2): CRLF + one WSP is removed. vCard 2.1 quoted-printable
        // soft breaks ("=" CRLF) join the next line as it is; they win over a fold
        // because in QP a leading space is data.
        while (i < phys.size()) {
            const QByteArrayView next(data.constData() + phys[i].start, phys[i].contentEnd - phys[i].start);
            const bool softBreak = qp && unfolded.endsWith('=') && unfolded.size() > colon + 1
                && !next.trimmed().isEmpty() && !next.startsWith("END:") && !next.startsWith("end:");
            if (softBreak) {
                unfolded.chop(1);
                unfolded.append(next);
            } else if (!next.isEmpty() && isWsp(next[0])) {
                unfolded.append(next.sliced(1));
            } else {
                break;
            }
            ++i;
            if (colon < 0) {
                colon = findColon(unfolded);
                qp = colon >= 0 && headIsQuotedPrintable(unfolded, colon);
            }
        }
        ContentLine line;
        line.raw = data.mid(phys[first].start, phys[i - 1].end - phys[first].start);
        if (!unfolded.trimmed().isEmpty()) {
            const bool orphanFold = first == 0 && isWsp(unfolded[0]);
            QString issue = parseLogical(unfolded, &line);
            if (issue.isEmpty() && orphanFold)
                issue = u"continuation line with no line before it, kept as it is"_s;
            if (!issue.isEmpty()) {
                line.group.clear();
                line.name.clear();
                line.params.clear();
                line.value = unfolded;
                result.issues.append({int(first) + 1, issue});
            }
        }
        result.lines.append(line);
    }
    return result;
}

QByteArray unfoldedContentLine(const ContentLine &line)
{
    if (line.name.isEmpty())
        return line.value;
    QByteArray out;
    if (!line.group.isEmpty())
        out += line.group + '.';
    out += line.name;
    for (const ContentParam &p : line.params) {
        out += ';' + p.name;
        if (p.values.isEmpty())
            continue;
        out += '=';
        for (qsizetype k = 0; k < p.values.size(); ++k) {
            if (k)
                out += ',';
            QByteArray v = p.values[k];
            v.replace('"', "^'"); // RFC 6868: a DQUOTE cannot be quoted, nor a line break
            v.replace("\r\n", "^n").replace('\n', "^n").replace('\r', "^n");
            if (needsQuotes(v))
                out += '"' + v + '"';
            else
                out += v;
        }
    }
    out += ':' + line.value;
    return out;
}

// A line break inside a built line would end it and start another — data turned
// into structure (a value could smuggle "END:VCARD"). It is written as the TEXT
// escape "\n" instead.
static QByteArray withoutLineBreaks(QByteArray unfolded)
{
    if (unfolded.contains('\n') || unfolded.contains('\r'))
        unfolded.replace("\r\n", "\\n").replace('\n', "\\n").replace('\r', "\\n");
    return unfolded;
}

QByteArray serializeContentLines(const ContentLines &lines)
{
    QByteArray out;
    const qsizetype n = lines.lines.size();
    for (qsizetype k = 0; k < n; ++k) {
        const ContentLine &l = lines.lines[k];
        const bool last = k == n - 1;
        if (!l.dirty && !l.raw.isEmpty()) {
            out += l.raw;
            // A raw line that had no ending (the input's last) followed by more lines.
            if (!last && !l.raw.endsWith('\n') && !l.raw.endsWith('\r'))
                out += lines.lineEnding;
            continue;
        }
        const QByteArray unfolded = withoutLineBreaks(unfoldedContentLine(l));
        QByteArray folded = hasQuotedPrintable(l.params) ? foldQuotedPrintable(unfolded, lines.lineEnding)
                                                         : foldContentLine(unfolded, lines.lineEnding);
        if (last && !lines.endsWithLineEnding)
            folded.chop(lines.lineEnding.size());
        out += folded;
    }
    return out;
}

QByteArray foldContentLine(const QByteArray &unfolded, const QByteArray &lineEnding)
{
    QByteArray out;
    out.reserve(unfolded.size() + unfolded.size() / 70 * (lineEnding.size() + 1) + lineEnding.size());
    qsizetype pos = 0;
    qsizetype room = kFoldOctets;
    const qsizetype n = unfolded.size();
    while (n - pos > room) {
        qsizetype cut = pos + room;
        // Step back to the start of a UTF-8 sequence (at most 3 continuation bytes).
        for (int back = 0; back < 3 && cut > pos + 1 && (uchar(unfolded[cut]) & 0xC0) == 0x80; ++back)
            --cut;
        if ((uchar(unfolded[cut]) & 0xC0) == 0x80)
            cut = pos + room; // not UTF-8 anyway: a plain octet cut
        out.append(unfolded.constData() + pos, cut - pos);
        out.append(lineEnding);
        out.append(' ');
        pos = cut;
        room = kFoldOctets - 1; // the leading space counts
    }
    out.append(unfolded.constData() + pos, n - pos);
    out.append(lineEnding);
    return out;
}

QString unescapeText(QByteArrayView value)
{
    QByteArray out;
    out.reserve(value.size());
    for (qsizetype i = 0; i < value.size(); ++i) {
        const char c = value[i];
        if (c != '\\' || i + 1 == value.size()) {
            out.append(c);
            continue;
        }
        const char e = value[++i];
        // Unknown escapes ("\:" from some Outlook versions) stand for the character.
        out.append(e == 'n' || e == 'N' ? '\n' : e);
    }
    return QString::fromUtf8(out);
}

QByteArray escapeText(const QString &text)
{
    const QByteArray utf8 = text.toUtf8();
    QByteArray out;
    out.reserve(utf8.size() + 8);
    for (qsizetype i = 0; i < utf8.size(); ++i) {
        const char c = utf8[i];
        switch (c) {
        case '\\': out += "\\\\"; break;
        case ';': out += "\\;"; break;
        case ',': out += "\\,"; break;
        case '\n': out += "\\n"; break;
        case '\r':
            out += "\\n";
            if (i + 1 < utf8.size() && utf8[i + 1] == '\n')
                ++i;
            break;
        default: out += c;
        }
    }
    return out;
}

QList<QByteArray> splitEscaped(QByteArrayView value, char separator)
{
    QList<QByteArray> out;
    QByteArray cur;
    for (qsizetype i = 0; i < value.size(); ++i) {
        const char c = value[i];
        if (c == '\\' && i + 1 < value.size()) {
            cur.append(c);
            cur.append(value[++i]);
        } else if (c == separator) {
            out.append(cur);
            cur.clear();
        } else {
            cur.append(c);
        }
    }
    out.append(cur);
    return out;
}

bool isValidUtf8(QByteArrayView bytes)
{
    const qsizetype n = bytes.size();
    for (qsizetype i = 0; i < n;) {
        const uchar c = uchar(bytes[i]);
        if (c < 0x80) {
            ++i;
            continue;
        }
        int len = 0;
        char32_t cp = 0;
        if ((c & 0xE0) == 0xC0) {
            len = 2;
            cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            len = 3;
            cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            len = 4;
            cp = c & 0x07;
        } else {
            return false;
        }
        if (i + len > n)
            return false;
        for (int k = 1; k < len; ++k) {
            const uchar cc = uchar(bytes[i + k]);
            if ((cc & 0xC0) != 0x80)
                return false;
            cp = (cp << 6) | (cc & 0x3F);
        }
        static constexpr char32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
        if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        i += len;
    }
    return true;
}

ContentLine makeContentLine(const QByteArray &name, const QByteArray &value, const QList<ContentParam> &params,
                            const QByteArray &group)
{
    ContentLine l;
    l.group = group;
    l.name = name;
    l.params = params;
    l.value = value;
    l.dirty = true;
    return l;
}

} // namespace ferry::pim
