// A contacts/calendar export file as a read-only source ("file:///path/export.ics"):
// one collection (filecollection.h), items named after their UIDs, a token that
// changes with the file's content (an unchanged file costs nothing on a re-run).
// Every write fails with ErrorCode::ReadOnly: files are only ever read.
#pragma once

#include "filecollection.h"

#include <connector/endpoint.h>

namespace ferry {

class FilesConnector : public Connector {
public:
    static constexpr qint64 kMaxFileBytes = 512LL * 1024 * 1024;

    explicit FilesConnector(const Endpoint &endpoint);
    QString describe() const override;
    Error connect() override;
    void disconnect() override { m_connected = false; }
    bool isConnected() const override { return m_connected; }
    Capabilities capabilities() const override { return {}; }
    void setReadOnly(bool) override {}
    Result<QList<FolderInfo>> listFolders() override;
    Result<QHash<FolderRef, FolderState>> folderStates(const QList<FolderRef> &folders) override;
    Result<FolderState> openFolder(const FolderRef &folder, bool readOnly) override;
    Error listItems(const ListQuery &query, const ItemSink &sink) override;
    Error fetchItems(const QList<RemoteId> &ids, const BodySink &sink) override;
    void storeItem(StoreRequest &&request, const StoreCallback &done) override;
    Error flush() override { return {}; }
    Error setFlags(const QList<FlagChange> &) override { return readOnly(); }
    Error createFolder(const FolderInfo &) override { return readOnly(); }
    Error setSubscribed(const FolderRef &, bool) override { return readOnly(); }
    QStringList notices() const override { return m_collection.notices; }
    quint64 bytesIn() const override { return m_bytesIn; }
    quint64 bytesOut() const override { return 0; }

private:
    Error readOnly() const;
    FolderState state() const;
    QString m_path;
    FileCollection m_collection;
    bool m_connected = false;
    quint64 m_bytesIn = 0;
};

} // namespace ferry
