#include "profile.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrl>

namespace ferry {

namespace {

Error bad(const QString &path, const QString &what, const QString &hint)
{
    return Error::make(ErrorCode::Usage,
                       path.isEmpty() ? QStringLiteral("profile: %1").arg(what)
                                      : QStringLiteral("profile %1: %2").arg(path, what),
                       {}, hint);
}

// A password anywhere in the file is refused: profiles are handed around.
bool holdsPassword(const QJsonValue &v)
{
    if (v.isObject()) {
        const QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it) {
            const QString k = it.key().toLower();
            if (k.contains(QLatin1String("password")) || k.contains(QLatin1String("passphrase"))
                || k.contains(QLatin1String("secret")) || holdsPassword(it.value()))
                return true;
        }
    } else if (v.isArray()) {
        for (const QJsonValue &e : v.toArray())
            if (holdsPassword(e))
                return true;
    }
    return false;
}

Result<QStringList> strings(const QJsonObject &o, const QString &key, const QString &path)
{
    QStringList out;
    const QJsonValue v = o.value(key);
    if (v.isUndefined() || v.isNull())
        return out;
    if (!v.isArray())
        return bad(path, QStringLiteral("\"%1\" must be a list of texts").arg(key), QStringLiteral("write [\"…\", \"…\"]"));
    for (const QJsonValue &e : v.toArray()) {
        if (!e.isString())
            return bad(path, QStringLiteral("\"%1\" must be a list of texts").arg(key), QStringLiteral("write [\"…\", \"…\"]"));
        out << e.toString();
    }
    return out;
}

Result<AccountPreset> preset(const QJsonObject &o, const QString &key, const QString &path)
{
    AccountPreset p;
    const QJsonObject a = o.value(key).toObject();
    p.imapHost = a.value(QStringLiteral("imapHost")).toString().trimmed();
    p.imapPort = a.value(QStringLiteral("imapPort")).toInt(993);
    p.davUrl = a.value(QStringLiteral("davUrl")).toString().trimmed();
    p.userName = a.value(QStringLiteral("userName")).toString(QStringLiteral("{email}")).trimmed();
    if (p.imapPort == 143)
        return bad(path, QStringLiteral("\"%1.imapPort\" is 143, the plaintext IMAP port").arg(key),
                   QStringLiteral("Ferry only speaks IMAP over TLS: use 993"));
    if (p.imapPort <= 0 || p.imapPort > 65535)
        return bad(path, QStringLiteral("\"%1.imapPort\" must be a port number").arg(key), QStringLiteral("usually 993"));
    if (!p.davUrl.isEmpty()) {
        const QUrl url(p.davUrl);
        if (!url.isValid() || url.scheme() != QLatin1String("https") || url.host().isEmpty())
            return bad(path, QStringLiteral("\"%1.davUrl\" must be an https:// address").arg(key),
                       QStringLiteral("for example https://dav.example.org/"));
    }
    return p;
}

} // namespace

QString AccountPreset::userFor(const QString &email) const
{
    const QString e = email.trimmed();
    if (userName.isEmpty() || userName == QLatin1String("{email}"))
        return e;
    if (userName == QLatin1String("{local}"))
        return e.section(QLatin1Char('@'), 0, 0);
    return userName;
}

QString AccountPreset::mailUrl(const QString &email) const
{
    if (imapHost.isEmpty())
        return {};
    QUrl u;
    u.setScheme(QStringLiteral("imaps"));
    u.setUserName(userFor(email));
    u.setHost(imapHost);
    u.setPort(imapPort);
    return u.toString();
}

QString AccountPreset::davUrlFor(const QString &email) const
{
    if (davUrl.isEmpty())
        return {};
    QUrl u(davUrl);
    u.setUserName(userFor(email));
    return u.toString();
}

Result<Profile> Profile::load(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return bad(path, QStringLiteral("cannot be read: %1").arg(f.errorString()),
                   QStringLiteral("check the path the helpdesk gave you"));
    if (f.size() > 1024 * 1024)
        return bad(path, QStringLiteral("is larger than 1 MB"), QStringLiteral("a profile is a small JSON file"));
    return parse(f.readAll(), path);
}

