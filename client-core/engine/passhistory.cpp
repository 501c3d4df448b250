#include "passhistory.h"

#include <algorithm>

namespace ferry {

double passSeconds(const PassRecord &p)
{
    if (!p.started.isValid() || !p.finished.isValid())
        return -1;
    return p.started.msecsTo(p.finished) / 1000.0;
}

quint64 passItems(const PassRecord &p)
{
    return p.itemsCopied + p.itemsFailed;
}

PassForecast forecastNextPass(const QList<PassRecord> &passes)
{
    QList<PassRecord> done;
    for (const PassRecord &p : passes)
        if (passSeconds(p) >= 0 && !p.outcome.startsWith(QLatin1String("error")))
            done.append(p);
    PassForecast f;
    if (done.size() < 2)
        return f;
    const quint64 last = passItems(done.last());
    const quint64 before = passItems(done.at(done.size() - 2));
    const double ratio = before ? std::min(1.0, double(last) / double(before)) : 0.0;
    f.items = quint64(double(last) * ratio + 0.5);

    double fixed = passSeconds(done.first());
    const PassRecord *longest = &done.first();
    for (const PassRecord &p : std::as_const(done)) {
        fixed = std::min(fixed, passSeconds(p));
        if (passSeconds(p) > passSeconds(*longest))
            longest = &p;
    }
    const quint64 longestItems = passItems(*longest);
    const double perItem = longestItems ? std::max(0.0, passSeconds(*longest) - fixed) / double(longestItems) : 0.0;
    f.seconds = fixed + double(f.items) * perItem;
    f.known = true;
    return f;
}

} // namespace ferry
