#include "foldermapper.h"

#include <QHash>
#include <QSet>

namespace ferry {

QStringList FolderMapper::fallbackNames(SpecialUse use)
{
    switch (use) {
    case SpecialUse::Sent:
        return {QStringLiteral("Sent"), QStringLiteral("Sent Items"), QStringLiteral("Sent Messages"),
                QStringLiteral("Sent Mail"), QStringLiteral("Gesendet"), QStringLiteral("Gesendete Elemente"),
                QStringLiteral("Gesendete Objekte"), QStringLiteral("Envoyés"), QStringLiteral("Éléments envoyés"),
                QStringLiteral("Enviados"), QStringLiteral("Posta inviata"), QStringLiteral("Verzonden items")};
    case SpecialUse::Drafts:
        return {QStringLiteral("Drafts"), QStringLiteral("Entwürfe"), QStringLiteral("Brouillons"),
                QStringLiteral("Borradores"), QStringLiteral("Bozze"), QStringLiteral("Concepten")};
    case SpecialUse::Trash:
        return {QStringLiteral("Trash"), QStringLiteral("Deleted Items"), QStringLiteral("Deleted Messages"),
                QStringLiteral("Bin"), QStringLiteral("Papierkorb"), QStringLiteral("Gelöschte Elemente"),
                QStringLiteral("Corbeille"), QStringLiteral("Papelera"), QStringLiteral("Cestino"),
                QStringLiteral("Prullenbak")};
    case SpecialUse::Junk:
        return {QStringLiteral("Junk"), QStringLiteral("Spam"), QStringLiteral("Junk E-mail"),
                QStringLiteral("Junk Email"), QStringLiteral("Bulk Mail"), QStringLiteral("Junk-E-Mail"),
                QStringLiteral("Courrier indésirable"), QStringLiteral("Correo no deseado")};
    case SpecialUse::Archive:
        return {QStringLiteral("Archive"), QStringLiteral("Archives"), QStringLiteral("Archiv"),
                QStringLiteral("Archivo"), QStringLiteral("Archivio")};
    case SpecialUse::All:
        return {QStringLiteral("All Mail")};
    case SpecialUse::Flagged:
        return {QStringLiteral("Flagged"), QStringLiteral("Starred")};
    case SpecialUse::None:
    case SpecialUse::Inbox:
        break;
    }
    return {};
}

namespace {
QString key(const FolderRef &r)
{
    // INBOX is case-insensitive; other names are compared exactly.
    return r.isInbox() ? QStringLiteral("INBOX") : r.display();
}
} // namespace

bool FolderRule::parse(const QString &text, FolderRule *out, QString *why)
{
    const int eq = text.indexOf(QLatin1Char('='));
    const FolderRef from = FolderRef::fromDisplay(text.left(eq).trimmed());
    const FolderRef to = FolderRef::fromDisplay(text.mid(eq + 1).trimmed());
    if (eq < 0 || from.isEmpty() || to.isEmpty()) {
        if (why)
            *why = QStringLiteral("write FROM=TO, e.g. \"Old Archive=Archive/Old\" (folders separated by /)");
        return false;
    }
    if (out)
        *out = FolderRule{from, to};
    return true;
}

namespace {
// The rule with the longest FROM that `ref` is at or below; null if none.
const FolderRule *ruleFor(const FolderRef &ref, const QList<FolderRule> &rules)
{
    const FolderRule *best = nullptr;
    for (const FolderRule &r : rules) {
        if (r.from.path.size() > ref.path.size() || ref.path.mid(0, r.from.path.size()) != r.from.path)
            continue;
        if (!best || r.from.path.size() > best->from.path.size())
            best = &r;
    }
    return best;
}
} // namespace

FolderRef FolderMapper::sharedTarget(const FolderInfo &folder)
{
    QString top = folder.owner;
    if (top.isEmpty() && folder.ref.path.size() > 1)
        top = folder.ref.path.at(1);
    FolderRef out{{QStringLiteral("Shared")}};
    if (!top.isEmpty())
        out.path.append(top);
    out.path += folder.pathInNamespace;
    return out;
}

QList<FolderMapping> FolderMapper::map(const QList<FolderInfo> &source, const QList<FolderInfo> &allTarget,
                                       const QList<FolderRule> &rules, bool includeShared)
{
    QList<FolderInfo> target;
    for (const FolderInfo &t : allTarget)
        if (!isForeign(t))
            target.append(t);
    QHash<QString, const FolderInfo *> byPath;
    QHash<SpecialUse, const FolderInfo *> byUse;
    for (const FolderInfo &t : target) {
        byPath.insert(key(t.ref), &t);
        if (t.specialUse != SpecialUse::None && !byUse.contains(t.specialUse))
            byUse.insert(t.specialUse, &t);
    }
    // Case-insensitive top-level lookup for the fallback names.
    QHash<QString, const FolderInfo *> topLevelLower;
    for (const FolderInfo &t : target)
        if (t.ref.path.size() == 1)
            topLevelLower.insert(t.ref.path.first().toLower(), &t);

    QList<FolderMapping> out;
    QSet<QString> takenByRole;
    for (const FolderInfo &s : source) {
        FolderMapping m;
        m.source = s;
        m.target = s.ref;
        if (isForeign(s)) {
            if (!includeShared)
                continue;
            m.target = sharedTarget(s);
        } else if (const FolderRule *rule = ruleFor(s.ref, rules)) {
            m.target = FolderRef{rule->to.path + s.ref.path.mid(rule->from.path.size())};
            m.note = QStringLiteral("moved to %1 by a folder rule").arg(m.target.display());
        } else if (s.ref.isInbox()) {
            m.target = FolderRef{{QStringLiteral("INBOX")}};
        } else if (s.specialUse != SpecialUse::None && s.specialUse != SpecialUse::Inbox) {
            const FolderInfo *t = byUse.value(s.specialUse);
            if (!t) {
                for (const QString &name : fallbackNames(s.specialUse)) {
                    if ((t = topLevelLower.value(name.toLower())))
                        break;
                }
                if (t)
                    m.note = QStringLiteral("mapped to the target's usual %1 folder").arg(QString::fromLatin1(specialUseAttribute(s.specialUse)));
            } else if (t->ref != s.ref) {
                m.note = QStringLiteral("mapped to the target's %1 folder").arg(QString::fromLatin1(specialUseAttribute(s.specialUse)));
            }
            // Two source folders with the same role: only the first takes the role's folder.
            if (t && !takenByRole.contains(key(t->ref))) {
                m.target = t->ref;
                takenByRole.insert(key(t->ref));
            } else {
                m.createWithUse = byUse.contains(s.specialUse) ? SpecialUse::None : s.specialUse;
                m.note.clear();
            }
        }
        const FolderInfo *existing = byPath.value(key(m.target));
        m.targetExists = existing && existing->selectable;
        if (existing && !existing->selectable)
            m.targetExists = false;
        m.subscribeOnTarget = s.subscribed && !(existing && existing->subscribed);
        out.append(m);
    }
    // A shared folder landing where one of the person's own folders goes: both
    // are copied into it (matching keeps duplicates out), and the report says so.
    QHash<QString, const FolderMapping *> ownTargets;
    for (const FolderMapping &m : std::as_const(out))
        if (!isForeign(m.source))
            ownTargets.insert(key(m.target), &m);
    for (FolderMapping &m : out) {
        if (!isForeign(m.source))
            continue;
        if (const FolderMapping *own = ownTargets.value(key(m.target)))
            m.note = QStringLiteral("goes into the same folder as your own %1").arg(own->source.ref.display());
    }
    return out;
}

} // namespace ferry
