// Maps the server's mailbox names to FolderRef and back.
//
//   native → FolderRef: "INBOX" (any case) is {"INBOX"}; otherwise the personal
//   namespace prefix (RFC 2342, e.g. "INBOX." on Maildir++ servers) is removed,
//   the rest split on the hierarchy separator and each segment decoded from
//   modified UTF-7 (RFC 3501 §5.1.3).
//   FolderRef → native: the reverse. A segment that contains the server's
//   separator cannot be expressed as is; the separator character inside a segment
//   is written as its fullwidth form (U+FF01–U+FF5E: '.' → '．' U+FF0E,
//   '/' → '／' U+FF0F, '\' → '＼' U+FF3C) and read back as the separator, so a
//   folder created from {"v1.2"} on a '.' server lists as {"v1.2"} again. (The
//   one ambiguity: a segment really containing that fullwidth character reads back
//   as the ASCII one.)
//
// Without a separator (flat server) a path is joined with '/'.
//
// Other users' and shared namespaces (RFC 2342 §5, setForeign()): a name inside
// one maps to the foreign FolderRef {"", <whole native name split at that
// namespace's separator>} (see FolderRef), so it never collides with a personal
// folder, and describe() tells whose it is.
#pragma once

#include <connector/connector.h>

#include <QByteArray>
#include <QList>

namespace ferry {

class ImapFolderNames {
public:
    void setPersonal(const QByteArray &prefix, char separator);
    struct Foreign {
        QByteArray prefix;
        char separator = 0;
        NamespaceKind kind = NamespaceKind::OtherUsers;
    };
    // The other users' and shared namespaces (empty prefixes are ignored).
    void setForeign(const QList<Foreign> &namespaces);
    // Compatibility: prefixes only, separator as the personal one, kind OtherUsers.
    void setForeignPrefixes(const QList<QByteArray> &prefixes);
    const QList<Foreign> &foreign() const { return m_foreign; }
    // The foreign namespace `native` is in (longest prefix), or null.
    const Foreign *foreignFor(const QByteArray &native) const;
    // Sets namespaceKind, owner and pathInNamespace of a listed folder. False for a
    // namespace's own root or an other-users name without an owner segment.
    bool describe(const QByteArray &native, FolderInfo &info) const;

    const QByteArray &prefix() const { return m_prefix; }
    char separator() const { return m_separator; }

    FolderRef toRef(const QByteArray &native) const;
    QByteArray toNative(const FolderRef &ref) const;
    // INBOX, or a name inside the personal namespace (not a foreign one).
    bool isPersonal(const QByteArray &native) const;

    static bool isInboxName(QByteArrayView native);

private:
    QByteArray m_prefix;
    char m_separator = '/';
    QList<Foreign> m_foreign;
};

} // namespace ferry
