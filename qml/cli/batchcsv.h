// The record layer of `ferry-cli batch USERS.csv`: RFC 4180 CSV (§2: records split
// by CRLF — LF alone is accepted too —, fields by commas; a field in double quotes
// may hold commas, line breaks and quotes written twice). UTF-8 with or without a
// BOM. Qt has no CSV reader, and the address-map one (pim/addressmap) is private
// to that module and guesses its separator, so this small one stays exact: every
// record keeps the line it starts on, for messages a person can find in the file.
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace ferry::cli {

struct CsvRecord {
    int line = 0;        // 1-based line of the file where the record starts
    QStringList fields;
};

struct CsvIssue {
    int line = 0;
    QString message;     // never quotes the field's text (a users file may hold secrets by mistake)
};

struct CsvTable {
    QList<CsvRecord> records;  // blank lines left out
    QList<CsvIssue> issues;    // malformed records (left out of `records`); reading went on after each
    bool utf8 = true;          // false: the bytes are not UTF-8 (nothing else is filled)
};

// Never fails as a whole: a record with a stray quote ("ab"c) or a quote that is
// never closed becomes an issue for its line and reading resumes at the next line
// break outside the broken field.
CsvTable readCsv(const QByteArray &data);

} // namespace ferry::cli
