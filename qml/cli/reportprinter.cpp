#include "reportprinter.h"

#include "terminal.h"

#include <connector/endpoint.h>

namespace ferry::cli {

QString sideName(Side side)
{
    switch (side) {
    case Side::Source: return QStringLiteral("source (old account)");
    case Side::Target: return QStringLiteral("target (new account)");
    case Side::None: break;
    }
    return {};
}

QString describeError(const Error &e)
{
    QString s = QStringLiteral("error");
    if (e.side != Side::None)
        s += QStringLiteral(" on the ") + sideName(e.side);
    s += QStringLiteral(": ") + e.what;
    if (!e.serverText.isEmpty())
        s += QStringLiteral("\n  server said: ") + e.serverText;
    if (e.code == ErrorCode::Tls && !e.fingerprint.isEmpty()) {
        s += QStringLiteral("\n  certificate SHA-256 fingerprint: ") + e.fingerprint;
        if (!e.certificate.isNull())
            s += QStringLiteral("\n  certificate:\n") + e.certificate.describe(QStringLiteral("    "));
        const QString flag = e.side == Side::Target ? QStringLiteral("--to-pin-sha256") : QStringLiteral("--from-pin-sha256");
        s += QStringLiteral("\n  what to do: compare this fingerprint with the one your provider publishes; if it is the same, "
                            "run again with %1 %2 (or pass the server's CA with --ca-file PEM)")
                 .arg(flag, e.fingerprint);
    } else if (!e.hint.isEmpty()) {
        s += QStringLiteral("\n  what to do: ") + e.hint;
        if (e.code == ErrorCode::SourceEmptied)
            s += QStringLiteral(" (with ferry-cli: --skip-folder NAME)");
    }
    return s;
}

namespace {
QString pad(const QString &s, int w) { return s.size() >= w ? s : s + QString(w - s.size(), QLatin1Char(' ')); }
QString num(quint64 n, int w) { return QString::number(n).rightJustified(w); }
} // namespace

QString formatReport(const MigrationReport &r)
{
    auto label = [](const FolderReport &f) {
        QString name = f.source == f.target ? f.source : f.source + QStringLiteral(" → ") + f.target;
        if (f.dataType != QLatin1String("mail"))
            name = f.dataType + QStringLiteral(": ") + name;
        if (f.created)
            name += QStringLiteral(" (new)");
        if (f.updated)
            name += QStringLiteral(" (%1 updated)").arg(f.updated);
        if (f.conflicts)
            name += QStringLiteral(" (%1 conflicts)").arg(f.conflicts);
        if (f.outsideWindow)
            name += QStringLiteral(" (%1 outside the dates)").arg(f.outsideWindow);
        return name;
    };
    QString out;
    int w = 6;
    for (const FolderReport &f : r.folders)
        w = std::max<int>(w, label(f).size());
    w = std::min(w, 60);
    out += r.dryRun ? QStringLiteral("Dry run — nothing was written. What a real run would do:\n")
                    : QStringLiteral("%1 → %2\n").arg(r.source, r.target);
    out += pad(QStringLiteral("Folder"), w) + QStringLiteral("  source  target  ")
        + (r.dryRun ? QStringLiteral("to copy") : QStringLiteral(" copied")) + QStringLiteral("  already there  failed\n");
    for (const FolderReport &f : r.folders) {
        out += pad(label(f), w) + num(f.sourceCount, 8) + num(f.targetCount, 8) + num(f.copied, 9)
            + num(f.alreadyThere, 15) + num(f.failed, 8) + QLatin1Char('\n');
    }
    out += pad(QStringLiteral("Total"), w) + QString(16, QLatin1Char(' ')) + num(r.totalCopied(), 9)
        + num(r.totalAlreadyThere(), 15) + num(r.totalFailed(), 8) + QLatin1Char('\n');
    out += QStringLiteral("%1 copied in %2 (%3/s); %4 flag changes brought over.\n")
               .arg(formatBytes(double(r.totalBytes())), formatDuration(r.seconds),
                    formatBytes(r.seconds > 0 ? r.totalBytes() / r.seconds : 0))
               .arg(r.totalFlagsUpdated());
    if (const MigrationReport::Interruptions &n = r.interruptions; n.total() > 0) {
        // "Say what happened": a copy that survived a bad line tells so, with numbers.
        out += QStringLiteral("Connections lost: %1 (old account %2, new account %3); Ferry reconnected after %4 of them, "
                              "waiting %5 s in all.%6\n")
                   .arg(n.total())
                   .arg(n.source)
                   .arg(n.target)
                   .arg(n.reconnects)
                   .arg(QString::number(n.waitedSeconds, 'f', 0),
                        n.reconnects < n.total() ? QStringLiteral(" It gave up after the last one (see the error below).")
                                                 : QString());
    }
    if (!r.mailWindow.isEmpty()) {
        const QString from = r.mailWindow.section(QLatin1String(".."), 0, 0);
        const QString to = r.mailWindow.section(QLatin1String(".."), 1);
        const QString dates = from.isEmpty() ? QStringLiteral("until %1").arg(to)
            : to.isEmpty()                   ? QStringLiteral("since %1").arg(from)
                                             : QStringLiteral("from %1 to %2").arg(from, to);
        out += QStringLiteral("Only mail received %1: %2 messages outside these dates stay on the old server; "
                              "run again with wider dates, or without --since/--until, to move them.\n")
                   .arg(dates)
                   .arg(r.totalOutsideWindow());
    }
    if (!r.failures.isEmpty()) {
        out += QStringLiteral("\nNot copied (%1):\n").arg(r.failures.size());
        for (const ItemFailure &f : r.failures) {
            out += QStringLiteral("  %1").arg(f.folder);
            if (!f.id.isEmpty())
                out += f.dataType == QLatin1String("mail") ? QStringLiteral(" UID %1").arg(f.id)
                                                           : QStringLiteral(" %1").arg(f.id);
            if (!f.uid.isEmpty())
                out += QStringLiteral(" (UID %1)").arg(f.uid);
            if (!f.subject.isEmpty())
                out += QStringLiteral(" \u201c%1\u201d").arg(f.subject);
            if (!f.messageId.isEmpty())
                out += QStringLiteral(" %1").arg(f.messageId);
            if (f.size >= 0)
                out += QStringLiteral(" (%1)").arg(formatBytes(double(f.size)));
            out += QStringLiteral(": ") + f.reason;
            if (!f.serverText.isEmpty())
                out += QStringLiteral(" — server said: ") + f.serverText;
            out += QLatin1Char('\n');
        }
    }
    if (!r.warnings.isEmpty()) {
        out += QStringLiteral("\nNotes:\n");
        for (const QString &w2 : r.warnings)
            out += QStringLiteral("  ") + w2 + QLatin1Char('\n');
    }
    return out;
}

QString formatVerify(const VerifyReport &r)
{
    auto label = [](const VerifyFolder &f) {
        QString name = f.source == f.target ? f.source : f.source + QStringLiteral(" → ") + f.target;
        if (f.dataType != QLatin1String("mail"))
            name = f.dataType + QStringLiteral(": ") + name;
        return name;
    };
    int w = 6;
    for (const VerifyFolder &f : r.folders)
        w = std::max<int>(w, label(f).size());
    w = std::min(w, 60);
    QString out = QStringLiteral("Compared %1 with %2\n").arg(r.source, r.target);
    out += pad(QStringLiteral("Folder"), w) + QStringLiteral("  source  target   found  missing  outside dates  flags differ\n");
    for (const VerifyFolder &f : r.folders) {
        out += pad(label(f), w) + num(f.sourceItems, 8) + num(f.targetItems, 8) + num(f.matched, 8) + num(f.missing, 9)
            + num(f.outsideWindow, 15) + num(f.flagsDiffer, 14) + QLatin1Char('\n');
    }
    if (!r.missing.isEmpty()) {
        out += QStringLiteral("\nNot on the target (%1):\n").arg(r.missing.size());
        for (const VerifyMissing &m : r.missing) {
            out += QStringLiteral("  %1").arg(m.folder);
            if (!m.id.isEmpty())
                out += m.dataType == QLatin1String("mail") ? QStringLiteral(" UID %1").arg(m.id) : QStringLiteral(" %1").arg(m.id);
            if (!m.messageId.isEmpty())
                out += QStringLiteral(" %1").arg(m.messageId);
            if (!m.uid.isEmpty())
                out += QStringLiteral(" (UID %1)").arg(m.uid);
            out += QStringLiteral(": ") + m.reason + QLatin1Char('\n');
        }
    }
    for (const QString &n : r.notes)
        out += QStringLiteral("  ") + n + QLatin1Char('\n');
    out += QLatin1Char('\n') + r.summary() + QLatin1Char('\n');
    return out;
}

} // namespace ferry::cli
