#include "reportscrubber.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace ferry::diagnostics {

namespace {

bool isPersonalKey(const QString &key)
{
    return key == QLatin1String("subject") || key == QLatin1String("summary") || key == QLatin1String("description");
}

bool isAccountKey(const QString &key)
{
    return key == QLatin1String("source") || key == QLatin1String("target");
}

} // namespace

QString withoutUser(const QString &url)
{
    const qsizetype scheme = url.indexOf(QLatin1String("://"));
    if (scheme < 0)
        return url;
    const qsizetype hostStart = scheme + 3;
    qsizetype pathStart = url.indexOf(QLatin1Char('/'), hostStart);
    if (pathStart < 0)
        pathStart = url.size();
    const qsizetype at = url.lastIndexOf(QLatin1Char('@'), pathStart - 1);
    if (at < hostStart)
        return url;
    return url.left(hostStart) + url.mid(at + 1);
}

QJsonValue scrubJson(const QJsonValue &value)
{
    if (value.isArray()) {
        QJsonArray out;
        for (const QJsonValue &v : value.toArray())
            out.append(scrubJson(v));
        return out;
    }
    if (!value.isObject())
        return value;
    QJsonObject out;
    const QJsonObject in = value.toObject();
    for (auto it = in.begin(); it != in.end(); ++it) {
        if (isPersonalKey(it.key()) && it.value().isString() && !it.value().toString().isEmpty())
            out.insert(it.key(), QStringLiteral("<redacted>"));
        else if (isAccountKey(it.key()) && it.value().isString() && it.value().toString().contains(QLatin1String("://")))
            out.insert(it.key(), withoutUser(it.value().toString()));
        else
            out.insert(it.key(), scrubJson(it.value()));
    }
    return out;
}

QByteArray scrubReport(const QByteArray &json, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (doc.isNull()) {
        if (error)
            *error = QStringLiteral("not a JSON report (%1)").arg(parseError.errorString());
        return {};
    }
    const QJsonValue scrubbed = scrubJson(doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object()));
    return (scrubbed.isArray() ? QJsonDocument(scrubbed.toArray()) : QJsonDocument(scrubbed.toObject()))
        .toJson(QJsonDocument::Indented);
}

} // namespace ferry::diagnostics
