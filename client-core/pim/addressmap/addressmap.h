// Maps a user's old mail addresses to the new ones (and, for a helpdesk moving a
// whole team, everybody's: c.smith@old.example → c_smith@new.example), so that
// ORGANIZER/ATTENDEE of the user's own events and contacts of migrating people
// point at the new server. Plain string rules, no RFC parsing: the callers hand in
// the bare addr-spec (RFC 5322 §3.4.1) they took out of a "mailto:" URI (RFC 6068)
// or a vCard EMAIL.
//
// Rules
//   Exact pair     old@old.example → new@new.example. Addresses compare
//                  case-insensitively (Unicode case folding); the result is
//                  spelled exactly as the mapping spells it.
//   Pattern        OLD and NEW are addresses in which "{local}" stands for a
//                  non-empty run of the local part ("*" as the whole local part is
//                  the same as "{local}"). OLD may have literal text around it and
//                  a literal domain: "{local}@old.example", "*@old.example",
//                  "{local}.ext@old.example". NEW may use "{local}" (replaced by
//                  the text it matched, as the input spells it) or not at all.
//                  Examples:  {local}@old.example = {local}@new.example
//                             *@old.example       = *@new.example
//   Precedence     an exact pair wins over any pattern; among patterns the first
//                  one added wins.
//   Conflicts      the same OLD mapped to two different NEWs is an error; the same
//                  rule twice is harmless.
//
// Text form (CLI --map-address, CSV cells): "OLD=NEW". '=' may occur in a local
// part (RFC 5322 atext), never in a domain, so the separator is the first '='
// after the first '@'. Whitespace around either side and a "mailto:" prefix are
// ignored.
#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringView>

#include <optional>

namespace ferry::pim {

struct AddressMapIssue {
    int line = 0;       // 1-based line of a CSV file; 0 for a single rule
    QString message;
};

class AddressMap {
public:
    // Each returns false and puts the reason into *error (when given) if a side is
    // not an address (no '@', empty local part or domain, white space, '<', '>'),
    // a pattern is malformed, or OLD already maps to something else.
    bool addPair(const QString &oldAddress, const QString &newAddress, QString *error = nullptr);
    bool addPattern(const QString &oldPattern, const QString &newPattern, QString *error = nullptr);
    // "OLD=NEW": a pattern when either side contains "{local}" or has "*" as its
    // local part, an exact pair otherwise.
    bool addRule(QStringView rule, QString *error = nullptr);

    // A CSV of pairs (see addressmapcsv.cpp): two columns old,new (',' ';' or TAB,
    // taken from the first row); an optional header row (a first row without '@');
    // RFC 4180 quotes; UTF-8 with or without BOM; blank lines and lines starting
    // with '#' are skipped; cells may be patterns. All or nothing: when any row is
    // wrong nothing is added and every wrong row is reported with its line.
    QList<AddressMapIssue> addCsv(const QByteArray &csv);

    // The new address for `address` (with or without "mailto:"), or nullopt when
    // no rule applies. The result may equal the input (a rule that maps an address
    // onto itself); callers compare before they edit.
    std::optional<QString> map(QStringView address) const;

    bool isEmpty() const { return m_pairs.isEmpty() && m_patterns.isEmpty(); }
    qsizetype pairCount() const { return m_pairs.size(); }
    qsizetype patternCount() const { return m_patterns.size(); }

    // Splits "OLD=NEW" (see above). False when there is no '=' after an '@'.
    static bool splitRule(QStringView rule, QString &oldSide, QString &newSide);

private:
    struct Pattern {
        QString prefix;   // literal local-part text before {local}, case-folded
        QString suffix;   // literal local-part text after {local}, case-folded
        QString domain;   // case-folded
        QString key;      // the whole OLD side, case-folded (conflict check)
        QString newBefore; // NEW text before {local}
        QString newAfter;  // NEW text after {local}
        bool newHasLocal = false;
    };
    QHash<QString, QString> m_pairs;   // case-folded old → new as spelled
    QList<Pattern> m_patterns;
};

} // namespace ferry::pim
