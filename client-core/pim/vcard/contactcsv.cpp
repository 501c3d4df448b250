#include "contactcsv.h"

#include "csvtable.h"
#include "vcardbuilder.h"

#include <QDate>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace ferry::pim {

namespace {

// One CSV record with its header; take() marks a column as used so that what
// is left can be kept in NOTE.
class Record {
public:
    Record(const QStringList &header, const QStringList &cells)
        : m_header(header)
        , m_cells(cells)
        , m_used(header.size(), false)
    {
    }

    QString take(QStringView column)
    {
        for (qsizetype i = 0; i < m_header.size(); ++i) {
            if (m_header[i].compare(column, Qt::CaseInsensitive) == 0) {
                m_used[i] = true;
                return clean(m_cells.value(i));
            }
        }
        return {};
    }
    bool has(QStringView column) const
    {
        return std::any_of(m_header.begin(), m_header.end(),
                           [&](const QString &h) { return h.compare(column, Qt::CaseInsensitive) == 0; });
    }
    // "Column: value" for every unused, non-empty cell (and cells beyond the header).
    QStringList leftovers() const
    {
        QStringList out;
        for (qsizetype i = 0; i < m_cells.size(); ++i) {
            const QString v = clean(m_cells[i]);
            if (v.isEmpty() || (i < m_used.size() && m_used[i]))
                continue;
            out.append((i < m_header.size() && !m_header[i].isEmpty() ? m_header[i] : u"Column %1"_s.arg(i + 1))
                       + u": "_s + v);
        }
        return out;
    }

private:
    static QString clean(const QString &v)
    {
        const QString t = v.trimmed();
        // Outlook writes these into columns nobody filled in.
        static const QStringList kEmpty{u"0/0/00"_s, u"00.00.00"_s, u"0.0.00"_s, u"Unspecified"_s, u"Normal"_s, u"False"_s};
        return kEmpty.contains(t) ? QString() : t;
    }

    const QStringList &m_header;
    const QStringList &m_cells;
    QList<bool> m_used;
};

bool parseLooseDate(const QString &text, VCardDate *d)
{
    if (parseVCardDate(text.toLatin1(), d))
        return true;
    static const QRegularExpression slash(u"^(\\d{1,2})/(\\d{1,2})/(\\d{4})$"_s);
    static const QRegularExpression dots(u"^(\\d{1,2})\\.(\\d{1,2})\\.(\\d{4})$"_s);
    int day = 0, month = 0, year = 0;
    if (const auto m = slash.match(text); m.hasMatch()) {
        month = m.captured(1).toInt();
        day = m.captured(2).toInt();
        if (month > 12)
            std::swap(month, day);
        year = m.captured(3).toInt();
    } else if (const auto m2 = dots.match(text); m2.hasMatch()) {
        day = m2.captured(1).toInt();
        month = m2.captured(2).toInt();
        year = m2.captured(3).toInt();
    } else {
        return false;
    }
    if (!QDate(year, month, day).isValid())
        return false;
    *d = VCardDate{year, month, day, {}};
    return true;
}

struct Context {
    VCardBuilder &b;
    ImportedContact &item;
    int groupCounter = 0;

