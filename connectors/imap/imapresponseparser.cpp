#include "imapresponseparser.h"

#include <cstring>

namespace ferry {

namespace {

constexpr int kMaxDepth = 32;

bool isDigit(char c) { return c >= '0' && c <= '9'; }

// Case-insensitive compare of a token with an upper-case ASCII keyword.
bool eqi(QByteArrayView a, const char *kw)
{
    const qsizetype n = qsizetype(std::strlen(kw));
    if (a.size() != n)
        return false;
    for (qsizetype i = 0; i < n; ++i) {
        char c = a.at(i);
        if (c >= 'a' && c <= 'z')
            c = char(c - 32);
        if (c != kw[i])
            return false;
    }
    return true;
}

QByteArray upper(QByteArrayView v) { return v.toByteArray().toUpper(); }

// A string value read from the response.
struct StringValue {
    bool nil = false;
    QByteArray data;
    qint64 size = 0;
    int streamedIndex = -1;
};

class Cursor {
public:
    Cursor(QByteArrayView text, const QList<qint64> &streamed)
        : m_b(text.data()), m_size(text.size()), m_streamed(streamed)
    {
        // The response ends in CRLF (or a bare LF); everything before is content.
        m_end = text.size();
        if (m_end > 0 && m_b[m_end - 1] == '\n')
            --m_end;
        if (m_end > 0 && m_b[m_end - 1] == '\r')
            --m_end;
    }

    bool failed() const { return !m_error.isEmpty(); }
    const QString &error() const { return m_error; }
    bool fail(const char *what)
    {
        if (m_error.isEmpty()) {
            // An excerpt around the failure, printable bytes only.
            QByteArray ex;
            const qint64 from = qMax<qint64>(0, m_pos - 30);
            const qint64 to = qMin(m_end, m_pos + 30);
            for (qint64 i = from; i < to; ++i)
                ex.append(uchar(m_b[i]) >= 0x20 && uchar(m_b[i]) < 0x7f ? m_b[i] : '.');
            m_error = QStringLiteral("malformed response (%1 at byte %2): %3")
                          .arg(QLatin1String(what)).arg(m_pos).arg(QString::fromLatin1(ex));
        }
        return false;
    }

    bool atEnd() const { return m_pos >= m_end; }
    char peek() const { return m_pos < m_end ? m_b[m_pos] : '\0'; }
    bool eat(char c)
    {
        if (m_pos < m_end && m_b[m_pos] == c) {
            ++m_pos;
            return true;
        }
        return false;
    }
    bool expect(char c, const char *what) { return eat(c) || fail(what); }
    void skipSpaces()
    {
        while (m_pos < m_end && m_b[m_pos] == ' ')
            ++m_pos;
    }

    // Atom-like token. Stops at SP ( ) { " CR LF and, unless allowBracket, at ] —
    // so astring atoms (which may contain ']') and response-code names both work.
    QByteArrayView token(bool allowBracket = false)
    {
        const qint64 s = m_pos;
        while (m_pos < m_end) {
            const char c = m_b[m_pos];
            if (c == ' ' || c == '(' || c == ')' || c == '{' || c == '"' || c == '\r' || c == '\n'
                || (c == ']' && !allowBracket) || c == '\0')
                break;
            ++m_pos;
        }
        return QByteArrayView(m_b + s, m_pos - s);
    }
    // FETCH item names stop at '[' too ("BODY[").
    QByteArrayView itemName()
    {
        const qint64 s = m_pos;
        while (m_pos < m_end) {
            const char c = m_b[m_pos];
            if (c == ' ' || c == '(' || c == ')' || c == '[' || c == '{' || c == '"' || c == '\r' || c == '\n')
                break;
            ++m_pos;
        }
        return QByteArrayView(m_b + s, m_pos - s);
    }

    bool number(quint64 &out)
    {
        const qint64 s = m_pos;
        quint64 v = 0;
        while (m_pos < m_end && isDigit(m_b[m_pos])) {
            const quint64 d = quint64(m_b[m_pos] - '0');
            if (v > (~quint64(0) - d) / 10)
                return fail("number overflow");
            v = v * 10 + d;
            ++m_pos;
        }
        if (m_pos == s)
            return fail("number expected");
        out = v;
        return true;
    }

