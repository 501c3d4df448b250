// Exact pairs and {local} patterns; see addressmap.h for the rules.
#include "addressmap.h"

using namespace Qt::StringLiterals;

namespace ferry::pim {

namespace {

const QString kLocal = u"{local}"_s;

QString stripMailto(QStringView s)
{
    s = s.trimmed();
    if (s.startsWith(u"mailto:", Qt::CaseInsensitive))
        s = s.mid(7).trimmed();
    return s.toString();
}

// A bare addr-spec as far as a mapping needs one: "local@domain", nothing a
// display name or an angle-bracket form would add.
bool isAddress(const QString &s, QString *why)
{
    const qsizetype at = s.lastIndexOf(u'@');
    if (at < 0) {
        *why = u"\"%1\" is not a mail address (no '@')"_s.arg(s);
        return false;
    }
    if (at == 0 || at == s.size() - 1) {
        *why = u"\"%1\" is not a mail address (empty local part or domain)"_s.arg(s);
        return false;
    }
    for (const QChar c : s) {
        if (c.isSpace() || c.category() == QChar::Other_Control || c == u'<' || c == u'>') {
            *why = u"\"%1\" is not a mail address (white space or angle bracket)"_s.arg(s);
            return false;
        }
    }
    return true;
}

// "*" as the whole local part means "{local}".
QString expandStar(const QString &s)
{
    if (s.startsWith(u"*@"))
        return kLocal + s.mid(1);
    return s;
}

bool isPatternSide(const QString &s)
{
    return s.contains(kLocal) || s.startsWith(u"*@");
}

void setError(QString *error, const QString &message)
{
    if (error)
        *error = message;
}

} // namespace

bool AddressMap::splitRule(QStringView rule, QString &oldSide, QString &newSide)
{
    const qsizetype at = rule.indexOf(u'@');
    if (at < 0)
        return false;
    const qsizetype eq = rule.indexOf(u'=', at);
    if (eq < 0)
        return false;
    oldSide = stripMailto(rule.left(eq));
    newSide = stripMailto(rule.mid(eq + 1));
    return true;
}

bool AddressMap::addPair(const QString &oldAddress, const QString &newAddress, QString *error)
{
    const QString oldA = stripMailto(oldAddress);
    const QString newA = stripMailto(newAddress);
    QString why;
    if (!isAddress(oldA, &why) || !isAddress(newA, &why)) {
        setError(error, why);
        return false;
    }
    const QString key = oldA.toCaseFolded();
    const auto it = m_pairs.constFind(key);
    if (it != m_pairs.constEnd() && it->compare(newA, Qt::CaseInsensitive) != 0) {
        setError(error, u"%1 is already mapped to %2, cannot also map it to %3"_s.arg(oldA, *it, newA));
        return false;
    }
    if (it == m_pairs.constEnd())
        m_pairs.insert(key, newA);
    return true;
}

bool AddressMap::addPattern(const QString &oldPattern, const QString &newPattern, QString *error)
{
    const QString oldP = expandStar(stripMailto(oldPattern));
    const QString newP = expandStar(stripMailto(newPattern));
    QString why;
    // Validate the shape with a sample in place of the placeholder.
    if (!isAddress(QString(oldP).replace(kLocal, u"x"_s), &why)
        || !isAddress(QString(newP).replace(kLocal, u"x"_s), &why)) {
        setError(error, why);
        return false;
    }
    const qsizetype ph = oldP.indexOf(kLocal);
    const qsizetype at = oldP.lastIndexOf(u'@');
    if (ph < 0 || oldP.indexOf(kLocal, ph + 1) >= 0 || ph > at) {
        setError(error, u"pattern \"%1\" needs exactly one {local} (or a '*' local part) before the '@'"_s.arg(oldP));
        return false;
    }
    const QString domain = oldP.mid(at + 1);
    const QString oldRest = QString(oldP).remove(kLocal);
    if (oldRest.contains(u'*') || oldRest.contains(u'{') || oldRest.contains(u'}')) {
        setError(error, u"pattern \"%1\": only {local} may vary, the rest is literal"_s.arg(oldP));
        return false;
    }
    const qsizetype nph = newP.indexOf(kLocal);
    if (nph >= 0 && newP.indexOf(kLocal, nph + 1) >= 0) {
        setError(error, u"\"%1\" uses {local} more than once"_s.arg(newP));
        return false;
    }
    const QString newRest = QString(newP).remove(kLocal);
    if (newRest.contains(u'*') || newRest.contains(u'{') || newRest.contains(u'}')) {
        setError(error, u"\"%1\": the only placeholder is {local}"_s.arg(newP));
        return false;
    }

    Pattern p;
    p.prefix = oldP.left(ph);
    p.suffix = oldP.mid(ph + kLocal.size(), at - ph - kLocal.size());
    p.domain = domain;
    p.key = oldP.toCaseFolded();
    p.newHasLocal = nph >= 0;
    p.newBefore = p.newHasLocal ? newP.left(nph) : newP;
    p.newAfter = p.newHasLocal ? newP.mid(nph + kLocal.size()) : QString();
    for (const Pattern &q : std::as_const(m_patterns)) {
        if (q.key != p.key)
            continue;
        if (q.newHasLocal == p.newHasLocal && q.newBefore.compare(p.newBefore, Qt::CaseInsensitive) == 0
            && q.newAfter.compare(p.newAfter, Qt::CaseInsensitive) == 0)
            return true; // the same rule again
        setError(error, u"%1 already has a different mapping"_s.arg(oldP));
        return false;
    }
    m_patterns.append(p);
    return true;
}

bool AddressMap::addRule(QStringView rule, QString *error)
{
    QString oldSide, newSide;
    if (!splitRule(rule, oldSide, newSide)) {
        setError(error, u"\"%1\" is not OLD=NEW (an address, '=', an address)"_s.arg(rule.toString()));
        return false;
    }
    if (isPatternSide(oldSide) || isPatternSide(newSide))
        return addPattern(oldSide, newSide, error);
    return addPair(oldSide, newSide, error);
}

std::optional<QString> AddressMap::map(QStringView address) const
{
    const QString a = stripMailto(address);
    if (a.isEmpty())
        return std::nullopt;
    const auto it = m_pairs.constFind(a.toCaseFolded());
    if (it != m_pairs.constEnd())
        return *it;
    const qsizetype at = a.lastIndexOf(u'@');
    if (at <= 0)
        return std::nullopt;
    const QStringView local = QStringView(a).left(at);
    const QStringView domain = QStringView(a).mid(at + 1);
    for (const Pattern &p : m_patterns) {
        // Qt's case-insensitive compare folds one code unit to one, so the
        // lengths below stay those of the input.
        if (domain.compare(p.domain, Qt::CaseInsensitive) != 0)
            continue;
        if (local.size() <= p.prefix.size() + p.suffix.size())
            continue;
        if (!local.startsWith(p.prefix, Qt::CaseInsensitive) || !local.endsWith(p.suffix, Qt::CaseInsensitive))
            continue;
        if (!p.newHasLocal)
            return p.newBefore;
        const QStringView captured = local.mid(p.prefix.size(), local.size() - p.prefix.size() - p.suffix.size());
        return p.newBefore + captured.toString() + p.newAfter;
    }
    return std::nullopt;
}

} // namespace ferry::pim
