// Test doubles and helpers shared by the Wizard's unit tests (tst_wizard,
// tst_wizardtrust, tst_wizarddiscovery): a fake inventory function that stands in
// for logging in and listing (Wizard::setInventory), the two accounts' listings,
// a TLS refusal with its certificate, and steps through the wizard.
#pragma once

#include "wizard.h"

#include <QCryptographicHash>
#include <QMutex>
#include <QTest>
#include <QThread>

using namespace Qt::StringLiterals;

namespace ferry::test {

using ferry::app::AccountSettings;
using ferry::app::Wizard;

inline const QString kOldImap = u"imap.old.example"_s;
inline const QString kOldDav = u"dav.old.example"_s;
inline const QString kNewImap = u"imap.new.example"_s;
inline const QString kNewDav = u"dav.new.example"_s;
inline const QString kOldPassword = u"old-S3cret!pw"_s;
inline const QString kNewPassword = u"new-P4ss#word"_s;

inline InventoryFolder folder(const QString &name, const QString &type, quint64 items, qint64 bytes = -1,
                       bool selectable = true, const QString &displayName = {})
{
    InventoryFolder f;
    f.name = name;
    f.dataType = type;
    f.items = items;
    f.bytes = bytes;
    f.selectable = selectable;
    f.displayName = displayName;
    return f;
}

// The old account: 20 messages in three folders (and a container), 15 DAV items.
inline AccountInventory oldMail()
{
    AccountInventory inv;
    inv.folders = {folder(u"INBOX"_s, u"mail"_s, 10, 10'000), folder(u"Sent"_s, u"mail"_s, 4, 4'000),
                   folder(u"Archive"_s, u"mail"_s, 0, 0, false), folder(u"Archive/2024"_s, u"mail"_s, 6, 6'000)};
    return inv;
}

inline AccountInventory oldDav()
{
    AccountInventory inv;
    inv.mail = false;
    inv.folders = {folder(u"contacts"_s, u"contacts"_s, 5, -1, true, u"Contacts"_s),
                   folder(u"personal"_s, u"calendar"_s, 7, -1, true, u"Personal"_s),
                   folder(u"todo"_s, u"tasks"_s, 3, -1, true, u"To do"_s)};
    return inv;
}

// The new account holds other things: the selection must never be built from it.
inline AccountInventory newAccount(bool mail)
{
    AccountInventory inv;
    inv.mail = mail;
    inv.folders = {mail ? folder(u"Already-there"_s, u"mail"_s, 99, 99'000)
                        : folder(u"their-calendar"_s, u"calendar"_s, 99)};
    return inv;
}

inline QByteArray sha256Of(const QString &host)
{
    return QCryptographicHash::hash(host.toUtf8(), QCryptographicHash::Sha256);
}

inline Error tlsRefusal(const QString &host, Side side, const QString &problem)
{
    Error e = Error::make(ErrorCode::Tls, u"TLS handshake with %1"_s.arg(host), u"certificate verify failed"_s);
    e.side = side;
    e.fingerprint = formatFingerprint(sha256Of(host));
    e.certificate.subject = u"CN=%1,O=Example"_s.arg(host);
    e.certificate.issuer = u"CN=Example Private CA"_s;
    e.certificate.names = {host};
    e.certificate.notBefore = QDateTime(QDate(2024, 1, 1), QTime(8, 0), Qt::UTC);
    e.certificate.notAfter = QDateTime(QDate(2034, 1, 1), QTime(8, 0), Qt::UTC);
    e.certificate.sha256 = sha256Of(host);
    e.certificate.problem = problem;
    return e;
}

// Stands in for takeInventory(): records every call (on whatever thread it comes)
// and answers by host: the old and new accounts' listings, or a refusal.
class FakeAccounts {
public:
    struct Call {
        Endpoint endpoint;
        Side side;
        QThread *thread;
    };
    using Answer = std::function<Result<AccountInventory>(const Endpoint &, Side)>;

    Wizard::Inventory function()
    {
        return [this](const Endpoint &e, Side side) { return call(e, side); };
    }
    void setAnswer(Answer answer)
    {
        QMutexLocker lock(&m_mutex);
        m_answer = std::move(answer);
    }
    QList<Call> calls() const
    {
        QMutexLocker lock(&m_mutex);
        return m_calls;
    }
    QList<Call> callsFor(const QString &host) const
    {
        QList<Call> out;
        for (const Call &c : calls())
            if (c.endpoint.host == host)
                out << c;
        return out;
    }
    static Result<AccountInventory> standard(const Endpoint &e, Side side)
    {
        if (e.host == kOldImap)
            return oldMail();
        if (e.host == kOldDav)
            return oldDav();
        if (e.host == kNewImap || e.host == kNewDav)
            return newAccount(e.scheme == u"imaps"_s);
        return Error::make(ErrorCode::Network, u"connect to %1"_s.arg(e.host)).onSide(side);
    }

private:
    Result<AccountInventory> call(const Endpoint &e, Side side)
    {
        Answer answer;
        {
            QMutexLocker lock(&m_mutex);
            m_calls.append(Call{e, side, QThread::currentThread()});
            answer = m_answer ? m_answer : Answer(&FakeAccounts::standard);
        }
        return answer(e, side);
    }

    mutable QMutex m_mutex;
    QList<Call> m_calls;
    Answer m_answer;
};

inline void fill(AccountSettings *a, const QString &email, const QString &password, const QString &imapHost,
          const QString &davHost)
{
    a->setEmail(email);
    a->setPassword(password);
    a->setImapHost(imapHost);
    a->setImapPort(993);
    a->setDavUrl(davHost.isEmpty() ? QString() : u"https://%1/"_s.arg(davHost));
}

inline void fillOld(Wizard &w, bool dav = true)
{
    fill(w.oldAccount(), u"anna@old.example"_s, kOldPassword, kOldImap, dav ? kOldDav : QString());
}

inline void fillNew(Wizard &w, bool imap = true, bool dav = true)
{
    fill(w.newAccount(), u"anna@new.example"_s, kNewPassword, imap ? kNewImap : QString(), dav ? kNewDav : QString());
}

inline bool waitIdle(Wizard &w)
{
    return QTest::qWaitFor([&] { return !w.busy(); }, 5000);
}

// Welcome → old account → new account → what to move, with both accounts filled in.
inline bool reachWhatToMove(Wizard &w, bool oldDavToo = true, bool newImap = true, bool newDav = true)
{
    w.next();
    fillOld(w, oldDavToo);
    w.next();
    if (!waitIdle(w) || w.step() != Wizard::NewAccount)
        return false;
    fillNew(w, newImap, newDav);
    w.next();
    return waitIdle(w) && w.step() == Wizard::WhatToMove;
}

inline int rowOf(const ferry::app::SelectionModel *m, const QString &name)
{
    for (int r = 0; r < m->rowCount(); ++r)
        if (m->data(m->index(r), ferry::app::SelectionModel::NameRole).toString() == name)
            return r;
    return -1;
}

inline QVariantMap typeEntry(const QVariantList &types, const QString &dataType)
{
    for (const QVariant &v : types)
        if (v.toMap().value(u"dataType"_s).toString() == dataType)
            return v.toMap();
    return {};
}

} // namespace ferry::test
