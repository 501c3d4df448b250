#!/usr/bin/env python3
"""CalDAV/CardDAV benchmark: Ferry against vdirsyncer, side by side in one run.

Two private Radicale HTTPS servers on 127.0.0.1 (source, target); the source is
filled once with the generated bench set (tests/support/davgen.py: 200 events,
100 tasks, 300 contacts in 3 calendars and 2 address books); each tool copies it
into its own empty target account, then runs again with nothing new (no-op), at
0 ms and at 30 ms round-trip time (through tests/support/relay.py: 15 ms per
direction on both servers). Prints wall time, CPU time and peak RSS of each run,
the ratios Ferry/peer, and what the copy looks like afterwards (davverify against
the source: collections/resources missing or extra, metadata and content
differences, resources stored under another name than on the source, and
"invite risks": ORGANIZER/ATTENDEE lines without SCHEDULE-AGENT=CLIENT, for which
a scheduling server could send invitations). Not a pass/fail test.

vdirsyncer gets one pair per kind (caldav, carddav), ``collections = ["from a"]``,
the source storage read-only, and ``metadata = ["color", "displayname"]``; its
full copy is ``discover`` (answering yes to creating collections) + ``sync`` +
``metasync``, its no-op ``sync`` + ``metasync``.

    python3 tests/bench/dav.py --ferry-cli build/release/qml/cli/ferry-cli [--rtt 0,30]
        [--tools ferry,vdirsyncer] [--keep DIR]
"""
import argparse
import os
import shutil
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "support"))
sys.path.insert(0, HERE)
from mail import Relay, run_measured  # noqa: E402  (same measuring as the mail bench)
from radicale import Radicale  # noqa: E402
import davgen  # noqa: E402
import davverify  # noqa: E402

PASSWORD = "bench-secret"


def ferry_cmd(args, work, src, dst, src_port, dst_port):
    state = os.path.join(work, "ferry-state-%s" % dst.user)
    env = dict(os.environ, FERRY_FROM_DAV_PASSWORD=PASSWORD, FERRY_TO_DAV_PASSWORD=PASSWORD)
    report = os.path.join(work, "ferry-report-%s.json" % dst.user)
    argv = [args.ferry_cli, "migrate",
            "--from-dav", "https://%s@127.0.0.1:%d" % (src.user, src_port),
            "--to-dav", "https://%s@127.0.0.1:%d" % (dst.user, dst_port),
            "--ca-file", src.ca_file, "--state", state, "--report", report]
    return [argv], env


def vdirsyncer_cmd(args, work, src, dst, src_port, dst_port, first):
    d = os.path.join(work, "vdirsyncer-%s" % dst.user)
    os.makedirs(d, exist_ok=True)
    cfg = os.path.join(d, "config")
    if not os.path.exists(cfg):
        with open(cfg, "w", encoding="utf-8") as f:
            f.write('[general]\nstatus_path = "%s/status/"\n\n' % d)
            for kind in ("caldav", "carddav"):
                f.write('[pair %s]\na = "%s_src"\nb = "%s_dst"\ncollections = ["from a"]\n'
                        'conflict_resolution = "a wins"\npartial_sync = "ignore"\n'
                        % (kind, kind, kind))
                if kind == "caldav":
                    f.write('metadata = ["color", "displayname"]\n')
                else:
                    f.write('metadata = ["displayname"]\n')
                f.write("\n")
                for side, acc, port, ro in (("src", src, src_port, "true"),
                                            ("dst", dst, dst_port, "false")):
                    f.write('[storage %s_%s]\ntype = "%s"\nurl = "https://127.0.0.1:%d/"\n'
                            'username = "%s"\npassword = "%s"\nverify = "%s"\nread_only = %s\n\n'
                            % (kind, side, kind, port, acc.user, PASSWORD, acc.ca_file, ro))
    base = "vdirsyncer -v WARNING -c %s" % cfg
    script = "%s sync && %s metasync" % (base, base)
    if first:  # discover asks before creating each collection: say yes
        script = "yes | %s discover && %s" % (base, script)
    return [["sh", "-c", script]], dict(os.environ)


def run_tool(tool, args, work, src, dst, src_port, dst_port, scenario):
    """Runs one scenario; returns (exit, wall, cpu, rss, log path)."""
    if tool == "ferry":
        commands, env = ferry_cmd(args, work, src, dst, src_port, dst_port)
    else:
        commands, env = vdirsyncer_cmd(args, work, src, dst, src_port, dst_port,
                                       scenario == "full")
    log = os.path.join(work, "%s-%s-%s.log" % (tool, dst.user, scenario))
    return run_measured(commands[0], env, None, log) + (log,)


def failure_note(tool, code, log):
    """Why a run failed, in a few words (ferry-cli without DAV support is expected for now)."""
    try:
        with open(log, encoding="utf-8", errors="replace") as f:
            text = f.read()
    except OSError:
        text = ""
    if tool == "ferry" and ("--from-dav" in text or "Unknown option" in text
                            or "unknown option" in text):
        return "exit %s: ferry-cli does not support --from-dav yet" % code
    last = [line for line in text.strip().splitlines() if line.strip()][-1:] or [""]
    return "exit %s: %s" % (code, last[0][:100])


def _rekey_by_uid(source_snap, target):
    """TARGET with each resource renamed to the source's name for the same UID
    (a tool that picks its own hrefs is judged on content too); returns (snapshot, renames)."""
    renames = 0
    for name, col in target["collections"].items():
        src_col = source_snap["collections"].get(name)
        if not src_col:
            continue
        by_uid = {r.get("uid"): n for n, r in src_col["resources"].items()}
        rekeyed = {}
        for rname, res in col["resources"].items():
            wanted = by_uid.get(res.get("uid"), rname)
            renames += wanted != rname
            rekeyed[wanted] = res
        col["resources"] = rekeyed
    return target, renames


