// The Moving page's expandable log: phases, folders started and finished,
// warnings and reconnects, newest last, bounded (oldest lines are dropped).
#pragma once

#include <QAbstractListModel>
#include <QDateTime>
#include <QtQml/qqmlregistration.h>

namespace ferry::app {

class LogModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("LogModel belongs to a MigrationRunner")
public:
    enum Role { TimeRole = Qt::UserRole + 1, TextRole, WarningRole };
    explicit LogModel(QObject *parent = nullptr, int maxLines = 2000);
    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    void append(const QString &text, bool warning = false);
    void clear();
    QStringList lines() const;

private:
    struct Line {
        QDateTime time;
        QString text;
        bool warning = false;
    };
    QList<Line> m_lines;
    int m_max;
};

} // namespace ferry::app
