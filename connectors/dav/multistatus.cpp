#include "multistatus.h"

#include "davxml.h"

#include <QXmlStreamReader>

namespace ferry {
namespace {

using namespace davxml;

// A cursor over QXmlStreamReader that refuses DTDs and deep nesting and keeps
// track of depth, so handlers can consume exactly one element each.
class Cursor {
public:
    explicit Cursor(QByteArrayView xml)
        : m_reader(QByteArray::fromRawData(xml.data(), xml.size()))
    {
        m_reader.setNamespaceProcessing(true);
    }

    // Advances one token. false at the end of the document or on an error.
    bool next()
    {
        if (!m_error.isEmpty())
            return false;
        switch (m_reader.readNext()) {
        case QXmlStreamReader::DTD:
            // Entity declarations (the "billion laughs") and external subsets live
            // in the DTD; a DAV server has no reason to send one.
            return fail(QStringLiteral("the XML contains a document type declaration (refused)"));
        case QXmlStreamReader::EntityReference:
            return fail(QStringLiteral("the XML references an undeclared entity &%1;").arg(m_reader.name()));
        case QXmlStreamReader::StartElement:
            if (++m_depth > MultistatusParser::kMaxDepth)
                return fail(QStringLiteral("the XML nests deeper than %1 elements").arg(MultistatusParser::kMaxDepth));
            return true;
        case QXmlStreamReader::EndElement:
            --m_depth;
            return true;
        case QXmlStreamReader::Invalid:
            return fail(QStringLiteral("malformed XML at line %1: %2")
                            .arg(m_reader.lineNumber())
                            .arg(m_reader.errorString()));
        case QXmlStreamReader::EndDocument:
            return false;
        default:
            return true;
        }
    }

    // Moves to the first start element of the document.
    bool root()
    {
        while (next()) {
            if (m_reader.isStartElement())
                return true;
        }
        if (m_error.isEmpty())
            m_error = QStringLiteral("the XML has no root element");
        return false;
    }

    // From a start element (or after a consumed child): the next child start
    // element; false at the end of the current element.
    bool nextChild()
    {
        while (next()) {
            if (m_reader.isStartElement())
                return true;
            if (m_reader.isEndElement())
                return false;
        }
        return false;
    }

    // Consumes the current element and everything in it.
    void skip()
    {
        const int level = m_depth - 1;
        while (next()) {
            if (m_reader.isEndElement() && m_depth == level)
                return;
        }
    }

    // Consumes the current element and returns all the text inside it.
    QString text()
    {
        const int level = m_depth - 1;
        QString out;
        while (next()) {
            if (m_reader.isCharacters())
                out += m_reader.text();
            else if (m_reader.isEndElement() && m_depth == level)
                break;
        }
        return out;
    }

    // The first <DAV:href> child's text (consumes the current element).
    QByteArray firstHref()
    {
        QByteArray href;
        for (const QByteArray &h : hrefs()) {
            href = h;
            break;
        }
        return href;
    }

    QList<QByteArray> hrefs()
    {
        QList<QByteArray> out;
        while (nextChild()) {
            if (is(kDav, u"href"))
                out.append(text().trimmed().toUtf8());
            else
                skip();
        }
        return out;
    }

    bool is(QLatin1StringView ns, QStringView name) const
    {
        return m_reader.namespaceUri() == ns && m_reader.name() == name;
    }
    QString clarkName() const
    {
        return QLatin1Char('{') + m_reader.namespaceUri().toString() + QLatin1Char('}') + m_reader.name().toString();
    }
    QStringView name() const { return m_reader.name(); }
    QStringView namespaceUri() const { return m_reader.namespaceUri(); }
    QString attribute(const char *name) const { return m_reader.attributes().value(QLatin1String(name)).toString(); }

    bool failed() const { return !m_error.isEmpty(); }
    const QString &error() const { return m_error; }

private:
    bool fail(const QString &why)
    {
        if (m_error.isEmpty())
            m_error = why;
        return false;
    }

