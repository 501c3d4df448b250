#include "wizard.h"

#include <diagnostics/diagnosticsbundle.h>
#include <diagnostics/trace.h>
#include <engine/aclidentifiermap.h>

#include <pim/addressmap/addressmap.h>
#include <pim/transform/pimtransformer.h>
#include <state/journalfiles.h>

#include <QCoreApplication>
#include <QDir>
#include <QPointer>
#include <QTimer>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace ferry::app {

namespace {
Wizard *s_instance = nullptr;
constexpr int kTypingPauseMs = 400;
}

void Wizard::setInstance(Wizard *wizard)
{
    s_instance = wizard;
}

Wizard *Wizard::create(QQmlEngine *, QJSEngine *)
{
    Q_ASSERT(s_instance);
    QJSEngine::setObjectOwnership(s_instance, QJSEngine::CppOwnership);
    return s_instance;
}

Wizard::Wizard(QObject *parent)
    : QObject(parent)
    , m_old(this)
    , m_new(this)
    , m_selection(this)
    , m_period(this)
    , m_runner(this)
    , m_report(this)
    , m_inventory([](const Endpoint &e, Side side) { return takeInventory(e, side); })
{
    for (AccountSettings *a : {&m_old, &m_new}) {
        connect(a, &AccountSettings::changed, this, [this] {
            if (!m_message.isEmpty() && !m_busy)
                setMessage({});
            Q_EMIT stateChanged();
        });
        // A lookup starts when typing pauses, not for every partial domain ("gmail.c").
        auto *pause = new QTimer(this);
        pause->setSingleShot(true);
        pause->setInterval(kTypingPauseMs);
        connect(pause, &QTimer::timeout, this, [this, a] { discover(a); });
        connect(a, &AccountSettings::emailEdited, this, [this, a, pause] {
            if (!m_discover && !m_profile)
                return;
            ++m_discoveryGeneration[a]; // an answer for the old domain no longer applies
            a->setDiscovering(true);    // the page says "looking up" (and Next waits) at once
            pause->start();
        });
    }
    connect(&m_selection, &SelectionModel::selectionChanged, this, &Wizard::stateChanged);
    connect(&m_period, &MailPeriod::changed, this, [this] {
        if (m_step == WhatToMove && !m_message.isEmpty())
            setMessage({});
        Q_EMIT stateChanged();
    });
    connect(&m_runner, &MigrationRunner::finished, this, [this] {
        m_report.setReport(m_runner.lastReport(), m_runner.lastPasses());
        m_savedReportPath.clear();
        setStep(Report);
    });
}

Wizard::~Wizard() = default;

int Wizard::stepNumber() const
{
    switch (m_step) {
    case Welcome: return 0;
    case OldAccount: return 1;
    case NewAccount: return 2;
    case Trust: return m_trustReturn == OldAccount ? 1 : 2;
    case WhatToMove: return 3;
    case Moving: return 4;
    case Report: return 5;
    }
    return 0;
}

bool Wizard::canAdvance() const
{
    if (m_busy)
        return false;
    switch (m_step) {
    case Welcome: return true;
    case OldAccount: return m_old.missing().isEmpty();
    case NewAccount: return m_new.missing().isEmpty();
    case WhatToMove: return m_selection.anythingChecked() && mailPeriodProblem().isEmpty();
    default: return false;
    }
}

bool Wizard::canGoBack() const
{
    return !m_busy && (m_step == OldAccount || m_step == NewAccount || m_step == WhatToMove || m_step == Trust);
}

void Wizard::setStep(Step s)
{
    if (s == m_step)
        return;
    m_step = s;
    m_message.clear();
    Q_EMIT stepChanged();
    Q_EMIT stateChanged();
}

void Wizard::setMessage(const QString &m)
{
    m_message = m;
    Q_EMIT stateChanged();
}

void Wizard::setBusy(bool on, const QString &text)
{
    m_busy = on;
    m_busyText = on ? text : QString();
    Q_EMIT stateChanged();
}

void Wizard::next()
{
    if (m_busy)
        return;
    switch (m_step) {
    case Welcome:
        setStep(OldAccount);
        return;
    case OldAccount:
    case NewAccount: {
        AccountSettings *a = m_step == OldAccount ? &m_old : &m_new;
        const QString missing = a->missing();
        if (!missing.isEmpty()) {
            setMessage(missing);
            return;
        }
        check(a, m_step == OldAccount ? Side::Source : Side::Target);
        return;
    }
    case WhatToMove:
        if (!m_selection.anythingChecked()) {
            setMessage(tr("Choose at least one thing to move."));
            return;
        }
        if (const QString p = mailPeriodProblem(); !p.isEmpty()) {
            setMessage(p);
            return;
        }
        startMigration();
        return;
    default:
        return;
    }
}

