// The app's wizard as a state machine the QML pages bind to: Welcome → Old
// account → New account → What to move → Moving → Report, with a Trust step
// that appears when a server shows a certificate the system does not trust.
// `next()` validates the current step (canAdvance, validationMessage) and runs
// what it needs off the GUI thread: logging in and listing each account
// (AccountInventory), then the migration (MigrationRunner). Autodiscovery fills
// the servers from the e-mail address while the person types the password.
// Passwords never pass through a readable property: AccountSettings takes them.
#pragma once

#include "accountsettings.h"
#include "backgroundjob.h"
#include "mailperiod.h"
#include "migrationrunner.h"
#include "reportmodel.h"
#include "selectionmodel.h"

#include <credentials/credentialstore.h>
#include <engine/inventory.h>
#include <profile/profile.h>

#include <QObject>
#include <QTemporaryDir>
#include <QTimer>
#include <QQmlEngine>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

#include <functional>
#include <memory>
#include <optional>

namespace ferry::app {

class Wizard : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
    Q_PROPERTY(Step step READ step NOTIFY stepChanged)
    Q_PROPERTY(int stepNumber READ stepNumber NOTIFY stepChanged)
    Q_PROPERTY(int stepCount READ stepCount CONSTANT)
    Q_PROPERTY(bool canAdvance READ canAdvance NOTIFY stateChanged)
    Q_PROPERTY(bool canGoBack READ canGoBack NOTIFY stateChanged)
    Q_PROPERTY(QString validationMessage READ validationMessage NOTIFY stateChanged)
    Q_PROPERTY(bool busy READ busy NOTIFY stateChanged)
    Q_PROPERTY(QString busyText READ busyText NOTIFY stateChanged)
    Q_PROPERTY(AccountSettings *oldAccount READ oldAccount CONSTANT)
    Q_PROPERTY(AccountSettings *newAccount READ newAccount CONSTANT)
    Q_PROPERTY(SelectionModel *selection READ selection CONSTANT)
    Q_PROPERTY(QString selectionNote READ selectionNote NOTIFY stateChanged)
    Q_PROPERTY(MailPeriod *mailPeriod READ mailPeriod CONSTANT)
    Q_PROPERTY(MigrationRunner *runner READ runner CONSTANT)
    Q_PROPERTY(ReportModel *report READ report CONSTANT)
    Q_PROPERTY(QVariantMap certificate READ certificate NOTIFY stateChanged)
    Q_PROPERTY(QString savedReportPath READ savedReportPath NOTIFY stateChanged)
    Q_PROPERTY(QString savedDiagnosticsPath READ savedDiagnosticsPath NOTIFY stateChanged)
    // A helpdesk profile's contact line ("Example IT: Call 0800 123 456"), empty without one.
    Q_PROPERTY(QString helpdeskText READ helpdeskText NOTIFY stateChanged)
    // Kiosk station (ferry --kiosk): no keychain, one private directory per person,
    // "Next person" wipes it.
    Q_PROPERTY(bool kiosk READ kiosk CONSTANT)

public:
    enum Step { Welcome, OldAccount, NewAccount, Trust, WhatToMove, Moving, Report };
    Q_ENUM(Step)

    // No default constructor: Qt 6.4 would then make its own singleton instead of
    // calling create().
    explicit Wizard(QObject *parent);
    ~Wizard() override;
    // The QML singleton is the instance main() (or a test) made and configured;
    // set it before the engine loads the first page.
    static void setInstance(Wizard *wizard);
    static Wizard *create(QQmlEngine *, QJSEngine *);

    Step step() const { return m_step; }
    int stepNumber() const;
    int stepCount() const { return 5; }
    bool canAdvance() const;
    bool canGoBack() const;
    QString validationMessage() const { return m_message; }
    bool busy() const { return m_busy; }
    QString busyText() const { return m_busyText; }
    AccountSettings *oldAccount() { return &m_old; }
    AccountSettings *newAccount() { return &m_new; }
    SelectionModel *selection() { return &m_selection; }
    QString selectionNote() const { return m_selectionNote; }
    MailPeriod *mailPeriod() { return &m_period; }
    MigrationRunner *runner() { return &m_runner; }
    ReportModel *report() { return &m_report; }
    QVariantMap certificate() const { return m_certificate; }
    QString savedReportPath() const { return m_savedReportPath; }
    QString savedDiagnosticsPath() const { return m_savedDiagnosticsPath; }
    QString helpdeskText() const { return m_profile ? m_profile->contactLine() : QString(); }
    bool kiosk() const { return m_kiosk; }

