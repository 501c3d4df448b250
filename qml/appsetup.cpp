#include "appsetup.h"

#include "wizard.h"

#include <dav/davhttpfetcher.h>
#include <discovery/autodiscovery.h>
#include <discovery/dnsresolver.h>
#include <discovery/providerdatabase.h>

#include <QColor>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QGuiApplication>
#include <QImage>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QQuickItem>
#include <QQuickWindow>
#include <QTimer>
#include <QTranslator>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace ferry::app {

void installTranslations(QGuiApplication &app)
{
    auto *translator = new QTranslator(&app);
    // qt_add_translations embeds the .qm files under :/i18n. A language Ferry has no
    // translation for gets English, whose .qm holds the plural forms ("1 message").
    if (translator->load(QLocale(), u"ferry"_s, u"_"_s, u":/i18n"_s)
        || translator->load(u"ferry_en"_s, u":/i18n"_s))
        QCoreApplication::installTranslator(translator);
    else
        delete translator;
}

QString loadDemo(Wizard &wizard)
{
    const QString path = qEnvironmentVariable("FERRY_DEMO_CONFIG");
    if (path.isEmpty())
        return u"--demo needs FERRY_DEMO_CONFIG (run it through dist/demo.sh)"_s;
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return u"cannot read %1: %2"_s.arg(path, f.errorString());
    const QJsonObject config = QJsonDocument::fromJson(f.readAll()).object();
    const QStringList ca = config.value(u"caFiles"_s).toVariant().toStringList();
    struct Side {
        const char *key;
        const char *passwordVariable;
        AccountSettings *account;
    };
    for (const Side &side : {Side{"old", "FERRY_FROM_PASSWORD", wizard.oldAccount()},
                             Side{"new", "FERRY_TO_PASSWORD", wizard.newAccount()}}) {
        const QJsonObject a = config.value(QLatin1String(side.key)).toObject();
        if (a.isEmpty())
            return u"%1 has no \"%2\" account"_s.arg(path, QLatin1String(side.key));
        AccountSettings *s = side.account;
        s->setCaFiles(ca);
        s->setEmail(a.value(u"email"_s).toString());
        AccountSettings::Found found;
        found.provider = a.value(u"provider"_s).toString(u"Ferry demo"_s);
        found.imapHost = a.value(u"imapHost"_s).toString();
        found.imapPort = a.value(u"imapPort"_s).toInt(993);
        found.userName = a.value(u"userName"_s).toString();
        found.davUrl = a.value(u"davUrl"_s).toString();
        found.text = QCoreApplication::translate("demo", "Demo server on this computer.");
        s->applyFound(found);
        const QByteArray password = qgetenv(side.passwordVariable);
        if (!password.isEmpty())
            s->setPassword(QString::fromUtf8(password));
    }
    if (config.value(u"stateDir"_s).isString())
        wizard.setStateDirectory(config.value(u"stateDir"_s).toString());
    if (config.value(u"reportDir"_s).isString())
        wizard.setReportDirectory(config.value(u"reportDir"_s).toString());
    wizard.showStep(Wizard::OldAccount);
    return {};
}

namespace {

const QList<QPair<Wizard::Step, QString>> kPages{
    {Wizard::Welcome, u"welcome"_s},       {Wizard::OldAccount, u"old-account"_s},
    {Wizard::NewAccount, u"new-account"_s}, {Wizard::Trust, u"trust"_s},
    {Wizard::WhatToMove, u"what-to-move"_s}, {Wizard::Moving, u"moving"_s},
    {Wizard::Report, u"report"_s}};

// Lets the scene graph lay out and render the current page (bounded wait).
void settle(QQuickWindow &window)
{
    QEventLoop loop;
    QTimer timeout;
    timeout.setSingleShot(true);
    QObject::connect(&timeout, &QTimer::timeout, &loop, &QEventLoop::quit);
    QObject::connect(&window, &QQuickWindow::frameSwapped, &loop, &QEventLoop::quit);
    window.requestUpdate();
    timeout.start(1000);
    loop.exec();
    QCoreApplication::processEvents();
}

QQuickItem *pageItem(QQuickWindow &window, const QString &name)
{
    // ApplicationWindow children have the window as QObject parent (contentItem is their visual parent).
    auto *item = window.findChild<QQuickItem *>(u"page-"_s + name);
    return item && item->isVisible() && item->width() > 0 ? item : nullptr;
}

} // namespace