    bool quoted(QByteArray &out)
    {
        if (!expect('"', "quoted string expected"))
            return false;
        out.clear();
        for (;;) {
            const qint64 s = m_pos;
            while (m_pos < m_end && m_b[m_pos] != '"' && m_b[m_pos] != '\\' && m_b[m_pos] != '\r'
                   && m_b[m_pos] != '\n')
                ++m_pos;
            out.append(m_b + s, m_pos - s);
            if (m_pos >= m_end || m_b[m_pos] == '\r' || m_b[m_pos] == '\n')
                return fail("unterminated quoted string");
            if (m_b[m_pos] == '"') {
                ++m_pos;
                return true;
            }
            ++m_pos; // backslash: the next byte is literal (RFC 3501 quoted-specials)
            if (m_pos >= m_end)
                return fail("unterminated quoted string");
            out.append(m_b[m_pos++]);
        }
    }

    // "{N}" CRLF <N bytes>, or "~{N}" (RFC 3516) — the bytes may have been streamed.
    bool literal(StringValue &v)
    {
        eat('~');
        if (!expect('{', "literal expected"))
            return false;
        quint64 n = 0;
        if (!number(n))
            return false;
        eat('+');
        if (!expect('}', "'}' expected"))
            return false;
        eat('\r');
        // The framer ends a literal's line with LF; the data starts right after.
        if (m_pos >= m_size || m_b[m_pos] != '\n')
            return fail("CRLF expected after literal size");
        ++m_pos;
        const int idx = int(m_streamed.indexOf(m_pos));
        v.size = qint64(n);
        if (idx >= 0) {
            v.streamedIndex = idx;
            return true;
        }
        if (n > quint64(m_end - m_pos))
            return fail("literal runs past the response");
        v.data = QByteArray(m_b + m_pos, qsizetype(n));
        m_pos += qint64(n);
        return true;
    }

    // nstring / string / astring (RFC 3501 §9).
    bool string(StringValue &v, bool allowNil, bool allowAtom)
    {
        const char c = peek();
        if (c == '"') {
            if (!quoted(v.data))
                return false;
            v.size = v.data.size();
            return true;
        }
        if (c == '{' || (c == '~' && m_pos + 1 < m_end && m_b[m_pos + 1] == '{'))
            return literal(v);
        const QByteArrayView t = token(true);
        if (t.isEmpty())
            return fail("string expected");
        if (allowNil && eqi(t, "NIL")) {
            v.nil = true;
            return true;
        }
        if (!allowAtom)
            return fail("string expected");
        v.data = t.toByteArray();
        v.size = v.data.size();
        return true;
    }
    bool astring(QByteArray &out)
    {
        StringValue v;
        if (!string(v, false, true))
            return false;
        if (v.streamedIndex >= 0)
            return fail("streamed literal where a short string was expected");
        out = std::move(v.data);
        return true;
    }

    // Any value: skipped (unknown FETCH items, LIST extensions, …).
    bool skipValue(int depth = 0)
    {
        if (depth > kMaxDepth)
            return fail("nesting too deep");
        const char c = peek();
        if (c == '(') {
            ++m_pos;
            for (;;) {
                skipSpaces();
                if (eat(')'))
                    return true;
                if (atEnd())
                    return fail("')' expected");
                if (!skipValue(depth + 1))
                    return false;
            }
        }
        if (c == '"' || c == '{' || (c == '~' && m_pos + 1 < m_end && m_b[m_pos + 1] == '{')) {
            StringValue v;
            return string(v, true, true);
        }
        // An atom, possibly with a bracketed part (BODY[…]<…>).
        const qint64 s = m_pos;
        while (m_pos < m_end) {
            const char d = m_b[m_pos];
            if (d == '[') {
                if (!skipSection())
                    return false;
                continue;
            }
            if (d == ' ' || d == '(' || d == ')' || d == '{' || d == '"')
                break;
            ++m_pos;
        }
        return m_pos > s || fail("value expected");
    }

