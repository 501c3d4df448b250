#include "imapconnector.h"

namespace ferry {
namespace {
Error notYet() { return Error::make(ErrorCode::Internal, QStringLiteral("IMAP connector not built yet")); }
}
ImapConnector::ImapConnector(const Endpoint &endpoint) : m_endpoint(endpoint) {}
ImapConnector::~ImapConnector() = default;
QString ImapConnector::describe() const { return m_endpoint.display(); }
Error ImapConnector::connect() { return notYet(); }
void ImapConnector::disconnect() {}
bool ImapConnector::isConnected() const { return false; }
Capabilities ImapConnector::capabilities() const { return {}; }
void ImapConnector::setReadOnly(bool) {}
Result<QList<FolderInfo>> ImapConnector::listFolders() { return notYet(); }
Result<QHash<FolderRef, FolderState>> ImapConnector::folderStates(const QList<FolderRef> &) { return notYet(); }
Result<FolderState> ImapConnector::openFolder(const FolderRef &, bool) { return notYet(); }
Error ImapConnector::listItems(const ListQuery &, const ItemSink &) { return notYet(); }
Error ImapConnector::fetchItems(const QList<RemoteId> &, const BodySink &) { return notYet(); }
void ImapConnector::storeItem(StoreRequest &&r, const StoreCallback &done) { StoreResult res; res.token = r.token; res.error = notYet(); done(std::move(res)); }
Error ImapConnector::flush() { return notYet(); }
Error ImapConnector::setFlags(const QList<FlagChange> &) { return notYet(); }
Error ImapConnector::createFolder(const FolderInfo &) { return notYet(); }
Error ImapConnector::setSubscribed(const FolderRef &, bool) { return notYet(); }
quint64 ImapConnector::bytesIn() const { return 0; }
quint64 ImapConnector::bytesOut() const { return 0; }
}
