// CalDAV (RFC 4791) / CardDAV (RFC 6352) connector:
//   DavTransport (libcurl) → MultistatusParser (pure) → davrequests (bodies) →
//   DavDiscovery → here.
//
// Contract details beyond connector.h:
//   - connect(): discovery (davdiscovery.h) — proves TLS and the password and
//     lists the collections. Errors: Auth, Tls (with fingerprint), Network,
//     NotFound (no DAV service / collection).
//   - Folders: one per calendar or address book; FolderRef {last href segment,
//     decoded} ({parent, last} when two homes hold the same name); nativeName the
//     href; kind Contact (address book), Task (calendar of VTODO only) or Event;
//     CollectionInfo from displayname, calendar-color, calendar-order,
//     descriptions, supported-calendar-component-set / -address-data.
//   - Items: RemoteId = the resource name (last href segment, canonical
//     percent-encoding); ItemMeta carries etag, content type and (after a
//     fetch) the UID. listItems(): PROPFIND Depth 1 (etags). listChanges():
//     sync-collection (RFC 6578) when the collection has a sync-token, else the
//     token is the CTag: unchanged → nothing, changed → every etag; removals are
//     not reported; a token the server refuses → ErrorCode::Precondition.
//   - fetchItems(): calendar-multiget / addressbook-multiget in batches of
//     kMultigetBatch hrefs, several batches in flight; bodies are the server's
//     bytes with CRLF line ends (see DavProps::data). Items the server no longer
//     has (404) are skipped like expunged mail.
//   - storeItem(): PUT to collection + meta.id (else a name from the UID) with
//     If-None-Match: * (create only) or If-Match: ifMatch; pipelined up to
//     maxInFlight; 412 → Precondition, 507 → Quota, 413 → TooBig, other 4xx →
//     Rejected with the server's text. newId = the resource name, newEtag =
//     the ETag header if any.
//   - createFolder(): MKCALENDAR (component set, displayname, colour,
//     description, order) or extended MKCOL (RFC 5689) for address books, in
//     the first calendar/addressbook home; an existing collection is success.
//   - Flags and subscriptions do not exist in DAV: setFlags/setSubscribed are no-ops.
//   - Read-only mode: every write fails with ErrorCode::ReadOnly before I/O.
#pragma once

#include "davdiscovery.h"

#include <connector/connector.h>
#include <connector/endpoint.h>

#include <map>
#include <memory>

namespace ferry {

class DavSrvResolver;
class DavTransport;

class DavConnector : public Connector {
public:
    static constexpr int kMultigetBatch = 50;

    explicit DavConnector(const Endpoint &endpoint);
    ~DavConnector() override;
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
    Result<QByteArray> listChanges(const QByteArray &syncToken, const ItemSink &sink) override;
    Error fetchItems(const QList<RemoteId> &ids, const BodySink &sink) override;
    void storeItem(StoreRequest &&request, const StoreCallback &done) override;
    Error flush() override;
    Error setFlags(const QList<FlagChange> &changes) override;
    Error createFolder(const FolderInfo &folder) override;
    Error setSubscribed(const FolderRef &folder, bool subscribed) override;
    quint64 bytesIn() const override;
    quint64 bytesOut() const override;

    // Tests: an SRV resolver (default: none — the real one is QDnsSrvResolver).
    void setSrvResolver(std::shared_ptr<DavSrvResolver> resolver) { m_resolver = std::move(resolver); }
    // Requests in flight at once (default 8).
    void setMaxInFlight(int requests);
    DavTransport *transport() const { return m_transport.get(); }

private:
    struct Collection {
        DavCollection dav;
        FolderInfo info;
        // Its sync token / CTag came with the listing moments ago: the first
        // openFolder() uses it instead of asking again (a token a little older than
        // the collection only makes the next pass list a little more).
        bool fresh = false;
    };

    Error requireConnected() const;
    Error readOnlyError(const QString &what) const;
    const Collection *find(const FolderRef &ref) const;
    void addCollection(const DavCollection &c);
    FolderState stateOf(const DavProps &props) const;
    Result<DavProps> readCollectionState(const Collection &c);
    // A 207 answer, parsed; else the error for the reply (HTTP status, or unreadable XML).
    static Result<Multistatus> multistatusOf(const DavReply &reply, const QString &what);
    Error listEtags(const Collection &c, const QList<RemoteId> &only, const ItemSink &sink);

    Endpoint m_endpoint;
    std::unique_ptr<DavTransport> m_transport;
    std::shared_ptr<DavSrvResolver> m_resolver;
    DavAccount m_account;
    std::map<FolderRef, Collection> m_collections;
    FolderRef m_open;
    bool m_openReadOnly = true;
    bool m_readOnly = false;
    bool m_connected = false;
    int m_maxInFlight = 8;
};

} // namespace ferry
