#include "batchsummary.h"

#include <QJsonArray>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace ferry::cli {

namespace {

QString where(Side side)
{
    switch (side) {
    case Side::Source: return u" at the source"_s;
    case Side::Target: return u" at the target"_s;
    case Side::None: break;
    }
    return {};
}

QString withServer(const QString &text, const QString &server)
{
    return server.isEmpty() ? text : u"%1 (server said: %2)"_s.arg(text, server.simplified());
}

} // namespace

QString failureReason(const MigrationReport &r)
{
    if (r.exitCode() == 0)
        return {};
    const Error &e = r.fatal;
    if (!e.ok()) {
        switch (e.code) {
        case ErrorCode::Auth: return withServer(u"login failed%1: %2"_s.arg(where(e.side), e.what), e.serverText);
        case ErrorCode::Tls: return u"certificate not trusted%1: %2"_s.arg(where(e.side), e.what);
        case ErrorCode::Network: return u"network lost%1: %2"_s.arg(where(e.side), e.what);
        case ErrorCode::Quota:
        case ErrorCode::TooBig: return withServer(u"the target is full: %1"_s.arg(e.what), e.serverText);
        case ErrorCode::Cancelled: return u"interrupted; run the batch again to continue"_s;
        default: break;
        }
        const QString side = where(e.side);
        return withServer(side.isEmpty() ? e.what : side.mid(1) + u": "_s + e.what, e.serverText);
    }
    if (!r.failures.isEmpty()) {
        const ItemFailure &f = r.failures.first();
        return u"%1 item%2 could not be copied (first: %3)"_s.arg(r.failures.size())
            .arg(r.failures.size() == 1 ? QString() : u"s"_s)
            .arg(withServer(f.folder.isEmpty() ? f.reason : f.folder + u": "_s + f.reason, f.serverText));
    }
    if (r.verify)
        return u"the final comparison found items that are not on the target"_s;
    return u"not complete (exit %1)"_s.arg(r.exitCode());
}

PersonOutcome PersonOutcome::from(const MigrationReport &r)
{
    PersonOutcome o;
    o.exitCode = r.exitCode();
    o.copied = r.totalCopied();
    o.alreadyThere = r.totalAlreadyThere();
    o.failed = r.totalFailed();
    o.seconds = r.seconds;
    o.reason = failureReason(r);
    o.source = r.source;
    o.target = r.target;
    return o;
}

QJsonObject PersonOutcome::toJson() const
{
    return QJsonObject{
        {u"name"_s, name},
        {u"row"_s, line},
        {u"report"_s, report},
        {u"exitCode"_s, exitCode},
        {u"copied"_s, qint64(copied)},
        {u"alreadyThere"_s, qint64(alreadyThere)},
        {u"failed"_s, qint64(failed)},
        {u"seconds"_s, seconds},
        {u"reason"_s, reason},
        {u"source"_s, source},
        {u"target"_s, target},
        {u"started"_s, started},
    };
}

int batchExitCode(const QList<PersonOutcome> &people, bool interrupted)
{
    if (interrupted)
        return 130;
    return std::all_of(people.cbegin(), people.cend(), [](const PersonOutcome &p) { return p.exitCode == 0; }) ? 0 : 1;
}

QJsonObject summaryJson(const QList<PersonOutcome> &people, int exitCode, double seconds, const QString &usersFile)
{
    QJsonArray list;
    quint64 copied = 0, already = 0, failed = 0;
    int complete = 0;
    for (const PersonOutcome &p : people) {
        list.append(p.toJson());
        copied += p.copied;
        already += p.alreadyThere;
        failed += p.failed;
        complete += p.exitCode == 0;
    }
    return QJsonObject{
        {u"users"_s, usersFile},
        {u"exitCode"_s, exitCode},
        {u"seconds"_s, seconds},
        {u"people"_s, list},
        {u"totals"_s, QJsonObject{{u"people"_s, int(people.size())},
                                   {u"complete"_s, complete},
                                   {u"copied"_s, qint64(copied)},
                                   {u"alreadyThere"_s, qint64(already)},
                                   {u"failed"_s, qint64(failed)}}},
    };
}

QString formatSummaryTable(const QList<PersonOutcome> &people, int exitCode)
{
    const QStringList head{u"person"_s, u"exit"_s, u"copied"_s, u"already there"_s, u"failed"_s, u"seconds"_s};
    QList<QStringList> rows;
    int complete = 0;
    for (const PersonOutcome &p : people) {
        rows.append({p.name.isEmpty() ? u"(row %1)"_s.arg(p.line) : p.name, QString::number(p.exitCode),
                     QString::number(p.copied), QString::number(p.alreadyThere), QString::number(p.failed),
                     QString::number(p.seconds, 'f', 1)});
        complete += p.exitCode == 0;
    }
    QList<int> width;
    for (int c = 0; c < head.size(); ++c) {
        int w = int(head[c].size());
        for (const QStringList &r : std::as_const(rows))
            w = std::max(w, int(r[c].size()));
        width.append(w);
    }
    auto line = [&](const QStringList &cells, const QString &reason) {
        QString s;
        for (int c = 0; c < cells.size(); ++c)
            s += (c == 0 ? cells[c].leftJustified(width[c]) : cells[c].rightJustified(width[c])) + u"  "_s;
        s += reason;
        return s.trimmed() + u'\n';
    };
    QString out = line(head, u"reason"_s);
    for (int i = 0; i < rows.size(); ++i)
        out += line(rows[i], people[i].reason);
    out += u"%1 of %2 complete; exit %3\n"_s.arg(complete).arg(people.size()).arg(exitCode);
    return out;
}

} // namespace ferry::cli