Result<Profile> Profile::parse(const QByteArray &json, const QString &path)
{
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &err);
    if (err.error != QJsonParseError::NoError || !doc.isObject())
        return bad(path, QStringLiteral("is not JSON (%1 at byte %2)").arg(err.errorString()).arg(err.offset),
                   QStringLiteral("ask the helpdesk for a fresh copy"));
    const QJsonObject o = doc.object();
    if (o.value(QStringLiteral("ferryProfile")).toInt() != 1)
        return bad(path, QStringLiteral("is not a Ferry profile (no \"ferryProfile\": 1)"),
                   QStringLiteral("this Ferry reads profiles of version 1"));
    if (holdsPassword(o))
        return bad(path, QStringLiteral("contains a password"),
                   QStringLiteral("profiles are handed around: remove it; people type their own passwords"));
    Profile p;
    p.path = path;
    const QJsonObject h = o.value(QStringLiteral("helpdesk")).toObject();
    p.helpdeskName = h.value(QStringLiteral("name")).toString();
    p.helpdeskContact = h.value(QStringLiteral("contact")).toString();
    p.helpdeskUrl = h.value(QStringLiteral("url")).toString();
    auto old = preset(o, QStringLiteral("old"), path);
    if (!old.ok())
        return old.error();
    auto target = preset(o, QStringLiteral("new"), path);
    if (!target.ok())
        return target.error();
    p.old = *old;
    p.target = *target;

    if (o.contains(QStringLiteral("what"))) {
        p.whatIsSet = true;
        const QJsonObject w = o.value(QStringLiteral("what")).toObject();
        auto only = strings(w, QStringLiteral("only"), path);
        if (!only.ok())
            return only.error();
        for (const QString &t : *only)
            if (!dataTypes().contains(t))
                return bad(path, QStringLiteral("\"what.only\" names \"%1\"").arg(t),
                           QStringLiteral("use mail, contacts, calendar and tasks"));
        p.only = *only;
        auto skip = strings(w, QStringLiteral("skipFolders"), path);
        if (!skip.ok())
            return skip.error();
        p.skipFolders = *skip;
        for (const char *key : {"mailSince", "mailUntil"}) {
            auto day = DateWindow::parseDay(w.value(QLatin1String(key)).toString(), QStringLiteral("what.%1").arg(QLatin1String(key)));
            if (!day.ok())
                return bad(path, day.error().what, day.error().hint);
            (QLatin1String(key) == QLatin1String("mailSince") ? p.mailWindow.from : p.mailWindow.to) = *day;
        }
        if (p.mailWindow.from.isValid() && p.mailWindow.to.isValid() && p.mailWindow.to < p.mailWindow.from)
            return bad(path, QStringLiteral("\"what.mailUntil\" is before \"what.mailSince\""), QStringLiteral("swap them"));
    }
    auto rules = strings(o, QStringLiteral("folderRules"), path);
    if (!rules.ok())
        return rules.error();
    for (const QString &r : *rules) {
        FolderRule rule;
        QString why;
        if (!FolderRule::parse(r, &rule, &why))
            return bad(path, QStringLiteral("folder rule \"%1\" is not FROM=TO").arg(r), why);
        p.folderRules << rule;
    }
    auto addresses = strings(o, QStringLiteral("addressMap"), path);
    if (!addresses.ok())
        return addresses.error();
    p.addressRules = *addresses;
    p.connections = o.value(QStringLiteral("connections")).toInt(0);
    if (p.connections < 0 || p.connections > 16)
        return bad(path, QStringLiteral("\"connections\" must be 1 to 16"), QStringLiteral("2 to 4 suits most servers"));
    return p;
}

void Profile::applyTo(MigrationOptions &o) const
{
    if (whatIsSet) {
        o.only = only;
        o.skipFolders = skipFolders;
        o.skipCollections = skipFolders;
        o.mailWindow = mailWindow;
    }
    o.folderRules += folderRules;
    if (connections > 0)
        o.connections = connections;
}

QString Profile::contactLine() const
{
    if (helpdeskName.isEmpty() && helpdeskContact.isEmpty())
        return {};
    QString s = helpdeskName.isEmpty() ? helpdeskContact
              : helpdeskContact.isEmpty() ? helpdeskName
                                          : helpdeskName + QStringLiteral(": ") + helpdeskContact;
    if (!helpdeskUrl.isEmpty())
        s += QStringLiteral(" (%1)").arg(helpdeskUrl);
    return s;
}

} // namespace ferry
