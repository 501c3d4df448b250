// What the app's main() does besides loading QML, kept testable: translations,
// autodiscovery wiring, the demo accounts, the self-test and the screenshots.
#pragma once

#include "accountsettings.h"

#include <QString>

class QGuiApplication;
class QQuickWindow;

namespace ferry::app {

class Wizard;
}

namespace ferry {
struct DiscoveryResult;
}

namespace ferry::app {

// The system locale's translation (German ships; English is the source).
void installTranslations(QGuiApplication &app);
// Autodiscovery: bundled provider database, autoconfig, well-known, DNS SRV, MX guess.
void setUpDiscovery(Wizard &wizard);
// What the account page shows and uses from a discovery result.
AccountSettings::Found foundFrom(const DiscoveryResult &result);
// Reads FERRY_DEMO_CONFIG (JSON written by dist/demo.sh: both accounts' servers and
// CA files) and FERRY_FROM_PASSWORD / FERRY_TO_PASSWORD; empty = ok, else why not.
QString loadDemo(Wizard &wizard);
// Shows every page once (with sample content) and checks each one rendered; 0 = ok.
int selfTest(QGuiApplication &app, Wizard &wizard, QQuickWindow &window);
// Clicks through the wizard as a person would (Next on every page, Start) and
// quits on the Report page, printing its totals and how often progress arrived;
// returns the report's exit code (ferry-cli's codes). For the demo and benchmarks.
int autorun(QGuiApplication &app, Wizard &wizard, int maxSeconds = 1800);
// Saves NN-<page>.png of every page into `dir`; 0 = ok.
int saveScreenshots(QGuiApplication &app, Wizard &wizard, QQuickWindow &window, const QString &dir);

} // namespace ferry::app