    void date(const QByteArray &property, const QString &column, const QString &value)
    {
        if (value.isEmpty())
            return;
        VCardDate d;
        if (parseLooseDate(value, &d)) {
            b.date(property, d);
            return;
        }
        b.kept(column + u": "_s + value);
        item.issues.append({VCardIssue::InvalidDate, item.line,
                            u"%1 \"%2\" is not a date; kept in the note"_s.arg(column, value)});
    }
    // A value with a label that is not a TYPE: Apple's grouped X-ABLabel.
    void labelled(const QByteArray &property, const QString &value, const QString &label, bool preferred,
                  const QList<QByteArray> &types = {})
    {
        const QByteArray group = "item" + QByteArray::number(++groupCounter);
        if (property == "URL")
            b.raw(property, value.toUtf8(), b.typed(types, preferred), group); // a URI: no TEXT escaping
        else
            b.text(property, value, b.typed(types, preferred), group);
        b.text("X-ABLabel", label, {}, group);
    }
};

QStringList split(const QString &cell) // Google: several values in one cell
{
    QStringList out;
    for (const QString &p : cell.split(u" ::: "_s))
        if (!p.trimmed().isEmpty())
            out.append(p.trimmed());
    return out;
}

// Google/Outlook label → vCard TYPE values; empty plus `label` set if there is none.
QList<QByteArray> typesFor(QString label, bool phone, QString *custom)
{
    label = label.trimmed().toLower();
    static const QHash<QString, QList<QByteArray>> kTypes{
        {u"home"_s, {"home"}},     {u"work"_s, {"work"}},           {u"mobile"_s, {"cell"}},
        {u"cell"_s, {"cell"}},     {u"home fax"_s, {"home", "fax"}}, {u"work fax"_s, {"work", "fax"}},
        {u"fax"_s, {"fax"}},       {u"pager"_s, {"pager"}},         {u"other"_s, {}},
        {u"business"_s, {"work"}}, {u"personal"_s, {"home"}},
    };
    if (label.isEmpty())
        return {};
    if (const auto it = kTypes.constFind(label); it != kTypes.constEnd())
        return *it;
    if (!phone && label == u"internet"_s)
        return {};
    *custom = label;
    return {};
}

void addName(Context &c, const QString &family, const QString &given, const QString &middle, const QString &prefix,
             const QString &suffix)
{
    if (!(family + given + middle + prefix + suffix).isEmpty())
        c.b.structured("N", {family, given, middle, prefix, suffix});
}

void addOrg(Context &c, const QString &company, const QString &department, const QString &title)
{
    if (!company.isEmpty() || !department.isEmpty())
        c.b.structured("ORG", department.isEmpty() ? QStringList{company} : QStringList{company, department});
    if (!title.isEmpty())
        c.b.text("TITLE", title);
}

void addCategories(Context &c, const QString &cell, const QString &sep)
{
    QStringList cats;
    for (QString v : cell.split(sep)) {
        v = v.trimmed();
        if (v.startsWith(u"* "_s))
            v = v.sliced(2);
        if (!v.isEmpty())
            cats.append(v);
    }
    if (!cats.isEmpty())
        c.b.list("CATEGORIES", cats);
}

// ---- Outlook

void importOutlook(Record &r, Context &c)
{
    addName(c, r.take(u"Last Name"), r.take(u"First Name"), r.take(u"Middle Name"), r.take(u"Title"), r.take(u"Suffix"));
    if (const QString fn = r.take(u"Display Name"); !fn.isEmpty())
        c.b.text("FN", fn);
    if (const QString nick = r.take(u"Nickname"); !nick.isEmpty())
        c.b.list("NICKNAME", {nick});
    addOrg(c, r.take(u"Company"), r.take(u"Department"), r.take(u"Job Title"));

    for (const QString &prefix : {u"E-mail"_s, u"E-mail 2"_s, u"E-mail 3"_s}) {
        const QString address = r.take(prefix + u" Address"_s);
        const QString type = r.take(prefix + u" Type"_s);
        const QString display = r.take(prefix + u" Display Name"_s);
        if (address.isEmpty())
            continue;
        c.b.email(address);
        if (!type.isEmpty() && type.compare(u"SMTP"_s, Qt::CaseInsensitive) != 0)
            c.b.kept(prefix + u" Type: "_s + type);
        if (!display.isEmpty() && !display.contains(address) && display != address)
            c.b.kept(prefix + u" Display Name: "_s + display);
    }

    struct Phone {
        const char16_t *column;
        QList<QByteArray> types;
        const char16_t *label; // for the ones with no TYPE
    };
    static const Phone kPhones[] = {
        {u"Primary Phone", {}, nullptr},          {u"Home Phone", {"home", "voice"}, nullptr},
        {u"Home Phone 2", {"home", "voice"}, nullptr}, {u"Mobile Phone", {"cell"}, nullptr},
        {u"Business Phone", {"work", "voice"}, nullptr}, {u"Business Phone 2", {"work", "voice"}, nullptr},
        {u"Business Fax", {"work", "fax"}, nullptr}, {u"Home Fax", {"home", "fax"}, nullptr},
        {u"Other Fax", {"fax"}, nullptr},          {u"Pager", {"pager"}, nullptr},
        {u"Other Phone", {"voice"}, nullptr},      {u"TTY/TDD Phone", {"textphone"}, nullptr},
        {u"Company Main Phone", {"work"}, u"Company Main"}, {u"Car Phone", {}, u"Car"},
        {u"Assistant's Phone", {}, u"Assistant"},  {u"Callback", {}, u"Callback"},
        {u"ISDN", {}, u"ISDN"},                    {u"Radio Phone", {}, u"Radio"},
        {u"Telex", {}, u"Telex"},
    };
    for (const Phone &p : kPhones) {
        const QString number = r.take(p.column);
        if (number.isEmpty())
            continue;
        const bool primary = QStringView(p.column) == u"Primary Phone";
        if (p.label)
            c.labelled("TEL", number, QString::fromUtf16(p.label), false, p.types);
        else
            c.b.phone(number, p.types, primary);
    }

    for (const auto &[prefix, type] : {std::pair{u"Business"_s, QByteArray("work")}, std::pair{u"Home"_s, QByteArray("home")},
                                       std::pair{u"Other"_s, QByteArray()}}) {
        QStringList street;
        for (const QString &s : {u" Street"_s, u" Street 2"_s, u" Street 3"_s})
            if (const QString v = r.take(prefix + s); !v.isEmpty())
                street.append(v);
        const QStringList adr{r.take(prefix + u" PO Box"_s), QString(), street.join(u'\n'), r.take(prefix + u" City"_s),
                              r.take(prefix + u" State"_s), r.take(prefix + u" Postal Code"_s),
                              r.take(prefix + u" Country/Region"_s)};
        if (!adr.join(QString()).isEmpty())
            c.b.address(adr, type.isEmpty() ? QList<QByteArray>{} : QList<QByteArray>{type});
    }

    c.date("BDAY", u"Birthday"_s, r.take(u"Birthday"));
    c.date("ANNIVERSARY", u"Anniversary"_s, r.take(u"Anniversary"));
    if (const QString url = r.take(u"Web Page"); !url.isEmpty())
        c.b.raw("URL", url.toUtf8());
    addCategories(c, r.take(u"Categories"), u";"_s);
    const QString gender = r.take(u"Gender");
    if (c.b.version() == VCardVersion::V40 && (gender == u"Male"_s || gender == u"Female"_s))
        c.b.raw("GENDER", gender == u"Male"_s ? "M" : "F");
    else if (!gender.isEmpty())
        c.b.kept(u"Gender: "_s + gender);
    if (const QString notes = r.take(u"Notes"); !notes.isEmpty())
        c.b.text("NOTE", notes);
}

// ---- Google

void importGoogle(Record &r, Context &c)
{
    auto either = [&](QStringView a, QStringView b) {
        const QString x = r.take(a);
        const QString y = r.take(b);
        return x.isEmpty() ? y : x;
    };
    addName(c, either(u"Last Name", u"Family Name"), either(u"First Name", u"Given Name"),
            either(u"Middle Name", u"Additional Name"), r.take(u"Name Prefix"), r.take(u"Name Suffix"));
    if (const QString fn = r.take(u"Name"); !fn.isEmpty())
        c.b.text("FN", fn);
    if (const QString nick = r.take(u"Nickname"); !nick.isEmpty())
        c.b.list("NICKNAME", {nick});
    const QString pFirst = either(u"Phonetic First Name", u"Given Name Yomi");
    const QString pLast = either(u"Phonetic Last Name", u"Family Name Yomi");
    if (!pFirst.isEmpty())
        c.b.text("X-PHONETIC-FIRST-NAME", pFirst);
    if (!pLast.isEmpty())
        c.b.text("X-PHONETIC-LAST-NAME", pLast);
    addOrg(c, either(u"Organization Name", u"Organization 1 - Name"),
           either(u"Organization Department", u"Organization 1 - Department"),
           either(u"Organization Title", u"Organization 1 - Title"));
    c.date("BDAY", u"Birthday"_s, r.take(u"Birthday"));
    if (const QString photo = r.take(u"Photo"); !photo.isEmpty())
        c.b.raw("PHOTO", photo.toUtf8(), c.b.version() == VCardVersion::V30 ? VCardBuilder::Params{{"VALUE", {"uri"}}}
                                                                            : VCardBuilder::Params{});
    addCategories(c, either(u"Labels", u"Group Membership"), u" ::: "_s);

    // Numbered groups: "E-mail 1 - Label" / "- Type" and "- Value", …
    for (int n = 1; n < 100; ++n) {
        const QString k = QString::number(n);
        const bool any = r.has(u"E-mail "_s + k + u" - Value"_s) || r.has(u"Phone "_s + k + u" - Value"_s)
            || r.has(u"Address "_s + k + u" - Formatted"_s) || r.has(u"Website "_s + k + u" - Value"_s)
            || r.has(u"Event "_s + k + u" - Value"_s) || r.has(u"Custom Field "_s + k + u" - Value"_s)
            || r.has(u"Relation "_s + k + u" - Value"_s) || r.has(u"IM "_s + k + u" - Value"_s);
        if (!any)
            break;
        auto label = [&](const QString &what) { return either(QString(what + k + u" - Label"_s), QString(what + k + u" - Type"_s)); };

        const QString emailLabel = label(u"E-mail "_s);
        for (const QString &v : split(r.take(QString(u"E-mail "_s + k + u" - Value"_s)))) {
            QString custom;
            const bool pref = emailLabel.startsWith(u"* "_s);
            const QList<QByteArray> types = typesFor(pref ? emailLabel.sliced(2) : emailLabel, false, &custom);
            if (custom.isEmpty())
                c.b.email(v, types, pref);
            else
                c.labelled("EMAIL", v, pref ? emailLabel.sliced(2) : emailLabel, pref);
        }
        const QString phoneLabel = label(u"Phone "_s);
        for (const QString &v : split(r.take(QString(u"Phone "_s + k + u" - Value"_s)))) {
            QString custom;
            const bool pref = phoneLabel.startsWith(u"* "_s);
            const QString bare = pref ? phoneLabel.sliced(2) : phoneLabel;
            const QList<QByteArray> types = typesFor(bare, true, &custom);
            if (custom.isEmpty())
                c.b.phone(v, types, pref);
            else
                c.labelled("TEL", v, bare, pref);
        }
        const QString a = u"Address "_s + k + u" - "_s;
        const QString adrLabel = label(u"Address "_s);
        const QStringList adr{r.take(QString(a + u"PO Box"_s)), r.take(QString(a + u"Extended Address"_s)),
                              r.take(QString(a + u"Street"_s)), r.take(QString(a + u"City"_s)),
                              r.take(QString(a + u"Region"_s)), r.take(QString(a + u"Postal Code"_s)),
                              r.take(QString(a + u"Country"_s))};
        const QString formatted = r.take(QString(a + u"Formatted"_s));
        QStringList components = adr;
        if (adr.join(QString()).isEmpty() && !formatted.isEmpty())
            components[2] = formatted; // only the formatted text: keep it as the street
        if (!components.join(QString()).isEmpty()) {
            QString custom;
            const QList<QByteArray> types = typesFor(adrLabel, false, &custom);
            c.b.address(components, types);
            if (!custom.isEmpty())
                c.b.kept(u"Address %1 - Label: "_s.arg(k) + adrLabel);
        }
        const QString webLabel = label(u"Website "_s);
        for (const QString &v : split(r.take(QString(u"Website "_s + k + u" - Value"_s)))) {
            QString custom;
            const QList<QByteArray> types = typesFor(webLabel, false, &custom);
            if (custom.isEmpty())
                c.b.raw("URL", v.toUtf8(), c.b.typed(types));
            else
                c.labelled("URL", v, webLabel, false);
        }
        const QString eventLabel = label(u"Event "_s);
        const QString event = r.take(QString(u"Event "_s + k + u" - Value"_s));
        if (!event.isEmpty() && eventLabel.compare(u"Anniversary"_s, Qt::CaseInsensitive) == 0)
            c.date("ANNIVERSARY", u"Event %1"_s.arg(k), event);
        else if (!event.isEmpty())
            c.b.kept(u"Event (%1): "_s.arg(eventLabel) + event);
        // No vCard property Ferry can fill reliably: "Label: value" in the note.
        for (const QString &what : {u"Custom Field "_s, u"Relation "_s, u"IM "_s}) {
            const QString l = label(what);
            for (const QString &v : split(r.take(QString(what + k + u" - Value"_s))))
                c.b.kept((l.isEmpty() ? what + k : what.trimmed() == u"Custom Field"_s ? l : what + u'(' + l + u')')
                         + u": "_s + v);
        }
    }
    if (const QString notes = r.take(u"Notes"); !notes.isEmpty())
        c.b.text("NOTE", notes);
}

} // namespace

