#!/usr/bin/env python3
"""Mail benchmark: Ferry against mbsync (isync) and OfflineIMAP, side by side in one run.

Two private Dovecot IMAPS servers on 127.0.0.1 (source, target); the source is
filled once with the generated bench set (5000 messages, ~240 MB, plus one big
message); each tool copies it into its own empty target account, then runs
again with nothing new (no-op), at 0 ms and at 30 ms round-trip time (through
tests/support/relay.py: 15 ms per direction on both servers). Prints wall time, CPU
time and peak RSS of each run and the ratios Ferry/peer. Not a pass/fail test.

    python3 tests/bench/mail.py --ferry-cli build/release/qml/cli/ferry-cli [--count 5000]
        [--big-mb 50] [--rtt 0,30] [--tools ferry,mbsync,offlineimap,app] [--ferry-app build/release/qml/ferry]
        [--keep DIR]
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "support"))
from dovecot import Dovecot  # noqa: E402
import mailgen  # noqa: E402

MB = 1024 * 1024
PASSWORD = "bench-secret"


def run_measured(argv, env=None, cwd=None, log=None):
    """Runs a command under GNU time; returns (exit code, wall s, cpu s, peak RSS MB).

    Not os.wait4: a forked child's ru_maxrss includes the pages it shared with this
    (large) Python process before exec, which would swamp the tool's own figure."""
    stats = (log or "/tmp/ferry-bench") + ".time"
    with open(log or os.devnull, "ab") as out:
        proc = subprocess.run(["/usr/bin/time", "-o", stats, "-f", "%e %U %S %M"] + argv, env=env, cwd=cwd,
                              stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    with open(stats) as f:
        last = f.read().strip().splitlines()[-1].split()
    wall, user, sys_, rss_kb = float(last[0]), float(last[1]), float(last[2]), float(last[3])
    return proc.returncode, wall, user + sys_, rss_kb / 1024.0


class Relay:
    """relay.py in front of one server (bounded lifetime)."""

    def __init__(self, port, delay_ms):
        self.proc = subprocess.Popen(
            [sys.executable, os.path.join(HERE, "..", "support", "relay.py"), "--to", "127.0.0.1:%d" % port,
             "--delay-ms", str(delay_ms), "--max-seconds", "7200"],
            stdout=subprocess.PIPE, text=True)
        self.port = json.loads(self.proc.stdout.readline())["port"]

    def stop(self):
        self.proc.kill()
        self.proc.wait()


def ferry_cmd(args, work, src, dst, src_port, dst_port):
    state = os.path.join(work, "ferry-state-%s" % dst.user)
    env = dict(os.environ, FERRY_FROM_PASSWORD=PASSWORD, FERRY_TO_PASSWORD=PASSWORD)
    argv = [args.ferry_cli, "migrate",
            "--from", "imaps://%s@127.0.0.1:%d" % (src.user, src_port),
            "--to", "imaps://%s@127.0.0.1:%d" % (dst.user, dst_port),
            "--ca-file", src.ca_file, "--ca-file", dst.ca_file, "--state", state]
    return argv, env, None


def mbsync_cmd(args, work, src, dst, src_port, dst_port):
    d = os.path.join(work, "mbsync-%s" % dst.user)
    os.makedirs(os.path.join(d, "state"), exist_ok=True)
    rc = os.path.join(d, "mbsyncrc")
    if not os.path.exists(rc):
        with open(rc, "w") as f:
            for name, acc, port in (("src", src, src_port), ("dst", dst, dst_port)):
                f.write("IMAPAccount %s\nHost 127.0.0.1\nPort %d\nUser %s\nPass %s\nSSLType IMAPS\n"
                        "CertificateFile %s\n\nIMAPStore %s\nAccount %s\n\n"
                        % (name, port, acc.user, PASSWORD, acc.ca_file, name, name))
            f.write("Channel bench\nFar :src:\nNear :dst:\nPatterns *\nCreate Near\nSync Pull\n"
                    "Expunge None\nCopyArrivalDate yes\nSyncState %s/\n" % os.path.join(d, "state"))
    return ["mbsync", "-q", "-c", rc, "bench"], dict(os.environ), None


def offlineimap_cmd(args, work, src, dst, src_port, dst_port):
    d = os.path.join(work, "offlineimap-%s" % dst.user)
    os.makedirs(d, exist_ok=True)
    rc = os.path.join(d, "offlineimaprc")
    if not os.path.exists(rc):
        with open(rc, "w") as f:
            f.write("[general]\naccounts = bench\nmetadata = %s\n\n" % os.path.join(d, "meta"))
            f.write("[Account bench]\nlocalrepository = dst\nremoterepository = src\n\n")
            for name, acc, port, ro in (("src", src, src_port, True), ("dst", dst, dst_port, False)):
                f.write("[Repository %s]\ntype = IMAP\nremotehost = 127.0.0.1\nremoteport = %d\n"
                        "remoteuser = %s\nremotepass = %s\nssl = yes\nsslcacertfile = %s\n"
                        "readonly = %s\n\n" % (name, port, acc.user, PASSWORD, acc.ca_file, ro))
    return ["offlineimap", "-u", "quiet", "-c", rc], dict(os.environ), None


def app_cmd(args, work, src, dst, src_port, dst_port):
    """The Ferry app (offscreen), clicked through by --autorun: the same engine as
    ferry-cli plus the GUI's progress handling, to show that costs nothing."""
    if not args.ferry_app:
        sys.exit("bench: --tools app needs --ferry-app PATH")
    config = os.path.join(work, "app-%s.json" % dst.user)
    with open(config, "w", encoding="utf-8") as f:
        json.dump({"old": {"email": "%s@old.bench.test" % src.user, "userName": src.user,
                           "imapHost": "127.0.0.1", "imapPort": src_port},
                   "new": {"email": "%s@new.bench.test" % dst.user, "userName": dst.user,
                           "imapHost": "127.0.0.1", "imapPort": dst_port},
                   "caFiles": [src.ca_file, dst.ca_file],
                   "stateDir": os.path.join(work, "app-state-%s" % dst.user), "reportDir": work}, f)
    env = dict(os.environ, FERRY_FROM_PASSWORD=PASSWORD, FERRY_TO_PASSWORD=PASSWORD,
               FERRY_DEMO_CONFIG=config, QT_QPA_PLATFORM="offscreen")
    return [args.ferry_app, "--demo", "--autorun"], env, None


TOOLS = {"ferry": ferry_cmd, "app": app_cmd, "mbsync": mbsync_cmd, "offlineimap": offlineimap_cmd}


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--ferry-cli", required=True)
    p.add_argument("--count", type=int, default=5000)
    p.add_argument("--big-mb", type=int, default=50)
    p.add_argument("--rtt", default="0,30", help="round-trip times in ms, comma-separated")
    p.add_argument("--tools", default="ferry,mbsync,offlineimap")
    p.add_argument("--ferry-app", help="the app binary, for --tools app (the GUI, clicked through offscreen)")
    p.add_argument("--keep", help="work directory to keep (default: a temp dir, removed)")
    args = p.parse_args()
    args.ferry_cli = os.path.abspath(args.ferry_cli)
    args.ferry_app = os.path.abspath(args.ferry_app) if args.ferry_app else None
    tools = [t for t in args.tools.split(",") if t]
    for t in tools:
        if t not in ("ferry", "app") and not shutil.which(t):
            sys.exit("bench: %s is not installed (FERRY_BENCH=1 bash dist/install-deps.sh)" % t)
    rtts = [int(x) for x in args.rtt.split(",")]
    work = args.keep or tempfile.mkdtemp(prefix="ferry-bench-")
    os.makedirs(work, exist_ok=True)

    users = {"alice": PASSWORD}
    for t in tools:
        for rtt in rtts:
            users["%s%d" % (t, rtt)] = PASSWORD
    results = []
    with Dovecot(os.path.join(work, "src"), layout="fs", users={"alice": PASSWORD}) as src_server, \
            Dovecot(os.path.join(work, "dst"), layout="fs", users=users) as dst_server:
        src = src_server.account("alice")
        summary = mailgen.generate(src, profile="bench", count=args.count, big_size=args.big_mb * MB)
        print("source: %d messages, %.0f MB in %d folders (filled in %.1f s)"
              % (summary["messages"], summary["approx_bytes"] / MB, summary["folders"], summary["seconds"]),
              flush=True)
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
                        argv, env, cwd = TOOLS[tool](args, work, src, dst, src_port, dst_port)
                        log = os.path.join(work, "%s-%d-%s.log" % (tool, rtt, scenario))
                        code, wall, cpu, rss = run_measured(argv, env, cwd, log)
                        results.append({"tool": tool, "rtt": rtt, "scenario": scenario, "exit": code,
                                        "wall": wall, "cpu": cpu, "rss": rss})
                        print("  %-11s %3d ms %-6s exit %-3d wall %7.2f s  cpu %7.2f s  peak %6.1f MB"
                              % (tool, rtt, scenario, code, wall, cpu, rss), flush=True)
            finally:
                for r in relays:
                    r.stop()

    print("\n| scenario | RTT | tool | wall s | CPU s | peak RSS MB | Ferry/tool (wall) |")
    print("|---|---|---|---|---|---|---|")
    for r in results:
        ferry = next((x for x in results if x["tool"] == "ferry" and x["rtt"] == r["rtt"]
                      and x["scenario"] == r["scenario"]), None)
        ratio = "%.2f" % (ferry["wall"] / r["wall"]) if ferry and r["wall"] > 0 else "-"
        print("| %s | %d ms | %s | %.2f | %.2f | %.1f | %s |"
              % (r["scenario"], r["rtt"], r["tool"], r["wall"], r["cpu"], r["rss"], ratio))
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
