#include "filesconnector.h"

#include <QFile>
#include <QFileInfo>

namespace ferry {

FilesConnector::FilesConnector(const Endpoint &endpoint) : m_path(endpoint.path) {}

QString FilesConnector::describe() const { return QStringLiteral("file://") + m_path; }

Error FilesConnector::readOnly() const
{
    return Error::make(ErrorCode::ReadOnly, QStringLiteral("%1 is a file to read from").arg(m_path), {},
                       QStringLiteral("files are only ever read; write to a server with --to-dav"));
}

Error FilesConnector::connect()
{
    QFile f(m_path);
    const QFileInfo fi(m_path);
    if (!fi.exists())
        return Error::make(ErrorCode::Usage, QStringLiteral("there is no file %1").arg(m_path), {},
                           QStringLiteral("check the path given with --from-file"));
    if (fi.size() > kMaxFileBytes)
        return Error::make(ErrorCode::Usage, QStringLiteral("%1 is larger than %2 MB").arg(m_path).arg(kMaxFileBytes >> 20),
                           {}, QStringLiteral("split the export into smaller files"));
    if (!f.open(QIODevice::ReadOnly))
        return Error::make(ErrorCode::Usage, QStringLiteral("cannot read %1: %2").arg(m_path, f.errorString()));
    const QByteArray data = f.readAll();
    m_bytesIn = quint64(data.size());
    m_collection = readFileCollection(data, fi.fileName());
    m_collection.info.nativeName = fi.absoluteFilePath();
    m_connected = true;
    return {};
}

FolderState FilesConnector::state() const
{
    FolderState s;
    s.syncToken = m_collection.token;
    s.count = quint64(m_collection.items.size());
    s.readOnly = true;
    return s;
}

Result<QList<FolderInfo>> FilesConnector::listFolders()
{
    return QList<FolderInfo>{m_collection.info};
}

Result<QHash<FolderRef, FolderState>> FilesConnector::folderStates(const QList<FolderRef> &folders)
{
    QHash<FolderRef, FolderState> out;
    for (const FolderRef &f : folders)
        if (f == m_collection.info.ref)
            out.insert(f, state());
    return out;
}

Result<FolderState> FilesConnector::openFolder(const FolderRef &folder, bool)
{
    if (folder != m_collection.info.ref)
        return Error::make(ErrorCode::NotFound, QStringLiteral("%1 holds no collection %2").arg(m_path, folder.display()));
    return state();
}

Error FilesConnector::listItems(const ListQuery &, const ItemSink &sink)
{
    for (const FileItem &i : std::as_const(m_collection.items)) {
        ItemMeta m;
        m.id = i.id;
        m.etag = i.etag;
        m.uid = i.uid;
        m.size = i.bytes.size();
        sink(std::move(m));
    }
    return {};
}

Error FilesConnector::fetchItems(const QList<RemoteId> &ids, const BodySink &sink)
{
    QHash<RemoteId, int> index;
    for (int i = 0; i < m_collection.items.size(); ++i)
        index.insert(m_collection.items[i].id, i);
    for (const RemoteId &id : ids) {
        const auto it = index.constFind(id);
        if (it == index.constEnd())
            continue;
        const FileItem &item = m_collection.items[*it];
        ItemMeta m;
        m.id = item.id;
        m.etag = item.etag;
        m.uid = item.uid;
        m.size = item.bytes.size();
        if (Error e = sink(std::move(m), ItemBody::fromBytes(item.bytes)))
            return e;
    }
    return {};
}

void FilesConnector::storeItem(StoreRequest &&request, const StoreCallback &done)
{
    StoreResult r;
    r.token = request.token;
    r.error = readOnly();
    done(std::move(r));
}

} // namespace ferry