namespace {
// The self-test fails on any warning a QML file causes (binding errors, unknown
// properties at run time), not only on pages that do not show.
int g_qmlWarnings = 0;
QtMessageHandler g_previousHandler = nullptr;
void countQmlWarnings(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (type != QtDebugMsg && type != QtInfoMsg && message.contains(u"qrc:/"_s))
        ++g_qmlWarnings;
    if (g_previousHandler)
        g_previousHandler(type, context, message);
}
} // namespace

int selfTest(QGuiApplication &, Wizard &wizard, QQuickWindow &window)
{
    g_previousHandler = qInstallMessageHandler(countQmlWarnings);
    wizard.loadSample();
    int failures = 0;
    for (const auto &[step, name] : kPages) {
        wizard.showStep(step);
        settle(window);
        if (!pageItem(window, name)) {
            std::fprintf(stderr, "self-test: page %s did not show\n", qPrintable(name));
            ++failures;
        }
    }
    std::printf("self-test: %lld pages, %d failed, %d QML warnings\n", static_cast<long long>(kPages.size()), failures,
                g_qmlWarnings);
    return failures || g_qmlWarnings ? 1 : 0;
}

int autorun(QGuiApplication &app, Wizard &wizard, int maxSeconds)
{
    QElapsedTimer total, moving;
    total.start();
    int exitCode = -1;
    int updatesAtStart = 0;
    QTimer tick;
    QObject::connect(&tick, &QTimer::timeout, &app, [&] {
        if (total.elapsed() > qint64(maxSeconds) * 1000) {
            std::fprintf(stderr, "autorun: gave up after %d s on step %d\n", maxSeconds, int(wizard.step()));
            exitCode = 5;
        } else if (wizard.busy()) {
            return;
        } else if (wizard.step() == Wizard::Trust) {
            std::fprintf(stderr, "autorun: %s presents a certificate that is not trusted\n",
                         qPrintable(wizard.certificate().value(u"host"_s).toString()));
            exitCode = 4;
        } else if (wizard.step() == Wizard::Report) {
            const ReportModel &r = *wizard.report();
            const double seconds = moving.isValid() ? moving.elapsed() / 1000.0 : 0;
            const int updates = wizard.runner()->updates() - updatesAtStart;
            std::printf("autorun: %s %s\n", qPrintable(r.headline()), qPrintable(r.totalsText()));
            std::printf("autorun: moving took %.2f s; %d progress updates (%.1f per second)\n", seconds, updates,
                        seconds > 0 ? updates / seconds : 0.0);
            if (!r.problem().isEmpty())
                std::fprintf(stderr, "autorun: %s\n", qPrintable(r.problem()));
            exitCode = r.exitCode();
        } else if (wizard.step() != Wizard::Moving) {
            if (!wizard.validationMessage().isEmpty()) {
                std::fprintf(stderr, "autorun: %s\n", qPrintable(wizard.validationMessage()));
                exitCode = 3;
            } else {
                if (wizard.step() == Wizard::WhatToMove) {
                    moving.start();
                    updatesAtStart = wizard.runner()->updates();
                }
                wizard.next();
            }
        }
        if (exitCode >= 0)
            QCoreApplication::exit(exitCode);
    });
    tick.start(20);
    return app.exec();
}

