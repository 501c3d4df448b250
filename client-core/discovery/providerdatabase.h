// Ferry's bundled provider database: one Thunderbird autoconfig file per
// provider (ISPDB format, see autoconfigparser.h) in assets/providers/, built
// into the library as the Qt resource ":/ferry/providers/". Optionally extra
// files from a directory (an administrator's own entries), which win over the
// bundled ones for the domains they name.
//
// Look-ups:
//   - by e-mail domain: the provider whose <domain> list has it (case-insensitive;
//     Unicode and ACE/punycode spellings both work);
//   - by MX host (custom domains hosted at a big provider): the provider with the
//     longest <ferry:mxDomain> that equals the host or is a parent of it on a
//     label boundary ("alt1.aspmx.l.google.com" is under "google.com";
//     "notgoogle.com" is not).
#pragma once

#include "autoconfigparser.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

namespace ferry {

class ProviderDatabase {
public:
    struct Entry {
        AutoconfigConfig config;
        QString origin;          // ":/ferry/providers/gmail.com.xml" or a file path
    };

    ProviderDatabase() = default;

    // The files built into the library. A bundled file that does not parse is
    // listed in loadErrors() (tst_providerdatabase keeps that list empty).
    static ProviderDatabase bundled();
    static QString bundledPrefix() { return QStringLiteral(":/ferry/providers/"); }

    // Adds every *.xml in `directory`. Files that do not parse are listed in
    // loadErrors() and skipped; a missing directory is an Error (Usage).
    Error addDirectory(const QString &directory);
    // Adds one parsed provider; its domains and MX domains replace earlier owners.
    void add(AutoconfigConfig config, const QString &origin);

    const Entry *findByDomain(const QString &domain) const;
    const Entry *findByMxHost(const QString &mxHost) const;

    const QList<Entry> &entries() const { return m_entries; }
    const QStringList &loadErrors() const { return m_loadErrors; }

    // Lower case, no trailing dot, ACE (punycode) form; empty when not a host name.
    static QString normalizeDomain(const QString &domain);

private:
    void addFile(const QString &path);

    QList<Entry> m_entries;
    QHash<QString, int> m_byDomain;
    QHash<QString, int> m_byMxDomain;
    QStringList m_loadErrors;
};

} // namespace ferry