def check_copy(source_snap, dst_server, user):
    """What a finished copy looks like (davverify), or why it could not be read."""
    try:
        target = davverify.snapshot(dst_server.account(user))
    except Exception as error:  # the table must still print
        return "unreadable: %s" % str(error)[:80]
    effects = davverify.scheduling_side_effects(target)
    count = davverify.resource_count(target)
    target, renames = _rekey_by_uid(source_snap, target)
    kinds = {}
    for d in davverify.compare(source_snap, target):
        where = d.split(": ", 1)[0]
        key = ("metadata" if "/" not in where and " differs: " in d else
               "missing" if ": missing" in d else "extra" if ": extra" in d else "content")
        kinds[key] = kinds.get(key, 0) + 1
    parts = ["%d %s" % (n, k) for k, n in sorted(kinds.items())]
    if renames:
        parts.append("%d renamed" % renames)
    return "%d resources; %s; %d invite risks" % (count, ", ".join(parts) or "identical",
                                                   len(effects))


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--ferry-cli", required=True)
    p.add_argument("--rtt", default="0,30", help="round-trip times in ms, comma-separated")
    p.add_argument("--tools", default="ferry,vdirsyncer")
    p.add_argument("--keep", help="work directory to keep (default: a temp dir, removed)")
    args = p.parse_args()
    args.ferry_cli = os.path.abspath(args.ferry_cli)
    tools = [t for t in args.tools.split(",") if t]
    for t in tools:
        if t == "vdirsyncer" and not shutil.which("vdirsyncer"):
            sys.exit("bench: vdirsyncer is not installed (FERRY_BENCH=1 bash dist/install-deps.sh)")
        if t not in ("ferry", "vdirsyncer"):
            sys.exit("bench: unknown tool %s" % t)
    if not shutil.which("time") and not os.path.exists("/usr/bin/time"):
        sys.exit("bench: GNU time is not installed (FERRY_BENCH=1 bash dist/install-deps.sh)")
    rtts = [int(x) for x in args.rtt.split(",")]
    work = args.keep or tempfile.mkdtemp(prefix="ferry-bench-dav-")
    os.makedirs(work, exist_ok=True)

    users = {"%s%d" % (t, rtt): PASSWORD for t in tools for rtt in rtts}
    results = []
    with Radicale(os.path.join(work, "src"), users={"alice": PASSWORD}) as src_server, \
            Radicale(os.path.join(work, "dst"), users=users, certs=src_server.certs) as dst_server:
        src = src_server.account("alice")
        summary = davgen.generate(src, profile="bench")
        source_snap = davverify.snapshot(src)
        writes = len(src_server.writes())
        print("source: %d events, %d tasks, %d contacts (%.0f KB) in %d calendars and %d address "
              "books (filled in %.1f s)" % (summary["events"], summary["tasks"],
                                            summary["contacts"], summary["bytes"] / 1024,
                                            summary["calendars"], summary["addressbooks"],
                                            summary["seconds"]), flush=True)
        for rtt in rtts:
            relays = []
            if rtt:
                relays = [Relay(src_server.port, rtt / 2), Relay(dst_server.port, rtt / 2)]
                src_port, dst_port = relays[0].port, relays[1].port
            else:
                src_port, dst_port = src_server.port, dst_server.port
            try:
                for tool in tools:
                    dst = dst_server.account("%s%d" % (tool, rtt))
                    for scenario in ("full", "no-op"):
                        code, wall, cpu, rss, log = run_tool(tool, args, work, src, dst, src_port,
                                                             dst_port, scenario)
                        note = "ok" if code == 0 else failure_note(tool, code, log)
                        if scenario == "full" and code == 0:
                            note = check_copy(source_snap, dst_server, dst.user)
                        if len(src_server.writes()) != writes:
                            note += "; SOURCE WRITTEN"
                            writes = len(src_server.writes())
                        results.append({"tool": tool, "rtt": rtt, "scenario": scenario,
                                        "exit": code, "wall": wall, "cpu": cpu, "rss": rss,
                                        "note": note})
                        print("  %-11s %3d ms %-6s exit %-3d wall %7.2f s  cpu %7.2f s  "
                              "peak %6.1f MB  %s" % (tool, rtt, scenario, code, wall, cpu, rss,
                                                     note), flush=True)
            finally:
                for r in relays:
                    r.stop()

    print("\n| scenario | RTT | tool | wall s | CPU s | peak RSS MB | Ferry/tool (wall) "
          "| Ferry/tool (CPU) | Ferry/tool (RSS) | result |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        ferry = next((x for x in results if x["tool"] == "ferry" and x["rtt"] == r["rtt"]
                      and x["scenario"] == r["scenario"] and x["exit"] == 0), None)

        def ratio(key):
            if not ferry or r["exit"] != 0 or r[key] <= 0:
                return "-"
            return "%.2f" % (ferry[key] / r[key])
        if r["exit"] == 0:
            numbers = "%.2f | %.2f | %.1f" % (r["wall"], r["cpu"], r["rss"])
        else:
            numbers = "- | - | -"
        print("| %s | %d ms | %s | %s | %s | %s | %s | %s |" % (
            r["scenario"], r["rtt"], r["tool"], numbers, ratio("wall"), ratio("cpu"),
            ratio("rss"), r["note"]))
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
