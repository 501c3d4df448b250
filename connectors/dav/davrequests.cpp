#include "davrequests.h"

#include "davxml.h"

#include <QXmlStreamWriter>

namespace ferry::davrequests {
namespace {

using namespace davxml;

// One request document: the namespaces Ferry uses are declared on the root with
// fixed prefixes (d, c, card, a, cs) so bodies are short and easy to read in
// server logs.
class Body {
public:
    Body() : m_writer(&m_bytes)
    {
        m_writer.writeStartDocument();
        m_writer.writeNamespace(kDav, QStringLiteral("d"));
        m_writer.writeNamespace(kCalDav, QStringLiteral("c"));
        m_writer.writeNamespace(kCardDav, QStringLiteral("card"));
        m_writer.writeNamespace(kApple, QStringLiteral("a"));
        m_writer.writeNamespace(kCalendarServer, QStringLiteral("cs"));
    }
    void start(QLatin1StringView ns, const char *name) { m_writer.writeStartElement(ns, QLatin1String(name)); }
    void end() { m_writer.writeEndElement(); }
    void empty(QLatin1StringView ns, const char *name) { m_writer.writeEmptyElement(ns, QLatin1String(name)); }
    void text(QLatin1StringView ns, const char *name, const QString &value)
    {
        m_writer.writeTextElement(ns, QLatin1String(name), xmlSafe(value));
    }
    void attribute(const char *name, const QString &value) { m_writer.writeAttribute(QLatin1String(name), xmlSafe(value)); }
    QByteArray finish()
    {
        m_writer.writeEndDocument();
        return m_bytes;
    }

private:
    QByteArray m_bytes;
    QXmlStreamWriter m_writer;
};

QByteArray propfind(std::initializer_list<std::pair<QLatin1StringView, const char *>> props)
{
    Body b;
    b.start(kDav, "propfind");
    b.start(kDav, "prop");
    for (const auto &[ns, name] : props)
        b.empty(ns, name);
    b.end();
    b.end();
    return b.finish();
}

QByteArray multiget(const char *root, QLatin1StringView ns, const char *dataName, const QList<QByteArray> &hrefs)
{
    Body b;
    b.start(ns, root);
    b.start(kDav, "prop");
    b.empty(kDav, "getetag");
    b.empty(ns, dataName);
    b.end();
    for (const QByteArray &href : hrefs)
        b.text(kDav, "href", QString::fromUtf8(href));
    b.end();
    return b.finish();
}

// The <d:prop> children shared by MKCALENDAR, MKCOL and PROPPATCH.
void settingsProps(Body &b, const DavCollectionSettings &s, bool calendar)
{
    if (!s.displayName.isEmpty())
        b.text(kDav, "displayname", s.displayName);
    if (calendar) {
        if (!s.description.isEmpty())
            b.text(kCalDav, "calendar-description", s.description);
        if (!s.color.isEmpty())
            b.text(kApple, "calendar-color", s.color);
        if (!s.order.isEmpty())
            b.text(kApple, "calendar-order", s.order);
    } else if (!s.description.isEmpty()) {
        b.text(kCardDav, "addressbook-description", s.description);
    }
}

} // namespace

QByteArray propfindPrincipal()
{
    return propfind({{kDav, "current-user-principal"}, {kDav, "resourcetype"}, {kDav, "displayname"}});
}

QByteArray propfindHomes()
{
    return propfind({{kCalDav, "calendar-home-set"},
                     {kCardDav, "addressbook-home-set"},
                     {kDav, "current-user-principal"},
                     {kDav, "resourcetype"}});
}

QByteArray propfindCollections()
{
    return propfind({{kDav, "resourcetype"},
                     {kDav, "displayname"},
                     {kApple, "calendar-color"},
                     {kApple, "calendar-order"},
                     {kCalDav, "calendar-description"},
                     {kCalDav, "supported-calendar-component-set"},
                     {kCardDav, "addressbook-description"},
                     {kCardDav, "supported-address-data"},
                     {kCalendarServer, "getctag"},
                     {kDav, "sync-token"}});
}

QByteArray propfindContext()
{
    return propfind({{kDav, "resourcetype"},
                     {kDav, "current-user-principal"},
                     {kCalDav, "calendar-home-set"},
                     {kCardDav, "addressbook-home-set"},
                     {kDav, "displayname"},
                     {kApple, "calendar-color"},
                     {kApple, "calendar-order"},
                     {kCalDav, "calendar-description"},
                     {kCalDav, "supported-calendar-component-set"},
                     {kCardDav, "addressbook-description"},
                     {kCardDav, "supported-address-data"},
                     {kCalendarServer, "getctag"},
                     {kDav, "sync-token"}});
}

QByteArray propfindEtags()
{
    return propfind({{kDav, "resourcetype"}, {kDav, "getetag"}, {kDav, "getcontenttype"}});
}

QByteArray propfindCtag()
{
    return propfind({{kCalendarServer, "getctag"}, {kDav, "sync-token"}});
}

QByteArray calendarMultiget(const QList<QByteArray> &hrefs)
{
    return multiget("calendar-multiget", kCalDav, "calendar-data", hrefs);
}

QByteArray addressbookMultiget(const QList<QByteArray> &hrefs)
{
    return multiget("addressbook-multiget", kCardDav, "address-data", hrefs);
}

QByteArray syncCollection(const QByteArray &syncToken)
{
    Body b;
    b.start(kDav, "sync-collection");
    b.text(kDav, "sync-token", QString::fromUtf8(syncToken));
    b.text(kDav, "sync-level", QStringLiteral("1"));
    b.start(kDav, "prop");
    b.empty(kDav, "getetag");
    b.empty(kDav, "getcontenttype");
    b.end();
    b.end();
    return b.finish();
}

QByteArray mkcalendar(const DavCollectionSettings &settings)
{
    Body b;
    b.start(kCalDav, "mkcalendar");
    b.start(kDav, "set");
    b.start(kDav, "prop");
    settingsProps(b, settings, true);
    if (!settings.components.isEmpty()) {
        b.start(kCalDav, "supported-calendar-component-set");
        for (const QString &comp : settings.components) {
            b.empty(kCalDav, "comp");
            b.attribute("name", comp.toUpper());
        }
        b.end();
    }
    b.end();
    b.end();
    b.end();
    return b.finish();
}

QByteArray mkcolAddressbook(const DavCollectionSettings &settings)
{
    Body b;
    b.start(kDav, "mkcol");
    b.start(kDav, "set");
    b.start(kDav, "prop");
    b.start(kDav, "resourcetype");
    b.empty(kDav, "collection");
    b.empty(kCardDav, "addressbook");
    b.end();
    settingsProps(b, settings, false);
    b.end();
    b.end();
    b.end();
    return b.finish();
}

QByteArray proppatch(const DavCollectionSettings &settings, bool calendar)
{
    Body b;
    b.start(kDav, "propertyupdate");
    b.start(kDav, "set");
    b.start(kDav, "prop");
    settingsProps(b, settings, calendar);
    b.end();
    b.end();
    b.end();
    return b.finish();
}

QString xmlSafe(const QString &text)
{
    // XML 1.0 §2.2: Char ::= #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]
    QString out;
    out.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (c.isHighSurrogate() && i + 1 < text.size() && text[i + 1].isLowSurrogate()) {
            out.append(c);
            out.append(text[++i]);
            continue;
        }
        const char16_t u = c.unicode();
        const bool ok = u == 0x9 || u == 0xA || u == 0xD || (u >= 0x20 && u <= 0xD7FF) || (u >= 0xE000 && u <= 0xFFFD);
        out.append(ok ? c : QChar(QChar::ReplacementCharacter));
    }
    return out;
}

} // namespace ferry::davrequests
