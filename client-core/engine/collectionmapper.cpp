#include "collectionmapper.h"

#include <QSet>

namespace ferry {

namespace {

bool sameKind(const FolderInfo &a, const FolderInfo &b)
{
    return (a.kind == ItemKind::Contact) == (b.kind == ItemKind::Contact);
}

// Can `target` hold everything `source` holds?
bool holds(const FolderInfo &target, const FolderInfo &source)
{
    if (!sameKind(source, target))
        return false;
    if (target.kind == ItemKind::Contact || target.collection.components.isEmpty())
        return true; // no component set: the server allows every type
    const QStringList need = source.collection.components.isEmpty()
        ? QStringList{QStringLiteral("VEVENT"), QStringLiteral("VTODO")}
        : source.collection.components;
    for (const QString &c : need)
        if (!target.collection.components.contains(c, Qt::CaseInsensitive))
            return false;
    return true;
}

QString nameOf(const FolderInfo &f) { return f.ref.path.isEmpty() ? QString() : f.ref.path.last(); }

} // namespace

bool CollectionMapper::isDefaultName(const QString &name)
{
    static const QSet<QString> names{
        QStringLiteral("default"), QStringLiteral("calendar"), QStringLiteral("calendars"), QStringLiteral("personal"),
        QStringLiteral("home"), QStringLiteral("contacts"), QStringLiteral("addressbook"), QStringLiteral("card"),
        QStringLiteral("events"), QStringLiteral("tasks"), QStringLiteral("kalender"), QStringLiteral("kontakte"),
    };
    return names.contains(name.toLower());
}

QList<CollectionMapping> CollectionMapper::map(const QList<FolderInfo> &source, const QList<FolderInfo> &target)
{
    QList<CollectionMapping> out;
    QSet<int> taken;
    QSet<QString> usedNames;
    for (const FolderInfo &t : target)
        usedNames.insert(nameOf(t));

    const auto pick = [&](const FolderInfo &s, auto &&matches) -> int {
        for (int i = 0; i < target.size(); ++i)
            if (!taken.contains(i) && holds(target[i], s) && matches(target[i]))
                return i;
        return -1;
    };

    // Exact names first for every source, so a default-name fallback never steals
    // a collection another source matches by name.
    QList<int> chosen(source.size(), -1);
    for (int k = 0; k < source.size(); ++k) {
        const int i = pick(source[k], [&](const FolderInfo &t) { return nameOf(t) == nameOf(source[k]); });
        if (i >= 0) {
            chosen[k] = i;
            taken.insert(i);
        }
    }
    for (int k = 0; k < source.size(); ++k) {
        if (chosen[k] >= 0)
            continue;
        const FolderInfo &s = source[k];
        int i = -1;
        if (!s.collection.displayName.isEmpty())
            i = pick(s, [&](const FolderInfo &t) {
                return t.collection.displayName.compare(s.collection.displayName, Qt::CaseInsensitive) == 0;
            });
        if (i < 0 && isDefaultName(nameOf(s)))
            i = pick(s, [](const FolderInfo &t) { return isDefaultName(nameOf(t)); });
        if (i >= 0) {
            chosen[k] = i;
            taken.insert(i);
        }
    }

    for (int k = 0; k < source.size(); ++k) {
        CollectionMapping m;
        m.source = source[k];
        if (chosen[k] >= 0) {
            m.target = target[chosen[k]];
            m.targetExists = true;
        } else {
            m.target = source[k];
            m.target.nativeName.clear(); // the target connector places it in its home
            QString name = nameOf(source[k]);
            for (int n = 2; usedNames.contains(name); ++n)
                name = nameOf(source[k]) + QLatin1Char('-') + QString::number(n);
            usedNames.insert(name);
            m.target.ref = FolderRef{{name}};
        }
        out.append(m);
    }
    return out;
}

} // namespace ferry