    // "[…]" with nested quotes/parens, as in BODY[HEADER.FIELDS (A B)]; returns the inside.
    bool section(QByteArrayView &inside)
    {
        if (!expect('[', "'[' expected"))
            return false;
        const qint64 s = m_pos;
        bool inQuote = false;
        while (m_pos < m_end) {
            const char c = m_b[m_pos];
            if (inQuote) {
                if (c == '\\')
                    ++m_pos;
                else if (c == '"')
                    inQuote = false;
            } else if (c == '"') {
                inQuote = true;
            } else if (c == ']') {
                inside = QByteArrayView(m_b + s, m_pos - s);
                ++m_pos;
                return true;
            }
            ++m_pos;
        }
        return fail("']' expected");
    }
    bool skipSection()
    {
        QByteArrayView ignored;
        return section(ignored);
    }

    // "(" flag *(SP flag) ")" — flags are atoms, "\\" atom, or "\\*".
    bool flagList(QList<QByteArray> &out)
    {
        if (!expect('(', "'(' expected"))
            return false;
        for (;;) {
            skipSpaces();
            if (eat(')'))
                return true;
            const QByteArrayView t = token(false);
            if (t.isEmpty())
                return fail("flag expected");
            out.append(t.toByteArray());
        }
    }

    QByteArray rest()
    {
        const QByteArray r(m_b + m_pos, m_end - m_pos);
        m_pos = m_end;
        return r;
    }

