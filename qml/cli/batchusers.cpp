#include "batchusers.h"

#include "batchcsv.h"

#include <engine/migrationoptions.h>

#include <QHash>
#include <QRegularExpression>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace ferry::cli {

namespace {

const QStringList &requiredColumns()
{
    static const QStringList c{u"name"_s, u"from"_s, u"to"_s, u"from_password"_s, u"to_password"_s};
    return c;
}

const QStringList &optionalColumns()
{
    static const QStringList c{u"from_dav"_s, u"to_dav"_s, u"map_address"_s, u"only"_s};
    return c;
}

Error headerError(const QString &what)
{
    return Error::make(ErrorCode::Usage, u"the users file's header: %1"_s.arg(what), {},
                       u"the first row names the columns: name,from,to,from_password,to_password "
                       "and optionally from_dav,to_dav,map_address,only"_s);
}

// Endpoint::parse plus migrate's scheme rules (main.cpp endpointFor): mail is not
// https, DAV is https (memory/file for tests and exports, as migrate allows).
bool parseAccount(const QString &column, const QString &text, bool dav, Endpoint &out, QStringList &problems)
{
    auto e = Endpoint::parse(text);
    if (!e.ok()) {
        problems << u"%1: %2"_s.arg(column, e.error().what);
        return false;
    }
    if (dav && e->scheme != u"https"_s && e->scheme != u"memory"_s && e->scheme != u"file"_s) {
        problems << u"%1: %2 is not a CalDAV/CardDAV address (write https://USER@HOST[:PORT][/path])"_s.arg(column, text);
        return false;
    }
    if (!dav && e->scheme == u"https"_s) {
        problems << u"%1: %2 is a web address, not a mail server (write imaps://USER@HOST[:PORT]; "
                    "contacts and calendars go in from_dav / to_dav)"_s.arg(column, text);
        return false;
    }
    out = *e;
    return true;
}

} // namespace

QString BatchPerson::label() const
{
    return name.isEmpty() ? u"row %1"_s.arg(line) : u"row %1 (%2)"_s.arg(line).arg(name);
}

QString BatchPerson::problemText() const
{
    return label() + u": "_s + problems.join(u"; "_s);
}

QString BatchPerson::journalKey() const
{
    const Endpoint &s = hasMail() ? source : davSource;
    const Endpoint &t = hasMail() ? target : davTarget;
    return s.display() + u'\n' + t.display();
}

QString safeReportName(const QString &name)
{
    QString out;
    for (const QChar c : name.trimmed()) {
        const bool keep = c.isLetterOrNumber() || c == u'.' || c == u'-' || c == u'_';
        out += keep ? c : QChar(u'_');
    }
    while (out.startsWith(u'.'))
        out.remove(0, 1);
    out.truncate(80);
    if (out.isEmpty())
        out = u"person"_s;
    if (out.compare(u"summary"_s, Qt::CaseInsensitive) == 0)
        out += u'_';
    return out;
}

