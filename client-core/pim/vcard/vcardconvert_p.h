// Private: the steps of convertVCard() (vcardconverter.h) and what they share.
#pragma once

#include "vcardconverter.h"

#include <QSet>

namespace ferry::pim::convert {

struct Context {
    VCard &card;
    VCardConversion &result;
    QStringList kept;          // NOTE entries, in card order
    QSet<qsizetype> removed;   // line indexes dropped at the end
    QList<ContentLine> added;  // inserted before END at the end

    ContentLine &line(qsizetype i) { return card.lines()[i]; }
    // Top-level property lines between BEGIN and END (nested 2.1 cards excluded).
    QList<qsizetype> propertyLines() const;
    void keep(qsizetype i);                      // into NOTE, reported
    void drop(qsizetype i, const QString &why);  // removed, reported
    void change(const QString &what) { result.changes.append(what); }
    void apply();                                // removals, additions, NOTE
};

bool equalsCi(QByteArrayView a, QByteArrayView b);
bool isOneOf(const ContentLine &l, std::initializer_list<const char *> names);
// TYPE values, with 2.1 bare type parameters, in order.
QList<QByteArray> typeValues(const ContentLine &l);
void setTypes(ContentLine &l, const QList<QByteArray> &types); // removes TYPE if empty
QString upperName(const ContentLine &l);

void normalizeLegacy(Context &c, bool fromV21); // 2.1 syntax (and stray QP/CHARSET) → 3.0 syntax
void upgradeTo40(Context &c);
void downgradeTo30(Context &c);
void ensureRequired(Context &c, VCardVersion target); // FN (and N for 3.0)

} // namespace ferry::pim::convert
