// Dates of BDAY, ANNIVERSARY and friends in every spelling Ferry meets:
// vCard 4.0 date-and-or-time (RFC 6350 §4.3.4: "19850412", "1985-04", "1985",
// "--0412", "---12", "19531015T231000Z", "T1022"), vCard 3.0/2.1 ISO 8601
// (RFC 2426 §3.1.5: "1985-04-12", "1953-10-15T23:10:00Z") and the year-less
// forms of real exports ("--04-12", Apple's "1604-04-12" + X-APPLE-OMIT-YEAR).
#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace ferry::pim {

struct VCardDate {
    int year = -1;   // -1: not given
    int month = -1;
    int day = -1;
    QByteArray time; // "T…" as written, empty if none

    bool hasDate() const { return year >= 0 || month >= 0 || day >= 0; }
    // A full date, or a month+day without year: what vCard 3.0 can hold.
    bool isFullDate() const { return year >= 0 && month >= 0 && day >= 0; }
    bool isYearless() const { return year < 0 && month >= 0 && day >= 0; }
};

// Accepts all the spellings above; false for anything else, including dates that
// do not exist (month 13, 30 February in a known year; 29 February without year is fine).
bool parseVCardDate(QByteArrayView value, VCardDate *out);

// vCard 4.0 basic format: "19850412", "--0412", "1985-04", "1985", "---12", + "T…" in basic form.
QByteArray formatVCardDate40(const VCardDate &d);
// vCard 3.0 extended format "1985-04-12" (+ time in extended form); only for isFullDate().
QByteArray formatVCardDate30(const VCardDate &d);

// The year Apple writes for "no year" together with X-APPLE-OMIT-YEAR=1604.
inline constexpr int kAppleOmitYear = 1604;

} // namespace ferry::pim
