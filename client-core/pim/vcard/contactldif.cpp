#include "contactldif.h"

#include "ldif.h"
#include "vcardbuilder.h"

#include <QSet>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace ferry::pim {

namespace {

const QUuid kLdifNamespace(0x7a1d3c55u, 0x2b9e, 0x4f60, 0x8e, 0x21, 0x4c, 0x44, 0x49, 0x46, 0x00, 0x01);

QString str(const QByteArray &v) { return QString::fromUtf8(v).trimmed(); }

bool isGroup(const LdifEntry &e)
{
    for (const QByteArray &oc : e.values("objectclass")) {
        const QByteArray l = oc.trimmed().toLower();
        if (l == "groupofnames" || l == "groupofuniquenames")
            return true;
    }
    return false;
}

// Structural and operational attributes: nothing a person wrote.
bool isStructural(QByteArrayView name)
{
    static const QSet<QByteArray> kIgnored{"objectclass", "modifytimestamp", "createtimestamp", "entryuuid",
                                           "entrycsn", "creatorsname", "modifiersname", "structuralobjectclass"};
    return kIgnored.contains(name.toByteArray());
}

struct Used {
    QSet<QByteArray> names;
    QList<QByteArray> take(const LdifEntry &e, const QByteArray &name)
    {
        names.insert(name);
        return e.values(name);
    }
    QString one(const LdifEntry &e, const QByteArray &name)
    {
        names.insert(name);
        return str(e.value(name));
    }
};

void person(const LdifEntry &e, VCardBuilder &b, Used &u, ImportedContact &item)
{
    const QString family = u.one(e, "sn"), given = u.one(e, "givenname");
    if (!family.isEmpty() || !given.isEmpty())
        b.structured("N", {family, given, QString(), QString(), QString()});
    QString fn = u.one(e, "displayname");
    const QString cn = u.one(e, "cn");
    if (fn.isEmpty())
        fn = cn;
    else if (!cn.isEmpty() && cn != fn)
        b.kept(u"cn: "_s + cn);
    if (!fn.isEmpty())
        b.text("FN", fn);
    if (const QString nick = u.one(e, "mozillanickname"); !nick.isEmpty())
        b.list("NICKNAME", {nick});

    bool first = true;
    for (const QByteArray &attr : {QByteArray("mail"), QByteArray("mozillasecondemail")})
        for (const QByteArray &m : u.take(e, attr)) {
            b.email(str(m), {}, first && attr == "mail" && e.values("mail").size() + e.values("mozillasecondemail").size() > 1);
            first = false;
        }

    struct Tel {
        const char *attr;
        QList<QByteArray> types;
    };
    static const Tel kTels[] = {{"telephonenumber", {"work", "voice"}}, {"homephone", {"home", "voice"}},
                                {"mobile", {"cell"}}, {"facsimiletelephonenumber", {"fax"}}, {"fax", {"fax"}},
                                {"pager", {"pager"}}, {"pagerphone", {"pager"}}, {"cellphone", {"cell"}}};
    for (const Tel &t : kTels)
        for (const QByteArray &v : u.take(e, t.attr))
            b.phone(str(v), t.types);

    const QString org = u.one(e, "o"), unit = u.one(e, "ou");
    if (!org.isEmpty() || !unit.isEmpty())
        b.structured("ORG", unit.isEmpty() ? QStringList{org} : QStringList{org, unit});
    if (const QString title = u.one(e, "title"); !title.isEmpty())
        b.text("TITLE", title);

    // Work address: inetOrgPerson's own attributes (+ Thunderbird's mozillaWorkStreet2).
    QStringList workStreet;
    for (const QByteArray &a : {QByteArray("street"), QByteArray("streetaddress"), QByteArray("mozillaworkstreet2")})
        if (const QString s = u.one(e, a); !s.isEmpty())
            workStreet.append(s);
    const QStringList work{u.one(e, "postofficebox"), QString(), workStreet.join(u'\n'), u.one(e, "l"), u.one(e, "st"),
                           u.one(e, "postalcode"), u.one(e, "c")};
    if (!work.join(QString()).isEmpty())
        b.address(work, {"work"});
    QStringList homeStreet;
    for (const QByteArray &a : {QByteArray("mozillahomestreet"), QByteArray("mozillahomestreet2")})
        if (const QString s = u.one(e, a); !s.isEmpty())
            homeStreet.append(s);
    const QStringList home{QString(), QString(), homeStreet.join(u'\n'), u.one(e, "mozillahomelocalityname"),
                           u.one(e, "mozillahomestate"), u.one(e, "mozillahomepostalcode"), u.one(e, "mozillahomecountryname")};
    if (!home.join(QString()).isEmpty())
        b.address(home, {"home"});
    if (const QString postal = u.one(e, "postaladdress"); !postal.isEmpty())
        b.kept(u"postalAddress: "_s + postal); // "$"-separated free text: no reliable ADR split

    for (const QByteArray &v : u.take(e, "mozillaworkurl"))
        b.raw("URL", str(v).toUtf8(), b.typed({"work"}));
    for (const QByteArray &v : u.take(e, "mozillahomeurl"))
        b.raw("URL", str(v).toUtf8(), b.typed({"home"}));
    for (const QByteArray &v : u.take(e, "labeleduri"))
        b.raw("URL", str(v).section(u' ', 0, 0).toUtf8()); // "URI label"

    // Thunderbird: birthyear / birthmonth / birthday.
    const QString y = u.one(e, "birthyear"), m = u.one(e, "birthmonth"), d = u.one(e, "birthday");
    if (!m.isEmpty() && !d.isEmpty()) {
        VCardDate date{y.isEmpty() ? -1 : y.toInt(), m.toInt(), d.toInt(), {}};
        VCardDate check;
        if (parseVCardDate(formatVCardDate40(date), &check)) {
            b.date("BDAY", date);
        } else {
            b.kept(u"birthday: %1-%2-%3"_s.arg(y, m, d));
            item.issues.append({VCardIssue::InvalidDate, e.line, u"birthday %1-%2-%3 is not a date; kept in the note"_s.arg(y, m, d)});
        }
    } else if (!y.isEmpty()) {
        b.kept(u"birthyear: "_s + y);
    }
    for (const QByteArray &photo : u.take(e, "jpegphoto"))
        b.photo(photo, "image/jpeg");
    if (const QString note = u.one(e, "description"); !note.isEmpty())
        b.text("NOTE", note);
}

} // namespace

