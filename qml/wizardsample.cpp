// Sample content for every page, for `ferry --screenshots` and the self-test: made-up
// accounts, folders, progress and a report with one failure, so each page can be
// looked at without servers. Nothing here is used in a real run.
#include "wizard.h"

using namespace Qt::StringLiterals;

namespace ferry::app {

namespace {

InventoryFolder folder(const QString &name, const QString &type, quint64 items, qint64 bytes,
                       const QString &displayName = {})
{
    InventoryFolder f;
    f.name = name;
    f.dataType = type;
    f.items = items;
    f.bytes = bytes;
    f.displayName = displayName;
    return f;
}

} // namespace

void Wizard::loadSample()
{
    m_old.setEmail(u"anna.berg@old-mail.example"_s);
    m_old.applyFound({u"Old Mail"_s, u"imap.old-mail.example"_s, 993, {}, u"https://dav.old-mail.example/"_s, false,
                      tr("Settings for Old Mail found."), {}, {}});
    m_old.setPassword(u"sample"_s);
    m_new.setEmail(u"anna@new-provider.example"_s);
    m_new.applyFound({u"New Provider"_s, u"imap.new-provider.example"_s, 993, {}, u"https://dav.new-provider.example/"_s,
                      false, tr("Settings for New Provider found."),
                      tr("New Provider needs an app password for other programs: create one under Settings → "
                         "Security → App passwords and type it here."),
                      u"https://new-provider.example/help/app-passwords"_s});
    m_new.setPassword(u"sample"_s);

    AccountInventory mail;
    mail.folders = {folder(u"INBOX"_s, u"mail"_s, 2841, 412'000'000), folder(u"Sent"_s, u"mail"_s, 1377, 198'000'000),
                    folder(u"Archive/2024"_s, u"mail"_s, 5120, 880'000'000), folder(u"Drafts"_s, u"mail"_s, 12, 90'000),
                    folder(u"Trash"_s, u"mail"_s, 233, 12'000'000)};
    AccountInventory dav;
    dav.mail = false;
    dav.folders = {folder(u"contacts"_s, u"contacts"_s, 412, -1, tr("Contacts")),
                   folder(u"calendar"_s, u"calendar"_s, 1290, -1, tr("Personal")),
                   folder(u"work"_s, u"calendar"_s, 388, -1, tr("Work")),
                   folder(u"tasks"_s, u"tasks"_s, 57, -1, tr("To do"))};
    m_sourceInventories = {mail, dav};
    m_selection.setInventories(m_sourceInventories);
    m_selection.setChecked(3, false); // Drafts left out, to show a partial selection
    m_period.setChoice(MailPeriod::LastTwoYears); // recent mail first, the archive later

    ProgressEvent e;
    e.phase = u"copying"_s;
    e.folder = u"Archive/2024"_s;
    e.itemsDone = 6110;
    e.itemsTotal = 11730;
    e.bytesDone = 905'000'000;
    e.bytesTotal = 1'502'090'000;
    e.itemsPerSecond = 140;
    e.bytesPerSecond = 21'000'000;
    e.etaSeconds = 29 * 60;
    e.elapsedSeconds = 43;
    e.types[u"mail"_s] = {6050, 9581};
    e.types[u"contacts"_s] = {60, 412};
    e.types[u"calendar"_s] = {0, 1678};
    e.types[u"tasks"_s] = {0, 57};
    m_runner.showSample(e);
    m_runner.log()->append(tr("Phase: connecting"));
    m_runner.log()->append(tr("INBOX: 2841 items to copy"));
    m_runner.log()->append(tr("INBOX: done"));
    m_runner.log()->append(u"Archive/2024: connection lost; reconnecting in 1 s (attempt 1 of 6)"_s, true);

    MigrationReport r;
    r.seconds = 1534.2;
    auto row = [](const QString &src, const QString &type, quint64 n, quint64 copied, quint64 there, quint64 failed) {
        FolderReport f;
        f.source = f.target = src;
        f.dataType = type;
        f.sourceCount = n;
        f.targetCount = copied + there;
        f.copied = copied;
        f.alreadyThere = there;
        f.failed = failed;
        return f;
    };
    r.folders = {row(u"INBOX"_s, u"mail"_s, 2841, 2840, 0, 1), row(u"Sent"_s, u"mail"_s, 1377, 1377, 0, 0),
                 row(u"Archive/2024"_s, u"mail"_s, 5120, 610, 0, 0), row(u"Trash"_s, u"mail"_s, 233, 233, 0, 0),
                 row(tr("Contacts"), u"contacts"_s, 412, 400, 12, 0), row(tr("Personal"), u"calendar"_s, 1290, 1290, 0, 0),
                 row(tr("Work"), u"calendar"_s, 388, 388, 0, 0), row(tr("To do"), u"tasks"_s, 57, 57, 0, 0)};
    r.folders[2].outsideWindow = 4510; // older than the two years chosen
    r.mailWindow = m_period.window().toString();
    ItemFailure f;
    f.folder = u"INBOX"_s;
    f.subject = u"Scanned contract (62 MB)"_s;
    f.reason = tr("the new server refused the message");
    f.serverText = u"[TOOBIG] Message too large (limit 50 MB)"_s;
    r.failures = {f};
    // Three passes: the big first copy, a smaller one a day later, the final one.
    auto pass = [](quint64 id, const QString &kind, quint64 copied, int seconds) {
        PassRecord p;
        p.id = id;
        p.kind = kind;
        p.started = QDateTime(QDate(2026, 11, 20), QTime(18, 0), Qt::UTC).addDays(qint64(id));
        p.finished = p.started.addSecs(seconds);
        p.itemsCopied = copied;
        p.outcome = u"ok"_s;
        return p;
    };
    m_report.setReport(r, {pass(1, u"migrate"_s, 7195, 1534), pass(2, u"migrate"_s, 412, 121), pass(3, u"migrate"_s, 38, 24)});

    m_certificate = QVariantMap{{u"host"_s, u"imap.old-mail.example"_s},
                                {u"subject"_s, u"CN=imap.old-mail.example"_s},
                                {u"issuer"_s, u"CN=imap.old-mail.example"_s},
                                {u"validFrom"_s, u"01.03.2025 00:00"_s},
                                {u"validUntil"_s, u"01.03.2027 00:00"_s},
                                {u"fingerprint"_s, u"3A:7F:…:C2"_s.replace(u"…"_s, u"11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD"_s)},
                                {u"problem"_s, tr("self-signed certificate")}};
    m_trustReturn = OldAccount;
    Q_EMIT stateChanged();
}

} // namespace ferry::app
