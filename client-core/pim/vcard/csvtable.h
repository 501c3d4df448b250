// CSV as written by Outlook and Google Contacts exports (RFC 4180 §2: quoted
// fields with "" escapes and line breaks inside, CRLF or LF). Tolerant: the
// delimiter is ',' or ';' (Outlook in some locales) or TAB, chosen from the
// header line; a UTF-8 or UTF-16 BOM is honoured; bytes that are not UTF-8 are
// read as windows-1252 (Outlook's "Windows" CSV). Qt has no CSV reader.
#pragma once

#include "vcard.h"

#include <QList>
#include <QStringList>

namespace ferry::pim {

struct CsvRow {
    int line = 0;       // 1-based line where the record starts
    QStringList cells;
};

struct CsvTable {
    QStringList header;
    QList<CsvRow> rows;          // without the header; empty records skipped
    QList<VCardIssue> issues;    // BadRecord: unterminated quote, ragged rows are fine
};

CsvTable parseCsv(const QByteArray &data);

} // namespace ferry::pim