void Wizard::back()
{
    if (!canGoBack())
        return;
    switch (m_step) {
    case OldAccount: setStep(Welcome); break;
    case NewAccount: setStep(OldAccount); break;
    case WhatToMove: setStep(NewAccount); break;
    case Trust: rejectCertificate(); break;
    default: break;
    }
}

void Wizard::setKiosk(const QString &sessionRoot, int idleSeconds)
{
    m_kiosk = true;
    m_credentials.reset();
    m_sessionRoot = sessionRoot;
    m_session = std::make_unique<QTemporaryDir>(QDir(sessionRoot).filePath(u"ferry-kiosk-XXXXXX"_s));
    m_stateDir = m_session->path();
    m_reportDir = m_session->path() + u"/reports"_s;
    if (!m_idle) {
        m_idle = new QTimer(this);
        m_idle->setSingleShot(true);
        connect(m_idle, &QTimer::timeout, this, [this] {
            if (m_runner.running() || m_busy)
                return noteActivity(); // a move is never cut short
            if (m_step != Welcome)
                nextPerson();
        });
    }
    m_idle->setInterval(std::max(1, idleSeconds) * 1000);
    m_idle->start();
}

QString Wizard::sessionDirectory() const
{
    return m_session ? m_session->path() : QString();
}

void Wizard::noteActivity()
{
    if (m_idle)
        m_idle->start();
}

void Wizard::nextPerson()
{
    if (m_runner.running() || m_busy)
        return;
    startOver();
    m_old.clear();
    m_new.clear();
    m_report.clear();
    m_runner.log()->clear();
    m_period.setChoice(MailPeriod::AllMail);
    m_period.setFrom({});
    m_period.setUntil({});
    m_savedReportPath.clear();
    m_message.clear();
    ++m_discoveryGeneration[&m_old]; // an answer still on its way is for the person before
    ++m_discoveryGeneration[&m_new];
    if (m_kiosk) {
        m_session = std::make_unique<QTemporaryDir>(QDir(m_sessionRoot).filePath(u"ferry-kiosk-XXXXXX"_s));
        m_stateDir = m_session->path();
        m_reportDir = m_session->path() + u"/reports"_s;
    }
    noteActivity();
    Q_EMIT stateChanged();
}

void Wizard::setProfile(const Profile &profile)
{
    m_profile = profile;
    if (profile.whatIsSet && !profile.mailWindow.isOpen()) {
        m_period.setChoice(MailPeriod::Between);
        m_period.setFrom(profile.mailWindow.from.toString(Qt::ISODate));
        m_period.setUntil(profile.mailWindow.to.toString(Qt::ISODate));
    }
    Q_EMIT stateChanged();
}

void Wizard::discover(AccountSettings *account)
{
    // Every call makes this account's earlier lookups stale, also one that starts none
    // (no '@' any more).
    const int generation = ++m_discoveryGeneration[account];
    // The helpdesk's servers: no lookup.
    const AccountPreset *preset = !m_profile ? nullptr : account == &m_old ? &m_profile->old : &m_profile->target;
    if (preset && !preset->isEmpty() && account->email().contains(u'@')) {
        AccountSettings::Found found;
        found.provider = m_profile->helpdeskName;
        found.imapHost = preset->imapHost;
        found.imapPort = preset->imapPort;
        found.userName = preset->userFor(account->email());
        found.davUrl = preset->davUrl;
        found.text = m_profile->helpdeskName.isEmpty() ? tr("Settings from your helpdesk's profile.")
                                                       : tr("Settings from %1.").arg(m_profile->helpdeskName);
        account->applyFound(found);
        account->setDiscovering(false);
        recallPassword(account);
        Q_EMIT stateChanged();
        return;
    }
    if (!m_discover || !account->email().contains(u'@')) {
        if (account->discovering())
            account->setDiscovering(false);
        return;
    }
    account->setDiscovering(true);
    Discover discover = m_discover;
    const QString email = account->email().trimmed();
    m_jobs.run<AccountSettings::Found>(this, [discover, email] { return discover(email); },
        [this, account, generation](AccountSettings::Found found) {
            // A newer lookup (another domain) is on its way; edits within the same
            // domain do not change what is found, so this answer still applies.
            if (generation != m_discoveryGeneration.value(account))
                return;
            account->applyFound(found);
            recallPassword(account);
            Q_EMIT stateChanged();
        });
}

