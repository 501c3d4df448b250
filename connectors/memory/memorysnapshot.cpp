#include "memorysnapshot.h"

#include <QCryptographicHash>

#include <algorithm>
#include <tuple>

namespace ferry {

bool operator<(const MemorySnapshot::Message &a, const MemorySnapshot::Message &b)
{
    return std::tie(a.bytes, a.internalDate, a.flags) < std::tie(b.bytes, b.internalDate, b.flags);
}

void MemorySnapshot::add(const QString &folder, const QByteArray &bytes, QStringList flags,
                         const QByteArray &internalDate)
{
    flags.sort();
    Folder &f = folders[folder];
    Message m{bytes, flags, internalDate};
    f.messages.insert(std::upper_bound(f.messages.begin(), f.messages.end(), m), m);
}

void MemorySnapshot::normalize()
{
    for (Folder &f : folders) {
        for (Message &m : f.messages)
            m.flags.sort();
        std::sort(f.messages.begin(), f.messages.end());
    }
}

QString MemorySnapshot::describe() const
{
    QString out;
    for (auto it = folders.cbegin(); it != folders.cend(); ++it) {
        const Folder &f = *it;
        out += QStringLiteral("\n  %1%2%3%4 (%5 messages)")
                   .arg(it.key(), f.subscribed ? QStringLiteral(" [subscribed]") : QString(),
                        f.selectable ? QString() : QStringLiteral(" [noselect]"),
                        f.specialUse == SpecialUse::None
                            ? QString()
                            : QStringLiteral(" [use %1]").arg(int(f.specialUse)))
                   .arg(f.messages.size());
        for (const Message &m : f.messages) {
            const QByteArray head = m.bytes.left(40).replace('\r', ' ').replace('\n', ' ');
            out += QStringLiteral("\n    %1 bytes sha %2 \"%3\" flags(%4) date \"%5\"")
                       .arg(m.bytes.size())
                       .arg(QString::fromLatin1(QCryptographicHash::hash(m.bytes, QCryptographicHash::Sha256).toHex().left(12)),
                            QString::fromLatin1(head), m.flags.join(QLatin1Char(' ')),
                            QString::fromLatin1(m.internalDate));
        }
    }
    return out;
}

} // namespace ferry
