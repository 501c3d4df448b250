// The Ferry app. Pages are views over C++ state that lives in client-core; this
// entry point only sets up the engine and the QML module.
//   ferry --self-test   loads every page and exits 0 (used by the tests)
#include <registerall.h>

#include <QCommandLineParser>
#include <QGuiApplication>
#include <QQmlApplicationEngine>
#include <QQuickStyle>
#include <QTimer>

int main(int argc, char **argv)
{
    QGuiApplication app(argc, argv);
    QGuiApplication::setApplicationName(QStringLiteral("Ferry"));
    QGuiApplication::setApplicationVersion(QStringLiteral("0.1.0"));
    ferry::registerAllConnectors();

    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption selfTest(QStringLiteral("self-test"), QStringLiteral("Load every page and quit."));
    parser.addOption(selfTest);
    parser.process(app);

    QQmlApplicationEngine engine;
    QObject::connect(&engine, &QQmlApplicationEngine::objectCreationFailed, &app,
                     [] { QCoreApplication::exit(1); }, Qt::QueuedConnection);
    // Qt 6.4 has no loadFromModule(); qt_add_qml_module puts the module under qrc:/Ferry.
    engine.load(QUrl(QStringLiteral("qrc:/Ferry/Main.qml")));
    if (engine.rootObjects().isEmpty())
        return 1;
    if (parser.isSet(selfTest))
        QTimer::singleShot(0, &app, [] { QCoreApplication::exit(0); });
    return app.exec();
}
