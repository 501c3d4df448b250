// IMAP4rev1 connector (placeholder; being written).
#pragma once

#include <connector/connector.h>
#include <connector/endpoint.h>

namespace ferry {

class ImapConnector : public Connector {
public:
    explicit ImapConnector(const Endpoint &endpoint);
    ~ImapConnector() override;
    QString describe() const override;
    Error connect() override;
    void disconnect() override;
    bool isConnected() const override;
    Capabilities capabilities() const override;
    void setReadOnly(bool readOnly) override;
    Result<QList<FolderInfo>> listFolders() override;
    Result<QHash<FolderRef, FolderState>> folderStates(const QList<FolderRef> &folders) override;
    Result<FolderState> openFolder(const FolderRef &folder, bool readOnly) override;
    Error listItems(const ListQuery &query, const ItemSink &sink) override;
    Error fetchItems(const QList<RemoteId> &ids, const BodySink &sink) override;
    void storeItem(StoreRequest &&request, const StoreCallback &done) override;
    Error flush() override;
    Error setFlags(const QList<FlagChange> &changes) override;
    Error createFolder(const FolderInfo &folder) override;
    Error setSubscribed(const FolderRef &folder, bool subscribed) override;
    quint64 bytesIn() const override;
    quint64 bytesOut() const override;
private:
    Endpoint m_endpoint;
};

} // namespace ferry
