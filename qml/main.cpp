// The Ferry app. Pages are views over the Wizard (a C++ state machine over
// client-core); this entry point only sets up the engine and the QML module.
//   ferry                      the wizard
//   ferry --demo               accounts filled in from FERRY_DEMO_CONFIG (dist/demo.sh)
//   ferry --demo --autorun     the same, clicked through; quits on the report (exit code as ferry-cli)
//   ferry --self-test          loads every page, prints the time to the first frame, exits 0
//   ferry --kiosk              a shared station: full screen, no keychain, one private directory per person
//   ferry --profile FILE       a helpdesk profile: its servers and choices
//   ferry --screenshots DIR    saves a PNG of every page (sample content, no servers), then
//                              again under DIR/dark/ with a dark palette
#include "appsetup.h"
#include "wizard.h"

#include <keychaincredentialstore.h>
#include <registerall.h>

#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QEvent>
#include <QFileInfo>
#include <QGuiApplication>
#include <QIcon>
#include <QQmlApplicationEngine>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QTimer>
#include <QtQml/qqmlextensionplugin.h>

#include <cstdio>

Q_IMPORT_QML_PLUGIN(FerryPlugin)

using namespace Qt::StringLiterals;
using ferry::app::Wizard;

namespace {
// Kiosk: any key, click or touch restarts the Wizard's idle timer.
class KioskActivity : public QObject {
public:
    explicit KioskActivity(ferry::app::Wizard &wizard) : m_wizard(wizard) {}
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        switch (event->type()) {
        case QEvent::KeyPress:
        case QEvent::MouseButtonPress:
        case QEvent::TouchBegin:
        case QEvent::Wheel:
            m_wizard.noteActivity();
            break;
        default:
            break;
        }
        return QObject::eventFilter(watched, event);
    }

private:
    ferry::app::Wizard &m_wizard;
};
} // namespace

int main(int argc, char **argv)
{
    QElapsedTimer startClock;
    startClock.start();
    QGuiApplication app(argc, argv);
    QGuiApplication::setApplicationName(u"Ferry"_s);
    QGuiApplication::setOrganizationDomain(u"ferry.org"_s);
    QGuiApplication::setApplicationVersion(u"0.1.0"_s);
    QGuiApplication::setDesktopFileName(u"org.ferry.Ferry"_s);
    QGuiApplication::setWindowIcon(QIcon(u":/icons/org.ferry.Ferry.png"_s));
    ferry::registerAllConnectors();
    ferry::app::installTranslations(app);

    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate("main", "Move your mailbox, contacts, calendars and tasks."));
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption selfTest(u"self-test"_s, QCoreApplication::translate("main", "Load every page and quit."));
    QCommandLineOption screenshots(u"screenshots"_s, QCoreApplication::translate("main", "Save a PNG of every page in DIR."),
                                   u"DIR"_s);
    QCommandLineOption demo(u"demo"_s, QCoreApplication::translate("main", "Fill in the demo accounts (dist/demo.sh)."));
    QCommandLineOption autorunOption(u"autorun"_s, QCoreApplication::translate("main", "Click through the wizard and quit on the report (demo, benchmarks)."));
    QCommandLineOption state(u"state"_s, QCoreApplication::translate("main", "Keep the journal in DIR."), u"DIR"_s);
    QCommandLineOption profile(u"profile"_s, QCoreApplication::translate("main", "Use the servers and choices of a helpdesk profile."),
                               u"FILE"_s);
    QCommandLineOption kiosk(u"kiosk"_s, QCoreApplication::translate("main", "Shared station: full screen, no keychain, nothing of a person kept."));
    parser.addOptions({selfTest, screenshots, demo, autorunOption, state, profile, kiosk});
    parser.process(app);
    // Fusion follows the desktop's palette (light or dark); Basic has a fixed light one.
    if (qEnvironmentVariableIsEmpty("QT_QUICK_CONTROLS_STYLE"))
        QQuickStyle::setStyle(u"Fusion"_s);

    Wizard wizard(nullptr);
    Wizard::setInstance(&wizard);
    // Demo, self-test and screenshots never look anything up on the network.
    const bool offline = parser.isSet(demo) || parser.isSet(selfTest) || parser.isSet(screenshots);
    if (!offline) {
        ferry::app::setUpDiscovery(wizard);
        if (!parser.isSet(kiosk))
            wizard.setCredentialStore(std::make_shared<ferry::KeychainCredentialStore>());
    }
    // Kiosk: every person's journal and spool in a private directory on a tmpfs when
    // there is one, removed by "Next person", after FERRY_KIOSK_IDLE_SECONDS (300)
    // without input, and at exit.
    KioskActivity activity(wizard);
    if (parser.isSet(kiosk)) {
        const QString runtime = qEnvironmentVariable("XDG_RUNTIME_DIR");
        const int idle = qEnvironmentVariableIntValue("FERRY_KIOSK_IDLE_SECONDS");
        wizard.setKiosk(!runtime.isEmpty() && QFileInfo(runtime).isDir() ? runtime : QDir::tempPath(), idle > 0 ? idle : 300);
        app.installEventFilter(&activity);
    }
    if (parser.isSet(state))
        wizard.setStateDirectory(parser.value(state));
    if (parser.isSet(profile)) {
        auto loaded = ferry::Profile::load(parser.value(profile));
        if (!loaded.ok()) {
            std::fprintf(stderr, "ferry: %s\n  %s\n", qPrintable(loaded.error().what), qPrintable(loaded.error().hint));
            return 2;
        }
        wizard.setProfile(*loaded);
    }
    if (parser.isSet(demo)) {
        const QString error = ferry::app::loadDemo(wizard);
        if (!error.isEmpty()) {
            std::fprintf(stderr, "ferry: %s\n", qPrintable(error));
            return 2;
        }
    }

    QQmlApplicationEngine engine;
    QObject::connect(&engine, &QQmlApplicationEngine::objectCreationFailed, &app,
                     [] { QCoreApplication::exit(1); }, Qt::QueuedConnection);
    // Qt 6.4 has no loadFromModule(); qt_add_qml_module puts the module under qrc:/Ferry.
    engine.load(QUrl(u"qrc:/Ferry/Main.qml"_s));
    if (engine.rootObjects().isEmpty())
        return 1;
    auto *window = qobject_cast<QQuickWindow *>(engine.rootObjects().first());
    if (!window)
        return 1;

    bool firstFrame = true;
    QObject::connect(window, &QQuickWindow::frameSwapped, &app, [&] {
        if (!firstFrame)
            return;
        firstFrame = false;
        if (parser.isSet(selfTest) || qEnvironmentVariableIsSet("FERRY_TIMING"))
            std::printf("first frame after %lld ms\n", static_cast<long long>(startClock.elapsed()));
    });

    if (parser.isSet(kiosk))
        window->showFullScreen();
    if (parser.isSet(selfTest))
        return ferry::app::selfTest(app, wizard, *window);
    if (parser.isSet(screenshots))
        return ferry::app::saveScreenshots(app, wizard, *window, parser.value(screenshots));
    if (parser.isSet(autorunOption))
        return ferry::app::autorun(app, wizard);
    return app.exec();
}