    Q_INVOKABLE void next();
    Q_INVOKABLE void back();
    Q_INVOKABLE void trustCertificate();
    Q_INVOKABLE void rejectCertificate();
    Q_INVOKABLE void runAgain();           // a later delta pass: copies only what is new
    Q_INVOKABLE void moveAllMail();        // after a date window: the mail left behind too
    // After the provider switched the address to the new server: the last pass, which
    // copies what is new and then compares both sides (the verdict is on the report).
    Q_INVOKABLE void finalPass();
    // Kiosk: the person's journal, spool and reports deleted, every field, the report
    // and the log emptied, back to Welcome. Ignored while a move runs.
    Q_INVOKABLE void nextPerson();
    // Kiosk: input seen (the idle timer starts again).
    void noteActivity();
    Q_INVOKABLE void startOver();
    Q_INVOKABLE void saveReport();         // to the Documents folder; the path is shown
    // For the helpdesk: a ZIP with the report, the journal's summary, protocol traces
    // (when FERRY_TRACE_DIR is set) and the versions, with both passwords redacted;
    // to the Documents folder like the report (diagnostics/diagnosticsbundle.h).
    Q_INVOKABLE void saveDiagnostics();

    // ---- set up by main() and tests --------------------------------------------
    using Discover = std::function<AccountSettings::Found(const QString &email)>;
    using Inventory = std::function<Result<AccountInventory>(const Endpoint &, Side)>;
    void setDiscovery(Discover discover) { m_discover = std::move(discover); }
    void setInventory(Inventory inventory) { m_inventory = std::move(inventory); }
    void setStateDirectory(const QString &dir) { m_stateDir = dir; }
    // Where "Remember this password" keeps passwords (the system keychain in the
    // app); a password found there for the servers of an address is filled in.
    void setCredentialStore(std::shared_ptr<CredentialStore> store) { m_credentials = std::move(store); }
    void setReportDirectory(const QString &dir) { m_reportDir = dir; }
    // Demo and screenshots: put the wizard on a step with what that page needs.
    void showStep(Step step);
    void loadSample();                     // sample data for every page (--screenshots)
    // A helpdesk profile (ferry --profile FILE): its servers are used for the typed
    // addresses instead of a lookup, its choices for "What to move" (which is then
    // skipped when the profile settles it), its rules and cap for the run.
    void setProfile(const Profile &profile);
    // Kiosk mode: each person's files live in a fresh private directory under
    // `sessionRoot` (a tmpfs such as $XDG_RUNTIME_DIR when there is one), removed by
    // nextPerson() and when the Wizard goes; after `idleSeconds` without input (and no
    // move running) the station returns to Welcome the same way. No keychain.
    void setKiosk(const QString &sessionRoot, int idleSeconds);
    QString sessionDirectory() const;
    MigrationOptions options() const;      // what "Start" runs

Q_SIGNALS:
    void stepChanged();
    void stateChanged();

private:
    struct Checked {
        Error error;
        QString failedHost;
        QList<AccountInventory> inventories;
    };
    void setStep(Step s);
    void setMessage(const QString &m);
    void setBusy(bool on, const QString &text = {});
    void discover(AccountSettings *account);
    void check(AccountSettings *account, Side side);
    void checked(AccountSettings *account, Side side, const Checked &result);
    void startMigration();
    void recallPassword(AccountSettings *account);
    void rememberPassword(AccountSettings *account);
    QString explain(const Error &e) const;
    QString mailPeriodProblem() const;

    Step m_step = Welcome;
    Step m_trustReturn = OldAccount;
    AccountSettings *m_trustAccount = nullptr;
    QString m_trustHost;
    QByteArray m_trustSha256;
    bool m_busy = false;
    QString m_busyText;
    QString m_message;
    QString m_selectionNote;
    QString m_savedReportPath;
    QString m_savedDiagnosticsPath;
    QVariantMap m_certificate;
    AccountSettings m_old;
    AccountSettings m_new;
    SelectionModel m_selection;
    MailPeriod m_period;
    bool m_finalPass = false;              // options() for finalPass()
    std::optional<Profile> m_profile;
    bool m_kiosk = false;
    QString m_sessionRoot;
    std::unique_ptr<QTemporaryDir> m_session;
    QTimer *m_idle = nullptr;
    MigrationRunner m_runner;
    ReportModel m_report;
    QList<AccountInventory> m_sourceInventories;
    QString m_stateDir;
    QString m_reportDir;
    Discover m_discover;
    std::shared_ptr<CredentialStore> m_credentials;
    Inventory m_inventory;
    QHash<const AccountSettings *, int> m_discoveryGeneration; // per account: the latest lookup
    BackgroundJobs m_jobs; // last member: its threads are waited for first
};

} // namespace ferry::app
