// ImapConnector: storing messages — single pipelined APPENDs, or MULTIAPPEND
// groups (RFC 3502) streamed as one open command. Split from
// imapconnectoritems.cpp by responsibility.
//
// Why groups: Dovecot (and most servers) commit one transaction per APPEND
// command; measured on Dovecot 2.3.19, 1000 small messages take 1.09 s as
// pipelined single APPENDs and 0.41 s as one MULTIAPPEND. Extra connections into
// the same folder do not help (1.54 s).
#include "imapconnector.h"

#include "appendcommand.h"
#include "imapsession.h"

#include <QSet>

#include <mutex>

namespace ferry {

namespace {
// Groups outstanding: the server commits one while we stream the next.
constexpr int kMaxGroups = 2;
// Smallest group after connections were lost mid-group (failOutstandingStores).
constexpr qint64 kMinGroupBytes = 64 * 1024;
} // namespace

namespace {
std::mutex g_avoidMutex;
QSet<QString> g_avoid;     // "host:port" of servers that answered a MULTIAPPEND early
QSet<QString> g_syncOnly;  // … and of servers that refused an APPEND without reading its literal

QString serverKey(const QString &host, quint16 port) { return host + QLatin1Char(':') + QString::number(port); }
} // namespace

// RFC 7888 §4 wants a server to read a non-synchronizing literal even when it
// refuses the command; Dovecot 2.3 does not for an APPEND into a folder without
// the insert right (RFC 4314 "i"): it answers NO [NOPERM] at once and takes the
// message text for commands. For such a server this process sends synchronizing
// literals from then on: the server's NO comes instead of "+", and the message
// is never sent.
void ImapConnector::avoidNonSyncLiterals(const QString &host, quint16 port)
{
    std::lock_guard lock(g_avoidMutex);
    g_avoid.insert(serverKey(host, port));
    g_syncOnly.insert(serverKey(host, port));
}

bool ImapConnector::nonSyncLiteralsAllowed(const QString &host, quint16 port)
{
    std::lock_guard lock(g_avoidMutex);
    return !g_syncOnly.contains(serverKey(host, port));
}

// A server that refuses one message of a MULTIAPPEND while the rest is still being
// sent (Dovecot does, for a message over quota_max_mail_size) cannot be given
// MULTIAPPEND safely: from then on, this process sends it single APPENDs, whose
// refusals are per message.
void ImapConnector::avoidMultiAppend(const QString &host, quint16 port)
{
    std::lock_guard lock(g_avoidMutex);
    g_avoid.insert(serverKey(host, port));
}

bool ImapConnector::multiAppend() const
{
    // Without LITERAL+ every message would wait a round trip for "+" inside the
    // command (and the server could not be left waiting mid-command): no gain.
    if (m_groupItems <= 1 || !m_session->has("MULTIAPPEND") || !m_session->nonSyncLiterals())
        return false;
    std::lock_guard lock(g_avoidMutex);
    return !g_avoid.contains(serverKey(m_endpoint.host, m_endpoint.port));
}

std::function<void(ImapResponse &&)> ImapConnector::answerFor(quint64 seq)
{
    // Runs inside the session's read loop: only record the answer. The group may
    // still be on its way out (its bodies are being read), so it is settled —
    // and destroyed — later, outside the session.
    return [this, seq](ImapResponse &&tagged) {
        for (const auto &g : m_stores) {
            if (g->seq == seq) {
                g->answer = std::move(tagged);
                g->answered = true;
                return;
            }
        }
    };
}

void ImapConnector::settleAnswered()
{
    for (auto it = m_stores.begin(); it != m_stores.end();) {
        if (!(*it)->answered) {
            ++it;
            continue;
        }
        std::unique_ptr<AppendGroup> g = std::move(*it);
        it = m_stores.erase(it);
        m_unackedBytes -= g->bytes;
        if (!g->settled()) {
            // RFC 3502: a refused MULTIAPPEND appended nothing. Its members wait
            // here for dropRefusedGroup(), which ends this connection; they then
            // fail with a network error and the engine sends them again, alone.
            for (AppendGroup::Member &m : g->members)
                m_refused.push_back(std::move(m));
            continue;
        }
        if (g->answer.status.kind != ImapStatus::Ok)
            m_appendRefused = true;
        std::vector<StoreResult> results = g->results();
        for (size_t i = 0; i < results.size(); ++i)
            m_completed.emplace_back(std::move(g->members[i].done), std::move(results[i]));
    }
}

// The connection failed while storing `token`: everything in flight fails with it
// (lost()), and this request gets its one callback with the same error.
Error ImapConnector::failStore(quint64 token, const StoreCallback &done, const Error &error)
{
    const Error e = lost(error); // lost() may say better what happened
    StoreResult res;
    res.token = token;
    res.error = e;
    m_completed.emplace_back(done, std::move(res));
    return e;
}

AppendGroup *ImapConnector::openGroup()
{
    if (m_stores.empty())
        return nullptr;
    AppendGroup *g = m_stores.back().get();
    return g->multi && !g->answered && m_session->isOpenCommand(g->tag) ? g : nullptr;
}

void ImapConnector::storeItem(StoreRequest &&request, const StoreCallback &done)
{
    StoreResult res;
    res.token = request.token;
    const QString folder = request.folder.display();
    if (m_readOnly) {
        res.error = readOnlyError(QStringLiteral("storing a message in %1").arg(folder));
        done(std::move(res));
        return;
    }
    if (Error e = requireConnected()) {
        res.error = e;
        done(std::move(res));
        return;
    }
    const qint64 size = request.body.size();
    if (const qint64 limit = appendLimit(); limit > 0 && size > limit) {
        res.error = AppendCommand::tooBig(size, limit, folder);
        done(std::move(res));
        return;
    }
    // Take in what has arrived; a refused group ends the connection first.
    Error e = m_session->pump(0);
    settleAnswered();
    if (!e)
        e = dropRefusedGroup();
    if (e) {
        e = lost(e);
        res.error = e;
        done(std::move(res));
        deliverCompletedStores();
        return;
    }
    m_storedSinceOpen = true;
    if (multiAppend())
        (void)appendToGroup(std::move(request), done);
    else
        (void)appendSingle(std::move(request), done);
    deliverCompletedStores();
}

Error ImapConnector::appendSingle(StoreRequest &&request, const StoreCallback &done)
{
    // Keep the window bounded: read what has arrived, and block only when full.
    const qint64 size = request.body.size();
    Error e;
    while (!e && !m_stores.empty()
           && (int(m_stores.size()) >= m_maxStores || m_unackedBytes + size > m_maxStoreBytes)) {
        e = m_session->readResponses();
        settleAnswered();
    }
    if (e)
        return failStore(request.token, done, e);
    auto g = std::make_unique<AppendGroup>();
    g->seq = ++m_storeSeq;
    g->folder = request.folder;
    g->native = m_names.toNative(request.folder);
    g->bytes = size;
    AppendGroup::Member member;
    member.request.token = request.token; // the body is on the wire once send() returns
    member.done = done;
    g->members.push_back(std::move(member));
    const QByteArray native = g->native;
    const quint64 seq = g->seq;
    m_stores.push_back(std::move(g));
    m_unackedBytes += size;
    // With LITERAL+ the whole command (body streamed from the ItemBody in chunks)
    // is written before send() returns, so `request` may die afterwards.
    auto tag = m_session->send(AppendCommand::command(native, request.meta, &request.body), answerFor(seq));
    if (!tag.ok())
        return lost(tag.error());
    return {};
}

Error ImapConnector::appendToGroup(StoreRequest &&request, const StoreCallback &done)
{
    const qint64 size = request.body.size();
    // A group never holds more than half the byte window, so two fit in it.
    const qint64 groupBytes = qMax<qint64>(1, qMin(m_groupBytes, m_maxStoreBytes / 2));
    const auto fits = [&](const AppendGroup *g) {
        return g && g->folder == request.folder && int(g->members.size()) < m_groupItems
               && g->bytes + size <= groupBytes;
    };
    Error e;
    AppendGroup *open = nullptr;
    // Bounded window: ≤ kMaxGroups commands and ≤ m_maxStoreBytes unanswered.
    // Waiting for an older answer never waits on our own open group: it is
    // closed first (and readResponses() closes it when it is all that is left).
    while (!e) {
        open = openGroup();
        const bool extend = fits(open);
        const bool full = m_unackedBytes + size > m_maxStoreBytes || (!extend && int(m_stores.size()) >= kMaxGroups);
        if (!full || m_stores.empty())
            break;
        if (!extend && open)
            e = m_session->closeOpen();
        if (!e)
            e = m_session->readResponses();
        settleAnswered();
    }
    if (!e && open && !fits(open))
        e = m_session->closeOpen(); // another folder, or the group is full
    if (e)
        return failStore(request.token, done, e);

    if (fits(open)) {
        open->members.push_back(AppendGroup::Member{std::move(request), done});
        open->bytes += size;
        m_unackedBytes += size;
        const AppendGroup::Member &m = open->members.back();
        if (Error err = m_session->extendOpen(open->tag, AppendCommand::member(m.request.meta, &m.request.body)))
            return lost(err);
        return {};
    }

    auto g = std::make_unique<AppendGroup>();
    g->seq = ++m_storeSeq;
    g->folder = request.folder;
    g->native = m_names.toNative(request.folder);
    g->multi = true;
    g->bytes = size;
    g->members.push_back(AppendGroup::Member{std::move(request), done});
    AppendGroup *group = g.get();
    m_stores.push_back(std::move(g));
    m_unackedBytes += size;
    const AppendGroup::Member &m = group->members.back();
    auto tag = m_session->sendOpen(AppendCommand::command(group->native, m.request.meta, &m.request.body),
                                   answerFor(group->seq));
    if (!tag.ok())
        return lost(tag.error());
    group->tag = *tag;
    // Bigger than a group: it travels alone, and the command ends right away.
    if (size > groupBytes) {
        if (Error err = m_session->closeOpen())
            return lost(err);
    }
    return {};
}

Error ImapConnector::dropRefusedGroup()
{
    if (m_refused.empty())
        return {};
    // A server that refuses a MULTIAPPEND may stop reading it in the middle and
    // take the rest of its messages for commands (Dovecot does, for a folder
    // without the insert right): this connection is out of step. The caller
    // passes this error to lost(), which drops the connection and fails the
    // members with it; the engine reconnects and sends them again as single
    // APPENDs, whose refusals are per message. Never lost, never resent here.
    return Error::make(ErrorCode::Network,
                       QStringLiteral("%1 refused a group of %2 messages; reconnecting to send them one by one")
                           .arg(hostText())
                           .arg(m_refused.size()));
}

Error ImapConnector::flush()
{
    settleAnswered();
    if (!m_connected && !m_session->failure().ok() && m_stores.empty() && m_refused.empty()) {
        deliverCompletedStores();
        return m_session->failure();
    }
    Error e;
    if (!m_stores.empty()) {
        e = m_session->failure().ok() ? m_session->waitAll() : m_session->failure();
        settleAnswered();
    }
    if (!e)
        e = dropRefusedGroup();
    if (e)
        e = lost(e);
    deliverCompletedStores();
    return e;
}

void ImapConnector::failOutstandingStores(const Error &e)
{
    settleAnswered(); // answers that did arrive are kept
    std::vector<AppendGroup::Member> members = std::exchange(m_refused, {});
    for (auto &g : m_stores) {
        // A MULTIAPPEND group is atomic: a connection lost in its middle loses all of
        // it. On a line that drops before a whole group gets through, no group would
        // ever complete (no progress, however often the engine reconnects), so each
        // group lost this way makes the later ones of this connector a quarter of its
        // size, down to kMinGroupBytes (a few messages, still one commit per group).
        if (g->multi && g->members.size() > 1)
            m_groupBytes = qMax<qint64>(kMinGroupBytes, qMin(m_groupBytes, g->bytes) / 4);
        for (AppendGroup::Member &m : g->members)
            members.push_back(std::move(m));
    }
    m_stores.clear();
    m_unackedBytes = 0;
    for (AppendGroup::Member &m : members) {
        StoreResult r;
        r.token = m.request.token;
        r.error = e;
        m_completed.emplace_back(std::move(m.done), std::move(r));
    }
    deliverCompletedStores();
}

void ImapConnector::deliverCompletedStores()
{
    settleAnswered();
    // Callbacks may call storeItem() again: take the list first.
    while (!m_completed.empty()) {
        auto batch = std::exchange(m_completed, {});
        for (auto &[done, result] : batch)
            if (done)
                done(std::move(result));
    }
}

} // namespace ferry