Result<QList<BatchPerson>> parseBatchUsers(const QByteArray &csv, const QStringList &batchOnly)
{
    const CsvTable table = readCsv(csv);
    if (!table.utf8)
        return Error::make(ErrorCode::Usage, u"the users file is not UTF-8 text"_s, {},
                           u"save it as CSV UTF-8 (a spreadsheet's \"CSV UTF-8\" export)"_s);
    // The header is the first record, unless the file's first line is already broken.
    int headerLine = 0;
    if (!table.records.isEmpty())
        headerLine = table.records.first().line;
    for (const CsvIssue &i : table.issues)
        if (headerLine == 0 || i.line < headerLine)
            return headerError(u"line %1: %2"_s.arg(i.line).arg(i.message));
    if (table.records.isEmpty())
        return headerError(u"the file is empty"_s);

    QHash<QString, int> column; // name → index
    const QStringList header = table.records.first().fields;
    for (int i = 0; i < header.size(); ++i) {
        const QString c = header[i].trimmed().toLower();
        if (!requiredColumns().contains(c) && !optionalColumns().contains(c))
            return headerError(c.isEmpty() ? u"column %1 has no name"_s.arg(i + 1)
                                           : u"unknown column '%1'"_s.arg(header[i].trimmed()));
        if (column.contains(c))
            return headerError(u"the column '%1' is named twice"_s.arg(c));
        column.insert(c, i);
    }
    QStringList missing;
    for (const QString &c : requiredColumns())
        if (!column.contains(c))
            missing << c;
    if (!missing.isEmpty())
        return headerError(u"missing column%1 %2"_s.arg(missing.size() > 1 ? u"s"_s : QString(), missing.join(u", "_s)));

    // Records in file order, the malformed ones in their place.
    struct Row {
        int line;
        const CsvRecord *record;
        QString issue;
    };
    QList<Row> rows;
    for (qsizetype r = 1; r < table.records.size(); ++r)
        rows.append({table.records[r].line, &table.records[r], {}});
    for (const CsvIssue &i : table.issues)
        rows.append({i.line, nullptr, i.message});
    std::stable_sort(rows.begin(), rows.end(), [](const Row &a, const Row &b) { return a.line < b.line; });

    QList<BatchPerson> people;
    QHash<QString, int> nameRow, reportRow, journalRow; // → line of the first row with it
    for (const Row &row : std::as_const(rows)) {
        BatchPerson p;
        p.line = row.line;
        if (!row.record) {
            p.problems << row.issue;
            people.append(p);
            continue;
        }
        const QStringList &f = row.record->fields;
        if (f.size() > header.size())
            p.problems << u"%1 fields, but the header names %2 columns (a comma inside a value needs quotes)"_s
                              .arg(f.size())
                              .arg(header.size());
        auto cell = [&](const QString &c) { return column.contains(c) ? f.value(column.value(c)).trimmed() : QString(); };
        p.name = cell(u"name"_s);
        if (p.name.isEmpty())
            p.problems << u"name is empty"_s;

        const QString from = cell(u"from"_s), to = cell(u"to"_s);
        const QString fromDav = cell(u"from_dav"_s), toDav = cell(u"to_dav"_s);
        if (from.isEmpty() != to.isEmpty())
            p.problems << (from.isEmpty() ? u"from is empty (from and to go together)"_s
                                          : u"to is empty (from and to go together)"_s);
        if (fromDav.isEmpty() != toDav.isEmpty())
            p.problems << (fromDav.isEmpty() ? u"from_dav is empty (from_dav and to_dav go together)"_s
                                             : u"to_dav is empty (from_dav and to_dav go together)"_s);
        if (from.isEmpty() && to.isEmpty() && fromDav.isEmpty() && toDav.isEmpty())
            p.problems << u"no accounts: give from and to (mail) and/or from_dav and to_dav"_s;
        if (!from.isEmpty() && !to.isEmpty()) {
            parseAccount(u"from"_s, from, false, p.source, p.problems);
            parseAccount(u"to"_s, to, false, p.target, p.problems);
        }
        if (!fromDav.isEmpty() && !toDav.isEmpty()) {
            parseAccount(u"from_dav"_s, fromDav, true, p.davSource, p.problems);
            parseAccount(u"to_dav"_s, toDav, true, p.davTarget, p.problems);
        }

        // The cell's text is never quoted back: it may be a password typed in by mistake.
        for (const QString &c : {u"from_password"_s, u"to_password"_s}) {
            const QString text = cell(c);
            const auto ref = SecretRef::parse(text);
            if (!ref) {
                p.problems << (text.isEmpty() ? u"%1 is empty (env:VAR, file:PATH or prompt)"_s.arg(c)
                                              : u"%1 must be env:VAR, file:PATH or prompt — passwords are not "
                                                "written into files"_s.arg(c));
                continue;
            }
            (c == u"from_password"_s ? p.fromPassword : p.toPassword) = *ref;
        }

        const QString onlyCell = cell(u"only"_s);
        static const QRegularExpression separators(u"[,;\\s]+"_s);
        QStringList only;
        for (const QString &t : onlyCell.split(separators, Qt::SkipEmptyParts)) {
            if (!dataTypes().contains(t.toLower()))
                p.problems << u"only: unknown data type '%1' (mail, contacts, calendar, tasks)"_s.arg(t);
            else if (!only.contains(t.toLower()))
                only << t.toLower();
        }
        if (!batchOnly.isEmpty()) {
            if (only.isEmpty()) {
                only = batchOnly;
            } else {
                QStringList both;
                for (const QString &t : std::as_const(only))
                    if (batchOnly.contains(t))
                        both << t;
                if (both.isEmpty())
                    p.problems << u"only %1 and --only %2 leave nothing to move"_s.arg(only.join(u','), batchOnly.join(u','));
                only = both;
            }
        }
        p.only = only;

        const QString rule = cell(u"map_address"_s);
        if (!rule.isEmpty()) {
            QString why;
            if (!p.addresses.addRule(rule, &why))
                p.problems << u"map_address %1: %2"_s.arg(rule, why);
        }
        // The person's own old address becomes the new one (qml/wizard.cpp options()),
        // unless map_address says otherwise for it.
        const Endpoint &oldAccount = p.hasMail() ? p.source : p.davSource;
        const Endpoint &newAccount = p.hasMail() ? p.target : p.davTarget;
        const QString oldAddress = oldAccount.user, newAddress = newAccount.user;
        if (oldAddress.contains(u'@') && newAddress.contains(u'@')
            && oldAddress.compare(newAddress, Qt::CaseInsensitive) != 0 && !p.addresses.map(oldAddress))
            p.addresses.addPair(oldAddress, newAddress); // not an address after all: nothing to map

        if (!p.name.isEmpty()) {
            const QString key = p.name.toCaseFolded();
            if (nameRow.contains(key))
                p.problems << u"the name is also on row %1 (names must be unique: they name the reports)"_s.arg(nameRow.value(key));
            else
                nameRow.insert(key, p.line);
            p.reportName = safeReportName(p.name);
            const QString file = p.reportName.toCaseFolded();
            if (!nameRow.contains(key) || nameRow.value(key) == p.line) {
                if (reportRow.contains(file))
                    p.problems << u"its report name %1.json is taken by row %2 (use a name that differs in "
                                  "letters or digits)"_s.arg(p.reportName).arg(reportRow.value(file));
                else
                    reportRow.insert(file, p.line);
            }
        }
        if (p.ok()) {
            const QString key = p.journalKey();
            if (journalRow.contains(key))
                p.problems << u"the same accounts as row %1: one person's move cannot run twice at once"_s.arg(journalRow.value(key));
            else
                journalRow.insert(key, p.line);
        }
        people.append(p);
    }
    return people;
}

} // namespace ferry::cli
