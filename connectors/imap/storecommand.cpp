#include "storecommand.h"

#include "appendcommand.h"
#include "fetchcommand.h"

#include <QMap>

namespace ferry {

QList<ImapCommand> StoreCommand::commands(const QList<FlagChange> &changes)
{
    // Key: '+' or '-' followed by the sorted flag list; value: the UIDs.
    QMap<QByteArray, QList<quint64>> groups;
    auto add = [&](char sign, const QStringList &flags, quint64 uid) {
        QList<QByteArray> f = AppendCommand::storableFlags(flags);
        if (f.isEmpty())
            return;
        std::sort(f.begin(), f.end());
        groups[sign + f.join(' ')].append(uid);
    };
    for (const FlagChange &c : changes) {
        bool ok = false;
        const quint64 uid = c.id.toULongLong(&ok);
        if (!ok || !uid)
            continue;
        add('+', c.add, uid);
        add('-', c.remove, uid);
    }
    QList<ImapCommand> out;
    for (auto it = groups.cbegin(); it != groups.cend(); ++it) {
        const QByteArray &key = it.key();
        for (const QByteArray &set : FetchCommand::uidSets(it.value())) {
            ImapCommand c("UID STORE ");
            c.raw(set).raw(key.at(0) == '+' ? QByteArrayView(" +FLAGS.SILENT (") : QByteArrayView(" -FLAGS.SILENT ("));
            c.raw(QByteArrayView(key).sliced(1)).raw(")");
            out.append(std::move(c));
        }
    }
    return out;
}

} // namespace ferry
