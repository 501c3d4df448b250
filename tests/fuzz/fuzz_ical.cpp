// Fuzz target: Ferry's iCalendar handling (pim/ical/) on the path the engine
// takes for calendar data: an .ics file is split into one resource per UID
// (icalsplit.h); each resource gets one of the edits Ferry makes (tzidrename.h,
// schedulingagent.h, calendaraddresses.h, keepindescription.h) and is checked
// (icalcheck.h, which also runs libical). The whole input is checked as a file too.
#include <pim/addressmap/addressmap.h>
#include <pim/ical/calendaraddresses.h>
#include <pim/ical/icalcheck.h>
#include <pim/ical/icalsplit.h>
#include <pim/ical/keepindescription.h>
#include <pim/ical/schedulingagent.h>
#include <pim/ical/taskpriority.h>
#include <pim/ical/tzidrename.h>

#include <cstdint>

// libical (linked through ferry_pim_ical) keeps temporary strings in a
// per-thread ring that frees them only when overwritten; emptying it after each
// input keeps mallocs and frees balanced, so libFuzzer does not run a full leak
// scan after nearly every input (a sixth of the run time without this).
extern "C" void icalmemory_free_ring(void);

using namespace ferry::pim;

namespace {

const AddressMap &addressMap()
{
    static const AddressMap map = [] {
        AddressMap m;
        m.addPair(QStringLiteral("me@old.example"), QStringLiteral("me@new.example"));
        m.addPattern(QStringLiteral("{local}@team.old.example"), QStringLiteral("{local}@team.new.example"));
        return m;
    }();
    return map;
}

// What PimTransformer does to one calendar object resource. Each edit parses
// the resource again, so one of them per input — chosen by the input's length,
// which the fuzzer varies all the time — runs on it, then the checks on what it
// produced: a third of the work of running all of them, same code reached.
void transform(QByteArray data, size_t choice)
{
    switch (choice % 5) {
    case 0:
        data = renameWindowsTimeZones(data).data;
        break;
    case 1:
        data = addScheduleAgentClient(data).data;
        break;
    case 2:
        data = mapCalendarAddresses(data, addressMap()).data;
        break;
    case 3:
        data = mapCalendarAddresses(data, addressMap(), AddressScope::Everywhere).data;
        break;
    default:
        data = keepInDescription(data, {QByteArrayLiteral("X-MOZ-LASTACK"), QByteArrayLiteral("ATTACH")}).data;
        break;
    }
    (void)schedulingSideEffects(data);
    (void)hasSchedulingSideEffects(data);
    const ICalCheck check = checkICalendar(data, ICalCheckMode::Resource);
    (void)check.allIssues();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const ICalSplit split = splitICalendar(bytes);
    for (const ICalResource &r : split.resources)
        transform(r.data, size);
    if (split.resources.isEmpty())
        transform(bytes, size);
    (void)checkICalendar(bytes, ICalCheckMode::File);
    (void)parsePriority(bytes.left(8));
    icalmemory_free_ring();
    return 0;
}
