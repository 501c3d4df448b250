// ferry-cli's command line. Passwords are never accepted here: they come from
// FERRY_FROM_PASSWORD / FERRY_TO_PASSWORD or a no-echo prompt (see terminal.h).
#pragma once

#include <connector/endpoint.h>
#include <engine/datewindow.h>
#include <profile/profile.h>
#include <error.h>

#include <QString>
#include <QStringList>

namespace ferry::cli {

struct CommandLine {
    QString command;              // "migrate", "verify", "check", "export", "import", "archive", "help", "version"
    QString from;                 // mail (imaps://)
    QString to;
    QString fromDav;              // contacts, calendars, tasks (https://)
    QString toDav;
    QStringList fromFiles;        // .vcf / .ics / contacts CSV / LDIF exports, copied to --to-dav
    QStringList only;             // "mail", "contacts", "calendar", "tasks"; empty = all
    QStringList skipFolders;      // source folders / collections left out (as `check` names them)
    DateWindow mailWindow;        // --since / --until (mail only; inclusive days)
    QStringList mapAddresses;     // "OLD=NEW" (exact, or a {local} pattern)
    QStringList mapFiles;         // CSV files of OLD,NEW pairs
    QStringList caFiles;
    QString fromPin;
    QString toPin;
    QString stateDir;
    QString reportFile;
    bool json = false;
    bool dryRun = false;
    bool includeShared = false;   // --include-shared: copy other users' and shared folders under Shared/
    bool final = false;           // migrate --final: the cutover pass, verified afterwards
    QString htmlFile;             // --html FILE: the report as one self-contained page
    QString archive;              // export / import / archive verify: the archive's directory
    bool encrypt = false;         // export --encrypt: ask for a passphrase (or FERRY_ARCHIVE_PASSPHRASE)
    QStringList folderRules;      // --map-folder FROM=TO
    QString trace;                // --trace DIR: redacted protocol traces for a helpdesk
    QString profile;              // --profile FILE: a helpdesk's presets (profile/profile.h)
    std::optional<Profile> loadedProfile; // set by resolveProfile()
    int connections = 4;
    int ioTimeoutSeconds = 60;

    static Result<CommandLine> parse(const QStringList &args);
    // With --profile: loads it, and turns a bare address (--from anna@old.example) into
    // the account on the profile's servers; the profile's address rules come first.
    Error resolveProfile();
    static QString usage();
};

} // namespace ferry::cli
