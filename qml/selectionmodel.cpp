#include "selectionmodel.h"

#include <engine/migrationoptions.h>

#include <QLocale>

using namespace Qt::StringLiterals;

namespace ferry::app {

SelectionModel::SelectionModel(QObject *parent)
    : QAbstractListModel(parent)
{
}

int SelectionModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant SelectionModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &r = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case LabelRole: return r.folder.label();
    case DataTypeRole: return r.folder.dataType;
    case NameRole: return r.folder.name;
    case ItemsRole: return qulonglong(r.folder.items);
    case BytesRole: return qlonglong(r.folder.bytes);
    case SizeTextRole: return r.folder.bytes >= 0 ? sizeText(r.folder.bytes) : QString();
    case Qt::CheckStateRole: return r.checked ? Qt::Checked : Qt::Unchecked;
    case CheckedRole: return r.checked;
    default: return {};
    }
}

bool SelectionModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    if (role != CheckedRole && role != Qt::CheckStateRole)
        return false;
    const bool on = role == CheckedRole ? value.toBool() : value.toInt() == Qt::Checked;
    if (m_rows[index.row()].checked == on)
        return true;
    m_rows[index.row()].checked = on;
    Q_EMIT dataChanged(index, index, {CheckedRole, Qt::CheckStateRole});
    Q_EMIT selectionChanged();
    return true;
}

Qt::ItemFlags SelectionModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable | Qt::ItemNeverHasChildren;
}

QHash<int, QByteArray> SelectionModel::roleNames() const
{
    return {{DataTypeRole, "dataType"}, {NameRole, "name"}, {LabelRole, "label"}, {ItemsRole, "items"},
            {BytesRole, "bytes"}, {CheckedRole, "checked"}, {SizeTextRole, "sizeText"}};
}

void SelectionModel::setInventories(const QList<AccountInventory> &inventories)
{
    beginResetModel();
    m_rows.clear();
    for (const AccountInventory &inv : inventories)
        for (const InventoryFolder &f : inv.folders)
            if (f.selectable)
                m_rows.append(Row{f, true});
    endResetModel();
    Q_EMIT selectionChanged();
}

void SelectionModel::setChecked(int row, bool checked)
{
    setData(index(row), checked, CheckedRole);
}

void SelectionModel::setTypeChecked(const QString &dataType, bool checked)
{
    for (int i = 0; i < m_rows.size(); ++i)
        if (m_rows[i].folder.dataType == dataType && m_rows[i].checked != checked) {
            m_rows[i].checked = checked;
            Q_EMIT dataChanged(index(i), index(i), {CheckedRole, Qt::CheckStateRole});
        }
    Q_EMIT selectionChanged();
}

QString SelectionModel::typeLabel(const QString &dataType)
{
    if (dataType == u"mail"_s)
        return tr("Mail");
    if (dataType == u"contacts"_s)
        return tr("Contacts");
    if (dataType == u"calendar"_s)
        return tr("Calendars");
    if (dataType == u"tasks"_s)
        return tr("Tasks");
    return dataType;
}

QString SelectionModel::sizeText(qint64 bytes)
{
    return QLocale().formattedDataSize(qMax<qint64>(0, bytes), 1, QLocale::DataSizeTraditionalFormat);
}

QVariantList SelectionModel::types() const
{
    QVariantList out;
    for (const QString &t : dataTypes()) {
        quint64 items = 0, checkedItems = 0;
        qint64 bytes = 0;
        int rows = 0, checkedRows = 0;
        for (const Row &r : m_rows) {
            if (r.folder.dataType != t)
                continue;
            ++rows;
            items += r.folder.items;
            if (r.checked) {
                ++checkedRows;
                checkedItems += r.folder.items;
                bytes += qMax<qint64>(0, r.folder.bytes);
            }
        }
        out.append(QVariantMap{{u"dataType"_s, t},
                               {u"label"_s, typeLabel(t)},
                               {u"items"_s, qulonglong(checkedItems)},
                               {u"allItems"_s, qulonglong(items)},
                               {u"folders"_s, rows},
                               {u"sizeText"_s, t == u"mail"_s ? sizeText(bytes) : QString()},
                               {u"checked"_s, checkedRows > 0},
                               {u"partly"_s, checkedRows > 0 && checkedRows < rows},
                               {u"available"_s, rows > 0}});
    }
    return out;
}

QString SelectionModel::summary() const
{
    quint64 items = 0;
    qint64 bytes = 0;
    for (const Row &r : m_rows)
        if (r.checked) {
            items += r.folder.items;
            bytes += qMax<qint64>(0, r.folder.bytes);
        }
    if (items == 0)
        return tr("Nothing selected.");
    return tr("%n item(s) selected, %1 of mail.", nullptr, int(qMin<quint64>(items, INT_MAX))).arg(sizeText(bytes));
}

bool SelectionModel::anythingChecked() const
{
    for (const Row &r : m_rows)
        if (r.checked)
            return true;
    return false;
}

QStringList SelectionModel::checkedTypes() const
{
    QStringList out;
    for (const QString &t : dataTypes())
        for (const Row &r : m_rows)
            if (r.folder.dataType == t && r.checked) {
                out << t;
                break;
            }
    return out;
}

QStringList SelectionModel::skippedFolders() const
{
    QStringList out;
    for (const Row &r : m_rows)
        if (!r.checked && r.folder.dataType == u"mail"_s)
            out << r.folder.name;
    return out;
}

QStringList SelectionModel::skippedCollections() const
{
    QStringList out;
    for (const Row &r : m_rows)
        if (!r.checked && r.folder.dataType != u"mail"_s)
            out << r.folder.name;
    return out;
}

} // namespace ferry::app