QByteArray ldifUid(QByteArrayView dn)
{
    // RFC 4514 comparison is per attribute type; lower case and no blanks after
    // separators is enough to match the spellings exports use for the same entry.
    QByteArray norm;
    bool afterSep = false;
    for (const char c : dn) {
        if (afterSep && c == ' ')
            continue;
        afterSep = c == ',' || c == '+';
        norm.append(char(QChar::toLower(uint(uchar(c)))));
    }
    return QUuid::createUuidV5(kLdifNamespace, norm.trimmed()).toString(QUuid::WithoutBraces).toLatin1();
}

ContactImport importContactsLdif(const QByteArray &data, VCardVersion version)
{
    ContactImport result;
    result.format = u"LDIF"_s;
    const LdifFile file = parseLdif(data);
    result.issues = file.issues;
    for (const LdifEntry &e : file.entries) {
        ImportedContact item;
        item.line = e.line;
        item.issues = e.issues;
        VCardBuilder b(version);
        Used used;
        const bool v40 = b.version() == VCardVersion::V40;
        if (!e.dn.isEmpty())
            b.raw("UID", v40 ? "urn:uuid:" + ldifUid(e.dn) : ldifUid(e.dn));
        if (isGroup(e)) {
            const QString cn = used.one(e, "cn");
            b.text("FN", cn);
            b.raw(v40 ? "KIND" : "X-ADDRESSBOOKSERVER-KIND", "group");
            for (const QByteArray &attr : {QByteArray("member"), QByteArray("uniquemember")})
                for (const QByteArray &dn : used.take(e, attr))
                    b.raw(v40 ? "MEMBER" : "X-ADDRESSBOOKSERVER-MEMBER", "urn:uuid:" + ldifUid(dn.trimmed()));
            if (const QString note = used.one(e, "description"); !note.isEmpty())
                b.text("NOTE", note);
        } else {
            person(e, b, used, item);
        }
        for (const auto &[name, value] : e.attributes) {
            if (used.names.contains(name) || isStructural(name))
                continue;
            const bool binary = std::any_of(value.begin(), value.end(), [](char c) { return uchar(c) < 0x20 && c != '\n' && c != '\t'; });
            b.kept(QString::fromUtf8(name) + u": "_s
                   + (binary ? u"(binary, base64) "_s + QString::fromLatin1(value.toBase64()) : QString::fromUtf8(value)));
        }
        item.card = b.build();
        result.contacts.append(item);
    }
    return result;
}

} // namespace ferry::pim
