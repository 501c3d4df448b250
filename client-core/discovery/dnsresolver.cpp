#include "dnsresolver.h"

#include <QDnsLookup>
#include <QEventLoop>
#include <QTimer>

#include <algorithm>
#include <memory>

using namespace Qt::StringLiterals;

namespace ferry {

namespace {

const char *typeName(QDnsLookup::Type type)
{
    switch (type) {
    case QDnsLookup::SRV: return "SRV";
    case QDnsLookup::TXT: return "TXT";
    case QDnsLookup::MX: return "MX";
    case QDnsLookup::A: return "A";
    case QDnsLookup::AAAA: return "AAAA";
    default: return "DNS";
    }
}

// Runs one look-up to completion (or the timeout) in a local event loop. A
// name that does not exist is not an error: the lookup then simply has no records.
Error runLookup(QDnsLookup &lookup, int timeoutMs)
{
    QEventLoop loop;
    QTimer timer;
    timer.setSingleShot(true);
    QObject::connect(&lookup, &QDnsLookup::finished, &loop, &QEventLoop::quit);
    QObject::connect(&timer, &QTimer::timeout, &loop, &QEventLoop::quit);
    lookup.lookup();
    timer.start(timeoutMs);
    if (!lookup.isFinished())
        loop.exec();
    const QString what = u"%1 look-up of %2"_s.arg(QLatin1String(typeName(lookup.type())), lookup.name());
    if (!lookup.isFinished()) {
        lookup.abort();
        return Error::make(ErrorCode::Network, what + u" timed out after %1 ms"_s.arg(timeoutMs), {},
                           u"check your network connection"_s);
    }
    switch (lookup.error()) {
    case QDnsLookup::NoError:
    case QDnsLookup::NotFoundError:
        return Error::none();
    default:
        return Error::make(ErrorCode::Network, what + u" failed"_s, lookup.errorString());
    }
}

QString withoutDot(QString host)
{
    if (host.endsWith(QLatin1Char('.')))
        host.chop(1);
    return host;
}

} // namespace

QString DnsResolver::txtPath(const QList<QByteArray> &strings)
{
    for (const QByteArray &value : strings) {
        if (value.startsWith("path="))
            return QString::fromUtf8(value.mid(5));
    }
    return {};
}

void DnsResolver::sortSrv(QList<DnsSrvRecord> &records)
{
    std::stable_sort(records.begin(), records.end(), [](const DnsSrvRecord &a, const DnsSrvRecord &b) {
        return a.priority != b.priority ? a.priority < b.priority : a.weight > b.weight;
    });
}

void DnsResolver::sortMx(QList<DnsMxRecord> &records)
{
    std::stable_sort(records.begin(), records.end(),
                     [](const DnsMxRecord &a, const DnsMxRecord &b) { return a.preference < b.preference; });
}

Result<QList<DnsSrvRecord>> QDnsResolver::lookupSrv(const QString &name)
{
    QDnsLookup lookup(QDnsLookup::SRV, name);
    if (Error e = runLookup(lookup, m_timeoutMs))
        return e;
    QList<DnsSrvRecord> out;
    for (const QDnsServiceRecord &r : lookup.serviceRecords()) {
        const QString host = withoutDot(r.target());
        if (host.isEmpty())
            continue; // RFC 2782: target "." — the service is not offered
        out.append({host, r.port(), r.priority(), r.weight()});
    }
    sortSrv(out);
    return out;
}

Result<QList<QByteArray>> QDnsResolver::lookupTxt(const QString &name)
{
    QDnsLookup lookup(QDnsLookup::TXT, name);
    if (Error e = runLookup(lookup, m_timeoutMs))
        return e;
    QList<QByteArray> out;
    for (const QDnsTextRecord &r : lookup.textRecords())
        out += r.values();
    return out;
}

Result<QList<DnsMxRecord>> QDnsResolver::lookupMx(const QString &name)
{
    QDnsLookup lookup(QDnsLookup::MX, name);
    if (Error e = runLookup(lookup, m_timeoutMs))
        return e;
    QList<DnsMxRecord> out;
    for (const QDnsMailExchangeRecord &r : lookup.mailExchangeRecords()) {
        const QString host = withoutDot(r.exchange());
        if (host.isEmpty())
            continue; // RFC 7505 null MX: the domain accepts no mail
        out.append({host, r.preference()});
    }
    sortMx(out);
    return out;
}

Result<bool> QDnsResolver::hostExists(const QString &name)
{
    Error firstError;
    for (const QDnsLookup::Type type : {QDnsLookup::A, QDnsLookup::AAAA}) {
        QDnsLookup lookup(type, name);
        if (Error e = runLookup(lookup, m_timeoutMs)) {
            if (firstError.ok())
                firstError = e;
            continue;
        }
        if (!lookup.hostAddressRecords().isEmpty())
            return true;
    }
    if (!firstError.ok())
        return firstError;
    return false;
}

} // namespace ferry
