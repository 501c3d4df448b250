// libical as a checker: parses one iCalendar object and collects the X-LIC-ERROR
// properties libical inserts where it could not read something. Ferry never
// writes libical's re-serialization; the bytes stay the user's.
//
// libical's error handling is process-global: a "fatal" error state calls
// assert()/abort() (icalerror.h), and the fatal switch, the per-error state table
// and the unknown-token setting are plain globals that libical documents as not
// thread safe to change. So: the first call (std::call_once) switches every error
// to non-fatal and leaves it so for the life of the process — nothing in Ferry
// turns it back — and every parse runs under one mutex, which also covers
// icalerrno on builds without thread-local storage. Parses are short; the mutex
// costs a little parallelism and buys a parser that can never abort the process.
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace ferry::pim::detail {

struct LibicalResult {
    bool parsed = false;          // libical returned a component
    QList<QString> errors;        // X-LIC-ERROR texts, "VEVENT: <text>", in document order
};

LibicalResult parseWithLibical(const QByteArray &object);

// Makes libical's errors non-fatal (idempotent, thread safe). Every entry point
// that hands data to libical calls it first.
void ensureLibicalNonFatal();

} // namespace ferry::pim::detail
