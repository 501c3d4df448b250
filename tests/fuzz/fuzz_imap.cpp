// Fuzz target: the IMAP response parser (imapparser.h, imapresponseparser.h) and
// modified UTF-7 (mutf7.h, RFC 3501 §5.1.3).
//
// The input is what a server sends. It is parsed twice with the same literal
// streaming threshold: fed whole, and fed in chunks whose sizes come from a
// hash of the input (as the session feeds socket reads). Besides "no crash, no
// hang, no leak" the two runs must agree — framing may not depend on where TCP
// split the bytes — and every mailbox name must survive Mutf7 decode/encode.
#include <imap/imapparser.h>
#include <imap/mutf7.h>

#include <QByteArray>
#include <QString>

#include <cstdint>
#include <cstdlib>

using namespace ferry;

namespace {

quint64 fnv1a(const uint8_t *data, size_t size)
{
    quint64 h = 1469598103934665603ull;
    for (size_t i = 0; i < size; ++i)
        h = (h ^ data[i]) * 1099511628211ull;
    return h;
}

// Everything a response says that the session acts on, as one string.
void describe(const ImapResponse &r, QByteArray &out)
{
    out += QByteArray::number(int(r.kind)) + ' ' + r.tag + ' ' + QByteArray::number(int(r.status.kind)) + ' '
        + r.status.code.name + ' ' + r.status.text + ' ' + QByteArray::number(r.number) + ' ';
    for (const QByteArray &a : r.atoms)
        out += a + ',';
    for (const QByteArray &a : r.status.code.args)
        out += a + ',';
    out += r.list.mailbox + ' ' + r.mailboxStatus.mailbox + ' ' + QByteArray::number(r.fetch.uid) + ' '
        + r.fetch.internalDate + ' ' + QByteArray::number(r.fetch.size);
    for (const QByteArray &f : r.fetch.flags)
        out += f + ',';
    for (const ImapFetchSection &s : r.fetch.sections)
        out += s.section + ':' + s.data + ':' + QByteArray::number(s.streamedIndex) + ';';
    out += r.acl.mailbox;
    for (const QByteArray &i : r.acl.identifiers)
        out += i + ',';
    for (const QByteArray &i : r.acl.rights)
        out += i + ',';
    out += '\n';
}

void checkMutf7(const QByteArray &name)
{
    QString decoded;
    Mutf7::decode(name, decoded);
    // Every QString has an encoding that decodes back to it (mutf7.h).
    QString back;
    if (!Mutf7::decode(Mutf7::encode(decoded), back) || back != decoded)
        std::abort();
}

// Runs the parser over `data`, fed in pieces of `chunk(i)` bytes; returns the trace.
// One parser per run, reset() between inputs as the session does on reconnect (a
// new parser allocates a 256 KiB buffer, which would dominate the run time).
template<typename Chunker>
QByteArray run(ImapParser &p, const QByteArray &data, qint64 threshold, Chunker chunk)
{
    p.reset();
    p.setStreamThreshold(threshold);
    QByteArray trace;
    qsizetype fed = 0;
    int feeds = 0;
    for (int guard = 0; guard < 1000000; ++guard) {
        const ImapParser::Event ev = p.next();
        switch (ev) {
        case ImapParser::NeedMore: {
            if (fed >= data.size())
                return trace + "END\n";
            const qsizetype n = qMin<qsizetype>(chunk(feeds++), data.size() - fed);
            p.feed(QByteArrayView(data).sliced(fed, n));
            fed += n;
            break;
        }
        case ImapParser::Response: {
            const ImapResponse r = p.takeResponse();
            describe(r, trace);
            checkMutf7(r.list.mailbox);
            checkMutf7(r.mailboxStatus.mailbox);
            checkMutf7(r.acl.mailbox);
            break;
        }
        case ImapParser::LiteralBegin:
            trace += "LIT " + QByteArray::number(p.literalSize()) + '\n';
            break;
        case ImapParser::LiteralChunk:
            trace += p.literalChunk().toByteArray();
            break;
        case ImapParser::LiteralEnd:
            trace += "\nLITEND\n";
            break;
        case ImapParser::Error:
            if (p.next() != ImapParser::Error) // sticky (imapparser.h)
                std::abort();
            return trace + "ERROR\n";
        }
    }
    std::abort(); // an endless loop
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const quint64 h = fnv1a(data, size);
    static constexpr qint64 kThresholds[] = {0, 5, 64, 1024 * 1024};
    const qint64 threshold = kThresholds[h % 4];

    static ImapParser wholeParser;
    static ImapParser splitParser;
    const QByteArray whole = run(wholeParser, bytes, threshold, [](int) { return qsizetype(1) << 30; });
    quint64 state = h | 1;
    const QByteArray split = run(splitParser, bytes, threshold, [&state](int) {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        return qsizetype(1 + state % 17);
    });
    if (whole != split)
        std::abort(); // the result depends on how the bytes were split

    checkMutf7(bytes);
    return 0;
}
