#include "davconnector.h"

#include "davhref.h"
#include "davrequests.h"
#include "davsrvresolver.h"
#include "davtransport.h"

namespace ferry {

namespace {

ItemKind kindOf(const DavProps &p)
{
    if (p.addressBook)
        return ItemKind::Contact;
    if (!p.components.isEmpty() && !p.components.contains(QLatin1String("VEVENT"))
        && p.components.contains(QLatin1String("VTODO")))
        return ItemKind::Task;
    return ItemKind::Event;
}

CollectionInfo collectionInfoOf(const DavProps &p)
{
    CollectionInfo c;
    c.displayName = p.displayName;
    c.color = p.color;
    c.description = p.addressBook ? p.addressbookDescription : p.calendarDescription;
    c.order = p.order;
    c.components = p.components;
    for (const auto &[type, version] : p.addressDataTypes)
        c.addressData.append(version.isEmpty() ? type : type + QStringLiteral(";version=") + version);
    return c;
}

} // namespace

DavConnector::DavConnector(const Endpoint &endpoint) : m_endpoint(endpoint) {}

DavConnector::~DavConnector() = default;

QString DavConnector::describe() const
{
    return m_endpoint.display();
}

void DavConnector::setMaxInFlight(int requests)
{
    m_maxInFlight = std::max(1, requests);
    if (m_transport)
        m_transport->setMaxInFlight(m_maxInFlight);
}

Error DavConnector::connect()
{
    disconnect();
    if (m_endpoint.scheme != QLatin1String("https"))
        return Error::make(ErrorCode::Usage, QStringLiteral("%1: CalDAV/CardDAV needs an https:// URL").arg(describe()));
    m_transport = std::make_unique<DavTransport>(m_endpoint);
    m_transport->setMaxInFlight(m_maxInFlight);
    DavDiscovery discovery(*m_transport, m_endpoint, m_resolver.get());
    Result<DavAccount> account = discovery.run();
    if (!account.ok()) {
        m_transport.reset();
        return account.error();
    }
    m_account = *account;
    for (const DavCollection &c : std::as_const(m_account.collections))
        addCollection(c);
    m_connected = true;
    return Error::none();
}

void DavConnector::addCollection(const DavCollection &c)
{
    Collection col;
    col.dav = c;
    col.info.ref = FolderRef{{davhref::lastSegment(c.href)}};
    if (m_collections.count(col.info.ref)) {
        // Two homes with the same name ("default" for calendars and contacts).
        col.info.ref = FolderRef{{davhref::lastSegment(davhref::parent(c.href)), davhref::lastSegment(c.href)}};
    }
    col.info.nativeName = QString::fromUtf8(c.href);
    col.info.kind = kindOf(c.props);
    col.info.selectable = true;
    col.info.subscribed = true;
    col.info.collection = collectionInfoOf(c.props);
    col.fresh = c.props.has(DavProps::SyncToken) || c.props.has(DavProps::CTag);
    m_collections[col.info.ref] = col;
}

void DavConnector::disconnect()
{
    m_transport.reset();
    m_collections.clear();
    m_account = DavAccount();
    m_open = FolderRef();
    m_connected = false;
}

bool DavConnector::isConnected() const
{
    return m_connected;
}

Capabilities DavConnector::capabilities() const
{
    Capabilities caps;
    caps.storeReturnsId = true; // the resource name is chosen by us
    caps.pipelinedStore = true;
    for (const auto &[ref, c] : m_collections)
        caps.syncCollection = caps.syncCollection || c.dav.props.has(DavProps::SyncToken);
    if (caps.syncCollection)
        caps.raw.append(QStringLiteral("sync-collection"));
    return caps;
}

void DavConnector::setReadOnly(bool readOnly)
{
    m_readOnly = readOnly;
}

Error DavConnector::requireConnected() const
{
    if (!m_connected)
        return Error::make(ErrorCode::Network, QStringLiteral("not connected to %1").arg(describe()));
    return Error::none();
}

Error DavConnector::readOnlyError(const QString &what) const
{
    return Error::make(ErrorCode::ReadOnly, QStringLiteral("%1 refused: %2 is opened read-only").arg(what, describe()));
}

const DavConnector::Collection *DavConnector::find(const FolderRef &ref) const
{
    const auto it = m_collections.find(ref);
    return it == m_collections.end() ? nullptr : &it->second;
}

Result<QList<FolderInfo>> DavConnector::listFolders()
{
    if (Error e = requireConnected())
        return e;
    QList<FolderInfo> out;
    for (const auto &[ref, c] : m_collections)
        out.append(c.info);
    return out;
}

FolderState DavConnector::stateOf(const DavProps &props) const
{
    FolderState s;
    s.syncToken = props.has(DavProps::SyncToken) && !props.syncToken.isEmpty() ? props.syncToken : props.ctag;
    return s;
}

Result<Multistatus> DavConnector::multistatusOf(const DavReply &reply, const QString &what)
{
    if (reply.status != 207)
        return davhttp::errorFor(reply, what, false);
    Multistatus ms;
    QString error;
    if (!MultistatusParser::parse(reply.body, ms, error))
        return Error::make(ErrorCode::Protocol, QStringLiteral("%1: unreadable answer (%2)").arg(what, error));
    return ms;
}

Result<DavProps> DavConnector::readCollectionState(const Collection &c)
{
    const DavReply reply = m_transport->execute(DavRequest::xml("PROPFIND", c.dav.url, 0, davrequests::propfindCtag()));
    const auto ms = multistatusOf(reply, QStringLiteral("PROPFIND %1").arg(QString::fromUtf8(c.dav.href)));
    if (!ms.ok())
        return ms.error();
    for (const MultistatusEntry &e : std::as_const(ms->entries)) {
        if (davhref::sameCollection(e.href, c.dav.href))
            return e.props;
    }
    return ms->entries.isEmpty() ? DavProps() : ms->entries.first().props;
}

Result<QHash<FolderRef, FolderState>> DavConnector::folderStates(const QList<FolderRef> &folders)
{
    if (Error e = requireConnected())
        return e;
    QList<FolderRef> refs;
    QList<DavRequest> requests;
    for (const FolderRef &ref : folders) {
        if (const Collection *c = find(ref)) {
            refs.append(ref);
            requests.append(DavRequest::xml("PROPFIND", c->dav.url, 0, davrequests::propfindCtag()));
        }
    }
    const QList<DavReply> replies = m_transport->executeAll(requests);
    QHash<FolderRef, FolderState> out;
    for (qsizetype i = 0; i < replies.size(); ++i) {
        const Collection *c = find(refs[i]);
        Multistatus ms;
        QString error;
        if (replies[i].status != 207 || !MultistatusParser::parse(replies[i].body, ms, error)) {
            if (!replies[i].error.ok())
                return replies[i].error;
            continue; // unknown state for this one; openFolder() will tell why
        }
        for (const MultistatusEntry &e : std::as_const(ms.entries)) {
            if (davhref::sameCollection(e.href, c->dav.href))
                out.insert(refs[i], stateOf(e.props));
        }
    }
    return out;
}

Result<FolderState> DavConnector::openFolder(const FolderRef &folder, bool readOnly)
{
    if (Error e = requireConnected())
        return e;
    if (!readOnly && m_readOnly)
        return readOnlyError(QStringLiteral("opening %1 for writing").arg(folder.display()));
    const Collection *c = find(folder);
    if (!c)
        return Error::make(ErrorCode::NotFound, QStringLiteral("no calendar or address book %1 on %2").arg(folder.display(), describe()));
    Collection &mutableC = m_collections[folder];
    Result<DavProps> props = c->fresh ? Result<DavProps>(c->dav.props) : readCollectionState(*c);
    mutableC.fresh = false;
    if (!props.ok())
        return props.error();
    // Keep what we know about the collection current (token support may change).
    if (props->has(DavProps::SyncToken)) {
        mutableC.dav.props.syncToken = props->syncToken;
        mutableC.dav.props.present |= DavProps::SyncToken;
    }
    if (props->has(DavProps::CTag)) {
        mutableC.dav.props.ctag = props->ctag;
        mutableC.dav.props.present |= DavProps::CTag;
    }
    m_open = folder;
    m_openReadOnly = readOnly || m_readOnly;
    FolderState s = stateOf(*props);
    s.readOnly = m_openReadOnly;
    return s;
}

Error DavConnector::createFolder(const FolderInfo &folder)
{
    if (Error e = requireConnected())
        return e;
    if (m_readOnly)
        return readOnlyError(QStringLiteral("creating %1").arg(folder.ref.display()));
    if (find(folder.ref))
        return Error::none();
    const bool contacts = folder.kind == ItemKind::Contact;
    const QByteArray home = contacts ? m_account.addressbookHome : m_account.calendarHome;
    if (home.isEmpty() || folder.ref.isEmpty()) {
        return Error::make(ErrorCode::Rejected,
                           QStringLiteral("cannot create %1 on %2: the server names no %3 home")
                               .arg(folder.ref.display(), describe(),
                                    contacts ? QStringLiteral("address book") : QStringLiteral("calendar")),
                           {}, QStringLiteral("create it on the server, then run again (or give its URL)"));
    }
    DavCollectionSettings settings;
    settings.displayName = folder.collection.displayName.isEmpty() ? folder.ref.path.last() : folder.collection.displayName;
    settings.description = folder.collection.description;
    settings.color = folder.collection.color;
    settings.order = folder.collection.order;
    settings.components = folder.collection.components;
    if (!contacts && settings.components.isEmpty())
        settings.components = {folder.kind == ItemKind::Task ? QStringLiteral("VTODO") : QStringLiteral("VEVENT")};
    const QByteArray url = DavDiscovery::resolve(home, davhref::asCollection(home)) + davhref::encodeSegment(folder.ref.path.last()) + '/';
    DavRequest request = contacts ? DavRequest::xml("MKCOL", url, -1, davrequests::mkcolAddressbook(settings))
                                  : DavRequest::xml("MKCALENDAR", url, -1, davrequests::mkcalendar(settings));
    const DavReply reply = m_transport->execute(std::move(request));
    const QString what = QStringLiteral("%1 %2").arg(contacts ? QStringLiteral("MKCOL") : QStringLiteral("MKCALENDAR"),
                                                     QString::fromUtf8(davhref::canonicalPath(url)));
    // 405: a resource exists there already (RFC 4791 §5.3.1.1, RFC 5689 §3).
    if (!reply.ok() && reply.status != 405)
        return davhttp::errorFor(reply, what, true);

    // Read back what the server made of it (it may have refused some properties).
    DavCollection c;
    c.url = url;
    c.href = davhref::asCollection(url);
    const DavReply props = m_transport->execute(DavRequest::xml("PROPFIND", url, 0, davrequests::propfindCollections()));
    Multistatus ms;
    QString error;
    if (props.status == 207 && MultistatusParser::parse(props.body, ms, error) && !ms.entries.isEmpty())
        c.props = ms.entries.first().props;
    if (!c.props.calendar && !c.props.addressBook) {
        if (reply.status == 405)
            return Error::make(ErrorCode::Rejected, QStringLiteral("%1: something that is not a %2 exists there")
                                                        .arg(what, contacts ? QStringLiteral("address book") : QStringLiteral("calendar")));
        c.props.calendar = !contacts;
        c.props.addressBook = contacts;
        c.props.displayName = settings.displayName;
        c.props.components = settings.components;
    }
    Collection col;
    col.dav = c;
    col.info = folder;
    col.info.nativeName = QString::fromUtf8(c.href);
    col.info.collection = collectionInfoOf(c.props);
    m_collections[folder.ref] = col;
    return Error::none();
}

Error DavConnector::setFlags(const QList<FlagChange> &changes)
{
    Q_UNUSED(changes);
    return Error::none();
}

Error DavConnector::setSubscribed(const FolderRef &folder, bool subscribed)
{
    Q_UNUSED(folder);
    Q_UNUSED(subscribed);
    return Error::none();
}

quint64 DavConnector::bytesIn() const
{
    return m_transport ? m_transport->bytesIn() : 0;
}

quint64 DavConnector::bytesOut() const
{
    return m_transport ? m_transport->bytesOut() : 0;
}

} // namespace ferry
