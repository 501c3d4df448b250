#include "taskpriority.h"

namespace ferry::pim {

PriorityLevel priorityLevel(int priority)
{
    if (priority >= 1 && priority <= 4)
        return PriorityLevel::High;
    if (priority == 5)
        return PriorityLevel::Normal;
    if (priority >= 6 && priority <= 9)
        return PriorityLevel::Low;
    return PriorityLevel::Undefined;
}

int priorityValue(PriorityLevel level)
{
    switch (level) {
    case PriorityLevel::High: return 1;
    case PriorityLevel::Normal: return 5;
    case PriorityLevel::Low: return 9;
    case PriorityLevel::Undefined: break;
    }
    return 0;
}

std::optional<int> parsePriority(QByteArrayView value)
{
    value = value.trimmed();
    if (value.isEmpty())
        return std::nullopt;
    for (const char c : value)
        if (c < '0' || c > '9')
            return std::nullopt;
    const int p = value.toInt();
    if (p > 9)
        return std::nullopt;
    return p;
}

} // namespace ferry::pim