void Wizard::check(AccountSettings *account, Side side)
{
    auto mail = account->mailEndpoint();
    auto dav = account->davEndpoint();
    if (!mail.ok() || !dav.ok()) {
        setMessage(explain(!mail.ok() ? mail.error() : dav.error()));
        return;
    }
    setBusy(true, side == Side::Source ? tr("Signing in to your old account and counting what is there …")
                                       : tr("Signing in to your new account …"));
    Inventory inventory = m_inventory;
    const Endpoint m = *mail, d = *dav;
    m_jobs.run<Checked>(this, [inventory, m, d, side] {
        Checked out;
        for (const Endpoint *e : {&m, &d}) {
            if (e->scheme.isEmpty())
                continue;
            auto inv = inventory(*e, side);
            if (!inv.ok()) {
                out.error = inv.error();
                out.failedHost = e->host;
                return out;
            }
            out.inventories.append(*inv);
        }
        return out;
    },
        [this, account, side](Checked result) { checked(account, side, result); });
}

void Wizard::checked(AccountSettings *account, Side side, const Checked &result)
{
    setBusy(false);
    const Error &e = result.error;
    if (e.code == ErrorCode::Tls && !e.fingerprint.isEmpty()) {
        const CertificateInfo &c = e.certificate;
        m_certificate = QVariantMap{
            {u"host"_s, result.failedHost},
            {u"subject"_s, c.subject},
            {u"issuer"_s, c.issuer},
            {u"validFrom"_s, c.notBefore.isValid() ? QLocale().toString(c.notBefore.toLocalTime(), QLocale::ShortFormat) : QString()},
            {u"validUntil"_s, c.notAfter.isValid() ? QLocale().toString(c.notAfter.toLocalTime(), QLocale::ShortFormat) : QString()},
            {u"fingerprint"_s, e.fingerprint},
            {u"problem"_s, c.problem.isEmpty() ? e.serverText : c.problem},
        };
        m_trustAccount = account;
        m_trustHost = result.failedHost;
        m_trustSha256 = parseFingerprint(e.fingerprint);
        m_trustReturn = side == Side::Source ? OldAccount : NewAccount;
        setStep(Trust);
        return;
    }
    if (e) {
        setMessage(explain(e));
        return;
    }
    rememberPassword(account);
    if (side == Side::Source) {
        m_sourceInventories = result.inventories;
        setStep(NewAccount);
        return;
    }
    // Contacts, calendars and tasks need a DAV server on both sides.
    QList<AccountInventory> offered;
    m_selectionNote.clear();
    const bool targetDav = !m_new.davUrl().isEmpty();
    for (const AccountInventory &inv : std::as_const(m_sourceInventories)) {
        if (!inv.mail && !targetDav) {
            m_selectionNote = tr("Your new account has no contacts and calendar server (CalDAV/CardDAV), so contacts, "
                                 "calendars and tasks stay where they are. Add its address under “Advanced” on the "
                                 "previous page to move them too.");
            continue;
        }
        offered.append(inv);
    }
    if (m_new.mailEndpoint()->scheme.isEmpty()
        && std::any_of(offered.cbegin(), offered.cend(), [](const AccountInventory &i) { return i.mail; })) {
        offered.erase(std::remove_if(offered.begin(), offered.end(), [](const AccountInventory &i) { return i.mail; }),
                      offered.end());
        m_selectionNote += (m_selectionNote.isEmpty() ? QString() : u"\n"_s)
            + tr("Your new account has no mail server (IMAP), so mail stays where it is. Add it under “Advanced” on "
                 "the previous page to move mail too.");
    }
    m_selection.setInventories(offered);
    // A profile that settles what to move skips the page.
    if (m_profile && m_profile->whatIsSet) {
        for (const QString &t : dataTypes())
            m_selection.setTypeChecked(t, m_profile->only.isEmpty() || m_profile->only.contains(t));
        for (int row = 0; row < m_selection.rowCount(); ++row) {
            const QString name = m_selection.index(row).data(SelectionModel::NameRole).toString();
            if (m_profile->skipFolders.contains(name))
                m_selection.setChecked(row, false);
        }
        m_step = WhatToMove; // startMigration() goes on from here
        startMigration();
        return;
    }
    setStep(WhatToMove);
}