ContactImport importContactsCsv(const QByteArray &data, VCardVersion version)
{
    ContactImport result;
    const CsvTable table = parseCsv(data);
    result.issues = table.issues;
    const QStringList &h = table.header;
    auto has = [&](QStringView name) {
        return std::any_of(h.begin(), h.end(), [&](const QString &x) { return x.compare(name, Qt::CaseInsensitive) == 0; });
    };
    enum { Outlook, Google, Unknown } format = Unknown;
    if (has(u"E-mail 1 - Value") || has(u"Phone 1 - Value") || has(u"Given Name"))
        format = Google;
    else if (has(u"E-mail Address") || (has(u"First Name") && has(u"Last Name")))
        format = Outlook;
    result.format = format == Google ? u"Google CSV"_s : format == Outlook ? u"Outlook CSV"_s : u"CSV"_s;
    if (format == Unknown && !h.isEmpty())
        result.issues.append({VCardIssue::BadRecord, 1,
                              u"the CSV header is neither an Outlook nor a Google Contacts export; every column is kept in the note"_s});
    if (h.isEmpty())
        result.issues.append({VCardIssue::BadRecord, 1, u"no CSV header line"_s});

    for (const CsvRow &row : table.rows) {
        ImportedContact item;
        item.line = row.line;
        VCardBuilder b(version);
        Context c{b, item};
        Record r(h, row.cells);
        if (format == Outlook)
            importOutlook(r, c);
        else if (format == Google)
            importGoogle(r, c);
        else if (const QString first = row.cells.value(0).trimmed(); !first.isEmpty())
            b.text("FN", first);
        for (const QString &k : r.leftovers())
            b.kept(k);
        item.card = b.build();
        result.contacts.append(item);
    }
    return result;
}

} // namespace ferry::pim
