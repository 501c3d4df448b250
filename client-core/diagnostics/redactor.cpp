#include "redactor.h"

#include <QRegularExpression>

#include <algorithm>

namespace ferry::diagnostics {

namespace {

// The base64 characters of a stream that depend only on `secret` when it
// starts `offset` (0, 1, 2) bytes after a 3-byte boundary: whatever surrounds
// the secret, these characters are the same.
QByteArray base64Core(QByteArrayView secret, int offset, QByteArray::Base64Options options)
{
    QByteArray padded(offset, '\0');
    padded.append(secret.data(), secret.size());
    const QByteArray enc = padded.toBase64(options | QByteArray::OmitTrailingEquals);
    const qsizetype firstBit = 8 * offset;
    const qsizetype endBit = 8 * (offset + secret.size());
    const qsizetype first = (firstBit + 5) / 6; // first char that starts inside the secret
    const qsizetype last = endBit / 6;          // chars [first, last) end inside it
    if (last - first < 4)
        return {};
    return enc.sliced(first, last - first);
}

QByteArray jsonEscaped(QByteArrayView s)
{
    QByteArray out;
    for (const char c : s) {
        if (c == '"' || c == '\\')
            out.append('\\');
        if (c == '/')
            out.append("\\/"); // some writers escape it; the plain form is added too
        else
            out.append(c);
    }
    return out;
}

QByteArray redactLine(QByteArray line)
{
    static const QRegularExpression header(QStringLiteral(
        "(?i)\\b((?:proxy-)?authorization|cookie|set-cookie)(\\s*:\\s*)(?!<redacted>)\\S.*$"));
    static const QRegularExpression token(QStringLiteral("(?i)\\b(basic|bearer) (?!<redacted>)[A-Za-z0-9+/=._~-]{8,}"));
    static const QRegularExpression login(QStringLiteral(
        "(?i)((?:^|\\s)[A-Za-z]*\\d+ LOGIN) +(?!<redacted>)\\S.*$"));
    static const QRegularExpression authenticate(QStringLiteral(
        "(?i)((?:^|\\s)[A-Za-z]*\\d+ AUTHENTICATE [A-Za-z0-9_-]+) +(?!<redacted>)\\S.*$"));
    QString s = QString::fromUtf8(line);
    const QString before = s;
    s.replace(header, QStringLiteral("\\1\\2<redacted>"));
    s.replace(token, QStringLiteral("\\1 <redacted>"));
    s.replace(login, QStringLiteral("\\1 <redacted>"));
    s.replace(authenticate, QStringLiteral("\\1 <redacted>"));
    return s == before ? line : s.toUtf8();
}

bool mayNeedLineRules(QByteArrayView line)
{
    // Cheap pre-check so that big traces are not all run through regexes.
    static const char *const words[] = {"uthoriz", "ookie", "asic ", "earer ", "OGIN", "ogin", "UTHENTICATE", "uthenticate"};
    for (const char *w : words)
        if (line.contains(w))
            return true;
    return false;
}

} // namespace

const QByteArray &Redactor::placeholder()
{
    static const QByteArray p = QByteArrayLiteral("<redacted>");
    return p;
}

void Redactor::addForm(const QByteArray &form)
{
    if (form.size() < kMinSecretBytes || m_forms.contains(form))
        return;
    m_forms.append(form);
    std::stable_sort(m_forms.begin(), m_forms.end(),
                     [](const QByteArray &a, const QByteArray &b) { return a.size() > b.size(); });
}

void Redactor::addSecret(QByteArrayView secret)
{
    if (secret.size() < kMinSecretBytes)
        return;
    ++m_secrets;
    const QByteArray s = secret.toByteArray();
    addForm(s);
    addForm(s.toPercentEncoding());
    {
        // Lower-case hex with the secret's own letters kept.
        QByteArray enc = s.toPercentEncoding();
        for (qsizetype i = 0; i + 2 < enc.size(); ++i) {
            if (enc[i] == '%') {
                enc[i + 1] = char(QChar::toLower(uint(uchar(enc[i + 1]))));
                enc[i + 2] = char(QChar::toLower(uint(uchar(enc[i + 2]))));
            }
        }
        addForm(enc);
    }
    addForm(jsonEscaped(s));
    for (const auto options : {QByteArray::Base64Encoding, QByteArray::Base64UrlEncoding}) {
        addForm(s.toBase64(options));
        addForm(s.toBase64(options | QByteArray::OmitTrailingEquals));
        for (int offset = 0; offset < 3; ++offset)
            addForm(base64Core(s, offset, options));
    }
}

void Redactor::addCredentials(QByteArrayView user, QByteArrayView secret)
{
    addSecret(secret);
    if (secret.size() < kMinSecretBytes)
        return;
    QByteArray plain;
    plain.append('\0').append(user.data(), user.size()).append('\0').append(secret.data(), secret.size());
    addForm(plain.toBase64());
    QByteArray basic = user.toByteArray() + ':' + secret.toByteArray();
    addForm(basic.toBase64());
}

QByteArray Redactor::redact(QByteArrayView text) const
{
    QByteArray out = text.toByteArray();
    for (const QByteArray &form : m_forms)
        out.replace(form, placeholder());
    // Line rules.
    QByteArray result;
    result.reserve(out.size());
    qsizetype pos = 0;
    while (pos < out.size()) {
        qsizetype nl = out.indexOf('\n', pos);
        const qsizetype end = nl < 0 ? out.size() : nl + 1;
        const QByteArrayView line = QByteArrayView(out).sliced(pos, end - pos);
        if (mayNeedLineRules(line)) {
            const bool hasNl = line.endsWith('\n');
            result.append(redactLine(line.first(line.size() - (hasNl ? 1 : 0)).toByteArray()));
            if (hasNl)
                result.append('\n');
        } else {
            result.append(line);
        }
        pos = end;
    }
    return result;
}

} // namespace ferry::diagnostics
