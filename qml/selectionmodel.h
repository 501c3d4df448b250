// "What to move": every folder and collection of the old account, with its count
// and size from the inventory, checked by default. Pages toggle whole data types
// (mail, contacts, calendar, tasks) or single folders; the Wizard turns the result
// into MigrationOptions::only and ::skipFolders.
#pragma once

#include <engine/inventory.h>

#include <QAbstractListModel>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

namespace ferry::app {

class SelectionModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("SelectionModel belongs to the Wizard")
    Q_PROPERTY(QVariantList types READ types NOTIFY selectionChanged)
    Q_PROPERTY(QString summary READ summary NOTIFY selectionChanged)
    Q_PROPERTY(bool anythingChecked READ anythingChecked NOTIFY selectionChanged)

public:
    enum Role { DataTypeRole = Qt::UserRole + 1, NameRole, LabelRole, ItemsRole, BytesRole, CheckedRole, SizeTextRole };
    Q_ENUM(Role)

    explicit SelectionModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QHash<int, QByteArray> roleNames() const override;

    // Replaces the rows with these inventories' folders (mail containers left out).
    void setInventories(const QList<AccountInventory> &inventories);

    Q_INVOKABLE void setChecked(int row, bool checked);
    Q_INVOKABLE void setTypeChecked(const QString &dataType, bool checked);

    // [{dataType, label, items, bytes, sizeText, checked, available}] for the four types.
    QVariantList types() const;
    QString summary() const;
    bool anythingChecked() const;
    QStringList checkedTypes() const;
    QStringList skippedFolders() const;      // mail
    QStringList skippedCollections() const;  // contacts, calendars, tasks

    static QString typeLabel(const QString &dataType);
    static QString sizeText(qint64 bytes);

Q_SIGNALS:
    void selectionChanged();

private:
    struct Row {
        InventoryFolder folder;
        bool checked = true;
    };
    QList<Row> m_rows;
};

} // namespace ferry::app
