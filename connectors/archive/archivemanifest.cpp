#include "archivemanifest.h"

#include "archivefiles.h"
#include "archiveformat.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

namespace ferry {

namespace archive {

namespace {

const QByteArray kCheckPlain = QByteArrayLiteral("ferry-archive passphrase check v1");
const QByteArray kCheckContext = QByteArrayLiteral("manifest.json#check");
const QString kManifest = QStringLiteral("manifest.json");

QString now() { return QDateTime::currentDateTimeUtc().toString(Qt::ISODate); }

} // namespace

std::mutex &manifestMutex()
{
    static std::mutex m;
    return m;
}

Result<Manifest> readManifest(const QString &root)
{
    Result<QByteArray> raw = readSmallFile(root, kManifest, nullptr);
    if (!raw.ok())
        return raw.error().code == ErrorCode::NotFound
            ? Error::make(ErrorCode::NotFound, QStringLiteral("no Ferry archive at %1 (manifest.json is missing)").arg(root),
                          {}, QStringLiteral("check the path; an archive is made by `ferry-cli export`"))
            : raw.error();
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(*raw, &err);
    Manifest m;
    m.json = doc.object();
    if (err.error != QJsonParseError::NoError || !doc.isObject()
        || m.json.value(QLatin1String("format")).toString() != QLatin1String(kFormatName))
        return Error::make(ErrorCode::Protocol, QStringLiteral("%1/manifest.json is not a Ferry archive manifest").arg(root),
                           err.error != QJsonParseError::NoError ? err.errorString() : QString(),
                           QStringLiteral("point Ferry at the archive's top directory"));
    const int version = m.json.value(QLatin1String("version")).toInt();
    if (version > kFormatVersion || version < 1)
        return Error::make(ErrorCode::Protocol, QStringLiteral("the archive at %1 has format version %2").arg(root).arg(version),
                           {}, QStringLiteral("it was made by a newer Ferry; update Ferry to read it"));
    const QJsonValue enc = m.json.value(QLatin1String("encryption"));
    if (enc.isObject()) {
        const QJsonObject e = enc.toObject();
        if (e.value(QLatin1String("cipher")).toString() != QLatin1String("AES-256-GCM")
            || e.value(QLatin1String("kdf")).toString() != QLatin1String("scrypt"))
            return Error::make(ErrorCode::Protocol, QStringLiteral("the archive at %1 uses an unknown encryption").arg(root),
                               QString::fromUtf8(QJsonDocument(e).toJson(QJsonDocument::Compact)));
        m.encrypted = true;
        m.kdf.salt = QByteArray::fromBase64(e.value(QLatin1String("salt")).toString().toLatin1());
        m.kdf.n = jsonUInt(e.value(QLatin1String("N"))); // out of range: 0, refused by derive()
        m.kdf.r = quint32(e.value(QLatin1String("r")).toInt());
        m.kdf.p = quint32(e.value(QLatin1String("p")).toInt());
        m.check = QByteArray::fromBase64(e.value(QLatin1String("check")).toString().toLatin1());
    }
    return m;
}

Error writeManifest(const QString &root, QJsonObject json)
{
    json.insert(QStringLiteral("updated"), now());
    return replaceFile(root, kManifest, QJsonDocument(json).toJson(QJsonDocument::Indented), nullptr);
}

Result<QJsonObject> newManifest(const std::shared_ptr<const Secret> &passphrase, std::shared_ptr<const ArchiveKey> *key)
{
    QJsonObject m{{QStringLiteral("format"), QLatin1String(kFormatName)},
                  {QStringLiteral("version"), kFormatVersion},
                  {QStringLiteral("created"), now()},
                  {QStringLiteral("parts"), QJsonArray()},
                  {QStringLiteral("folders"), QJsonArray()},
                  {QStringLiteral("source"), QJsonObject()}};
    if (key)
        key->reset();
    if (passphrase && !passphrase->reveal().isEmpty()) {
        const KdfParams p = ArchiveKey::freshParams();
        auto k = ArchiveKey::derive(passphrase->reveal(), p);
        if (!k.ok())
            return k.error();
        m.insert(QStringLiteral("encryption"),
                 QJsonObject{{QStringLiteral("cipher"), QStringLiteral("AES-256-GCM")},
                             {QStringLiteral("kdf"), QStringLiteral("scrypt")},
                             {QStringLiteral("salt"), QString::fromLatin1(p.salt.toBase64())},
                             {QStringLiteral("N"), double(p.n)},
                             {QStringLiteral("r"), int(p.r)},
                             {QStringLiteral("p"), int(p.p)},
                             {QStringLiteral("check"), QString::fromLatin1(seal(**k, kCheckPlain, kCheckContext).toBase64())}});
        if (key)
            *key = *k;
    }
    return m;
}

Result<std::shared_ptr<const ArchiveKey>> unlockManifest(const Manifest &m, const QString &root,
                                                         const std::shared_ptr<const Secret> &passphrase)
{
    const bool given = passphrase && !passphrase->reveal().isEmpty();
    if (!m.encrypted) {
        if (given)
            return Error::make(ErrorCode::Usage, QStringLiteral("the archive at %1 is not encrypted, but a passphrase was given").arg(root),
                               {}, QStringLiteral("leave the passphrase out, or export into a new, empty directory to get an encrypted archive"));
        return std::shared_ptr<const ArchiveKey>();
    }
    if (!given)
        return Error::make(ErrorCode::Auth, QStringLiteral("the archive at %1 is encrypted").arg(root), {},
                           QStringLiteral("give its passphrase"));
    auto k = ArchiveKey::derive(passphrase->reveal(), m.kdf);
    if (!k.ok())
        return k.error();
    const std::optional<QByteArray> check = unseal(**k, m.check, kCheckContext);
    if (!check || *check != kCheckPlain)
        return Error::make(ErrorCode::Auth, QStringLiteral("the passphrase does not open this archive (%1)").arg(root), {},
                           QStringLiteral("check the passphrase; nothing was read or written"));
    return *k;
}

} // namespace archive

Error setArchiveSource(const QString &root, const QJsonObject &source)
{
    std::lock_guard lock(archive::manifestMutex());
    Result<archive::Manifest> m = archive::readManifest(root);
    if (!m.ok())
        return m.error();
    m->json.insert(QStringLiteral("source"), source);
    return archive::writeManifest(root, m->json);
}

} // namespace ferry
