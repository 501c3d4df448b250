// Task (and event) priority. Kept as the number it is (1–9) wherever both sides
// speak iCalendar; mapped with this table only where a side knows just
// high/normal/low (Exchange/Outlook "importance", Google Tasks, some CardDAV/
// CalDAV front ends). RFC 5545 §3.8.1.9 defines the ranges:
//
//   PRIORITY   level        level      PRIORITY
//   0          Undefined    Undefined  0   (no PRIORITY property is the same)
//   1–4        High         High       1
//   5          Normal       Normal     5
//   6–9        Low          Low        9
//
// The way back uses 1/5/9, the values Outlook and Apple Reminders write, so a
// round trip through a three-level side gives 1, 5 or 9. Values outside 0–9 are
// invalid (an issue from checkICalendar) and read as Undefined.
#pragma once

#include <QByteArrayView>

#include <optional>

namespace ferry::pim {

enum class PriorityLevel { Undefined, High, Normal, Low };

PriorityLevel priorityLevel(int priority);
int priorityValue(PriorityLevel level);

// A PRIORITY property value ("1", " 5 "); nullopt unless an integer 0–9.
std::optional<int> parsePriority(QByteArrayView value);

} // namespace ferry::pim
