#include "httptraceformat.h"

#include <QCryptographicHash>
#include <QList>
#include <QMap>
#include <QRegularExpression>
#include <QXmlStreamReader>

namespace ferry::diagnostics::httptrace {

namespace {

const QByteArray kRedacted = QByteArrayLiteral("<redacted>");
constexpr auto kDav = QLatin1String("DAV:");

bool isSecretHeader(QByteArrayView name)
{
    const QByteArray n = name.trimmed().toByteArray().toLower();
    return n == "authorization" || n == "proxy-authorization" || n == "cookie" || n == "set-cookie";
}

} // namespace

QByteArray withoutQuery(QByteArrayView url)
{
    QByteArray out = url.toByteArray();
    // user info ("https://user:pw@host/") never belongs in a trace.
    const qsizetype scheme = out.indexOf("://");
    if (scheme >= 0) {
        const qsizetype hostStart = scheme + 3;
        qsizetype pathStart = out.indexOf('/', hostStart);
        if (pathStart < 0)
            pathStart = out.size();
        const qsizetype at = out.lastIndexOf('@', pathStart - 1);
        if (at >= hostStart)
            out.remove(hostStart, at - hostStart + 1);
    }
    const qsizetype q = out.indexOf('?');
    QByteArray query;
    if (q >= 0) {
        query = QByteArray("?") + kRedacted;
        out.truncate(q);
    }
    // A contact's or event's resource name may be the person's name.
    const qsizetype slash = out.lastIndexOf('/');
    const QByteArray last = out.mid(slash + 1);
    const QByteArray lower = last.toLower();
    if (!last.isEmpty() && (lower.endsWith(".vcf") || lower.endsWith(".ics"))) {
        const QByteArray hash = QCryptographicHash::hash(last, QCryptographicHash::Sha256).toHex().left(12);
        out = out.first(slash + 1) + "item-" + hash + last.right(4);
    }
    return out + query;
}

QByteArray firstLine(QByteArrayView line)
{
    if (line.startsWith("HTTP/"))
        return line.toByteArray();
    const qsizetype sp1 = line.indexOf(' ');
    const qsizetype sp2 = line.lastIndexOf(' ');
    if (sp1 < 0 || sp2 <= sp1)
        return withoutQuery(line);
    return line.first(sp1 + 1).toByteArray() + withoutQuery(line.sliced(sp1 + 1, sp2 - sp1 - 1))
           + line.sliced(sp2).toByteArray();
}

QByteArray headerLine(QByteArrayView line)
{
    const qsizetype colon = line.indexOf(':');
    if (colon <= 0)
        return line.toByteArray();
    const QByteArrayView name = line.first(colon);
    if (isSecretHeader(name))
        return name.toByteArray() + ": " + kRedacted;
    if (name.trimmed().compare("location", Qt::CaseInsensitive) == 0)
        return name.toByteArray() + ": " + withoutQuery(line.sliced(colon + 1).trimmed());
    return line.toByteArray();
}

QByteArray bodySummary(qint64 size, QByteArrayView contentType)
{
    QByteArray out = "[body omitted: " + QByteArray::number(size) + " bytes";
    const QByteArrayView ct = contentType.trimmed();
    if (!ct.isEmpty())
        out += ", " + ct.first(qMin<qsizetype>(ct.size(), 100)).toByteArray();
    return out + ']';
}

QByteArray xmlSummary(QByteArrayView body)
{
    const QByteArrayView trimmed = body.trimmed();
    if (!trimmed.startsWith('<'))
        return {};
    // A status line is HTTP/x.y, a code and a short reason: anything else in a
    // <status> element is not summarised (it could be anything).
    static const QRegularExpression statusLine(QStringLiteral("^HTTP/\\d(\\.\\d)? \\d{3}( [ -~]{0,60})?$"));
    QXmlStreamReader xml(body.toByteArray());
    QMap<QString, int> statuses;
    QList<QString> errors;
    int responses = 0;
    int errorDepth = 0;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement()) {
            const bool dav = xml.namespaceUri() == kDav;
            if (errorDepth > 0) {
                ++errorDepth;
                if (errorDepth == 2 && errors.size() < 20)
                    errors.append(QLatin1Char('{') + xml.namespaceUri().toString() + QLatin1Char('}')
                                  + xml.name().toString());
                continue;
            }
            if (dav && xml.name() == QLatin1String("response")) {
                ++responses;
            } else if (dav && xml.name() == QLatin1String("status")) {
                const QString text = xml.readElementText().trimmed();
                statuses[statusLine.match(text).hasMatch() ? text : QStringLiteral("(other status)")] += 1;
            } else if (dav && xml.name() == QLatin1String("error")) {
                errorDepth = 1;
            }
        } else if (xml.isEndElement() && errorDepth > 0) {
            --errorDepth;
        }
    }
    if (xml.hasError() && statuses.isEmpty() && errors.isEmpty())
        return {};
    QByteArray out;
    if (responses > 0)
        out += "multistatus: " + QByteArray::number(responses) + " responses";
    if (!statuses.isEmpty()) {
        QByteArray list;
        for (auto it = statuses.cbegin(); it != statuses.cend(); ++it) {
            if (!list.isEmpty())
                list += ", ";
            list += QByteArray::number(it.value()) + " \xc3\x97 " + it.key().toUtf8();
        }
        out += (out.isEmpty() ? "" : "; ") + list;
    }
    if (!errors.isEmpty()) {
        QByteArray names;
        for (const QString &e : std::as_const(errors))
            names += (names.isEmpty() ? "" : " ") + e.toUtf8();
        out += (out.isEmpty() ? "" : "; ") + QByteArray("errors: ") + names;
    }
    return out;
}

} // namespace ferry::diagnostics::httptrace
