#include "providerdatabase.h"

#include <QDir>
#include <QFile>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace ferry {

QString ProviderDatabase::normalizeDomain(const QString &domain)
{
    QString d = domain.trimmed().toLower();
    if (d.endsWith(QLatin1Char('.')))
        d.chop(1);
    if (d.isEmpty())
        return {};
    return QString::fromLatin1(QUrl::toAce(d)).toLower();
}

ProviderDatabase ProviderDatabase::bundled()
{
    ProviderDatabase db;
    const QDir dir(bundledPrefix());
    for (const QString &name : dir.entryList({u"*.xml"_s}, QDir::Files, QDir::Name))
        db.addFile(dir.filePath(name));
    return db;
}

Error ProviderDatabase::addDirectory(const QString &directory)
{
    const QDir dir(directory);
    if (!dir.exists())
        return Error::make(ErrorCode::Usage, u"provider directory %1 does not exist"_s.arg(directory));
    for (const QString &name : dir.entryList({u"*.xml"_s}, QDir::Files, QDir::Name))
        addFile(dir.filePath(name));
    return Error::none();
}

void ProviderDatabase::addFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        m_loadErrors.append(u"%1: %2"_s.arg(path, file.errorString()));
        return;
    }
    Result<AutoconfigConfig> config = autoconfig::parse(file.read(4 * 1024 * 1024));
    if (!config.ok()) {
        m_loadErrors.append(u"%1: %2"_s.arg(path, config.error().toString()));
        return;
    }
    if (config->domains.isEmpty()) {
        m_loadErrors.append(u"%1: no <domain>"_s.arg(path));
        return;
    }
    add(std::move(config.value()), path);
}

void ProviderDatabase::add(AutoconfigConfig config, const QString &origin)
{
    const int index = int(m_entries.size());
    for (const QString &d : std::as_const(config.domains)) {
        const QString key = normalizeDomain(d);
        if (!key.isEmpty())
            m_byDomain.insert(key, index);
    }
    for (const QString &d : std::as_const(config.mxDomains)) {
        const QString key = normalizeDomain(d);
        if (!key.isEmpty())
            m_byMxDomain.insert(key, index);
    }
    m_entries.append({std::move(config), origin});
}

const ProviderDatabase::Entry *ProviderDatabase::findByDomain(const QString &domain) const
{
    const auto it = m_byDomain.constFind(normalizeDomain(domain));
    return it == m_byDomain.cend() ? nullptr : &m_entries.at(*it);
}

const ProviderDatabase::Entry *ProviderDatabase::findByMxHost(const QString &mxHost) const
{
    // Walk from the full host up through its parents: the first (= longest) hit wins.
    QString name = normalizeDomain(mxHost);
    while (!name.isEmpty()) {
        const auto it = m_byMxDomain.constFind(name);
        if (it != m_byMxDomain.cend())
            return &m_entries.at(*it);
        const qsizetype dot = name.indexOf(QLatin1Char('.'));
        if (dot < 0)
            break;
        name = name.mid(dot + 1);
    }
    return nullptr;
}

} // namespace ferry