    QXmlStreamReader m_reader;
    int m_depth = 0;
    QString m_error;
};

void parseResourceType(Cursor &c, DavProps &p)
{
    while (c.nextChild()) {
        if (c.is(kDav, u"collection"))
            p.collection = true;
        else if (c.is(kCalDav, u"calendar"))
            p.calendar = true;
        else if (c.is(kCardDav, u"addressbook"))
            p.addressBook = true;
        else if (c.is(kDav, u"principal"))
            p.principal = true;
        c.skip();
    }
}

// One child of <prop>. Returns the bit it set (0 for an unknown property).
quint32 parseProperty(Cursor &c, DavProps &p)
{
    const QStringView ns = c.namespaceUri();
    if (ns == kDav) {
        if (c.is(kDav, u"getetag")) {
            p.etag = c.text().trimmed().toUtf8();
            return DavProps::ETag;
        }
        if (c.is(kDav, u"displayname")) {
            p.displayName = c.text();
            return DavProps::DisplayName;
        }
        if (c.is(kDav, u"resourcetype")) {
            parseResourceType(c, p);
            return DavProps::ResourceType;
        }
        if (c.is(kDav, u"sync-token")) {
            p.syncToken = c.text().trimmed().toUtf8();
            return DavProps::SyncToken;
        }
        if (c.is(kDav, u"current-user-principal")) {
            p.currentUserPrincipal = c.firstHref();
            return DavProps::CurrentUserPrincipal;
        }
        if (c.is(kDav, u"getcontenttype")) {
            p.contentType = c.text().trimmed().toUtf8();
            return DavProps::ContentType;
        }
    } else if (ns == kCalDav) {
        if (c.is(kCalDav, u"calendar-description")) {
            p.calendarDescription = c.text();
            return DavProps::CalendarDescription;
        }
        if (c.is(kCalDav, u"supported-calendar-component-set")) {
            while (c.nextChild()) {
                if (c.is(kCalDav, u"comp")) {
                    const QString name = c.attribute("name").trimmed().toUpper();
                    if (!name.isEmpty() && !p.components.contains(name))
                        p.components.append(name);
                }
                c.skip();
            }
            return DavProps::ComponentSet;
        }
        if (c.is(kCalDav, u"calendar-home-set")) {
            p.calendarHomes = c.hrefs();
            return DavProps::CalendarHomeSet;
        }
        if (c.is(kCalDav, u"calendar-data")) {
            p.data = MultistatusParser::restoreCrlf(c.text().toUtf8());
            return DavProps::CalendarData;
        }
    } else if (ns == kCardDav) {
        if (c.is(kCardDav, u"addressbook-description")) {
            p.addressbookDescription = c.text();
            return DavProps::AddressbookDescription;
        }
        if (c.is(kCardDav, u"supported-address-data")) {
            while (c.nextChild()) {
                if (c.is(kCardDav, u"address-data-type"))
                    p.addressDataTypes.append({c.attribute("content-type"), c.attribute("version")});
                c.skip();
            }
            return DavProps::AddressDataTypes;
        }
        if (c.is(kCardDav, u"addressbook-home-set")) {
            p.addressbookHomes = c.hrefs();
            return DavProps::AddressbookHomeSet;
        }
        if (c.is(kCardDav, u"address-data")) {
            p.data = MultistatusParser::restoreCrlf(c.text().toUtf8());
            return DavProps::AddressData;
        }
    } else if (ns == kApple) {
        if (c.is(kApple, u"calendar-color")) {
            p.color = c.text().trimmed();
            return DavProps::Color;
        }
        if (c.is(kApple, u"calendar-order")) {
            p.order = c.text().trimmed();
            return DavProps::Order;
        }
    } else if (ns == kCalendarServer) {
        if (c.is(kCalendarServer, u"getctag")) {
            p.ctag = c.text().trimmed().toUtf8();
            return DavProps::CTag;
        }
    }
    c.skip();
    return 0;
}

// Copies the properties `bits` names from `from` into `to`.
void merge(const DavProps &from, quint32 bits, DavProps &to)
{
    to.present |= bits;
    if (bits & DavProps::ETag) to.etag = from.etag;
    if (bits & DavProps::DisplayName) to.displayName = from.displayName;
    if (bits & DavProps::ResourceType) {
        to.collection = from.collection;
        to.calendar = from.calendar;
        to.addressBook = from.addressBook;
        to.principal = from.principal;
    }
    if (bits & DavProps::Color) to.color = from.color;
    if (bits & DavProps::CalendarDescription) to.calendarDescription = from.calendarDescription;
    if (bits & DavProps::AddressbookDescription) to.addressbookDescription = from.addressbookDescription;
    if (bits & DavProps::Order) to.order = from.order;
    if (bits & DavProps::ComponentSet) to.components = from.components;
    if (bits & DavProps::AddressDataTypes) to.addressDataTypes = from.addressDataTypes;
    if (bits & DavProps::SyncToken) to.syncToken = from.syncToken;
    if (bits & DavProps::CTag) to.ctag = from.ctag;
    if (bits & DavProps::CurrentUserPrincipal) to.currentUserPrincipal = from.currentUserPrincipal;
    if (bits & DavProps::CalendarHomeSet) to.calendarHomes = from.calendarHomes;
    if (bits & DavProps::AddressbookHomeSet) to.addressbookHomes = from.addressbookHomes;
    if (bits & DavProps::ContentType) to.contentType = from.contentType;
    if (bits & (DavProps::CalendarData | DavProps::AddressData)) to.data = from.data;
}

QStringList errorConditions(Cursor &c, QString *message = nullptr)
{
    QStringList out;
    while (c.nextChild()) {
        if (c.namespaceUri() == kSabre) {
            if (message && c.name() == u"message")
                *message = c.text().trimmed();
            else
                c.skip();
            continue;
        }
        out.append(c.name().toString());
        c.skip();
    }
    return out;
}

void parsePropstat(Cursor &c, MultistatusEntry &entry)
{
    DavProps props;
    quint32 bits = 0;
    QStringList names;
    int status = 0;
    while (c.nextChild()) {
        if (c.is(kDav, u"prop")) {
            while (c.nextChild()) {
                names.append(c.clarkName());
                bits |= parseProperty(c, props);
            }
        } else if (c.is(kDav, u"status")) {
            status = MultistatusParser::statusCode(c.text());
        } else if (c.is(kDav, u"error")) {
            entry.errors += errorConditions(c);
        } else if (c.is(kDav, u"responsedescription")) {
            entry.description = c.text().trimmed();
        } else {
            c.skip();
        }
    }
    if (status >= 200 && status < 300) {
        merge(props, bits, entry.props);
    } else {
        for (const QString &name : std::as_const(names))
            entry.failed.append({name, status});
    }
}

void parseResponse(Cursor &c, QList<MultistatusEntry> &out)
{
    MultistatusEntry entry;
    QList<QByteArray> extraHrefs; // RFC 4918 §14.24: several hrefs share one status
    while (c.nextChild()) {
        if (c.is(kDav, u"href")) {
            const QByteArray href = c.text().trimmed().toUtf8();
            if (entry.href.isEmpty())
                entry.href = href;
            else
                extraHrefs.append(href);
        } else if (c.is(kDav, u"status")) {
            entry.status = MultistatusParser::statusCode(c.text());
        } else if (c.is(kDav, u"propstat")) {
            parsePropstat(c, entry);
        } else if (c.is(kDav, u"error")) {
            entry.errors += errorConditions(c);
        } else if (c.is(kDav, u"responsedescription")) {
            entry.description = c.text().trimmed();
        } else {
            c.skip();
        }
    }
    if (c.failed())
        return;
    out.append(entry);
    for (const QByteArray &href : std::as_const(extraHrefs)) {
        MultistatusEntry more = entry;
        more.href = href;
        out.append(more);
    }
}

} // namespace

bool MultistatusParser::parse(QByteArrayView xml, Multistatus &out, QString &error)
{
    out = Multistatus();
    Cursor c(xml);
    if (!c.root()) {
        error = c.error();
        return false;
    }
    if (!c.is(kDav, u"multistatus")) {
        error = QStringLiteral("expected a DAV:multistatus document, got <%1>").arg(c.clarkName());
        return false;
    }
    while (c.nextChild()) {
        if (c.is(kDav, u"response"))
            parseResponse(c, out.entries);
        else if (c.is(kDav, u"sync-token"))
            out.syncToken = c.text().trimmed().toUtf8();
        else
            c.skip();
    }
    // Anything after the root (but whitespace, comments, PIs) is malformed.
    while (c.next()) {
    }
    if (c.failed()) {
        error = c.error();
        out = Multistatus();
        return false;
    }
    return true;
}

bool MultistatusParser::parseError(QByteArrayView xml, DavErrorBody &out)
{
    out = DavErrorBody();
    Cursor c(xml);
    if (!c.root() || !c.is(kDav, u"error"))
        return false;
    out.conditions = errorConditions(c, &out.message);
    return !c.failed();
}

int MultistatusParser::statusCode(QStringView statusLine)
{
    // status-line = HTTP-version SP status-code SP reason-phrase (RFC 9112 §4)
    const QStringView line = statusLine.trimmed();
    const qsizetype space = line.indexOf(QLatin1Char(' '));
    if (space < 0)
        return 0;
    QStringView rest = line.sliced(space + 1).trimmed();
    if (rest.size() > 3)
        rest = rest.first(3);
    bool ok = false;
    const int code = rest.toInt(&ok);
    return ok && code >= 100 && code <= 999 ? code : 0;
}

QByteArray MultistatusParser::restoreCrlf(const QByteArray &text)
{
    QByteArray out;
    out.reserve(text.size() + text.size() / 40);
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char ch = text[i];
        if (ch == '\n' && (i == 0 || text[i - 1] != '\r'))
            out.append('\r');
        out.append(ch);
    }
    return out;
}

} // namespace ferry
