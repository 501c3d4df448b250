#include "verifyreport.h"

#include "migrationoptions.h"
#include "migrationreport.h"

#include <QJsonArray>

namespace ferry {

namespace {

QString noun(const QString &dataType, quint64 n)
{
    const bool one = n == 1;
    if (dataType == QLatin1String("mail"))
        return one ? QStringLiteral("message") : QStringLiteral("messages");
    if (dataType == QLatin1String("contacts"))
        return one ? QStringLiteral("contact") : QStringLiteral("contacts");
    if (dataType == QLatin1String("calendar"))
        return one ? QStringLiteral("event") : QStringLiteral("events");
    return one ? QStringLiteral("task") : QStringLiteral("tasks");
}

// "a, b and c"
QString joined(const QStringList &parts)
{
    if (parts.size() <= 1)
        return parts.value(0);
    return parts.mid(0, parts.size() - 1).join(QStringLiteral(", ")) + QStringLiteral(" and ") + parts.last();
}

} // namespace

quint64 VerifyReport::sourceItems(const QString &dataType) const
{
    quint64 n = 0;
    for (const VerifyFolder &f : folders)
        if (dataType.isEmpty() || f.dataType == dataType)
            n += f.sourceItems;
    return n;
}

quint64 VerifyReport::missingItems() const
{
    quint64 n = 0;
    for (const VerifyFolder &f : folders)
        n += f.missing;
    return n;
}

QString VerifyReport::summary() const
{
    if (!fatal.ok())
        return QStringLiteral("The comparison stopped: %1").arg(fatal.toString());
    QStringList all, missingParts;
    quint64 outside = 0;
    for (const QString &t : dataTypes()) {
        quint64 items = 0, gone = 0;
        bool seen = false;
        for (const VerifyFolder &f : folders) {
            if (f.dataType != t)
                continue;
            seen = true;
            items += f.sourceItems - qMin(f.sourceItems, f.outsideWindow);
            gone += f.missing;
            outside += f.outsideWindow;
        }
        if (!seen)
            continue;
        all << QStringLiteral("%1 %2").arg(items).arg(noun(t, items));
        if (gone)
            missingParts << QStringLiteral("%1 of %2 %3").arg(gone).arg(items).arg(noun(t, items));
    }
    QString s;
    if (all.isEmpty())
        s = QStringLiteral("The source holds nothing to compare.");
    else if (missingParts.isEmpty())
        s = QStringLiteral("All %1 of the source are on the target.").arg(joined(all));
    else
        s = QStringLiteral("%1 of the source %2 not on the target.")
                .arg(joined(missingParts), missingItems() == 1 ? QStringLiteral("is") : QStringLiteral("are"));
    if (outside)
        s += QStringLiteral(" %1 %2 outside the date window stayed on the source by choice.").arg(outside).arg(noun(QStringLiteral("mail"), outside));
    return s;
}

int VerifyReport::exitCode() const
{
    if (!fatal.ok())
        return exitCodeFor(fatal);
    return missingItems() ? 1 : 0;
}

QJsonObject VerifyReport::toJson() const
{
    QJsonArray fs;
    for (const VerifyFolder &f : folders) {
        fs.append(QJsonObject{
            {QStringLiteral("dataType"), f.dataType},
            {QStringLiteral("source"), f.source},
            {QStringLiteral("target"), f.target},
            {QStringLiteral("targetExists"), f.targetExists},
            {QStringLiteral("sourceItems"), qint64(f.sourceItems)},
            {QStringLiteral("targetItems"), qint64(f.targetItems)},
            {QStringLiteral("sourceBytes"), f.sourceBytes},
            {QStringLiteral("targetBytes"), f.targetBytes},
            {QStringLiteral("matched"), qint64(f.matched)},
            {QStringLiteral("missing"), qint64(f.missing)},
            {QStringLiteral("outsideWindow"), qint64(f.outsideWindow)},
            {QStringLiteral("flagsDiffer"), qint64(f.flagsDiffer)},
        });
    }
    QJsonArray ms;
    for (const VerifyMissing &m : missing) {
        ms.append(QJsonObject{
            {QStringLiteral("dataType"), m.dataType},
            {QStringLiteral("folder"), m.folder},
            {QStringLiteral("id"), m.id},
            {QStringLiteral("messageId"), m.messageId},
            {QStringLiteral("uid"), m.uid},
            {QStringLiteral("size"), m.size},
            {QStringLiteral("reason"), m.reason},
        });
    }
    QJsonObject totals;
    for (const QString &t : dataTypes()) {
        quint64 src = 0, tgt = 0, matched = 0, gone = 0;
        for (const VerifyFolder &f : folders) {
            if (f.dataType != t)
                continue;
            src += f.sourceItems;
            tgt += f.targetItems;
            matched += f.matched;
            gone += f.missing;
        }
        totals.insert(t, QJsonObject{{QStringLiteral("source"), qint64(src)},
                                     {QStringLiteral("target"), qint64(tgt)},
                                     {QStringLiteral("matched"), qint64(matched)},
                                     {QStringLiteral("missing"), qint64(gone)}});
    }
    QJsonObject o{
        {QStringLiteral("source"), source},
        {QStringLiteral("target"), target},
        {QStringLiteral("complete"), complete()},
        {QStringLiteral("exitCode"), exitCode()},
        {QStringLiteral("summary"), summary()},
        {QStringLiteral("seconds"), seconds},
        {QStringLiteral("totals"), totals},
        {QStringLiteral("folders"), fs},
        {QStringLiteral("missing"), ms},
        {QStringLiteral("notes"), QJsonArray::fromStringList(notes)},
    };
    if (!fatal.ok())
        o.insert(QStringLiteral("error"), fatal.toJson());
    return o;
}

} // namespace ferry
