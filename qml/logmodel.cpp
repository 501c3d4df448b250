#include "logmodel.h"

using namespace Qt::StringLiterals;

namespace ferry::app {

LogModel::LogModel(QObject *parent, int maxLines)
    : QAbstractListModel(parent)
    , m_max(maxLines)
{
}

int LogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_lines.size());
}

QVariant LogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Line &l = m_lines.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case TextRole: return l.text;
    case TimeRole: return l.time.toString(u"HH:mm:ss"_s);
    case WarningRole: return l.warning;
    default: return {};
    }
}

QHash<int, QByteArray> LogModel::roleNames() const
{
    return {{TimeRole, "time"}, {TextRole, "text"}, {WarningRole, "warning"}};
}

void LogModel::append(const QString &text, bool warning)
{
    if (m_lines.size() >= m_max) {
        beginRemoveRows({}, 0, 0);
        m_lines.removeFirst();
        endRemoveRows();
    }
    beginInsertRows({}, int(m_lines.size()), int(m_lines.size()));
    m_lines.append(Line{QDateTime::currentDateTime(), text, warning});
    endInsertRows();
}

void LogModel::clear()
{
    beginResetModel();
    m_lines.clear();
    endResetModel();
}

QStringList LogModel::lines() const
{
    QStringList out;
    for (const Line &l : m_lines)
        out << l.time.toString(u"HH:mm:ss "_s) + l.text;
    return out;
}

} // namespace ferry::app
