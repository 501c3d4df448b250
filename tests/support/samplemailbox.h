// The small mailbox the engine tests copy around (in-memory server): nesting,
// non-ASCII and '&' names, an empty folder, a special-use folder, keywords, no
// Message-ID, a duplicate Message-ID with different content, dates from 1970 to
// 2037, and one message large enough to spool. Shared by tst_migrationengine and
// the archive tests so both prove their round trips on the same shapes.
#pragma once

#include <memory/memoryserver.h>

namespace ferry::test {

inline QByteArray sampleMessage(int n, const QByteArray &folder, bool withId = true, int padKb = 0)
{
    QByteArray m = "From: a@example.org\r\nTo: b@example.org\r\nSubject: test " + QByteArray::number(n) + " in " + folder + "\r\n";
    if (withId)
        m += "Message-ID: <" + QByteArray::number(n) + "." + folder.toHex() + "@example.org>\r\n";
    m += "\r\nBody " + QByteArray::number(n) + "\r\n";
    if (padKb)
        m += QByteArray(padKb * 1024, 'x') + "\r\n";
    return m;
}

inline void fillSampleMailbox(MemoryServer &m)
{
    m.addFolder(QStringLiteral("Sent"), SpecialUse::Sent, true);
    m.addFolder(QStringLiteral("Work/2024/Q1/Projects/Deep"), SpecialUse::None, true);
    m.addFolder(QStringLiteral("Büro & Co 🚢"), SpecialUse::None, false);
    m.addFolder(QStringLiteral("Empty"), SpecialUse::None, true);
    for (int i = 0; i < 9; ++i)
        m.addMessage(QStringLiteral("INBOX"), sampleMessage(i, "inbox"),
                     i % 2 ? QStringList{QStringLiteral("\\Seen"), QStringLiteral("$label1")} : QStringList{},
                     "0" + QByteArray::number(1 + i) + "-Jan-2020 10:00:00 +0100");
    m.addMessage(QStringLiteral("INBOX"), sampleMessage(100, "inbox", false), {QStringLiteral("\\Flagged")},
                 "01-Jan-1970 00:00:00 +0000");
    const QByteArray dupA = sampleMessage(200, "x"), dupB = sampleMessage(200, "x") + "different body\r\n";
    m.addMessage(QStringLiteral("INBOX"), dupA, {}, "31-Dec-2037 23:59:59 -0800");
    m.addMessage(QStringLiteral("INBOX"), dupB, {}, "31-Dec-2037 23:59:59 -0800");
    for (int i = 0; i < 4; ++i)
        m.addMessage(QStringLiteral("Sent"), sampleMessage(i, "sent"), {QStringLiteral("\\Seen"), QStringLiteral("$Forwarded")},
                     "15-Mar-2021 08:30:00 +0000");
    for (int i = 0; i < 3; ++i)
        m.addMessage(QStringLiteral("Work/2024/Q1/Projects/Deep"), sampleMessage(i, "deep"), {QStringLiteral("NonJunk")},
                     "15-Mar-2022 08:30:00 +0530");
    m.addMessage(QStringLiteral("Büro & Co 🚢"), sampleMessage(1, "buero", true, 3 * 1024), {QStringLiteral("\\Answered")},
                 "01-Feb-2023 12:00:00 +0100");
}

} // namespace ferry::test