    qint64 pos() const { return m_pos; }
    void setPos(qint64 p) { m_pos = p; }

private:
    const char *m_b;
    qint64 m_size;
    qint64 m_pos = 0;
    qint64 m_end = 0;
    const QList<qint64> &m_streamed;
    QString m_error;
};

// resp-text = ["[" resp-text-code "]" SP] text   (RFC 3501 §9)
void parseRespText(Cursor &c, ImapStatus &st)
{
    c.skipSpaces();
    if (c.peek() == '[') {
        const qint64 save = c.pos();
        c.eat('[');
        ImapResponseCode code;
        code.name = upper(c.token(false));
        bool ok = !code.name.isEmpty();
        while (ok) {
            c.skipSpaces();
            if (c.eat(']'))
                break;
            if (c.atEnd()) {
                ok = false;
                break;
            }
            if (c.eat('(')) {
                code.hasList = true;
                for (;;) {
                    c.skipSpaces();
                    if (c.eat(')'))
                        break;
                    const QByteArrayView t = c.token(false);
                    if (t.isEmpty()) {
                        ok = false;
                        break;
                    }
                    code.args.append(t.toByteArray());
                }
            } else if (c.peek() == '"') {
                QByteArray q;
                ok = c.quoted(q);
                code.args.append(q);
            } else {
                const QByteArrayView t = c.token(false);
                if (t.isEmpty()) {
                    ok = false;
                    break;
                }
                code.args.append(t.toByteArray());
            }
        }
        if (ok) {
            st.code = std::move(code);
        } else {
            // Not a code we can read: keep the whole thing as text.
            c.setPos(save);
        }
        c.skipSpaces();
    }
    st.text = c.rest();
}

bool statusKind(QByteArrayView t, ImapStatus::Kind &k)
{
    if (eqi(t, "OK")) k = ImapStatus::Ok;
    else if (eqi(t, "NO")) k = ImapStatus::No;
    else if (eqi(t, "BAD")) k = ImapStatus::Bad;
    else if (eqi(t, "BYE")) k = ImapStatus::Bye;
    else if (eqi(t, "PREAUTH")) k = ImapStatus::Preauth;
    else return false;
    return true;
}

// msg-att (RFC 3501 §7.4.2, RFC 7162 §3.1.4).
bool parseFetch(Cursor &c, ImapFetchData &f)
{
    if (!c.expect('(', "'(' expected after FETCH"))
        return false;
    for (;;) {
        c.skipSpaces();
        if (c.eat(')'))
            break;
        if (c.atEnd())
            return c.fail("')' expected at end of FETCH");
        const QByteArrayView name = c.itemName();
        if (name.isEmpty())
            return c.fail("FETCH item name expected");
        QByteArrayView sect;
        const bool hasSection = c.peek() == '[';
        if (hasSection && !c.section(sect))
            return false;
        if (hasSection && c.eat('<')) { // partial origin
            quint64 origin = 0;
            if (!c.number(origin) || !c.expect('>', "'>' expected"))
                return false;
        }
        if (!c.expect(' ', "SP expected after FETCH item name"))
            return false;
        if (!hasSection && eqi(name, "UID")) {
            if (!c.number(f.uid))
                return false;
        } else if (!hasSection && eqi(name, "FLAGS")) {
            f.hasFlags = true;
            if (!c.flagList(f.flags))
                return false;
        } else if (!hasSection && eqi(name, "INTERNALDATE")) {
            StringValue v;
            if (!c.string(v, true, false))
                return false;
            f.internalDate = std::move(v.data);
        } else if (!hasSection && eqi(name, "RFC822.SIZE")) {
            quint64 n = 0;
            if (!c.number(n))
                return false;
            f.size = qint64(n);
        } else if (!hasSection && eqi(name, "MODSEQ")) {
            if (!c.expect('(', "'(' expected after MODSEQ") || !c.number(f.modSeq) || !c.expect(')', "')' expected"))
                return false;
        } else if ((hasSection && (eqi(name, "BODY") || eqi(name, "BINARY")))
                   || (!hasSection && (eqi(name, "RFC822") || eqi(name, "RFC822.HEADER") || eqi(name, "RFC822.TEXT")))) {
            StringValue v;
            if (!c.string(v, true, false))
                return false;
            ImapFetchSection s;
            s.section = hasSection ? sect.toByteArray() : upper(name);
            s.isNil = v.nil;
            s.data = std::move(v.data);
            s.size = v.size;
            s.streamedIndex = v.streamedIndex;
            f.sections.append(std::move(s));
        } else if (!c.skipValue()) { // ENVELOPE, BODYSTRUCTURE, X-GM-…, …
            return false;
        }
    }
    return true;
}

bool parseList(Cursor &c, ImapListData &l)
{
    if (!c.expect(' ', "SP expected") || !c.flagList(l.attributes) || !c.expect(' ', "SP expected"))
        return false;
    if (c.peek() == '"') {
        QByteArray sep;
        if (!c.quoted(sep))
            return false;
        if (sep.size() != 1)
            return c.fail("one-character hierarchy delimiter expected");
        l.separator = sep.at(0);
    } else {
        if (!eqi(c.token(false), "NIL"))
            return c.fail("delimiter or NIL expected");
    }
    if (!c.expect(' ', "SP expected") || !c.astring(l.mailbox))
        return false;
    c.skipSpaces();
    if (!c.atEnd() && !c.skipValue()) // RFC 5258 mbox-list-extended
        return false;
    return true;
}

bool parseMailboxStatus(Cursor &c, ImapStatusData &s)
{
    if (!c.expect(' ', "SP expected") || !c.astring(s.mailbox))
        return false;
    c.skipSpaces();
    if (!c.expect('(', "'(' expected"))
        return false;
    for (;;) {
        c.skipSpaces();
        if (c.eat(')'))
            return true;
        const QByteArrayView name = c.token(false);
        quint64 v = 0;
        if (name.isEmpty() || !c.expect(' ', "SP expected") || !c.number(v))
            return c.fail("STATUS item expected");
        if (eqi(name, "MESSAGES")) s.messages = v;
        else if (eqi(name, "UIDNEXT")) s.uidNext = v;
        else if (eqi(name, "UIDVALIDITY")) s.uidValidity = v;
        else if (eqi(name, "HIGHESTMODSEQ")) s.highestModSeq = v;
        else if (eqi(name, "UNSEEN")) s.unseen = v;
        else if (eqi(name, "RECENT")) s.recent = v;
        else if (eqi(name, "SIZE")) s.size = qint64(v);
    }
}

// Namespace = nil / "(" 1*( "(" string SP (<"> QUOTED-CHAR <"> / nil) *(ext) ")" ) ")"
bool parseNamespaceList(Cursor &c, QList<ImapNamespaceEntry> &out)
{
    if (c.peek() != '(') {
        return eqi(c.token(false), "NIL") || c.fail("namespace list or NIL expected");
    }
    c.eat('(');
    for (;;) {
        c.skipSpaces();
        if (c.eat(')'))
            return true;
        if (!c.expect('(', "'(' expected"))
            return false;
        ImapNamespaceEntry e;
        StringValue prefix;
        if (!c.string(prefix, false, false) || !c.expect(' ', "SP expected"))
            return false;
        e.prefix = prefix.data;
        if (c.peek() == '"') {
            QByteArray sep;
            if (!c.quoted(sep))
                return false;
            e.separator = sep.isEmpty() ? 0 : sep.at(0);
        } else if (!eqi(c.token(false), "NIL")) {
            return c.fail("delimiter or NIL expected");
        }
        for (;;) { // namespace response extensions
            c.skipSpaces();
            if (c.eat(')'))
                break;
            if (c.atEnd() || !c.skipValue())
                return c.fail("')' expected");
        }
        out.append(std::move(e));
    }
}

// RFC 4314 §4:
//   acl-data        = "ACL" SP mailbox *(SP identifier SP rights)
//   listrights-data = "LISTRIGHTS" SP mailbox SP identifier SP rights *(SP rights)
//   myrights-data   = "MYRIGHTS" SP mailbox SP rights
// identifier and rights are astrings (atom, quoted or literal).
bool parseAcl(Cursor &c, ImapAclData::Kind kind, ImapAclData &out)
{
    if (!c.expect(' ', "SP expected") || !c.astring(out.mailbox))
        return false;
    QList<QByteArray> values;
    for (;;) {
        if (c.atEnd())
            break;
        if (!c.expect(' ', "SP expected"))
            return false;
        c.skipSpaces();
        if (c.atEnd())
            break; // trailing space (lenient)
        QByteArray v;
        if (!c.astring(v))
            return false;
        values.append(std::move(v));
    }
    switch (kind) {
    case ImapAclData::Acl:
        if (values.size() % 2 != 0)
            return c.fail("identifier without rights");
        for (qsizetype i = 0; i < values.size(); i += 2) {
            out.identifiers.append(values.at(i));
            out.rights.append(values.at(i + 1));
        }
        return true;
    case ImapAclData::MyRights:
        if (values.size() != 1)
            return c.fail("one rights string expected");
        out.rights = values;
        return true;
    case ImapAclData::ListRights:
        if (values.size() < 2)
            return c.fail("identifier and rights expected");
        out.identifiers.append(values.takeFirst());
        out.rights = values;
        return true;
    case ImapAclData::None:
        break;
    }
    return c.fail("unknown ACL response");
}

bool parseAtoms(Cursor &c, QList<QByteArray> &out)
{
    for (;;) {
        c.skipSpaces();
        if (c.atEnd())
            return true;
        const QByteArrayView t = c.token(true);
        if (t.isEmpty())
            return c.fail("atom expected");
        out.append(t.toByteArray());
    }
}

bool parseUntagged(Cursor &c, ImapResponse &r)
{
    if (isDigit(c.peek())) {
        if (!c.number(r.number) || !c.expect(' ', "SP expected"))
            return false;
        const QByteArrayView what = c.token(false);
        if (eqi(what, "EXISTS")) r.kind = ImapResponse::Exists;
        else if (eqi(what, "EXPUNGE")) r.kind = ImapResponse::Expunge;
        else if (eqi(what, "RECENT")) r.kind = ImapResponse::Recent;
        else if (eqi(what, "FETCH")) {
            r.kind = ImapResponse::Fetch;
            return c.expect(' ', "SP expected") && parseFetch(c, r.fetch);
        } else {
            r.kind = ImapResponse::Other;
            r.atoms.append(upper(what));
            c.rest();
        }
        return true;
    }
    const QByteArrayView name = c.token(false);
    if (name.isEmpty())
        return c.fail("response name expected");
    ImapStatus::Kind k;
    if (statusKind(name, k)) {
        r.kind = ImapResponse::Status;
        r.status.kind = k;
        parseRespText(c, r.status);
        return true;
    }
    if (eqi(name, "CAPABILITY")) {
        r.kind = ImapResponse::Capability;
        return parseAtoms(c, r.atoms);
    }
    if (eqi(name, "LIST") || eqi(name, "LSUB")) {
        r.kind = eqi(name, "LIST") ? ImapResponse::List : ImapResponse::Lsub;
        return parseList(c, r.list);
    }
    if (eqi(name, "STATUS")) {
        r.kind = ImapResponse::MailboxStatus;
        return parseMailboxStatus(c, r.mailboxStatus);
    }
    if (eqi(name, "FLAGS")) {
        r.kind = ImapResponse::Flags;
        return c.expect(' ', "SP expected") && c.flagList(r.atoms);
    }
    if (eqi(name, "ENABLED")) {
        r.kind = ImapResponse::Enabled;
        return parseAtoms(c, r.atoms);
    }
    if (eqi(name, "SEARCH")) {
        r.kind = ImapResponse::Search;
        for (;;) {
            c.skipSpaces();
            if (c.atEnd() || !isDigit(c.peek()))
                break;
            quint64 n = 0;
            if (!c.number(n))
                return false;
            r.numbers.append(n);
        }
        c.rest(); // RFC 7162 "(MODSEQ n)"
        return true;
    }
    if (eqi(name, "NAMESPACE")) {
        r.kind = ImapResponse::Namespace;
        return c.expect(' ', "SP expected") && parseNamespaceList(c, r.ns.personal) && c.expect(' ', "SP expected")
            && parseNamespaceList(c, r.ns.otherUsers) && c.expect(' ', "SP expected")
            && parseNamespaceList(c, r.ns.shared);
    }
    if (eqi(name, "ACL") || eqi(name, "MYRIGHTS") || eqi(name, "LISTRIGHTS")) {
        // Kind Other (atoms as for any other response, so older consumers see no
        // change); ImapAclData::kind says which, filled from the same bytes.
        r.acl.kind = eqi(name, "ACL") ? ImapAclData::Acl : eqi(name, "MYRIGHTS") ? ImapAclData::MyRights
                                                                                  : ImapAclData::ListRights;
        const qint64 start = c.pos();
        if (!parseAcl(c, r.acl.kind, r.acl))
            return false;
        c.setPos(start);
    }
    r.kind = ImapResponse::Other;
    r.atoms.append(upper(name));
    c.skipSpaces();
    r.atoms.append(c.rest()); // raw remainder, for the few callers that want it (QUOTA)
    return true;
}

} // namespace

bool ImapResponseParser::parse(QByteArrayView text, const QList<qint64> &streamedOffsets, ImapResponse &out,
                               QString &error)
{
    Cursor c(text, streamedOffsets);
    bool ok;
    if (c.eat('+')) {
        out.kind = ImapResponse::Continuation;
        parseRespText(c, out.status);
        ok = true;
    } else if (c.eat('*')) {
        ok = c.expect(' ', "SP expected after '*'") && parseUntagged(c, out);
    } else {
        const QByteArrayView tag = c.token(false);
        ImapStatus::Kind k = ImapStatus::None;
        ok = !tag.isEmpty() || c.fail("tag expected");
        ok = ok && c.expect(' ', "SP expected after tag");
        if (ok) {
            const QByteArrayView st = c.token(false);
            ok = (statusKind(st, k) && k != ImapStatus::Bye && k != ImapStatus::Preauth)
                || c.fail("OK, NO or BAD expected after tag");
        }
        if (ok) {
            out.kind = ImapResponse::Tagged;
            out.tag = tag.toByteArray();
            out.status.kind = k;
            parseRespText(c, out.status);
        }
    }
    if (ok && !c.atEnd()) {
        c.skipSpaces();
        if (!c.atEnd())
            ok = c.fail("unexpected data at end of response");
    }
    if (!ok)
        error = c.error();
    return ok;
}

} // namespace ferry
