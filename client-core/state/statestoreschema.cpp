#include "statestoreschema.h"

#include <QSqlError>
#include <QSqlQuery>

#include <iterator>

namespace ferry::stateschema {

namespace {

Error failed(const QString &what, const QSqlError &e)
{
    // SQLITE_BUSY (5) / SQLITE_LOCKED (6): someone else holds the file longer than busy_timeout.
    const bool busy = e.nativeErrorCode() == QLatin1String("5") || e.nativeErrorCode() == QLatin1String("6");
    return Error::make(ErrorCode::Internal, what, e.text(), busy ? busyHint() : damagedHint());
}

Error execAll(QSqlDatabase &db, std::initializer_list<const char *> statements)
{
    QSqlQuery q(db);
    for (const char *sql : statements) {
        if (!q.exec(QString::fromLatin1(sql)))
            return failed(QStringLiteral("cannot create the state schema"), q.lastError());
    }
    return {};
}

// v0 -> v1: the initial schema.
// Byte-valued ids (UIDs, hrefs, Message-ID, INTERNALDATE) are TEXT holding Latin-1
// (each byte one character): exact round trip, and readable in the sqlite3 shell.
// Flags are one space-separated TEXT: IMAP flags are atoms, which cannot contain SP.
Error migrateTo1(QSqlDatabase &db)
{
    return execAll(db, {
        "CREATE TABLE meta("
        " key TEXT PRIMARY KEY NOT NULL,"
        " value TEXT NOT NULL)",

        "CREATE TABLE passes("
        " id INTEGER PRIMARY KEY AUTOINCREMENT,"
        " kind TEXT NOT NULL,"
        " started TEXT NOT NULL,"
        " finished TEXT,"
        " items_copied INTEGER NOT NULL DEFAULT 0,"
        " items_matched INTEGER NOT NULL DEFAULT 0,"
        " items_failed INTEGER NOT NULL DEFAULT 0,"
        " flags_updated INTEGER NOT NULL DEFAULT 0,"
        " bytes_copied INTEGER NOT NULL DEFAULT 0,"
        " outcome TEXT NOT NULL DEFAULT '')",

        "CREATE TABLE folders("
        " source_folder TEXT PRIMARY KEY NOT NULL,"
        " source_validity INTEGER NOT NULL DEFAULT 0,"
        " source_next_id INTEGER NOT NULL DEFAULT 0,"
        " source_change_token INTEGER NOT NULL DEFAULT 0,"
        " source_count INTEGER NOT NULL DEFAULT 0,"
        " target_folder TEXT NOT NULL DEFAULT '',"
        " target_validity INTEGER NOT NULL DEFAULT 0,"
        " target_next_before_pending INTEGER NOT NULL DEFAULT 0,"
        " complete INTEGER NOT NULL DEFAULT 0)",

        // WITHOUT ROWID: every lookup is by the composite key, which then is the
        // table's own b-tree instead of a second index beside a rowid table.
        "CREATE TABLE items("
        " source_folder TEXT NOT NULL,"
        " source_validity INTEGER NOT NULL,"
        " source_id TEXT NOT NULL,"
        " target_folder TEXT NOT NULL DEFAULT '',"
        " target_validity INTEGER NOT NULL DEFAULT 0,"
        " target_id TEXT NOT NULL DEFAULT '',"
        " message_id TEXT NOT NULL DEFAULT '',"
        " size INTEGER NOT NULL DEFAULT -1,"
        " internal_date TEXT NOT NULL DEFAULT '',"
        " flags TEXT NOT NULL DEFAULT '',"
        " outcome INTEGER NOT NULL,"
        " error TEXT NOT NULL DEFAULT '',"
        " pass_id INTEGER NOT NULL DEFAULT 0,"
        " PRIMARY KEY(source_folder, source_validity, source_id)) WITHOUT ROWID",

        // pendingItems(): a partial index holds only the rows in flight, so it
        // stays tiny and confirm() pays one index delete per row instead of
        // maintaining an (outcome, folder) entry for every row of the mailbox.
        // countItems() scans; it serves reports, not the hot path.
        "CREATE INDEX items_pending ON items(source_folder) WHERE outcome = 0",
    });
}

// v1 -> v2: contacts, calendars and tasks (DAV). A collection's sync token (or
// CTag) on both sides; per item the etags on both sides, the UID and the SHA-256
// of the bytes written to the target (hex), so the next pass can tell "changed on
// the source", "changed on the target" and "both" apart.
Error migrateTo2(QSqlDatabase &db)
{
    return execAll(db, {
        "ALTER TABLE folders ADD COLUMN source_sync_token TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE folders ADD COLUMN target_sync_token TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE items ADD COLUMN source_etag TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE items ADD COLUMN target_etag TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE items ADD COLUMN uid TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE items ADD COLUMN fingerprint TEXT NOT NULL DEFAULT ''",
    });
}

// v2 -> v3: the mail date window a folder's high-water mark belongs to, and the
// number of messages that pass left out for being outside it (DateWindow).
Error migrateTo3(QSqlDatabase &db)
{
    return execAll(db, {
        "ALTER TABLE folders ADD COLUMN date_window TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE folders ADD COLUMN outside_window INTEGER NOT NULL DEFAULT 0",
    });
}

// v3 -> v4: each pass's counts per data type (JSON), for the pass history.
Error migrateTo4(QSqlDatabase &db)
{
    return execAll(db, {
        "ALTER TABLE passes ADD COLUMN per_type TEXT NOT NULL DEFAULT '{}'",
    });
}

using MigrationFn = Error (*)(QSqlDatabase &);
// kMigrations[i] migrates version i to i + 1.
constexpr MigrationFn kMigrations[] = {
    migrateTo1,
    migrateTo2,
    migrateTo3,
    migrateTo4,
};
static_assert(std::size(kMigrations) == kLatestVersion, "one migration per schema version");

} // namespace

QString damagedHint()
{
    return QStringLiteral("the state file may be damaged; move it aside to start over");
}

QString busyHint()
{
    return QStringLiteral("another Ferry run may be using this state file; wait for it or stop it");
}

Result<int> migrate(QSqlDatabase &db)
{
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("BEGIN IMMEDIATE")))
        return failed(QStringLiteral("cannot read the state file"), q.lastError());

    auto rollback = [&db](Error e) -> Result<int> {
        QSqlQuery(db).exec(QStringLiteral("ROLLBACK"));
        return e;
    };

    if (!q.exec(QStringLiteral("PRAGMA user_version")) || !q.next())
        return rollback(failed(QStringLiteral("cannot read the state file's schema version"), q.lastError()));
    const int found = q.value(0).toInt();
    q.finish();

    if (found > kLatestVersion) {
        return rollback(Error::make(
            ErrorCode::Internal,
            QStringLiteral("the state file has schema version %1; this Ferry knows up to %2").arg(found).arg(kLatestVersion),
            {},
            QStringLiteral("it was written by a newer Ferry: use that version, or move the state file aside to start over")));
    }
    if (found < 0)
        return rollback(Error::make(ErrorCode::Internal,
                                    QStringLiteral("the state file has an invalid schema version %1").arg(found), {},
                                    damagedHint()));

    for (int v = found; v < kLatestVersion; ++v) {
        if (Error e = kMigrations[v](db))
            return rollback(e);
    }
    if (found != kLatestVersion
        && !q.exec(QStringLiteral("PRAGMA user_version = %1").arg(kLatestVersion)))
        return rollback(failed(QStringLiteral("cannot record the state schema version"), q.lastError()));

    // Nothing was written when the file was current; COMMIT of an empty
    // transaction is free.
    if (!q.exec(QStringLiteral("COMMIT")))
        return rollback(failed(QStringLiteral("cannot commit the state schema"), q.lastError()));
    return kLatestVersion;
}

} // namespace ferry::stateschema
