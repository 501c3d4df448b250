#include "commandline.h"

#include <engine/migrationoptions.h>

namespace ferry::cli {

QString CommandLine::usage()
{
    return QStringLiteral(
        "Usage:\n"
        "  ferry-cli migrate --from imaps://USER@HOST[:PORT] --to imaps://USER@HOST[:PORT]\n"
        "                    [--from-dav https://USER@HOST[:PORT][/path] --to-dav https://USER@HOST[:PORT][/path]]\n"
        "                    [--from-file EXPORT.vcf|.ics|.csv|.ldif]... (with --to-dav)\n"
        "                    [--only mail,contacts,calendar,tasks] [--skip-folder NAME]...\n"
        "                    [--since YYYY-MM-DD] [--until YYYY-MM-DD | --before YYYY-MM-DD]\n"
        "                    (mail received from --since on, up to and including --until / before --before)\n"
        "                    [--map-address OLD=NEW]... [--map-file CSV]... [--map-folder FROM=TO]...\n"
        "                    [--trace DIR] (redacted protocol traces for a helpdesk)\n"
        "                    [--profile FILE] (a helpdesk's servers and choices; then --from/--to may be bare addresses)\n"
        "                    [--ca-file PEM]... [--from-pin-sha256 FP] [--to-pin-sha256 FP]\n"
        "                    [--state DIR] [--report FILE.json] [--html FILE.html] [--json] [--dry-run] [--connections N]\n"
        "                    [--final] (the cutover pass: copies what is new, then compares both sides)\n"
        "                    [--include-shared] (also other users' and shared folders, under Shared/<owner>/)\n"
        "  ferry-cli verify  --from … --to … [--from-dav … --to-dav …] (the same account options as migrate)\n"
        "                    [--state DIR] [--report FILE.json] [--html FILE.html] [--json]\n"
        "                    compares both sides and names every item of the source that is not on the target\n"
        "  ferry-cli export  --from imaps://… [--from-dav https://…] --archive DIR [--encrypt] [--only …] [--since …]\n"
        "  ferry-cli import  --archive DIR --to imaps://… [--to-dav https://…] [--only …]\n"
        "                    (a directory anyone can inspect: manifest.json, .eml, .vcf, .ics; with --encrypt or\n"
        "                    FERRY_ARCHIVE_PASSPHRASE every file is AES-256-GCM encrypted; runs resume like migrate)\n"
        "  ferry-cli archive verify DIR     re-reads every file of an archive and names what is damaged\n"
        "  ferry-cli diagnostics --out FILE.zip [--state DIR] [--trace DIR] [--report FILE.json]...\n"
        "  ferry-cli batch USERS.csv [--parallel N] [--per-server N] [--reports DIR] [--state DIR] [--ca-file PEM]...\n"
        "                    many people at once (columns name,from,to,from_password,to_password[,from_dav,to_dav]\n"
        "                    [,map_address][,only]; passwords as env:VAR, file:PATH or prompt); see batch --help\n"
        "  ferry-cli check   --from imaps://USER@HOST[:PORT] --to imaps://USER@HOST[:PORT] [--ca-file PEM]... [--json]\n"
        "                    [--from-dav https://… --to-dav https://…]\n"
        "\n"
        "Passwords: FERRY_FROM_PASSWORD and FERRY_TO_PASSWORD, or typed at the prompt (never on the command line);\n"
        "           for DAV FERRY_FROM_DAV_PASSWORD / FERRY_TO_DAV_PASSWORD, else the mail ones.\n"
        "Exit codes: 0 all copied; 1 some items could not be copied; 2 usage; 3 login failed;\n"
        "            4 certificate problem; 5 network lost; 6 target quota full; 130 interrupted.\n");
}

Result<CommandLine> CommandLine::parse(const QStringList &argv)
{
    CommandLine c;
    QStringList args = argv.mid(1);
    if (args.isEmpty())
        return Error::make(ErrorCode::Usage, QStringLiteral("no command given"), {}, usage());
    c.command = args.takeFirst();
    if (c.command == QLatin1String("--help") || c.command == QLatin1String("-h"))
        c.command = QStringLiteral("help");
    if (c.command == QLatin1String("--version"))
        c.command = QStringLiteral("version");
    if (c.command == QLatin1String("help") || c.command == QLatin1String("version"))
        return c;
    static const QStringList commands{QStringLiteral("migrate"), QStringLiteral("check"), QStringLiteral("verify"),
                                      QStringLiteral("export"), QStringLiteral("import"), QStringLiteral("archive")};
    if (c.command == QLatin1String("archive")) {
        // archive verify DIR [options]
        if (args.value(0) != QLatin1String("verify") || args.size() < 2 || args.at(1).startsWith(QLatin1String("--")))
            return Error::make(ErrorCode::Usage, QStringLiteral("write: ferry-cli archive verify DIR"), {}, usage());
        c.archive = args.at(1);
        args = args.mid(2);
    }
    if (!commands.contains(c.command))
        return Error::make(ErrorCode::Usage, QStringLiteral("unknown command '%1'").arg(c.command), {}, usage());

    auto value = [&](int &i, const QString &opt) -> Result<QString> {
        if (i + 1 >= args.size())
            return Error::make(ErrorCode::Usage, QStringLiteral("%1 needs a value").arg(opt));
        return args.at(++i);
    };
    for (int i = 0; i < args.size(); ++i) {
        QString a = args.at(i);
        QString inlineValue;
        bool hasInline = false;
        if (a.startsWith(QLatin1String("--")) && a.contains(QLatin1Char('='))) {
            inlineValue = a.section(QLatin1Char('='), 1);
            a = a.section(QLatin1Char('='), 0, 0);
            hasInline = true;
        }
        auto take = [&]() -> Result<QString> {
            if (hasInline)
                return inlineValue;
            return value(i, a);
        };
        QString *target = nullptr;
        if (a == QLatin1String("--from")) target = &c.from;
        else if (a == QLatin1String("--to")) target = &c.to;
        else if (a == QLatin1String("--from-dav")) target = &c.fromDav;
        else if (a == QLatin1String("--to-dav")) target = &c.toDav;
        else if (a == QLatin1String("--state")) target = &c.stateDir;
        else if (a == QLatin1String("--report")) target = &c.reportFile;
        else if (a == QLatin1String("--html")) target = &c.htmlFile;
        else if (a == QLatin1String("--archive")) target = &c.archive;
        else if (a == QLatin1String("--trace")) target = &c.trace;
        else if (a == QLatin1String("--profile")) target = &c.profile;
        else if (a == QLatin1String("--from-pin-sha256")) target = &c.fromPin;
        else if (a == QLatin1String("--to-pin-sha256")) target = &c.toPin;
        if (target) {
            auto v = take();
            if (!v.ok())
                return v.error();
            *target = *v;
        } else if (a == QLatin1String("--ca-file") || a == QLatin1String("--map-address")
                   || a == QLatin1String("--map-file") || a == QLatin1String("--from-file")
                   || a == QLatin1String("--map-folder")) {
            auto v = take();
            if (!v.ok())
                return v.error();
            (a == QLatin1String("--ca-file")       ? c.caFiles
             : a == QLatin1String("--map-file")    ? c.mapFiles
             : a == QLatin1String("--from-file")   ? c.fromFiles
             : a == QLatin1String("--map-folder")  ? c.folderRules
                                                   : c.mapAddresses) << *v;
        } else if (a == QLatin1String("--connections") || a == QLatin1String("--timeout")) {
            auto v = take();
            if (!v.ok())
                return v.error();
            bool ok = false;
            const int n = v->toInt(&ok);
            if (!ok || n < 1 || n > 64)
                return Error::make(ErrorCode::Usage, QStringLiteral("%1 takes a number from 1 to 64").arg(a));
            (a == QLatin1String("--connections") ? c.connections : c.ioTimeoutSeconds) = n;
        } else if (a == QLatin1String("--only")) {
            auto v = take();
            if (!v.ok())
                return v.error();
            for (const QString &t : v->split(QLatin1Char(','), Qt::SkipEmptyParts)) {
                if (!dataTypes().contains(t.trimmed()))
                    return Error::make(ErrorCode::Usage, QStringLiteral("--only: unknown data type '%1'").arg(t), {},
                                       QStringLiteral("use mail, contacts, calendar and/or tasks, separated by commas"));
                c.only << t.trimmed();
            }
        } else if (a == QLatin1String("--skip-folder")) {
            auto v = take();
            if (!v.ok())
                return v.error();
            c.skipFolders << *v;
        } else if (a == QLatin1String("--since") || a == QLatin1String("--until") || a == QLatin1String("--before")) {
            auto v = take();
            if (!v.ok())
                return v.error();
            auto day = DateWindow::parseDay(*v, a);
            if (!day.ok())
                return day.error();
            if (!day->isValid())
                return Error::make(ErrorCode::Usage, QStringLiteral("%1 needs a day").arg(a), {},
                                   QStringLiteral("write it as YYYY-MM-DD, or leave the option out for all mail"));
            if (a != QLatin1String("--since") && c.mailWindow.to.isValid())
                return Error::make(ErrorCode::Usage, QStringLiteral("give one of --until and --before"), {},
                                   QStringLiteral("--until DAY includes that day, --before DAY stops the day before"));
            if (a == QLatin1String("--since"))
                c.mailWindow.from = *day;
            else
                c.mailWindow.to = a == QLatin1String("--before") ? day->addDays(-1) : *day; // IMAP BEFORE: exclusive
        } else if (a == QLatin1String("--json")) {
            c.json = true;
        } else if (a == QLatin1String("--dry-run")) {
            c.dryRun = true;
        } else if (a == QLatin1String("--include-shared")) {
            c.includeShared = true;
        } else if (a == QLatin1String("--final")) {
            c.final = true;
        } else if (a == QLatin1String("--encrypt")) {
            c.encrypt = true;
        } else if (a.startsWith(QLatin1String("--pass")) || a == QLatin1String("-p")) {
            return Error::make(ErrorCode::Usage, QStringLiteral("passwords are not accepted on the command line"), {},
                               QStringLiteral("set FERRY_FROM_PASSWORD / FERRY_TO_PASSWORD or type them at the prompt"));
        } else {
            return Error::make(ErrorCode::Usage, QStringLiteral("unknown option '%1'").arg(a), {}, usage());
        }
    }
    if (c.mailWindow.from.isValid() && c.mailWindow.to.isValid() && c.mailWindow.to < c.mailWindow.from)
        return Error::make(ErrorCode::Usage,
                           QStringLiteral("the date window ends (%1) before it starts (--since %2)")
                               .arg(c.mailWindow.to.toString(Qt::ISODate), c.mailWindow.from.toString(Qt::ISODate)),
                           {}, QStringLiteral("swap the two days"));
    if (c.command == QLatin1String("archive"))
        return c;
    if (c.command == QLatin1String("export") || c.command == QLatin1String("import")) {
        const bool exporting = c.command == QLatin1String("export");
        if (c.archive.isEmpty())
            return Error::make(ErrorCode::Usage, QStringLiteral("%1 needs --archive DIR").arg(c.command), {}, usage());
        if (exporting ? (!c.to.isEmpty() || !c.toDav.isEmpty()) : (!c.from.isEmpty() || !c.fromDav.isEmpty()))
            return Error::make(ErrorCode::Usage,
                               exporting ? QStringLiteral("export reads the old account (--from, --from-dav) into the archive")
                                         : QStringLiteral("import writes the archive into the new account (--to, --to-dav)"),
                               {}, usage());
        if (exporting ? (c.from.isEmpty() && c.fromDav.isEmpty()) : (c.to.isEmpty() && c.toDav.isEmpty()))
            return Error::make(ErrorCode::Usage,
                               exporting ? QStringLiteral("say what to export: --from imaps://… and/or --from-dav https://…")
                                         : QStringLiteral("say where to import: --to imaps://… and/or --to-dav https://…"),
                               {}, usage());
        if (c.final)
            return Error::make(ErrorCode::Usage, QStringLiteral("--final belongs to migrate"), {}, usage());
        return c;
    }
    if (!c.archive.isEmpty() || c.encrypt)
        return Error::make(ErrorCode::Usage, QStringLiteral("--archive and --encrypt belong to export and import"), {},
                           usage());
    if (c.from.isEmpty() != c.to.isEmpty())
        return Error::make(ErrorCode::Usage, QStringLiteral("--from and --to go together"), {}, usage());
    if (!c.fromDav.isEmpty() && c.toDav.isEmpty())
        return Error::make(ErrorCode::Usage, QStringLiteral("--from-dav needs --to-dav"), {}, usage());
    if (c.toDav.isEmpty() != (c.fromDav.isEmpty() && c.fromFiles.isEmpty()))
        return Error::make(ErrorCode::Usage, c.toDav.isEmpty() ? QStringLiteral("--from-file needs --to-dav (where the items go)")
                                                               : QStringLiteral("--to-dav needs --from-dav or --from-file"),
                           {}, usage());
    if (c.from.isEmpty() && c.fromDav.isEmpty() && c.fromFiles.isEmpty())
        return Error::make(ErrorCode::Usage, QStringLiteral("say what to move: --from and --to (mail) and/or "
                                                            "--from-dav and --to-dav (contacts, calendars, tasks)"),
                           {}, usage());
    if (c.final && c.command != QLatin1String("migrate"))
        return Error::make(ErrorCode::Usage, QStringLiteral("--final belongs to migrate"), {}, usage());
    if (c.final && c.dryRun)
        return Error::make(ErrorCode::Usage, QStringLiteral("--final and --dry-run do not go together"), {},
                           QStringLiteral("the final pass copies and then compares; a dry run writes nothing"));
    if (c.command == QLatin1String("check") && c.from.isEmpty() && c.fromDav.isEmpty())
        return Error::make(ErrorCode::Usage, QStringLiteral("check needs --from and --to and/or --from-dav and --to-dav"),
                           {}, usage());
    return c;
}

Error CommandLine::resolveProfile()
{
    if (profile.isEmpty())
        return {};
    auto p = Profile::load(profile);
    if (!p.ok())
        return p.error();
    const bool bareFrom = !from.isEmpty() && !from.contains(QLatin1String("://"));
    const bool bareTo = !to.isEmpty() && !to.contains(QLatin1String("://"));
    auto resolve = [&](QString &url, QString &dav, const AccountPreset &preset, const char *option) -> Error {
        const QString address = url;
        if (preset.imapHost.isEmpty())
            return Error::make(ErrorCode::Usage,
                               QStringLiteral("%1 %2: the profile names no mail server for it").arg(QLatin1String(option), address),
                               {}, QStringLiteral("give the whole address: imaps://USER@HOST"));
        url = preset.mailUrl(address);
        if (dav.isEmpty())
            dav = preset.davUrlFor(address);
        return {};
    };
    const QString oldAddress = from, newAddress = to;
    if (bareFrom) {
        if (Error e = resolve(from, fromDav, p->old, "--from"))
            return e;
    }
    if (bareTo) {
        if (Error e = resolve(to, toDav, p->target, "--to"))
            return e;
    }
    // The person's own address follows them into contacts and events.
    QStringList rules = p->addressRules;
    if (bareFrom && bareTo && oldAddress.compare(newAddress, Qt::CaseInsensitive) != 0)
        rules << oldAddress + QLatin1Char('=') + newAddress;
    mapAddresses = rules + mapAddresses;
    loadedProfile = *p;
    return {};
}

} // namespace ferry::cli
