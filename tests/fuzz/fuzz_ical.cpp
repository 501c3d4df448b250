// Fuzz target: Ferry's iCalendar handling (pim/ical/) on the path the engine
// takes for calendar data: an .ics file is split into one resource per UID
// (icalsplit.h); each resource gets the edits Ferry makes (tzidrename.h,
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

// What PimTransformer does to one calendar object resource.
void transform(QByteArray data)
{
    data = renameWindowsTimeZones(data).data;
    data = addScheduleAgentClient(data).data;
    data = mapCalendarAddresses(data, addressMap()).data;
    data = mapCalendarAddresses(data, addressMap(), AddressScope::Everywhere).data;
    (void)schedulingSideEffects(data);
    (void)hasSchedulingSideEffects(data);
    const ICalCheck check = checkICalendar(data, ICalCheckMode::Resource);
    (void)check.allIssues();
    data = keepInDescription(data, {QByteArrayLiteral("X-MOZ-LASTACK"), QByteArrayLiteral("ATTACH")}).data;
    (void)checkICalendar(data, ICalCheckMode::Resource);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const ICalSplit split = splitICalendar(bytes);
    for (const ICalResource &r : split.resources)
        transform(r.data);
    if (split.resources.isEmpty())
        transform(bytes);
    (void)checkICalendar(bytes, ICalCheckMode::File);
    (void)parsePriority(bytes.left(8));
    icalmemory_free_ring();
    return 0;
}
