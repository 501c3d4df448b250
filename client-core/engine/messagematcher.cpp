#include "messagematcher.h"

#include <QDateTime>

#include <algorithm>

namespace ferry {

QStringList comparableFlags(QStringList flags)
{
    flags.removeIf([](const QString &f) { return f.compare(QLatin1String("\\Recent"), Qt::CaseInsensitive) == 0; });
    std::sort(flags.begin(), flags.end());
    flags.erase(std::unique(flags.begin(), flags.end()), flags.end());
    return flags;
}

qint64 internalDateToEpoch(const QByteArray &date)
{
    // date-time = DQUOTE date-day-fixed "-" date-month "-" date-year SP time SP zone DQUOTE
    QByteArray d = date.trimmed();
    if (d.startsWith('"'))
        d = d.mid(1, d.size() - 2);
    d = d.trimmed();
    const QList<QByteArray> parts = d.split(' ');
    QList<QByteArray> p;
    for (const auto &x : parts)
        if (!x.isEmpty())
            p.append(x);
    if (p.size() != 3)
        return -1;
    const QList<QByteArray> dmy = p[0].split('-');
    const QList<QByteArray> hms = p[1].split(':');
    if (dmy.size() != 3 || hms.size() != 3 || p[2].size() != 5)
        return -1;
    static const char *months[] = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
    int month = 0;
    for (int i = 0; i < 12; ++i)
        if (dmy[1].toLower() == months[i])
            month = i + 1;
    bool ok1, ok2, ok3, ok4, ok5, ok6, ok7;
    const int day = dmy[0].toInt(&ok1), year = dmy[2].toInt(&ok2);
    const int h = hms[0].toInt(&ok3), mi = hms[1].toInt(&ok4), s = hms[2].toInt(&ok5);
    const int zh = p[2].mid(1, 2).toInt(&ok6), zm = p[2].mid(3, 2).toInt(&ok7);
    if (!month || !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6 && ok7))
        return -1;
    const int sign = p[2].at(0) == '-' ? -1 : 1;
    const QDateTime dt(QDate(year, month, day), QTime(h, mi, s), Qt::UTC);
    if (!dt.isValid())
        return -1;
    return dt.toSecsSinceEpoch() - sign * (zh * 3600 + zm * 60);
}

QByteArray MessageMatcher::keyOf(const ItemMeta &m)
{
    return m.messageId + '\x1f' + QByteArray::number(m.size) + '\x1f' + QByteArray::number(internalDateToEpoch(m.internalDate));
}

void MessageMatcher::addTargetItems(const QList<ItemMeta> &target, const QSet<RemoteId> &alreadyMapped)
{
    for (const ItemMeta &t : target) {
        if (alreadyMapped.contains(t.id))
            continue;
        m_byKey[keyOf(t)].append(t.id);
    }
}

MessageMatcher::Match MessageMatcher::find(const ItemMeta &source, bool sourceKeyUnique)
{
    Match m;
    auto it = m_byKey.find(keyOf(source));
    if (it == m_byKey.end())
        return m;
    QList<RemoteId> free;
    for (const RemoteId &id : std::as_const(*it))
        if (!m_used.contains(id))
            free.append(id);
    if (free.isEmpty())
        return m;
    if (!source.messageId.isEmpty() && sourceKeyUnique && free.size() == 1) {
        m.targetId = free.first();
        m_used.insert(m.targetId);
        return m;
    }
    m.needsHashCheck = true;
    m.candidates = free;
    return m;
}

void MessageMatcher::consume(const RemoteId &targetId)
{
    m_used.insert(targetId);
}

} // namespace ferry
