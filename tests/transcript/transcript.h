// A recorded IMAP conversation that FakeImapServer replays (syntax: README.md in
// this folder). Pure data + parser: no I/O besides reading the file.
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace ferry::test {

struct TranscriptStep {
    enum class Kind {
        ServerLine,    // S:  text + CRLF ("$" at the start = tag of the oldest open command)
        ServerData,    // D:  text + CRLF, counted by a preceding {#}
        ServerRaw,     // L:  text without CRLF, counted by a preceding {#}
        ClientLine,    // C:  one client line (without CRLF), glob pattern
        ClientLiteral, // C: <literal [N bytes]>  the literal the client announced
        Close,         // X: close
        Sleep,         // X: sleep MS
    };
    Kind kind = Kind::ServerLine;
    QByteArray text;
    bool optional = false;    // C?: / S?: (see README: optional blocks)
    qint64 literalSize = -1;  // ClientLiteral: required size, -1 = any
    int sleepMs = 0;
    int line = 0;             // 1-based line in the file, for messages

    // "C: …" / "S: …" as in the file, for reports.
    QString display() const;
};

class Transcript {
public:
    // Returns false and sets `error` ("name:line: why") on a syntax error.
    bool load(const QString &path, QString *error);
    bool parse(const QByteArray &text, const QString &name, QString *error);

    const QList<TranscriptStep> &steps() const { return m_steps; }
    const QString &name() const { return m_name; }

private:
    QList<TranscriptStep> m_steps;
    QString m_name;
};

// Case-insensitive glob: '*' matches any run of characters (also none), every
// other character matches itself. The whole line must match.
bool globMatch(const QByteArray &pattern, const QByteArray &text);

} // namespace ferry::test
