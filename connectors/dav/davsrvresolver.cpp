#include "davsrvresolver.h"

#include <QDnsLookup>
#include <QEventLoop>
#include <QTimer>

#include <algorithm>

namespace ferry {

namespace {

// Runs one look-up to completion (or the timeout) in a local event loop.
bool runLookup(QDnsLookup &lookup, int timeoutMs)
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
    if (!lookup.isFinished()) {
        lookup.abort();
        return false;
    }
    return lookup.error() == QDnsLookup::NoError;
}

} // namespace

QList<DavSrvResolver::Target> QDnsSrvResolver::lookupSrv(const QString &name)
{
    QDnsLookup lookup(QDnsLookup::SRV, name);
    QList<Target> out;
    if (!runLookup(lookup, m_timeoutMs))
        return out;
    for (const QDnsServiceRecord &r : lookup.serviceRecords()) {
        // RFC 2782: a target of "." means the service is decidedly not available.
        if (r.target().isEmpty() || r.target() == QLatin1String("."))
            continue;
        QString host = r.target();
        if (host.endsWith(QLatin1Char('.')))
            host.chop(1);
        out.append({host, r.port(), r.priority(), r.weight()});
    }
    std::stable_sort(out.begin(), out.end(), [](const Target &a, const Target &b) {
        return a.priority != b.priority ? a.priority < b.priority : a.weight > b.weight;
    });
    return out;
}

QString QDnsSrvResolver::lookupTxtPath(const QString &name)
{
    QDnsLookup lookup(QDnsLookup::TXT, name);
    if (!runLookup(lookup, m_timeoutMs))
        return {};
    for (const QDnsTextRecord &r : lookup.textRecords()) {
        for (const QByteArray &value : r.values()) {
            if (value.startsWith("path="))
                return QString::fromUtf8(value.mid(5));
        }
    }
    return {};
}

} // namespace ferry
