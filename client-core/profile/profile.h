// A helpdesk profile: one JSON file a helpdesk hands out so that the person only
// types their addresses and passwords (`ferry --profile FILE`, `ferry-cli …
// --profile FILE`). It pre-sets the servers of both accounts, what to move, folder
// and address mapping rules, a connection cap and the helpdesk's contact text; the
// app skips the steps it settles. It never holds a password (a "password" key
// anywhere is refused).
//
//   {"ferryProfile": 1,
//    "helpdesk": {"name": "Example IT", "contact": "Call 0800 123 456", "url": "https://help.example.org"},
//    "old": {"imapHost": "imap.old.example", "imapPort": 993, "davUrl": "https://dav.old.example/",
//            "userName": "{email}"},                 // or "{local}", or a fixed name
//    "new": {…},
//    "what": {"only": ["mail", "contacts"], "skipFolders": ["Junk"], "mailSince": "2020-01-01",
//             "mailUntil": ""},                      // present = the app does not ask
//    "folderRules": ["Old Archive=Archive/Old"],
//    "addressMap": ["{local}@old.example={local}@new.example"],
//    "connections": 2}
#pragma once

#include "../engine/migrationoptions.h"
#include "../error.h"

#include <QString>
#include <QStringList>

namespace ferry {

struct AccountPreset {
    QString imapHost;
    int imapPort = 993;
    QString davUrl;
    QString userName;           // "{email}" (default), "{local}" or a fixed name

    bool isEmpty() const { return imapHost.isEmpty() && davUrl.isEmpty(); }
    // The login name for `email` ("anna@old.example") under userName's template.
    QString userFor(const QString &email) const;
    // imaps://USER@HOST:PORT for `email`; empty without an IMAP host.
    QString mailUrl(const QString &email) const;
    // The davUrl with USER@ in front of its host; empty without one.
    QString davUrlFor(const QString &email) const;
};

struct Profile {
    QString path;
    QString helpdeskName;
    QString helpdeskContact;
    QString helpdeskUrl;
    AccountPreset old;
    AccountPreset target;       // "new"
    bool whatIsSet = false;     // "what" present: the app does not ask what to move
    QStringList only;
    QStringList skipFolders;
    DateWindow mailWindow;
    QList<FolderRule> folderRules;
    QStringList addressRules;
    int connections = 0;        // 0 = not set

    // Reads and checks the file; every problem names the key and says what to write.
    static Result<Profile> load(const QString &path);
    static Result<Profile> parse(const QByteArray &json, const QString &path = {});
    // What the profile sets in `o` (what to move, rules, cap); accounts are the caller's.
    void applyTo(MigrationOptions &o) const;
    // "Example IT: Call 0800 123 456 (https://help.example.org)", or empty.
    QString contactLine() const;
};

} // namespace ferry
