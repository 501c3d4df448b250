#include "inventory.h"

#include "../connector/connectorregistry.h"
#include "collectionpass.h"

#include <QJsonArray>

#include <algorithm>

namespace ferry {

quint64 AccountInventory::items(const QString &dataType) const
{
    quint64 n = 0;
    for (const InventoryFolder &f : folders)
        if (dataType.isEmpty() || f.dataType == dataType)
            n += f.items;
    return n;
}

qint64 AccountInventory::bytes() const
{
    qint64 n = 0;
    for (const InventoryFolder &f : folders)
        if (f.bytes > 0)
            n += f.bytes;
    return n;
}

QJsonObject AccountInventory::toJson() const
{
    QJsonArray fa;
    for (const InventoryFolder &f : folders) {
        QJsonObject o{{QStringLiteral("name"), f.name}, {QStringLiteral("dataType"), f.dataType},
                      {mail ? QStringLiteral("messages") : QStringLiteral("items"), qint64(f.items)}};
        if (mail) {
            o.insert(QStringLiteral("bytes"), f.bytes);
            o.insert(QStringLiteral("selectable"), f.selectable);
            o.insert(QStringLiteral("subscribed"), f.subscribed);
            o.insert(QStringLiteral("specialUse"), QString::fromLatin1(specialUseAttribute(f.specialUse)));
        } else {
            o.insert(QStringLiteral("displayName"), f.displayName);
            o.insert(QStringLiteral("components"), QJsonArray::fromStringList(f.components));
            o.insert(QStringLiteral("href"), f.href);
        }
        fa.append(o);
    }
    // ferry-cli check's JSON contract: mail has "folders" of "messages", DAV "collections" of "items".
    QJsonObject out{{QStringLiteral("account"), account},
                    {mail ? QStringLiteral("folders") : QStringLiteral("collections"), fa},
                    {mail ? QStringLiteral("messages") : QStringLiteral("items"), qint64(items())}};
    if (!capabilities.isEmpty())
        out.insert(QStringLiteral("capabilities"), QJsonArray::fromStringList(capabilities));
    if (quotaKnown) {
        QJsonArray qa;
        for (const QuotaInfo &q : quota)
            qa.append(QJsonObject{{QStringLiteral("root"), q.root}, {QStringLiteral("resource"), q.resource},
                                  {QStringLiteral("usage"), qint64(q.usage)}, {QStringLiteral("limit"), qint64(q.limit)}});
        out.insert(QStringLiteral("quota"), qa);
        out.insert(QStringLiteral("bytes"), bytes());
    }
    return out;
}

namespace {

Error cancelled(Side side)
{
    return Error::make(ErrorCode::Cancelled, QStringLiteral("listing the account")).onSide(side);
}

bool stop(const std::atomic_bool *cancel) { return cancel && cancel->load(); }

Error listMail(Connector &c, Side side, AccountInventory &inv, const std::atomic_bool *cancel)
{
    auto folders = c.listFolders();
    if (!folders.ok())
        return folders.error().withSide(side);
    QList<FolderRef> refs;
    for (const FolderInfo &f : *folders)
        if (f.selectable)
            refs.append(f.ref);
    if (stop(cancel))
        return cancelled(side);
    auto states = c.folderStates(refs);
    if (!states.ok())
        return states.error().withSide(side);
    QList<FolderInfo> sorted = *folders;
    std::sort(sorted.begin(), sorted.end(), [](const FolderInfo &a, const FolderInfo &b) {
        return a.ref.isInbox() != b.ref.isInbox() ? a.ref.isInbox() : a.ref < b.ref;
    });
    for (const FolderInfo &f : std::as_const(sorted)) {
        const FolderState s = states->value(f.ref);
        InventoryFolder out;
        out.name = f.ref.display();
        out.dataType = QStringLiteral("mail");
        out.items = s.count;
        out.bytes = s.size;
        out.selectable = f.selectable;
        out.subscribed = f.subscribed;
        out.specialUse = f.specialUse;
        inv.folders.append(out);
    }
    inv.capabilities = c.capabilities().raw;
    auto quota = c.quota();
    if (quota.ok()) {
        inv.quota = *quota;
        inv.quotaKnown = true;
    }
    return {};
}

Error listCollections(Connector &c, Side side, AccountInventory &inv, const std::atomic_bool *cancel)
{
    auto folders = c.listFolders();
    if (!folders.ok())
        return folders.error().withSide(side);
    for (const FolderInfo &f : std::as_const(*folders)) {
        if (stop(cancel))
            return cancelled(side);
        InventoryFolder out;
        out.name = f.ref.display();
        out.displayName = f.collection.displayName;
        out.dataType = collectionDataType(f);
        out.components = f.collection.components;
        out.href = f.nativeName;
        auto st = c.openFolder(f.ref, true);
        if (!st.ok())
            return st.error().withSide(side);
        if (Error le = c.listItems(ListQuery{}, [&out](ItemMeta &&) { ++out.items; }))
            return le.withSide(side);
        inv.folders.append(out);
    }
    return {};
}

} // namespace

Result<AccountInventory> takeInventory(const Endpoint &endpoint, Side side, const std::atomic_bool *cancel)
{
    Error err;
    ConnectorPtr c = ConnectorRegistry::create(endpoint, &err);
    if (!c)
        return err.withSide(side);
    c->setReadOnly(true); // an inventory never changes anything, on either side
    if (Error ce = c->connect())
        return ce.withSide(side);
    AccountInventory inv;
    inv.account = c->describe();
    inv.mail = endpoint.scheme == QLatin1String("imaps") || endpoint.scheme == QLatin1String("memory");
    Error e = inv.mail ? listMail(*c, side, inv, cancel) : listCollections(*c, side, inv, cancel);
    c->disconnect();
    if (e)
        return e;
    return inv;
}

} // namespace ferry
