#include "transcript.h"

#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

namespace ferry::test {

QString TranscriptStep::display() const
{
    const QString opt = optional ? QStringLiteral("?") : QString();
    switch (kind) {
    case Kind::ServerLine: return QStringLiteral("S%1: ").arg(opt) + QString::fromUtf8(text);
    case Kind::ServerData: return QStringLiteral("D: ") + QString::fromUtf8(text);
    case Kind::ServerRaw: return QStringLiteral("L: ") + QString::fromUtf8(text);
    case Kind::ClientLine: return QStringLiteral("C%1: ").arg(opt) + QString::fromUtf8(text);
    case Kind::ClientLiteral:
        return literalSize < 0 ? QStringLiteral("C: <literal>") : QStringLiteral("C: <literal %1 bytes>").arg(literalSize);
    case Kind::Close: return QStringLiteral("X: close");
    case Kind::Sleep: return QStringLiteral("X: sleep %1").arg(sleepMs);
    }
    return {};
}

bool Transcript::load(const QString &path, QString *error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("%1: %2").arg(path, f.errorString());
        return false;
    }
    return parse(f.readAll(), QFileInfo(path).fileName(), error);
}

bool Transcript::parse(const QByteArray &text, const QString &name, QString *error)
{
    m_name = name;
    m_steps.clear();
    static const QRegularExpression literalRe(QStringLiteral("^<literal(?:\\s+(\\*|\\d+)(?:\\s+bytes)?)?>$"));
    const auto fail = [&](int line, const QString &why) {
        *error = QStringLiteral("%1:%2: %3").arg(name).arg(line).arg(why);
        return false;
    };

    const QList<QByteArray> lines = text.split('\n');
    for (int i = 0; i < lines.size(); ++i) {
        QByteArray raw = lines.at(i);
        if (raw.endsWith('\r'))
            raw.chop(1);
        const int lineNo = i + 1;
        if (raw.trimmed().isEmpty() || raw.startsWith('#'))
            continue;
        const int colon = raw.indexOf(':');
        if (colon < 1 || colon > 2)
            return fail(lineNo, QStringLiteral("expected a prefix S:, C:, D:, L:, X:, C?: or S?:"));
        const QByteArray prefix = raw.left(colon);
        QByteArray body = raw.mid(colon + 1);
        if (body.startsWith(' '))
            body.remove(0, 1);

        TranscriptStep s;
        s.line = lineNo;
        s.text = body;
        if (prefix == "S" || prefix == "S?") {
            s.kind = TranscriptStep::Kind::ServerLine;
            s.optional = prefix == "S?";
            if (s.optional && (m_steps.isEmpty() || !m_steps.last().optional))
                return fail(lineNo, QStringLiteral("S?: must follow a C?: line or another S?: line"));
        } else if (prefix == "C" || prefix == "C?") {
            s.optional = prefix == "C?";
            const QRegularExpressionMatch m = literalRe.match(QString::fromUtf8(body.trimmed()));
            if (m.hasMatch()) {
                if (s.optional)
                    return fail(lineNo, QStringLiteral("literals cannot be optional"));
                s.kind = TranscriptStep::Kind::ClientLiteral;
                const QString size = m.captured(1);
                s.literalSize = size.isEmpty() || size == QLatin1String("*") ? -1 : size.toLongLong();
            } else {
                s.kind = TranscriptStep::Kind::ClientLine;
            }
        } else if (prefix == "D" || prefix == "L") {
            s.kind = prefix == "D" ? TranscriptStep::Kind::ServerData : TranscriptStep::Kind::ServerRaw;
        } else if (prefix == "X") {
            const QList<QByteArray> words = body.simplified().split(' ');
            if (words.value(0) == "close" && words.size() == 1) {
                s.kind = TranscriptStep::Kind::Close;
            } else if (words.value(0) == "sleep" && words.size() == 2) {
                bool ok = false;
                s.sleepMs = words.at(1).toInt(&ok);
                if (!ok || s.sleepMs < 0 || s.sleepMs > 10000)
                    return fail(lineNo, QStringLiteral("X: sleep takes milliseconds (0…10000)"));
                s.kind = TranscriptStep::Kind::Sleep;
            } else {
                return fail(lineNo, QStringLiteral("unknown X: directive (close, sleep MS)"));
            }
        } else {
            return fail(lineNo, QStringLiteral("unknown prefix \"%1:\"").arg(QString::fromUtf8(prefix)));
        }
        if (!m_steps.isEmpty() && m_steps.last().kind == TranscriptStep::Kind::Close)
            return fail(lineNo, QStringLiteral("nothing can follow X: close"));
        m_steps.append(s);
    }

    // Resolve "{#}" at the end of an S: line into the byte count of the D:/L:
    // lines that follow it.
    for (int i = 0; i < m_steps.size(); ++i) {
        TranscriptStep &s = m_steps[i];
        const bool isData = s.kind == TranscriptStep::Kind::ServerData || s.kind == TranscriptStep::Kind::ServerRaw;
        if (s.kind == TranscriptStep::Kind::ServerLine && s.text.contains("{#}")) {
            if (!s.text.endsWith("{#}") || s.text.count("{#}") != 1)
                return fail(s.line, QStringLiteral("{#} must end the S: line"));
            qint64 bytes = 0;
            int j = i + 1;
            for (; j < m_steps.size(); ++j) {
                const TranscriptStep &d = m_steps.at(j);
                if (d.kind == TranscriptStep::Kind::ServerData)
                    bytes += d.text.size() + 2;
                else if (d.kind == TranscriptStep::Kind::ServerRaw)
                    bytes += d.text.size();
                else
                    break;
            }
            if (j == i + 1)
                return fail(s.line, QStringLiteral("{#} must be followed by D: or L: lines"));
            s.text.chop(3);
            s.text += '{' + QByteArray::number(bytes) + '}';
        } else if (isData && (i == 0 || (m_steps.at(i - 1).kind != TranscriptStep::Kind::ServerLine
                                         && m_steps.at(i - 1).kind != TranscriptStep::Kind::ServerData
                                         && m_steps.at(i - 1).kind != TranscriptStep::Kind::ServerRaw))) {
            return fail(s.line, QStringLiteral("D:/L: lines must follow an S: line that announces a literal"));
        }
    }
    return true;
}

bool globMatch(const QByteArray &pattern, const QByteArray &text)
{
    // Iterative wildcard matching with one backtrack point: linear in practice.
    qsizetype p = 0, t = 0, star = -1, mark = 0;
    const auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? char(c + 32) : c; };
    while (t < text.size()) {
        if (p < pattern.size() && pattern.at(p) == '*') {
            star = p++;
            mark = t;
        } else if (p < pattern.size() && lower(pattern.at(p)) == lower(text.at(t))) {
            ++p;
            ++t;
        } else if (star >= 0) {
            p = star + 1;
            t = ++mark;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern.at(p) == '*')
        ++p;
    return p == pattern.size();
}

} // namespace ferry::test
