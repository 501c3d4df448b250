// The Report page: one row per folder / collection (source and target counts,
// copied, already there, failed, updated, conflicts, outside the dates), the totals, the run's
// warnings, and a second model with every failed item and the server's reason.
// Texts that come from servers are plain text; the page renders them so.
#pragma once

#include <engine/migrationreport.h>
#include <state/statestore.h>

#include <QAbstractListModel>
#include <QUrl>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

namespace ferry::app {

class FailureModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("FailureModel belongs to a ReportModel")
public:
    enum Role { FolderRole = Qt::UserRole + 1, ItemRole, ReasonRole, DataTypeRole };
    using QAbstractListModel::QAbstractListModel;
    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;
    void setFailures(const QList<ItemFailure> &failures);
private:
    QList<ItemFailure> m_rows;
};

class ReportModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("ReportModel belongs to the Wizard")
    Q_PROPERTY(FailureModel *failures READ failures CONSTANT)
    Q_PROPERTY(QString headline READ headline NOTIFY reportChanged)
    Q_PROPERTY(QString totalsText READ totalsText NOTIFY reportChanged)
    Q_PROPERTY(QString problem READ problem NOTIFY reportChanged)
    Q_PROPERTY(QStringList warnings READ warnings NOTIFY reportChanged)
    Q_PROPERTY(int exitCode READ exitCode NOTIFY reportChanged)
    Q_PROPERTY(bool complete READ complete NOTIFY reportChanged)
    Q_PROPERTY(qulonglong copied READ copied NOTIFY reportChanged)
    Q_PROPERTY(qulonglong alreadyThere READ alreadyThere NOTIFY reportChanged)
    Q_PROPERTY(qulonglong failed READ failed NOTIFY reportChanged)
    // Mail left on the old server because of the chosen dates, and a sentence saying so.
    Q_PROPERTY(qulonglong outsideWindow READ outsideWindow NOTIFY reportChanged)
    Q_PROPERTY(QString windowText READ windowText NOTIFY reportChanged)
    // The passes so far: [{number, kind, items, seconds, final, share}] (share: the
    // pass's items relative to the largest, 0..1, for the chart) and the next one foretold.
    Q_PROPERTY(QVariantList passes READ passes NOTIFY reportChanged)
    Q_PROPERTY(QString forecastText READ forecastText NOTIFY reportChanged)
    // A final pass compares both sides: its verdict ("All 152 messages … are on the target").
    Q_PROPERTY(QString verifyText READ verifyText NOTIFY reportChanged)
    Q_PROPERTY(bool verified READ verified NOTIFY reportChanged)

public:
    enum Role {
        DataTypeRole = Qt::UserRole + 1, TypeLabelRole, SourceRole, TargetRole, SourceCountRole, TargetCountRole,
        CopiedRole, AlreadyThereRole, FailedRole, UpdatedRole, ConflictsRole, OutsideWindowRole
    };
    explicit ReportModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    void setReport(const MigrationReport &report, const QList<PassRecord> &passes = {});
    void clear();
    const MigrationReport &report() const { return m_report; }

    FailureModel *failures() { return &m_failures; }
    QString headline() const;
    QString totalsText() const;
    QString problem() const;
    QStringList warnings() const { return m_report.warnings; }
    int exitCode() const { return m_hasReport ? m_report.exitCode() : -1; }
    bool complete() const { return m_hasReport && m_report.exitCode() == 0; }
    qulonglong copied() const { return m_report.totalCopied(); }
    qulonglong alreadyThere() const { return m_report.totalAlreadyThere(); }
    qulonglong failed() const { return m_report.totalFailed(); }
    qulonglong outsideWindow() const { return m_report.totalOutsideWindow(); }
    QString windowText() const;
    QVariantList passes() const;
    QString forecastText() const;
    QString verifyText() const;
    bool verified() const { return m_report.verify && m_report.verify->complete(); }

    // Writes the report as JSON (the same as ferry-cli --report); false + message on error.
    Q_INVOKABLE QString save(const QUrl &file) const;

Q_SIGNALS:
    void reportChanged();

private:
    MigrationReport m_report;
    QList<PassRecord> m_passes;
    bool m_hasReport = false;
    FailureModel m_failures;
};

} // namespace ferry::app
