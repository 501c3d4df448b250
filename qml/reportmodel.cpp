#include "reportmodel.h"

#include "selectionmodel.h"

#include <engine/passhistory.h>

#include <QFile>
#include <QLocale>
#include <QJsonDocument>
#include <QSaveFile>

#include <climits>

using namespace Qt::StringLiterals;

namespace ferry::app {

int FailureModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant FailureModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ItemFailure &f = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case ItemRole: {
        // Something a person recognises: the subject / summary, else the UID, else the id.
        QString name = !f.subject.isEmpty() ? f.subject : !f.uid.isEmpty() ? f.uid : f.id;
        if (!f.messageId.isEmpty() && f.subject.isEmpty())
            name = f.messageId;
        return name;
    }
    case FolderRole: return f.folder;
    case ReasonRole: return f.serverText.isEmpty() ? f.reason : u"%1 — %2"_s.arg(f.reason, f.serverText);
    case DataTypeRole: return f.dataType;
    default: return {};
    }
}

QHash<int, QByteArray> FailureModel::roleNames() const
{
    return {{FolderRole, "folder"}, {ItemRole, "item"}, {ReasonRole, "reason"}, {DataTypeRole, "dataType"}};
}

void FailureModel::setFailures(const QList<ItemFailure> &failures)
{
    beginResetModel();
    m_rows = failures;
    endResetModel();
}

ReportModel::ReportModel(QObject *parent)
    : QAbstractListModel(parent)
    , m_failures(this)
{
}

int ReportModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_report.folders.size());
}

QVariant ReportModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const FolderReport &f = m_report.folders.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case SourceRole: return f.source;
    case DataTypeRole: return f.dataType;
    case TypeLabelRole: return SelectionModel::typeLabel(f.dataType);
    case TargetRole: return f.target;
    case SourceCountRole: return qulonglong(f.sourceCount);
    case TargetCountRole: return qulonglong(f.targetCount);
    case CopiedRole: return qulonglong(f.copied);
    case AlreadyThereRole: return qulonglong(f.alreadyThere);
    case FailedRole: return qulonglong(f.failed);
    case UpdatedRole: return qulonglong(f.updated);
    case ConflictsRole: return qulonglong(f.conflicts);
    case OutsideWindowRole: return qulonglong(f.outsideWindow);
    default: return {};
    }
}

QHash<int, QByteArray> ReportModel::roleNames() const
{
    return {{DataTypeRole, "dataType"}, {TypeLabelRole, "typeLabel"}, {SourceRole, "source"},
            {TargetRole, "target"}, {SourceCountRole, "sourceCount"}, {TargetCountRole, "targetCount"},
            {CopiedRole, "copied"}, {AlreadyThereRole, "alreadyThere"}, {FailedRole, "failed"},
            {UpdatedRole, "updated"}, {ConflictsRole, "conflicts"}, {OutsideWindowRole, "outsideWindow"}};
}

void ReportModel::setReport(const MigrationReport &report, const QList<PassRecord> &passes)
{
    beginResetModel();
    m_report = report;
    m_passes = passes;
    m_hasReport = true;
    endResetModel();
    m_failures.setFailures(report.failures);
    Q_EMIT reportChanged();
}

QString ReportModel::headline() const
{
    if (!m_hasReport)
        return {};
    switch (m_report.exitCode()) {
    case 0: return outsideWindow() ? tr("The mail you chose was moved.") : tr("Everything was moved.");
    case 1: return tr("Moved, but some items could not be copied.");
    case 130: return tr("Stopped before the end. Run again to continue where it stopped.");
    default: return tr("The move stopped.");
    }
}

QString ReportModel::totalsText() const
{
    if (!m_hasReport)
        return {};
    return tr("%1 copied, %2 already there, %3 failed, in %4 s.")
        .arg(m_report.totalCopied())
        .arg(m_report.totalAlreadyThere())
        .arg(m_report.totalFailed())
        .arg(QLocale().toString(m_report.seconds, 'f', 1));
}

QString ReportModel::windowText() const
{
    if (!m_hasReport || !outsideWindow())
        return {};
    return tr("%n message(s) received outside the dates you chose stayed on the old server.", "",
              int(qMin<qulonglong>(outsideWindow(), INT_MAX)));
}

void ReportModel::clear()
{
    beginResetModel();
    m_report = MigrationReport{};
    m_passes.clear();
    m_hasReport = false;
    endResetModel();
    m_failures.setFailures({});
    Q_EMIT reportChanged();
}

QVariantList ReportModel::passes() const
{
    quint64 most = 1;
    for (const PassRecord &p : m_passes)
        most = qMax(most, passItems(p));
    QVariantList out;
    int n = 0;
    for (const PassRecord &p : m_passes) {
        out.append(QVariantMap{{u"number"_s, ++n},
                               {u"kind"_s, p.kind},
                               {u"final"_s, p.kind == u"final"_s},
                               {u"items"_s, qulonglong(passItems(p))},
                               {u"seconds"_s, passSeconds(p)},
                               {u"share"_s, double(passItems(p)) / double(most)}});
    }
    return out;
}

QString ReportModel::verifyText() const
{
    if (!m_report.verify)
        return {};
    const VerifyReport &v = *m_report.verify;
    if (!v.fatal.ok())
        return tr("The comparison of both accounts stopped: %1").arg(v.fatal.toString());
    const auto n = [](quint64 x) { return int(qMin<quint64>(x, INT_MAX)); };
    QStringList parts;
    const quint64 mail = v.sourceItems(u"mail"_s), contacts = v.sourceItems(u"contacts"_s),
                  events = v.sourceItems(u"calendar"_s), tasks = v.sourceItems(u"tasks"_s);
    if (mail)
        parts << tr("%n message(s)", "", n(mail));
    if (contacts)
        parts << tr("%n contact(s)", "", n(contacts));
    if (events)
        parts << tr("%n event(s)", "", n(events));
    if (tasks)
        parts << tr("%n task(s)", "", n(tasks));
    if (v.complete())
        return tr("Checked: everything of the old account is on the new one (%1).").arg(parts.join(u", "_s));
    return tr("Checked: %n item(s) of the old account are not on the new one; the saved report names each with "
              "the reason.", "", n(v.missingItems()));
}

QString ReportModel::forecastText() const
{
    const PassForecast f = forecastNextPass(m_passes);
    if (!f.known)
        return {};
    const QString time = f.seconds < 90 ? tr("%n second(s)", "", qMax(1, qRound(f.seconds)))
                                        : tr("%n minute(s)", "", qRound(f.seconds / 60));
    if (f.items == 0)
        return tr("The next pass should find little or nothing new and take about %1.").arg(time);
    return tr("The next pass should copy about %n item(s) and take about %1.", "", int(qMin<quint64>(f.items, INT_MAX)))
        .arg(time);
}

QString ReportModel::problem() const
{
    if (!m_hasReport || m_report.fatal.ok())
        return {};
    QString s = m_report.fatal.toString();
    if (!m_report.fatal.hint.isEmpty())
        s += u"\n"_s + m_report.fatal.hint;
    return s;
}

QString ReportModel::save(const QUrl &file) const
{
    const QString path = file.isLocalFile() ? file.toLocalFile() : file.toString();
    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly))
        return tr("Could not write %1: %2").arg(path, out.errorString());
    out.write(QJsonDocument(m_report.toJson()).toJson(QJsonDocument::Indented));
    if (!out.commit())
        return tr("Could not write %1: %2").arg(path, out.errorString());
    return {};
}

} // namespace ferry::app
