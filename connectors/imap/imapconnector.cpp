#include "imapconnector.h"

#include "appendcommand.h"
#include "fetchcommand.h"
#include "imapsession.h"
#include "listcommand.h"
#include "logincommand.h"
#include "mutf7.h"
#include "selectcommand.h"
#include "statuscommand.h"
#include "storecommand.h"

#include <QHash>

namespace ferry {

namespace {
constexpr quint16 kImapsPort = 993;

QString fromServer(const QByteArray &text) { return QString::fromUtf8(text); }
} // namespace

ImapConnector::ImapConnector(const Endpoint &endpoint)
    : m_endpoint(endpoint), m_session(std::make_unique<ImapSession>())
{
}

ImapConnector::~ImapConnector()
{
    failOutstandingStores(Error::make(ErrorCode::Cancelled, QStringLiteral("connector closed")));
    m_session->close();
}

QString ImapConnector::describe() const { return m_endpoint.display(); }

QString ImapConnector::hostText() const { return m_endpoint.host; }

bool ImapConnector::isConnected() const
{
    return m_connected && m_session->isOpen() && m_session->failure().ok();
}

bool ImapConnector::condstore() const { return m_session->has("CONDSTORE") || m_session->has("QRESYNC"); }

qint64 ImapConnector::appendLimit() const
{
    // RFC 7889: "APPENDLIMIT=n" (a bare APPENDLIMIT means per-mailbox limits).
    for (const QByteArray &c : m_session->capabilities())
        if (c.startsWith("APPENDLIMIT="))
            return c.mid(12).toLongLong();
    return 0;
}

Capabilities ImapConnector::capabilities() const
{
    Capabilities c;
    c.changeTokens = condstore();
    c.qresync = m_session->has("QRESYNC");
    c.storeReturnsId = m_session->has("UIDPLUS");
    c.specialUse = m_session->has("SPECIAL-USE");
    c.createSpecialUse = m_session->has("CREATE-SPECIAL-USE");
    c.pipelinedStore = m_session->has("LITERAL+") || m_session->has("LITERAL-");
    c.multiStore = m_session->has("MULTIAPPEND");
    c.storeLimit = appendLimit();
    c.acl = m_session->has("ACL");
    for (const QByteArray &cap : m_session->capabilities())
        if (cap.startsWith("RIGHTS="))
            c.aclRights = QString::fromLatin1(cap.mid(7)).toLower();
    for (const QByteArray &cap : m_session->capabilities())
        c.raw.append(QString::fromLatin1(cap));
    return c;
}

void ImapConnector::setReadOnly(bool readOnly) { m_readOnly = readOnly; }

Error ImapConnector::requireConnected() const
{
    if (isConnected())
        return {};
    if (!m_session->failure().ok())
        return m_session->failure();
    return Error::make(ErrorCode::Network, QStringLiteral("not connected to %1").arg(hostText()));
}

Error ImapConnector::requireOpenFolder() const
{
    if (Error e = requireConnected())
        return e;
    if (m_selected.isEmpty())
        return Error::make(ErrorCode::Internal, QStringLiteral("no folder open on %1").arg(hostText()));
    return {};
}

Error ImapConnector::readOnlyError(const QString &what) const
{
    return Error::make(ErrorCode::ReadOnly, QStringLiteral("%1 on %2").arg(what, describe()), {},
                       QStringLiteral("this side is read-only; nothing was sent to the server"));
}

Error ImapConnector::lost(const Error &e)
{
    // A refused APPEND or MULTIAPPEND group (answered NO, settled or not yet)
    // means the server may have stopped reading it half way and taken the rest
    // of its text for commands: what it then "answers" is that garbage, not a
    // protocol fault to report per message. The connection is out of step: it
    // is dropped, the members fail with a network error, and the engine
    // reconnects and sends them again — as single APPENDs after a refused group,
    // with synchronizing literals after a protocol error.
    bool refusedGroup = !m_refused.empty(), refusedAppend = m_appendRefused;
    for (const auto &g : m_stores) {
        const bool refused = g->answered && g->answer.status.kind != ImapStatus::Ok;
        refusedGroup = refusedGroup || (refused && g->multi && g->members.size() > 1);
        refusedAppend = refusedAppend || refused;
    }
    Error err = e;
    if ((refusedGroup || refusedAppend) && e.code == ErrorCode::Protocol) {
        avoidNonSyncLiterals(m_endpoint.host, m_endpoint.port);
        err = Error::make(ErrorCode::Network,
                          QStringLiteral("%1 refused a message without reading it and took its text for commands; "
                                         "reconnecting to send the rest one at a time")
                              .arg(hostText()),
                          e.serverText);
    }
    if (m_session->answeredOpenEarly() || refusedGroup)
        avoidMultiAppend(m_endpoint.host, m_endpoint.port);
    if (refusedGroup || err.code != e.code)
        m_session->close(); // nothing more goes out on it
    m_connected = false;
    m_selected.clear();
    failOutstandingStores(err);
    return err;
}

Error ImapConnector::commandError(const QString &what, const ImapResponse &tagged) const
{
    const ImapStatus &st = tagged.status;
    QString text = fromServer(st.text);
    if (!st.code.isEmpty())
        text = QStringLiteral("[%1] %2").arg(QString::fromUtf8(st.code.name), text).trimmed();
    if (st.kind == ImapStatus::Bad)
        return Error::make(ErrorCode::Protocol, what, text);
    if (st.code.is("NONEXISTENT") || st.code.is("TRYCREATE"))
        return Error::make(ErrorCode::NotFound, what, text);
    if (st.code.is("OVERQUOTA"))
        return Error::make(ErrorCode::Quota, what, text);
    return Error::make(ErrorCode::Rejected, what, text);
}

void ImapConnector::onUntagged(std::function<void(ImapResponse &)> fn)
{
    m_session->setUntaggedHandler([this, fn = std::move(fn)](ImapResponse &r) {
        if (r.kind == ImapResponse::Exists)
            m_exists = r.number;
        else if (r.kind == ImapResponse::Expunge && m_exists > 0)
            --m_exists;
        if (fn)
            fn(r);
    });
}

// --- connection -------------------------------------------------------------

Error ImapConnector::connect()
{
    failOutstandingStores(Error::make(ErrorCode::Network, QStringLiteral("reconnecting to %1").arg(hostText())));
    m_connected = false;
    m_selected.clear();
    m_exists = 0;
    onUntagged({});
    const quint16 port = m_endpoint.port ? m_endpoint.port : kImapsPort;
    m_appendRefused = false;
    m_session->setNonSyncLiterals(nonSyncLiteralsAllowed(m_endpoint.host, m_endpoint.port)); // same key as avoidMultiAppend
    auto greeting = m_session->open(m_endpoint.host, port, m_endpoint.tls);
    if (!greeting.ok())
        return greeting.error();
    const bool preauth = greeting->status.kind == ImapStatus::Preauth;
    // Servers put [CAPABILITY …] in the greeting (RFC 3501 §7.1): no round trip.
    if (!m_session->capabilitiesKnown()) {
        auto r = m_session->execute(ImapCommand("CAPABILITY"));
        if (!r.ok())
            return lost(r.error());
    }
    if (Error e = loginAndPrepare(preauth)) {
        onUntagged({});
        return e;
    }
    onUntagged({});
    m_connected = true;
    return {};
}

// Round trips from TCP connect to ready (Dovecot, RFC 3501): TCP, TLS 1.3, the
// greeting (with [CAPABILITY]), then ONE for AUTHENTICATE PLAIN (SASL-IR, RFC
// 4959) with ENABLE CONDSTORE (RFC 5161) and NAMESPACE (RFC 2342) pipelined
// behind it; the tagged OK carries the post-login [CAPABILITY]. Pipelining after
// a login is allowed (RFC 3501 §5.5: the commands run in order); if the login
// fails, the server answers them NO/BAD, which is ignored — the Auth error is
// what is reported. If the server turns out not to support them after login,
// ENABLE is ignored by it (RFC 5161 §3.1) and a BAD NAMESPACE falls back to
// LIST "" "". Without SASL-IR the login needs a "+" and nothing is pipelined.
Error ImapConnector::loginAndPrepare(bool preauth)
{
    bool haveNs = false;
    QByteArray prefix;
    char sep = '/';
    bool sepKnown = false;
    QList<ImapFolderNames::Foreign> foreign;
    onUntagged([&](ImapResponse &r) {
        if (r.kind == ImapResponse::Namespace) {
            if (!r.ns.personal.isEmpty()) {
                haveNs = true;
                prefix = r.ns.personal.first().prefix;
                sep = r.ns.personal.first().separator;
                sepKnown = true;
            }
            foreign.clear();
            for (const auto &e : r.ns.otherUsers)
                foreign.append({e.prefix, e.separator, NamespaceKind::OtherUsers});
            for (const auto &e : r.ns.shared)
                foreign.append({e.prefix, e.separator, NamespaceKind::Shared});
        } else if (r.kind == ImapResponse::List && !sepKnown) {
            sep = r.list.separator;
            sepKnown = true;
        }
    });
    bool enableSent = false;
    bool namespaceSent = false;
    if (!preauth) {
        const bool pipelined = m_session->has("AUTH=PLAIN") && m_session->has("SASL-IR");
        auto tag = sendLogin();
        if (!tag.ok())
            return tag.error();
        if (pipelined) {
            if (m_session->has("ENABLE")) {
                if (auto t = m_session->send(ImapCommand("ENABLE CONDSTORE")); !t.ok())
                    return lost(t.error());
                enableSent = true;
            }
            if (auto t = m_session->send(ImapCommand("NAMESPACE")); !t.ok())
                return lost(t.error());
            namespaceSent = true;
        }
        auto r = m_session->wait(*tag);
        if (!r.ok())
            return lost(r.error());
        if (r->status.kind != ImapStatus::Ok) {
            // Let the pipelined commands be refused, then say why the login failed.
            (void)m_session->waitAll();
            m_session->logout();
            return Error::make(ErrorCode::Auth, QStringLiteral("login as %1 at %2 refused").arg(m_endpoint.user, hostText()),
                               fromServer(r->status.text),
                               QStringLiteral("check the user name and password (some providers need an app password)"));
        }
        // Servers may offer more after login (RFC 3501 §6.2.3): re-read unless the
        // OK carried them.
        if (!r->status.code.is("CAPABILITY")) {
            auto c = m_session->execute(ImapCommand("CAPABILITY"));
            if (!c.ok())
                return lost(c.error());
        }
    }
    // Whatever was not pipelined: one more round trip, both together.
    if (!enableSent && m_session->has("ENABLE") && (m_session->has("CONDSTORE") || m_session->has("QRESYNC"))) {
        const char *ext = m_session->has("CONDSTORE") ? "ENABLE CONDSTORE" : "ENABLE QRESYNC";
        if (auto t = m_session->send(ImapCommand(ext)); !t.ok())
            return lost(t.error());
    }
    if (!namespaceSent && m_session->has("NAMESPACE")) {
        if (auto t = m_session->send(ImapCommand("NAMESPACE")); !t.ok())
            return lost(t.error());
    }
    if (Error e = m_session->waitAll())
        return lost(e);
    if (!haveNs) {
        // No personal namespace known: the separator from LIST "" "" (RFC 3501 §6.3.8).
        auto r = m_session->execute(ListCommand::separatorProbe());
        if (!r.ok())
            return lost(r.error());
    }
    m_names.setPersonal(prefix, sep);
    m_names.setForeign(foreign);
    return {};
}

Result<QByteArray> ImapConnector::sendLogin()
{
    static const QByteArray kEmpty;
    const QByteArray &password = m_endpoint.password ? m_endpoint.password->reveal() : kEmpty;
    ImapCommand cmd;
    if (m_session->has("AUTH=PLAIN")) {
        cmd = LoginCommand::authenticatePlain(m_endpoint.user, password, m_session->has("SASL-IR"));
    } else if (m_session->has("LOGINDISABLED")) {
        m_session->close();
        return Error::make(ErrorCode::Auth, QStringLiteral("login as %1 at %2 refused").arg(m_endpoint.user, hostText()),
                           QStringLiteral("LOGINDISABLED"),
                           QStringLiteral("the server offers no login method Ferry supports"));
    } else {
        cmd = LoginCommand::login(m_endpoint.user, password);
    }
    auto tag = m_session->send(cmd);
    if (!tag.ok())
        return lost(tag.error());
    return tag;
}

void ImapConnector::disconnect()
{
    // Every store gets its answer (an open group is ended first) before LOGOUT.
    if (m_session->isOpen() && m_session->failure().ok() && (!m_stores.empty() || !m_refused.empty()))
        (void)flush();
    failOutstandingStores(Error::make(ErrorCode::Network, QStringLiteral("disconnected from %1").arg(hostText())));
    deliverCompletedStores();
    m_session->logout();
    m_connected = false;
    m_selected.clear();
}

// --- folders ----------------------------------------------------------------

Result<QList<FolderInfo>> ImapConnector::listFolders()
{
    if (Error e = requireConnected())
        return e;
    const bool extended = m_session->has("LIST-EXTENDED") && m_session->has("SPECIAL-USE");
    QList<FolderInfo> folders;
    QHash<QByteArray, qsizetype> byName;
    QList<QByteArray> subscribed;
    onUntagged([&](ImapResponse &r) {
        if (r.kind == ImapResponse::Lsub) {
            subscribed.append(r.list.mailbox);
            return;
        }
        if (r.kind != ImapResponse::List || byName.contains(r.list.mailbox))
            return;
        FolderInfo info = ListCommand::toFolderInfo(r.list, m_names);
        if (!m_names.isPersonal(r.list.mailbox) && !m_names.describe(r.list.mailbox, info))
            return; // a namespace's root, or other users' root without an owner
        byName.insert(r.list.mailbox, folders.size());
        folders.append(std::move(info));
    });
    if (auto t = m_session->send(ListCommand::list(extended)); !t.ok())
        return lost(t.error());
    // Other users' and shared namespaces (RFC 2342 §6): "*" from "" need not reach
    // them (Dovecot's list = children hides them), so each is listed by its prefix.
    for (const ImapFolderNames::Foreign &ns : m_names.foreign()) {
        if (auto t = m_session->send(ListCommand::listUnder(ns.prefix, extended)); !t.ok())
            return lost(t.error());
        if (!extended) {
            if (auto t = m_session->send(ListCommand::lsubUnder(ns.prefix)); !t.ok())
                return lost(t.error());
        }
    }
    if (!extended) {
        if (auto t = m_session->send(ListCommand::lsub()); !t.ok())
            return lost(t.error());
    }
    Error e = m_session->waitAll();
    onUntagged({});
    deliverCompletedStores();
    if (e)
        return lost(e);
    for (const QByteArray &s : subscribed) {
        auto it = byName.constFind(s);
        if (it == byName.constEnd() && ImapFolderNames::isInboxName(s)) {
            for (auto j = byName.constBegin(); j != byName.constEnd(); ++j)
                if (ImapFolderNames::isInboxName(j.key()))
                    it = j;
        }
        if (it != byName.constEnd())
            folders[*it].subscribed = true;
    }
    // Deduplicate refs (e.g. "INBOX" listed twice in different case).
    QList<FolderInfo> out;
    QSet<FolderRef> seen;
    for (FolderInfo &f : folders) {
        if (f.ref.isEmpty() || seen.contains(f.ref))
            continue;
        seen.insert(f.ref);
        out.append(std::move(f));
    }
    return out;
}

Result<QHash<FolderRef, FolderState>> ImapConnector::folderStates(const QList<FolderRef> &folders)
{
    if (Error e = requireConnected())
        return e;
    QHash<FolderRef, FolderState> out;
    QHash<QByteArray, FolderRef> byNative;
    const bool cs = condstore();
    const bool withSize = m_session->has("STATUS=SIZE");
    onUntagged([&](ImapResponse &r) {
        if (r.kind != ImapResponse::MailboxStatus)
            return;
        auto it = byNative.constFind(r.mailboxStatus.mailbox);
        const FolderRef ref = it != byNative.constEnd() ? *it : m_names.toRef(r.mailboxStatus.mailbox);
        out.insert(ref, StatusCommand::toState(r.mailboxStatus));
    });
    // All commands first, then all replies: one round trip for any number of folders.
    for (const FolderRef &f : folders) {
        const QByteArray native = m_names.toNative(f);
        byNative.insert(native, f);
        if (auto t = m_session->send(StatusCommand::status(native, cs, withSize)); !t.ok()) {
            onUntagged({});
            return lost(t.error());
        }
    }
    Error e = m_session->waitAll(); // a NO (folder gone) just leaves it out
    onUntagged({});
    deliverCompletedStores();
    if (e)
        return lost(e);
    return out;
}

// GETQUOTAROOT INBOX (RFC 9208 §4.2): the quota of the user's own storage.
// The untagged QUOTA responses are not modelled by the parser; their raw text is
// `"root" (RESOURCE usage limit …)`. STORAGE counts units of 1024 octets.
Result<QList<QuotaInfo>> ImapConnector::quota()
{
    if (Error e = requireConnected())
        return e;
    if (!m_session->has("QUOTA"))
        return QList<QuotaInfo>{};
    QList<QuotaInfo> out;
    onUntagged([&](ImapResponse &r) {
        if (r.kind != ImapResponse::Other || r.atoms.size() < 2 || r.atoms.first() != "QUOTA")
            return;
        const QByteArray raw = r.atoms.at(1).trimmed();
        const qsizetype open = raw.lastIndexOf('('), close = raw.lastIndexOf(')');
        if (open < 0 || close < open)
            return;
        QByteArray root = raw.left(open).trimmed();
        if (root.size() >= 2 && root.startsWith('"') && root.endsWith('"'))
            root = root.mid(1, root.size() - 2);
        const QList<QByteArray> words = raw.mid(open + 1, close - open - 1).simplified().split(' ');
        for (qsizetype i = 0; i + 2 < words.size(); i += 3) {
            QuotaInfo q;
            q.root = QString::fromUtf8(root);
            q.resource = QString::fromLatin1(words.at(i).toUpper());
            q.usage = words.at(i + 1).toULongLong();
            q.limit = words.at(i + 2).toULongLong();
            if (q.resource == QLatin1String("STORAGE")) {
                q.usage *= 1024;
                q.limit *= 1024;
            }
            out.append(q);
        }
    });
    auto r = m_session->execute(ImapCommand("GETQUOTAROOT INBOX"));
    onUntagged({});
    deliverCompletedStores();
    if (!r.ok())
        return lost(r.error());
    return out; // a NO (no quota root) is simply "no quota"
}

Result<FolderState> ImapConnector::openFolder(const FolderRef &folder, bool readOnly)
{
    if (Error e = requireConnected())
        return e;
    if (m_readOnly && !readOnly)
        return readOnlyError(QStringLiteral("opening %1 for writing").arg(folder.display()));
    const QByteArray native = m_names.toNative(folder);
    SelectCommand select;
    onUntagged([&](ImapResponse &r) { select.onUntagged(r); });
    auto r = m_session->execute(SelectCommand::command(native, readOnly, condstore()));
    onUntagged({});
    deliverCompletedStores();
    if (!r.ok())
        return lost(r.error());
    if (r->status.kind != ImapStatus::Ok) {
        m_selected.clear(); // a failed SELECT leaves no folder selected (§6.3.1)
        Error e = commandError(QStringLiteral("opening folder %1").arg(folder.display()), *r);
        if (e.code == ErrorCode::Rejected)
            e.code = ErrorCode::NotFound;
        return e;
    }
    FolderState st = select.finish(*r, readOnly);
    m_selected = native;
    m_selectedReadOnly = st.readOnly || readOnly;
    m_exists = st.count;
    m_storedSinceOpen = false;
    return st;
}

Error ImapConnector::createFolder(const FolderInfo &folder)
{
    if (m_readOnly)
        return readOnlyError(QStringLiteral("creating folder %1").arg(folder.ref.display()));
    if (Error e = requireConnected())
        return e;
    const QByteArray native = m_names.toNative(folder.ref);
    const QByteArray use = specialUseAttribute(folder.specialUse);
    const bool withUse = !use.isEmpty() && m_session->has("CREATE-SPECIAL-USE");
    for (int attempt = 0; attempt < 2; ++attempt) {
        ImapCommand cmd("CREATE ");
        cmd.string(native);
        if (withUse && attempt == 0)
            cmd.raw(" (USE (").raw(use).raw("))"); // RFC 6154 §3
        auto r = m_session->execute(cmd);
        deliverCompletedStores();
        if (!r.ok())
            return lost(r.error());
        const ImapStatus &st = r->status;
        if (st.kind == ImapStatus::Ok)
            return {};
        // RFC 5530 ALREADYEXISTS, or servers that only say so in words.
        if (st.kind == ImapStatus::No
            && (st.code.is("ALREADYEXISTS") || st.text.toLower().contains("already exist")))
            return {};
        // The role could not be given (RFC 6154 USEATTR): create it plainly.
        if (withUse && attempt == 0 && st.code.is("USEATTR"))
            continue;
        return commandError(QStringLiteral("creating folder %1").arg(folder.ref.display()), *r);
    }
    return {};
}

Error ImapConnector::setSubscribed(const FolderRef &folder, bool subscribed)
{
    if (m_readOnly)
        return readOnlyError(QStringLiteral("changing the subscription of %1").arg(folder.display()));
    if (Error e = requireConnected())
        return e;
    ImapCommand cmd(subscribed ? "SUBSCRIBE " : "UNSUBSCRIBE ");
    cmd.string(m_names.toNative(folder));
    auto r = m_session->execute(cmd);
    deliverCompletedStores();
    if (!r.ok())
        return lost(r.error());
    if (r->status.kind != ImapStatus::Ok)
        return commandError(QStringLiteral("changing the subscription of %1").arg(folder.display()), *r);
    return {};
}

quint64 ImapConnector::bytesIn() const { return m_session->bytesIn(); }
quint64 ImapConnector::bytesOut() const { return m_session->bytesOut(); }

} // namespace ferry