int saveScreenshots(QGuiApplication &, Wizard &wizard, QQuickWindow &window, const QString &dir)
{
    if (!QDir().mkpath(dir)) {
        std::fprintf(stderr, "ferry: cannot create %s\n", qPrintable(dir));
        return 2;
    }
    wizard.loadSample();
    auto shootAll = [&](const QString &into) {
        int n = 0;
        for (const auto &[step, name] : kPages) {
            wizard.showStep(step);
            settle(window);
            settle(window);
            const QImage image = window.grabWindow();
            const QString file = QDir(into).filePath(u"%1-%2.png"_s.arg(++n, 2, 10, QLatin1Char('0')).arg(name));
            if (image.isNull() || !image.save(file)) {
                std::fprintf(stderr, "ferry: could not save %s\n", qPrintable(file));
                return false;
            }
            std::printf("%s\n", qPrintable(file));
        }
        return true;
    };
    if (!shootAll(dir))
        return 1;
    // Then as on a desktop with a dark palette (the offscreen platform has no theme
    // to ask): the window's palette is what Main.qml and the controls follow.
    const QString darkDir = QDir(dir).filePath(u"dark"_s);
    auto *palette = window.property("palette").value<QObject *>();
    if (!palette || !QDir().mkpath(darkDir)) {
        std::fprintf(stderr, "ferry: no dark screenshots (window palette unavailable)\n");
        return 1;
    }
    const QList<std::pair<const char *, const char *>> dark = {
        {"window", "#2a2e32"}, {"windowText", "#fcfcfc"}, {"base", "#1b1e20"}, {"alternateBase", "#232629"},
        {"text", "#fcfcfc"}, {"button", "#31363b"}, {"buttonText", "#fcfcfc"}, {"brightText", "#ffffff"},
        {"highlight", "#3daee9"}, {"highlightedText", "#fcfcfc"}, {"light", "#40464c"}, {"midlight", "#363b40"},
        {"mid", "#6e757c"}, {"dark", "#1b1e20"}, {"shadow", "#0f1012"}, {"placeholderText", "#9ea3a8"},
        {"toolTipBase", "#31363b"}, {"toolTipText", "#fcfcfc"}, {"link", "#1d99f3"}};
    for (const auto &[role, colour] : dark)
        palette->setProperty(role, QColor(QLatin1StringView(colour)));
    return shootAll(darkDir) ? 0 : 1;
}

AccountSettings::Found foundFrom(const DiscoveryResult &r)
{
    AccountSettings::Found f;
    f.provider = r.providerName;
    const QString domain = r.address.domain;
    if (r.imap) {
        f.imapHost = r.imap->host;
        f.imapPort = r.imap->port;
        f.userName = r.imap->username;
        f.guessed = r.imap->guessed;
    }
    // One address for contacts and calendars: the CalDAV one (the DAV connector
    // finds the address books from there); CardDAV alone when there is no CalDAV.
    if (r.caldav)
        f.davUrl = r.caldav->url;
    else if (r.carddav)
        f.davUrl = r.carddav->url;
    const QString name = r.providerName.isEmpty() ? domain : r.providerName;
    if (!r.imap && f.davUrl.isEmpty())
        f.text = QCoreApplication::translate("discovery", "No settings were found for %1. Type the servers under “Advanced”.").arg(domain);
    else if (f.guessed)
        f.text = QCoreApplication::translate("discovery", "Guessed the mail server %1 for %2.").arg(f.imapHost, domain);
    else if (!r.imap)
        f.text = QCoreApplication::translate("discovery", "Found contacts and calendars for %1, but no encrypted mail server (IMAP on port 993).").arg(name);
    else if (f.davUrl.isEmpty())
        f.text = QCoreApplication::translate("discovery", "Settings for %1 found (mail only: no contacts and calendar server is known).").arg(name);
    else
        f.text = QCoreApplication::translate("discovery", "Settings for %1 found.").arg(name);
    QStringList help;
    if (r.needsBridge)
        help << QCoreApplication::translate("discovery", "%1 does not let other programs read mail directly; Ferry cannot move it yet.").arg(name);
    if (r.needsOAuth2)
        help << QCoreApplication::translate("discovery", "%1 only allows sign-in through its own web page (OAuth2), which this version of Ferry cannot do yet.").arg(name);
    if (r.needsEnabling)
        help << QCoreApplication::translate("discovery", "Switch on access by other programs (IMAP) in your %1 settings first.").arg(name);
    if (r.needsAppPassword)
        help << QCoreApplication::translate("discovery", "%1 needs an app password for other programs: your normal password will be refused.").arg(name);
    if (!r.instructions.isEmpty() && !help.isEmpty())
        help << r.instructions;
    f.passwordHelp = help.join(u"\n"_s);
    f.passwordHelpUrl = help.isEmpty() ? QString() : r.instructionsUrl;
    return f;
}

void setUpDiscovery(Wizard &wizard)
{
    wizard.setDiscovery([](const QString &email) {
        // Runs on a worker thread: its own fetcher and resolver each time.
        static const ProviderDatabase database = ProviderDatabase::bundled();
        DavHttpFetcher http;
        QDnsResolver dns;
        auto result = AccountDiscovery(database, &http, &dns).discover(email);
        if (!result.ok()) {
            AccountSettings::Found f;
            f.text = result.error().what;
            return f;
        }
        return foundFrom(*result);
    });
}

} // namespace ferry::app
