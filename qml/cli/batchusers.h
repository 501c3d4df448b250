// The people of `ferry-cli batch USERS.csv`: the header names the columns (any
// order, case ignored) —
//   name, from, to, from_password, to_password     required
//   from_dav, to_dav, map_address, only            optional
// `from`/`to` are imaps://USER@HOST[:PORT] as for migrate, `from_dav`/`to_dav`
// https://USER@HOST[:PORT][/path] (a row may give mail, DAV or both; the DAV
// accounts use the same password references). Password cells are references
// (batchsecret.h). `map_address` is one OLD=NEW rule (pim::AddressMap::addRule);
// when `from` and `to` (else the DAV accounts) log in with mail addresses, the old
// one maps to the new one, as the app does. `only` lists data types (mail,
// contacts, calendar, tasks; separated by commas, semicolons or spaces).
//
// A broken header is an error for the whole file; a broken row becomes a person
// with `problems` (its line number in every message) and the others go on.
#pragma once

#include "batchsecret.h"

#include <connector/endpoint.h>
#include <error.h>
#include <pim/addressmap/addressmap.h>

#include <QList>
#include <QString>
#include <QStringList>

namespace ferry::cli {

struct BatchPerson {
    int line = 0;               // where the row starts in the file ("row N" in messages)
    QString name;
    QString reportName;         // file-system safe, unique in the batch: reports go to reportName + ".json"
    Endpoint source, target;    // mail; scheme empty = none (no passwords yet)
    Endpoint davSource, davTarget;
    SecretRef fromPassword, toPassword;
    QStringList only;           // data types for this person (row ∩ --only); empty = all
    pim::AddressMap addresses;  // map_address and the person's own old → new address
    QStringList problems;       // non-empty: the row is broken and is not run

    bool ok() const { return problems.isEmpty(); }
    bool hasMail() const { return !source.scheme.isEmpty(); }
    // "row 3 (anna)", or "row 3" when the row has no name.
    QString label() const;
    // "row 3 (anna): to_password must be …; …" — everything wrong, on one line.
    QString problemText() const;
    // The two account URLs that name the person's journal (MigrationOptions::journalSource/-Target).
    QString journalKey() const;
};

// The file's people in file order. Error (ErrorCode::Usage) when the file is not
// UTF-8, has no header, or the header is broken (an unknown, repeated or missing
// column). `batchOnly` is the batch's --only (empty = all).
Result<QList<BatchPerson>> parseBatchUsers(const QByteArray &csv, const QStringList &batchOnly = {});

// A file-system safe base name for `name`: letters, digits, '.', '-' and '_' kept,
// anything else '_', no leading dot, at most 80 characters; "person" when nothing
// is left, and "summary" (the batch's own file) becomes "summary_".
QString safeReportName(const QString &name);

} // namespace ferry::cli
