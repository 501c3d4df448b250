#include "aclpass.h"

#include <QHash>

#include <algorithm>

namespace ferry {

AclPass::AclPass(Connector &source, Connector &target, FolderRef sourceFolder, FolderRef targetFolder,
                 AclPassOptions options)
    : m_src(source), m_tgt(target), m_source(std::move(sourceFolder)), m_target(std::move(targetFolder)),
      m_options(std::move(options))
{
}

bool AclPass::isSpecialIdentifier(const QString &id)
{
    return id.compare(QLatin1String("anyone"), Qt::CaseInsensitive) == 0
        || id.compare(QLatin1String("authenticated"), Qt::CaseInsensitive) == 0;
}

Error AclPass::run()
{
    const QString name = m_source.display();
    auto entries = m_src.acl(m_source);
    if (!entries.ok()) {
        if (entries.error().isTransient())
            return entries.error().withSide(Side::Source);
        // Without the 'a' right the list cannot be read (RFC 4314 §3.3); say what
        // the person may do there instead, so the report explains it.
        auto mine = m_src.myRights(m_source);
        if (!mine.ok() && mine.error().isTransient())
            return mine.error().withSide(Side::Source);
        warnings << (mine.ok() ? QStringLiteral("%1: access rights not copied: you may not read who else has "
                                                "access to this folder (your rights there: %2)").arg(name, *mine)
                               : QStringLiteral("%1: access rights not copied: %2").arg(name, entries.error().toString()));
        return {};
    }
    if (entries->isEmpty())
        return {};

    QHash<QString, QString> targetAcl;
    if (m_options.targetExists) {
        auto have = m_tgt.acl(m_target);
        if (!have.ok() && have.error().isTransient())
            return have.error().withSide(Side::Target);
        // Unreadable: every entry is sent with "+" — adding is harmless.
        if (have.ok())
            for (const AclEntry &e : *have)
                targetAcl.insert(e.identifier, e.rights);
    }
    for (const AclEntry &e : std::as_const(*entries))
        if (Error err = copyEntry(e, targetAcl))
            return err;
    return {};
}

Error AclPass::copyEntry(const AclEntry &entry, const QHash<QString, QString> &targetAcl)
{
    const QString folder = m_source.display();
    const QString &id = entry.identifier;
    if (id.isEmpty())
        return {};
    if (id.compare(m_options.sourceUser, Qt::CaseInsensitive) == 0)
        return {}; // the owner: the target gives its owner everything itself
    if (id.startsWith(QLatin1Char('-'))) {
        warnings << QStringLiteral("%1: negative rights \"%2\" for %3 not copied: they would take rights away on the target")
                        .arg(folder, entry.rights, id.mid(1));
        return {};
    }
    const bool special = isSpecialIdentifier(id);
    QString mapped = id;
    if (!special && m_options.mapIdentifier)
        mapped = m_options.mapIdentifier(id);
    if (mapped.isEmpty()) {
        warnings << QStringLiteral("%1: %2 has the rights \"%3\" but no identity on the target; not copied")
                        .arg(folder, id, entry.rights);
        return {};
    }
    if (mapped.compare(m_options.targetUser, Qt::CaseInsensitive) == 0)
        return {}; // maps onto the target's owner

    // Everything already there (a re-run): no LISTRIGHTS, no SETACL.
    const QString have = targetAcl.value(mapped);
    if (std::all_of(entry.rights.cbegin(), entry.rights.cend(), [&](QChar c) { return have.contains(c); }))
        return {};

    QString allowed;
    bool known = false;
    if (m_options.targetExists) {
        auto rights = m_tgt.listRights(m_target, mapped);
        if (rights.ok()) {
            allowed = rights->all();
            known = true;
        } else if (rights.error().isTransient()) {
            return rights.error().withSide(Side::Target);
        } else if (special) {
            warnings << QStringLiteral("%1: the target does not support the identifier \"%2\" (rights \"%3\"); not copied")
                            .arg(folder, mapped, entry.rights);
            return {};
        }
    }
    if (!known)
        allowed = baseRights() + m_tgt.capabilities().aclRights;

    QString keep;
    for (const QChar c : entry.rights) {
        if (allowed.contains(c)) {
            if (!keep.contains(c))
                keep.append(c);
        } else {
            warnings << QStringLiteral("%1: the target cannot give %2 the right '%3'; that right was not copied")
                            .arg(folder, mapped, QString(c));
        }
    }
    QString missing;
    for (const QChar c : std::as_const(keep))
        if (!have.contains(c))
            missing.append(c);
    if (missing.isEmpty())
        return {};
    if (!m_options.dryRun) {
        if (Error e = m_tgt.setAcl(m_target, mapped, QLatin1Char('+') + missing)) {
            if (e.isTransient())
                return e.withSide(Side::Target);
            warnings << QStringLiteral("%1: could not give %2 the rights \"%3\" on %4: %5")
                            .arg(folder, mapped, missing, m_target.display(), e.toString());
            return {};
        }
    }
    ++entriesSet;
    return {};
}

} // namespace ferry