void Wizard::recallPassword(AccountSettings *account)
{
    auto mail = account->mailEndpoint();
    if (!m_credentials || account->hasPassword() || !mail.ok() || mail->scheme.isEmpty())
        return;
    QPointer<AccountSettings> target(account);
    m_credentials->read(CredentialKey::forEndpoint(*mail), [target](Result<std::shared_ptr<const Secret>> secret) {
        if (target && secret.ok() && !target->hasPassword()) {
            target->setStoredPassword(*secret);
            target->setRememberPassword(true);
        }
    });
}

void Wizard::rememberPassword(AccountSettings *account)
{
    auto mail = account->mailEndpoint();
    if (!m_credentials || !mail.ok() || mail->scheme.isEmpty() || !account->password())
        return;
    const CredentialKey key = CredentialKey::forEndpoint(*mail);
    if (account->rememberPassword()) {
        m_credentials->write(key, account->password(), [this](Error e) {
            if (e)
                m_runner.log()->append(tr("The password was not saved: %1").arg(e.toString()), true);
        });
    } else {
        m_credentials->remove(key, [](Error) {});
    }
}

QString Wizard::explain(const Error &e) const
{
    const QString who = e.side == Side::Source ? tr("Old account") : e.side == Side::Target ? tr("New account") : QString();
    QString text;
    switch (e.code) {
    case ErrorCode::Auth:
        text = tr("The server did not accept the user name or password.");
        break;
    case ErrorCode::Tls:
        text = tr("A secure connection could not be made.");
        break;
    case ErrorCode::Network:
        text = tr("The server could not be reached.");
        break;
    case ErrorCode::NotFound:
        text = tr("The server does not have what was asked for.");
        break;
    default:
        text = tr("Something went wrong.");
        break;
    }
    QString details = e.what;
    if (!e.serverText.isEmpty())
        details += (details.isEmpty() ? QString() : u" — "_s) + tr("the server said: “%1”").arg(e.serverText);
    QString out = who.isEmpty() ? text : u"%1: %2"_s.arg(who, text);
    if (!details.isEmpty())
        out += u"\n"_s + details;
    if (!e.hint.isEmpty())
        out += u"\n"_s + e.hint;
    return out;
}

void Wizard::trustCertificate()
{
    if (m_step != Trust || !m_trustAccount)
        return;
    m_trustAccount->trust(m_trustHost, m_trustSha256);
    AccountSettings *account = m_trustAccount;
    const Side side = m_trustReturn == OldAccount ? Side::Source : Side::Target;
    setStep(m_trustReturn);
    check(account, side);
}

void Wizard::rejectCertificate()
{
    if (m_step != Trust)
        return;
    setStep(m_trustReturn);
    setMessage(tr("Not connected: the server's certificate was not trusted. Check the server name under “Advanced”, "
                  "or ask your provider which certificate their server uses."));
}

MigrationOptions Wizard::options() const
{
    MigrationOptions o;
    auto oldMail = m_old.mailEndpoint();
    auto newMail = m_new.mailEndpoint();
    if (oldMail.ok() && newMail.ok() && !oldMail->scheme.isEmpty() && !newMail->scheme.isEmpty()) {
        o.source = *oldMail;
        o.target = *newMail;
    }
    auto oldDav = m_old.davEndpoint();
    auto newDav = m_new.davEndpoint();
    if (oldDav.ok() && newDav.ok() && !oldDav->scheme.isEmpty() && !newDav->scheme.isEmpty()) {
        o.davSource = *oldDav;
        o.davTarget = *newDav;
    }
    o.only = m_selection.checkedTypes();
    o.skipFolders = m_selection.skippedFolders();
    o.skipCollections = m_selection.skippedCollections();
    o.mailWindow = m_period.window();
    if (m_finalPass)
        o.kind = u"final"_s;
    // The person's old address becomes the new one in their events and contacts, so
    // they stay the organizer of their own meetings on the new server.
    pim::AddressMap map;
    const QString from = m_old.email().trimmed(), to = m_new.email().trimmed();
    if (!from.isEmpty() && !to.isEmpty() && from.compare(to, Qt::CaseInsensitive) != 0)
        map.addPair(from, to);
    if (m_profile) {
        for (const QString &rule : std::as_const(m_profile->addressRules))
            map.addRule(rule);
        o.folderRules = m_profile->folderRules;
        if (m_profile->connections > 0)
            o.connections = std::min(o.connections, m_profile->connections);
    }
    o.mapIdentifier = aclIdentifierMap(map);
    o.transformer = std::make_shared<PimTransformer>(map);
    return o;
}

