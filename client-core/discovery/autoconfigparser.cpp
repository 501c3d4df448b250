#include "autoconfigparser.h"

#include <QXmlStreamReader>

using namespace Qt::StringLiterals;

namespace ferry {

namespace {

bool isFerry(const QXmlStreamReader &r)
{
    return r.namespaceUri() == QLatin1String(kFerryAutoconfigNamespace);
}

// A standard element of the format (any namespace but Ferry's: real files are
// written without one, and a stray default namespace must not hide them).
bool is(const QXmlStreamReader &r, QLatin1String name)
{
    return !isFerry(r) && r.name().compare(name, Qt::CaseInsensitive) == 0;
}

bool isExt(const QXmlStreamReader &r, QLatin1String name)
{
    return isFerry(r) && r.name().compare(name, Qt::CaseInsensitive) == 0;
}

QString text(QXmlStreamReader &r)
{
    // Nested markup inside a text element is flattened to its text, not an error.
    return r.readElementText(QXmlStreamReader::IncludeChildElements).trimmed();
}

QString attr(const QXmlStreamReader &r, QLatin1String name)
{
    return r.attributes().value(name).toString().trimmed();
}

// Texts with a lang attribute: English (or no lang) wins, else the first.
void takeLocalized(QXmlStreamReader &r, QString &out, bool &outIsEnglish)
{
    const QString lang = attr(r, "lang"_L1);
    const bool english = lang.isEmpty() || lang.startsWith("en"_L1, Qt::CaseInsensitive);
    const QString value = text(r);
    if (value.isEmpty())
        return;
    if (out.isEmpty() || (english && !outIsEnglish)) {
        out = value;
        outIsEnglish = english;
    }
}

void readServer(QXmlStreamReader &r, AutoconfigConfig &config)
{
    AutoconfigServer s;
    while (r.readNextStartElement()) {
        if (is(r, "hostname"_L1)) {
            s.hostname = text(r);
        } else if (is(r, "port"_L1)) {
            s.portText = text(r);
            bool ok = false;
            const uint port = s.portText.toUInt(&ok);
            s.port = ok && port > 0 && port < 65536 ? quint16(port) : 0;
        } else if (is(r, "socketType"_L1)) {
            s.socketType = text(r);
        } else if (is(r, "username"_L1)) {
            s.username = text(r);
        } else if (is(r, "authentication"_L1)) {
            const QString method = text(r);
            if (!method.isEmpty())
                s.authentication.append(method);
        } else {
            r.skipCurrentElement();
        }
    }
    config.imapServers.append(s);
}

void readDav(QXmlStreamReader &r, AutoconfigConfig &config, bool calendar)
{
    const QString type = attr(r, "type"_L1);
    AutoconfigDav d;
    while (r.readNextStartElement()) {
        if (is(r, "serverURL"_L1) || is(r, "url"_L1))
            d.url = text(r);
        else if (is(r, "username"_L1))
            d.username = text(r);
        else if (is(r, "authentication"_L1))
            d.authentication.append(text(r));
        else
            r.skipCurrentElement();
    }
    // A missing type is read as the DAV flavour (older hand-written files);
    // "jmap" and others are not for Ferry.
    const QLatin1String wanted = calendar ? "caldav"_L1 : "carddav"_L1;
    if (!type.isEmpty() && type.compare(wanted, Qt::CaseInsensitive) != 0)
        return;
    if (d.url.isEmpty())
        return;
    (calendar ? config.calendars : config.addressBooks).append(d);
}

void readEnable(QXmlStreamReader &r, AutoconfigConfig &config)
{
    if (config.enableUrl.isEmpty())
        config.enableUrl = attr(r, "visiturl"_L1);
    bool english = false;
    QString instruction;
    while (r.readNextStartElement()) {
        if (is(r, "instruction"_L1))
            takeLocalized(r, instruction, english);
        else
            r.skipCurrentElement();
    }
    if (config.enableText.isEmpty())
        config.enableText = instruction;
}

void readDocumentation(QXmlStreamReader &r, AutoconfigConfig &config)
{
    const bool first = config.documentationUrl.isEmpty() && config.documentationText.isEmpty();
    const QString url = attr(r, "url"_L1);
    bool english = false;
    QString descr;
    while (r.readNextStartElement()) {
        if (is(r, "descr"_L1))
            takeLocalized(r, descr, english);
        else
            r.skipCurrentElement();
    }
    if (first) {
        config.documentationUrl = url;
        config.documentationText = descr;
    }
}

void readProvider(QXmlStreamReader &r, AutoconfigConfig &config)
{
    config.id = attr(r, "id"_L1);
    bool nameEnglish = false;
    while (r.readNextStartElement()) {
        if (isExt(r, "mxDomain"_L1)) {
            const QString d = text(r).toLower();
            if (!d.isEmpty())
                config.mxDomains.append(d);
        } else if (isExt(r, "appPassword"_L1)) {
            config.appPassword = true;
            config.appPasswordUrl = attr(r, "url"_L1);
            config.appPasswordText = text(r);
        } else if (isExt(r, "bridge"_L1)) {
            config.bridge = true;
            config.bridgeUrl = attr(r, "url"_L1);
            config.bridgeText = text(r);
        } else if (is(r, "domain"_L1)) {
            const QString d = text(r).toLower();
            if (!d.isEmpty() && !config.domains.contains(d))
                config.domains.append(d);
        } else if (is(r, "displayName"_L1)) {
            takeLocalized(r, config.displayName, nameEnglish);
        } else if (is(r, "displayShortName"_L1)) {
            config.displayShortName = text(r);
        } else if (is(r, "incomingServer"_L1)) {
            if (attr(r, "type"_L1).compare("imap"_L1, Qt::CaseInsensitive) == 0) {
                readServer(r, config);
            } else {
                ++config.otherIncomingServers;
                r.skipCurrentElement();
            }
        } else if (is(r, "addressBook"_L1)) {
            readDav(r, config, false);
        } else if (is(r, "calendar"_L1)) {
            readDav(r, config, true);
        } else if (is(r, "documentation"_L1)) {
            readDocumentation(r, config);
        } else if (is(r, "enable"_L1)) {
            readEnable(r, config);
        } else {
            r.skipCurrentElement();
        }
    }
}

} // namespace

Result<AutoconfigConfig> autoconfig::parse(const QByteArray &xml)
{
    if (xml.trimmed().isEmpty())
        return Error::make(ErrorCode::Protocol, u"the autoconfig answer is empty"_s);
    QXmlStreamReader r(xml);
    AutoconfigConfig config;
    bool sawProvider = false;
    if (r.readNextStartElement()) {
        if (!is(r, "clientConfig"_L1)) {
            return Error::make(ErrorCode::Protocol,
                               u"not an autoconfig file: the root element is <%1>, not <clientConfig>"_s.arg(r.name().toString()));
        }
        while (r.readNextStartElement()) {
            if (is(r, "emailProvider"_L1) && !sawProvider) {
                sawProvider = true;
                readProvider(r, config);
            } else if (is(r, "addressBook"_L1)) {
                readDav(r, config, false);
            } else if (is(r, "calendar"_L1)) {
                readDav(r, config, true);
            } else if (is(r, "enable"_L1)) {
                readEnable(r, config);
            } else {
                r.skipCurrentElement();
            }
        }
    }
    if (r.hasError()) {
        return Error::make(ErrorCode::Protocol,
                           u"the autoconfig file is not well-formed XML (line %1, column %2)"_s.arg(r.lineNumber()).arg(r.columnNumber()),
                           r.errorString());
    }
    if (!sawProvider && config.calendars.isEmpty() && config.addressBooks.isEmpty())
        return Error::make(ErrorCode::Protocol, u"the autoconfig file has no <emailProvider>"_s);
    return config;
}

QString autoconfig::substitute(QString value, const QString &emailAddress)
{
    const qsizetype at = emailAddress.lastIndexOf(QLatin1Char('@'));
    const QString local = at >= 0 ? emailAddress.left(at) : emailAddress;
    const QString domain = at >= 0 ? emailAddress.mid(at + 1) : QString();
    value.replace("%EMAILADDRESS%"_L1, emailAddress);
    value.replace("%EMAILLOCALPART%"_L1, local);
    value.replace("%EMAILDOMAIN%"_L1, domain);
    return value;
}

bool autoconfig::allowsPassword(const QStringList &methods)
{
    if (methods.isEmpty())
        return true;
    static const QStringList passwordMethods = {u"password-cleartext"_s, u"password-encrypted"_s, u"plain"_s,
                                               u"secure"_s, u"http-basic"_s, u"http-digest"_s, u"basic"_s};
    for (const QString &m : methods) {
        if (passwordMethods.contains(m, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

bool autoconfig::allowsOAuth2(const QStringList &methods)
{
    return methods.contains(u"OAuth2"_s, Qt::CaseInsensitive);
}

} // namespace ferry
