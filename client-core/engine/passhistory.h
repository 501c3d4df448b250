// The passes of a migration as people watch them: each copies less than the one
// before (only what is new), and the next one's length can be foretold from them,
// so a person knows how long the cutover pass after the mail exchanger switch
// will keep them waiting.
//
// Forecast (documented so it can be argued with): from the finished passes,
//   items(next)   = items(last) × min(1, items(last) / items(before last))
//                   (passes shrink geometrically while people keep using the old
//                   account; a pass that grew predicts no further shrinking);
//   seconds(next) = fixed + items(next) × per-item,
//                   fixed    = the shortest pass's duration (what an empty pass costs:
//                              logins, listings, STATUS),
//                   per-item = (longest − fixed) / items(longest).
// Fewer than two finished passes: no forecast.
#pragma once

#include "../state/statestore.h"

#include <QList>

namespace ferry {

struct PassForecast {
    bool known = false;
    quint64 items = 0;
    double seconds = 0;
};

// Seconds from start to finish; -1 while running or when it crashed.
double passSeconds(const PassRecord &p);
// Items a pass moved: copied + failed attempts (what it had to deal with).
quint64 passItems(const PassRecord &p);
PassForecast forecastNextPass(const QList<PassRecord> &passes);

} // namespace ferry
