#include "htmlreport.h"

#include "passhistory.h"

#include <QLocale>

#include <algorithm>
#include <cmath>

namespace ferry {

namespace {

QString esc(const QString &s) { return s.toHtmlEscaped(); }
QString num(quint64 n) { return QString::number(n); }

QString megabytes(quint64 bytes)
{
    return QString::number(double(bytes) / (1024.0 * 1024.0), 'f', bytes < 10 * 1024 * 1024 ? 2 : 1);
}

QString duration(double seconds)
{
    if (seconds < 0)
        return QStringLiteral("—");
    if (seconds < 90)
        return QStringLiteral("%1 s").arg(QString::number(seconds, 'f', seconds < 10 ? 1 : 0));
    if (seconds < 5400)
        return QStringLiteral("%1 min").arg(qRound(seconds / 60));
    return QStringLiteral("%1 h %2 min").arg(int(seconds / 3600)).arg(qRound(std::fmod(seconds, 3600.0) / 60));
}

const char *kStyle = R"(
body{font:15px/1.45 system-ui,sans-serif;margin:2em auto;max-width:70em;padding:0 1em;color:#1b1e20;background:#fff}
h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.2em;margin-top:1.8em;border-bottom:1px solid #ccc}
.sub{color:#555}.ok{color:#1e7b34}.bad{color:#b3261e}.verdict{font-size:1.2em;padding:.6em .8em;border-radius:6px;background:#f3f6f4}
table{border-collapse:collapse;width:100%;margin:.5em 0}th,td{padding:.25em .5em;border-bottom:1px solid #e3e3e3;text-align:right}
th:first-child,td:first-child,td.l,th.l{text-align:left}td.reason{text-align:left;color:#444}
svg text{font:12px system-ui,sans-serif;fill:#333}
@media (prefers-color-scheme:dark){body{background:#1b1e20;color:#eee}.sub{color:#aaa}.verdict{background:#263029}
td{border-color:#333}td.reason{color:#bbb}svg text{fill:#ddd}.ok{color:#6fd38a}.bad{color:#ff8a80}}
)";

QString verdict(const VerifyReport &v)
{
    return QStringLiteral("<p class=\"verdict %1\">%2</p>\n")
        .arg(v.complete() ? QStringLiteral("ok") : QStringLiteral("bad"), esc(v.summary()));
}

QString passChart(const QList<PassRecord> &passes)
{
    quint64 most = 1;
    for (const PassRecord &p : passes)
        most = std::max(most, passItems(p));
    const int barWidth = 46, gap = 14, height = 120, top = 16;
    const int width = std::max(200, int(passes.size()) * (barWidth + gap) + gap);
    QString svg = QStringLiteral("<svg role=\"img\" aria-label=\"items per pass\" width=\"%1\" height=\"%2\" viewBox=\"0 0 %1 %2\">\n")
                      .arg(width).arg(height + top + 20);
    for (int i = 0; i < passes.size(); ++i) {
        const quint64 n = passItems(passes[i]);
        const int h = std::max(1, int(double(n) / double(most) * height));
        const int x = gap + i * (barWidth + gap);
        svg += QStringLiteral("<rect x=\"%1\" y=\"%2\" width=\"%3\" height=\"%4\" fill=\"%5\"/>"
                              "<text x=\"%6\" y=\"%7\" text-anchor=\"middle\">%8</text>"
                              "<text x=\"%6\" y=\"%9\" text-anchor=\"middle\">#%10</text>\n")
                   .arg(x).arg(top + height - h).arg(barWidth).arg(h)
                   .arg(passes[i].kind == QLatin1String("final") ? QStringLiteral("#7b5ea7") : QStringLiteral("#3d8bd6"))
                   .arg(x + barWidth / 2).arg(top + height - h - 4).arg(n)
                   .arg(top + height + 15).arg(passes[i].id);
    }
    return svg + QStringLiteral("</svg>\n");
}

QString passesSection(const QList<PassRecord> &passes)
{
    if (passes.isEmpty())
        return {};
    QString h = QStringLiteral("<h2>Passes</h2>\n") + passChart(passes);
    h += QStringLiteral("<table><tr><th>#</th><th class=\"l\">kind</th><th class=\"l\">started</th><th>took</th>"
                        "<th>copied</th><th>already there</th><th>failed</th><th>MB</th><th class=\"l\">outcome</th></tr>\n");
    for (const PassRecord &p : passes) {
        h += QStringLiteral("<tr><td>%1</td><td class=\"l\">%2</td><td class=\"l\">%3</td><td>%4</td><td>%5</td>"
                            "<td>%6</td><td>%7</td><td>%8</td><td class=\"l\">%9</td></tr>\n")
                 .arg(p.id)
                 .arg(esc(p.kind), esc(p.started.toString(Qt::ISODate)), duration(passSeconds(p)), num(p.itemsCopied),
                      num(p.itemsMatched), num(p.itemsFailed), megabytes(p.bytesCopied),
                      esc(p.outcome.isEmpty() ? QStringLiteral("running or stopped") : p.outcome));
    }
    h += QStringLiteral("</table>\n");
    const PassForecast f = forecastNextPass(passes);
    if (f.known && f.items == 0)
        h += QStringLiteral("<p>Next pass: little or nothing new is expected; about %1.</p>\n").arg(duration(f.seconds));
    else if (f.known)
        h += QStringLiteral("<p>Next pass, if people keep using the old account as they did: about %1 items, "
                            "about %2.</p>\n").arg(f.items).arg(duration(f.seconds));
    return h;
}

QString thisPassSection(const MigrationReport &r)
{
    QString h = QStringLiteral("<h2>This pass (%1, %2)</h2>\n").arg(esc(r.kind), duration(r.seconds));
    if (!r.fatal.ok())
        h += QStringLiteral("<p class=\"bad\">Stopped: %1</p>\n").arg(esc(r.fatal.toString()));
    h += QStringLiteral("<table><tr><th class=\"l\">folder</th><th class=\"l\">type</th><th>source</th><th>target</th>"
                        "<th>copied</th><th>already there</th><th>failed</th><th>outside the dates</th></tr>\n");
    for (const FolderReport &f : r.folders) {
        const QString name = f.source == f.target ? f.source : f.source + QStringLiteral(" → ") + f.target;
        h += QStringLiteral("<tr><td>%1</td><td class=\"l\">%2</td><td>%3</td><td>%4</td><td>%5</td><td>%6</td>"
                            "<td class=\"%7\">%8</td><td>%9</td></tr>\n")
                 .arg(esc(name), esc(f.dataType), num(f.sourceCount), num(f.targetCount), num(f.copied),
                      num(f.alreadyThere), f.failed ? QStringLiteral("bad") : QString(), num(f.failed),
                      num(f.outsideWindow));
    }
    h += QStringLiteral("</table>\n");
    if (!r.failures.isEmpty()) {
        h += QStringLiteral("<h2>Could not be copied (%1)</h2>\n<table><tr><th class=\"l\">folder</th><th class=\"l\">item</th>"
                            "<th class=\"l\">reason</th></tr>\n").arg(r.failures.size());
        for (const ItemFailure &f : r.failures) {
            const QString item = !f.subject.isEmpty() ? f.subject : !f.messageId.isEmpty() ? f.messageId : f.id;
            QString reason = f.reason;
            if (!f.serverText.isEmpty())
                reason += QStringLiteral(" — server said: ") + f.serverText;
            h += QStringLiteral("<tr><td>%1</td><td class=\"l\">%2</td><td class=\"reason\">%3</td></tr>\n")
                     .arg(esc(f.folder), esc(item), esc(reason));
        }
        h += QStringLiteral("</table>\n");
    }
    if (!r.warnings.isEmpty()) {
        h += QStringLiteral("<h2>Notes</h2>\n<ul>\n");
        for (const QString &w : r.warnings)
            h += QStringLiteral("<li>%1</li>\n").arg(esc(w));
        h += QStringLiteral("</ul>\n");
    }
    return h;
}

QString verifySection(const VerifyReport &v)
{
    QString h = QStringLiteral("<h2>Source and target compared (%1)</h2>\n").arg(duration(v.seconds));
    h += QStringLiteral("<table><tr><th class=\"l\">folder</th><th class=\"l\">type</th><th>source</th><th>target</th>"
                        "<th>found</th><th>missing</th><th>outside the dates</th><th>flags differ</th><th>source MB</th>"
                        "<th>target MB</th></tr>\n");
    for (const VerifyFolder &f : v.folders) {
        const QString name = f.source == f.target ? f.source : f.source + QStringLiteral(" → ") + f.target;
        h += QStringLiteral("<tr><td>%1</td><td class=\"l\">%2</td><td>%3</td><td>%4</td><td>%5</td><td class=\"%6\">%7</td>"
                            "<td>%8</td><td>%9</td>")
                 .arg(esc(name), esc(f.dataType), num(f.sourceItems), num(f.targetItems), num(f.matched),
                      f.missing ? QStringLiteral("bad") : QString(), num(f.missing), num(f.outsideWindow),
                      num(f.flagsDiffer));
        h += QStringLiteral("<td>%1</td><td>%2</td></tr>\n")
                 .arg(f.sourceBytes < 0 ? QStringLiteral("—") : megabytes(quint64(f.sourceBytes)),
                      f.targetBytes < 0 ? QStringLiteral("—") : megabytes(quint64(f.targetBytes)));
    }
    h += QStringLiteral("</table>\n");
    if (!v.missing.isEmpty()) {
        h += QStringLiteral("<h2>Not on the target (%1)</h2>\n<table><tr><th class=\"l\">folder</th><th class=\"l\">item</th>"
                            "<th class=\"l\">reason</th></tr>\n").arg(v.missing.size());
        for (const VerifyMissing &m : v.missing) {
            const QString item = !m.messageId.isEmpty() ? m.messageId : !m.uid.isEmpty() ? m.uid : m.id;
            h += QStringLiteral("<tr><td>%1</td><td class=\"l\">%2</td><td class=\"reason\">%3</td></tr>\n")
                     .arg(esc(m.folder), esc(item), esc(m.reason));
        }
        h += QStringLiteral("</table>\n");
    }
    for (const QString &n : v.notes)
        h += QStringLiteral("<p class=\"sub\">%1</p>\n").arg(esc(n));
    return h;
}

} // namespace

QString htmlReport(const MigrationReport *pass, const VerifyReport *verify, const QList<PassRecord> &passes)
{
    const QString source = pass ? pass->source : verify ? verify->source : QString();
    const QString target = pass ? pass->target : verify ? verify->target : QString();
    QString h = QStringLiteral(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<title>Ferry report</title><style>");
    h += QString::fromLatin1(kStyle);
    h += QStringLiteral("</style></head><body>\n<h1>Ferry report</h1>\n<p class=\"sub\">%1 → %2 · %3</p>\n")
             .arg(esc(source), esc(target), esc(QDateTime::currentDateTime().toString(Qt::ISODate)));
    if (verify)
        h += verdict(*verify);
    else if (pass)
        h += QStringLiteral("<p class=\"verdict %1\">%2 copied, %3 already there, %4 failed.</p>\n")
                 .arg(pass->exitCode() == 0 ? QStringLiteral("ok") : QStringLiteral("bad"))
                 .arg(pass->totalCopied()).arg(pass->totalAlreadyThere()).arg(pass->totalFailed());
    h += passesSection(passes);
    if (pass)
        h += thisPassSection(*pass);
    if (verify)
        h += verifySection(*verify);
    h += QStringLiteral("</body></html>\n");
    return h;
}

} // namespace ferry