void Wizard::startMigration()
{
    const MigrationOptions o = options();
    if (o.source.scheme.isEmpty() && o.davSource.scheme.isEmpty()) {
        setMessage(tr("There is nothing both accounts can hold: set up mail or contacts and calendars on both."));
        return;
    }
    setStep(Moving);
    m_runner.start(o, m_stateDir.isEmpty() ? defaultStateDirectory() : m_stateDir);
}

void Wizard::runAgain()
{
    if (m_step != Report)
        return;
    startMigration();
}

void Wizard::finalPass()
{
    if (m_step != Report)
        return;
    m_finalPass = true;
    startMigration();
    m_finalPass = false;
}

void Wizard::moveAllMail()
{
    if (m_step != Report)
        return;
    m_period.setChoice(MailPeriod::AllMail);
    startMigration();
}

// The period only matters when mail is moved.
QString Wizard::mailPeriodProblem() const
{
    return m_selection.checkedTypes().contains(u"mail"_s) ? m_period.problem() : QString();
}

void Wizard::startOver()
{
    if (m_runner.running())
        return;
    m_sourceInventories.clear();
    m_selection.setInventories({});
    m_old.forgetPassword();
    m_new.forgetPassword();
    setStep(Welcome);
}

void Wizard::saveReport()
{
    QString dir = m_reportDir;
    if (dir.isEmpty())
        dir = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    if (dir.isEmpty())
        dir = QDir::homePath();
    QDir().mkpath(dir);
    const QString path = QDir(dir).filePath(u"ferry-report-%1.json"_s.arg(QDateTime::currentDateTime().toString(u"yyyy-MM-dd-HHmmss"_s)));
    const QString error = m_report.save(QUrl::fromLocalFile(path));
    m_savedReportPath = error.isEmpty() ? path : QString();
    m_message = error;
    Q_EMIT stateChanged();
}

void Wizard::saveDiagnostics()
{
    QString dir = m_reportDir;
    if (dir.isEmpty())
        dir = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    if (dir.isEmpty())
        dir = QDir::homePath();
    QDir().mkpath(dir);
    const QString stamp = QDateTime::currentDateTime().toString(u"yyyy-MM-dd-HHmmss"_s);
    diagnostics::BundleOptions b;
    b.outPath = QDir(dir).filePath(u"ferry-diagnostics-%1.zip"_s.arg(stamp));
    b.stateDir = m_stateDir.isEmpty() ? defaultStateDirectory() : m_stateDir;
    b.traceDir = diagnostics::Trace::directory();
    b.environment = {qMakePair(u"Ferry"_s, QCoreApplication::applicationVersion()),
                     qMakePair(u"Qt"_s, QString::fromLatin1(qVersion())),
                     qMakePair(u"Tracing"_s, b.traceDir.isEmpty() ? u"off (set FERRY_TRACE_DIR to record the protocol)"_s
                                                                 : u"on"_s)};
    for (const AccountSettings *a : {&m_old, &m_new}) {
        if (const auto pw = a->password()) {
            b.redactor.addSecret(pw->reveal());
            b.redactor.addCredentials(a->userName().toUtf8(), pw->reveal());
        }
    }
    // The report as the person sees it, through a private temporary file.
    QTemporaryDir tmp;
    if (m_report.exitCode() >= 0 && tmp.isValid()) {
        const QString path = tmp.filePath(u"report.json"_s);
        if (m_report.save(QUrl::fromLocalFile(path)).isEmpty())
            b.reports << path;
    }
    auto written = diagnostics::DiagnosticsBundle::write(b);
    m_savedDiagnosticsPath = written.ok() ? b.outPath : QString();
    m_message = written.ok() ? QString() : tr("Could not write the diagnostics: %1").arg(written.error().what);
    Q_EMIT stateChanged();
}

void Wizard::showStep(Step step)
{
    m_busy = false;
    m_step = step;
    Q_EMIT stepChanged();
    Q_EMIT stateChanged();
}

} // namespace ferry::app
