#!/usr/bin/env python3
"""A loopback TCP fault proxy for the fault tests (asyncio, stdlib only).

It sits between ferry-cli and a real server (IMAPS, HTTPS) on 127.0.0.1 and
passes the bytes through untouched — TLS included, so certificate checks stay
end to end — while it breaks the connection in the ways a bad network does.
Faults can be combined; each is set on the command line and can be changed
while the proxy runs through its control channel.

Faults ("up" = client -> server, "down" = server -> client):
  cut_after N        every connection is cut (both sockets aborted) once N bytes
                     have passed in cut_direction ("up", "down" or "both");
                     cut_jitter J draws each connection's N from N*(1-J)..N*(1+J)
                     with a seeded random generator (--seed); cut_count C: at most
                     C more cuts (-1 = no limit)
  stall_after N      a connection stops passing bytes for stall_seconds once N
                     bytes have passed in stall_direction, then goes on (or is
                     gone, if the client gave up meanwhile); stall_count C: at
                     most C more stalls (default 1; -1 = no limit), each
                     connection at most once
  scope              "connection" (default): cut_after and stall_after count each
                     connection's bytes; "total": they count all bytes through the
                     proxy, and the connection that carries the N-th byte is cut
                     (then the next one after N more) or stalled — for servers
                     that close the connection after each request (Radicale)
  throttle B         at most B bytes/s per direction and connection
  latency_up_ms, latency_down_ms
                     every chunk is held that long before it is passed on
                     (delayed, not serialised: latency without a throughput cap)
  refuse S           new connections are refused for S seconds from now:
                     refuse_mode "close" accepts and closes at once (the client
                     sees EOF in its TLS handshake), "unlisten" stops listening
                     (connection refused) and listens again on the same port
  cut_all            cuts every open connection now; with refuse: "the server
                     went away"
  away_after X, away_seconds S
                     once X bytes in total have passed through the proxy: cut
                     every open connection and refuse for S seconds (one shot)

Counters: connections (accepted and relayed), refused, cuts, stalls, open,
bytes_up, bytes_down, aways, upstream_failures.

Control channel: a second loopback port takes one JSON object per line and
answers one JSON line: {"ok": true, "stats": {...}, "settings": {...}}. Keys of
the object set faults (the names above; "refuse" starts a refusal now, 0 ends
one; "cut_all": true cuts); {} just reads the counters. Example:

    printf '{"refuse": 30, "cut_all": true}\\n' | nc 127.0.0.1 CONTROL

Command line:
    python3 faultproxy.py --to 127.0.0.1:993 [--cut-after 262144 --cut-jitter 0.2
        --cut-direction up] [--stall-after N --stall-seconds T] [--throttle B]
        [--latency-ms MS] [--max-seconds 900]
prints {"port": P, "control": C} as its first line, then runs for at most
--max-seconds and stops by itself.

Python (the tests):
    with FaultProxy("127.0.0.1:9993", cut_after=262144) as proxy:
        proxy.port; proxy.control(refuse=30, cut_all=True); proxy.stats()["cuts"]
"""

import argparse
import asyncio
import json
import os
import random
import socket
import subprocess
import sys
import time

SETTINGS = {  # name: (type, default)
    "cut_after": (int, 0), "cut_direction": (str, "both"), "cut_jitter": (float, 0.0),
    "cut_count": (int, -1),
    "stall_after": (int, 0), "stall_seconds": (float, 0.0), "stall_direction": (str, "both"),
    "stall_count": (int, 1),
    "throttle": (int, 0), "latency_up_ms": (float, 0.0), "latency_down_ms": (float, 0.0),
    "refuse_mode": (str, "close"), "scope": (str, "connection"),
    "away_after": (int, 0), "away_seconds": (float, 0.0),
}
DIRECTIONS = ("up", "down", "both")
CHUNK = 16 * 1024


class Proxy:
    """The proxy's state: settings, counters and the open connections."""

    def __init__(self, target, settings, seed):
        self.host, port = target.rsplit(":", 1)
        self.port = int(port)
        self.settings = dict(settings)
        self.rng = random.Random(seed)
        self.stats = {"connections": 0, "refused": 0, "cuts": 0, "stalls": 0, "open": 0,
                      "bytes_up": 0, "bytes_down": 0, "aways": 0, "upstream_failures": 0}
        self.conns = set()
        self.tasks = set()  # asyncio keeps only weak references to running tasks
        self.totals = {}  # scope "total": fault -> byte count (in its direction) where it fires
        self.arm_totals()
        self.refuse_until = 0.0
        self.server = None
        self.listen_port = 0
        self.relisten = None

    # ----- settings and control ------------------------------------------------------------

    def apply(self, command):
        """Apply one control command (dict); raises ValueError on a bad one."""
        for key, value in command.items():
            if key in SETTINGS:
                kind = SETTINGS[key][0]
                value = kind(value)
                if key.endswith("direction") and value not in DIRECTIONS:
                    raise ValueError("%s must be one of %s" % (key, DIRECTIONS))
                if key == "refuse_mode" and value not in ("close", "unlisten"):
                    raise ValueError("refuse_mode must be close or unlisten")
                if key == "scope" and value not in ("connection", "total"):
                    raise ValueError("scope must be connection or total")
                self.settings[key] = value
                if key in ("cut_after", "stall_after", "scope", "cut_direction", "stall_direction"):
                    self.arm_totals()
            elif key not in ("refuse", "cut_all", "stats"):
                raise ValueError("unknown key %r" % key)
        if command.get("cut_all"):
            self.cut_all()
        if "refuse" in command:
            self.refuse(float(command["refuse"]))

    def snapshot(self):
        """Counters and settings as a JSON-able dict."""
        stats = dict(self.stats, open=len(self.conns),
                     refusing=max(0.0, round(self.refuse_until - time.monotonic(), 2)))
        return {"ok": True, "stats": stats, "settings": self.settings}

    # ----- faults ---------------------------------------------------------------------------

    def cut_all(self):
        """Cut every open connection now."""
        for conn in list(self.conns):
            conn.cut()

    def refuse(self, seconds):
        """Refuse new connections for SECONDS from now (0 ends a refusal)."""
        self.refuse_until = time.monotonic() + seconds
        if self.settings["refuse_mode"] == "unlisten" and seconds > 0 and self.server:
            self.server.close()
            self.server = None
            if self.relisten:
                self.relisten.cancel()
            self.relisten = asyncio.ensure_future(self._listen_again(seconds))
        elif seconds <= 0 and self.relisten:
            self.relisten.cancel()
            self.relisten = asyncio.ensure_future(self._listen_again(0))

    async def _listen_again(self, seconds):
        await asyncio.sleep(seconds)
        for _ in range(50):  # the port was ours a moment ago; retry briefly if busy
            try:
                await self.listen(self.listen_port)
                return
            except OSError:
                await asyncio.sleep(0.1)

    def counted(self, direction, n):
        """Count N bytes in DIRECTION; fires the one-shot away_after trigger."""
        self.stats["bytes_" + direction] += n
        after = self.settings["away_after"]
        if after and self.stats["bytes_up"] + self.stats["bytes_down"] >= after:
            self.settings["away_after"] = 0
            self.stats["aways"] += 1
            self.cut_all()
            self.refuse(self.settings["away_seconds"])

    def draw(self, key):
        """The byte budget of a new connection for fault KEY ("cut"/"stall"), or None."""
        after = self.settings[key + "_after"]
        if not after:
            return None
        jitter = self.settings["cut_jitter"] if key == "cut" else 0.0
        return max(1, int(after * self.rng.uniform(1 - jitter, 1 + jitter)))

    def total_moved(self, direction):
        if direction == "both":
            return self.stats["bytes_up"] + self.stats["bytes_down"]
        return self.stats["bytes_" + direction]

    def arm_totals(self, key=None):
        """Scope "total": where the next cut/stall fires, counted from now."""
        for k in ([key] if key else ["cut", "stall"]):
            budget = self.draw(k)
            direction = self.settings[k + "_direction"]
            self.totals[k] = None if budget is None else self.total_moved(direction) + budget

    def take(self, key):
        """Whether one more fault KEY may fire (its _count), counting it if so."""
        count = self.settings[key + "_count"]
        if count == 0:
            return False
        if count > 0:
            self.settings[key + "_count"] = count - 1
        return True

    # ----- connections ----------------------------------------------------------------------

    async def listen(self, port):
        self.server = await asyncio.start_server(self.accept, "127.0.0.1", port, reuse_address=True)
        self.listen_port = self.server.sockets[0].getsockname()[1]

    async def accept(self, client_reader, client_writer):
        task = asyncio.current_task()
        self.tasks.add(task)
        try:
            await self._relay(client_reader, client_writer)
        finally:
            self.tasks.discard(task)

    async def _relay(self, client_reader, client_writer):
        if time.monotonic() < self.refuse_until:
            self.stats["refused"] += 1
            client_writer.transport.abort()
            return
        try:
            server_reader, server_writer = await asyncio.open_connection(self.host, self.port)
        except OSError:
            self.stats["upstream_failures"] += 1
            client_writer.transport.abort()
            return
        self.stats["connections"] += 1
        conn = Connection(self, client_reader, client_writer, server_reader, server_writer)
        self.conns.add(conn)
        try:
            await conn.run()
        finally:
            self.conns.discard(conn)


class Connection:
    """One relayed connection: two pumps, each a reader feeding a delayed writer."""

    def __init__(self, proxy, client_reader, client_writer, server_reader, server_writer):
        self.proxy = proxy
        self.writers = (client_writer, server_writer)
        self.pipes = {"up": (client_reader, server_writer), "down": (server_reader, client_writer)}
        settings = proxy.settings
        self.cut_budget = proxy.draw("cut")
        self.cut_direction = settings["cut_direction"]
        self.stall_budget = proxy.draw("stall")
        self.stall_direction = settings["stall_direction"]
        self.stall_seconds = settings["stall_seconds"]
        self.resume_at = 0.0  # while stalled: when bytes may move again
        self.moved = {"up": 0, "down": 0}
        self.dead = False

    def cut(self, counted=True):
        """Abort both sockets (the client sees a reset or EOF mid-stream)."""
        if self.dead:
            return
        self.dead = True
        if counted:
            self.proxy.stats["cuts"] += 1
        for writer in self.writers:
            writer.transport.abort()

    def _counted(self, direction):
        if self.proxy.settings["scope"] == "total":
            return self.proxy.total_moved(direction)
        if direction == "both":
            return self.moved["up"] + self.moved["down"]
        return self.moved[direction]

    def _budget(self, key):
        if self.proxy.settings["scope"] == "total":
            return self.proxy.totals.get(key)
        return self.cut_budget if key == "cut" else self.stall_budget

    def _spent(self, key):
        """A budget ran out: the next cut comes N bytes later (scope total), a
        connection stalls once."""
        if self.proxy.settings["scope"] == "total":
            self.proxy.arm_totals(key)
        if key == "cut":
            self.cut_budget = None
        else:
            self.stall_budget = None

    def _limit(self, direction, n):
        """How many of the next N bytes in DIRECTION may pass before a fault fires."""
        allowed = n
        for budget, faulted in ((self._budget("cut"), self.cut_direction),
                                (self._budget("stall"), self.stall_direction)):
            if budget is not None and faulted in (direction, "both"):
                allowed = min(allowed, max(0, budget - self._counted(faulted)))
        return allowed

    async def run(self):
        pumps = [asyncio.ensure_future(self.pump(d)) for d in ("up", "down")]
        await asyncio.gather(*pumps, return_exceptions=True)
        for writer in self.writers:
            writer.transport.abort()

    async def pump(self, direction):
        reader, writer = self.pipes[direction]
        queue = asyncio.Queue(maxsize=64)  # bounded: a throttled writer slows the reader

        async def read_side():
            try:
                while not self.dead:
                    data = await reader.read(CHUNK)
                    if not data:
                        break
                    delay = self.proxy.settings["latency_%s_ms" % direction] / 1000.0
                    await queue.put((time.monotonic() + delay, data))
            except (ConnectionError, OSError):
                pass
            await queue.put(None)

        async def write_side():
            try:
                while True:
                    item = await queue.get()
                    if item is None or self.dead:
                        break
                    due, data = item
                    await asyncio.sleep(max(0.0, due - time.monotonic()))
                    while data and not self.dead:
                        await self._wait_stall()
                        n = self._limit(direction, len(data))
                        if n == 0:
                            self._fault()
                            continue
                        part, data = data[:n], data[n:]
                        writer.write(part)
                        await writer.drain()
                        self.moved[direction] += len(part)
                        self.proxy.counted(direction, len(part))
                        rate = self.proxy.settings["throttle"]
                        if rate > 0:
                            await asyncio.sleep(len(part) / rate)
            except (ConnectionError, OSError):
                pass
            finally:
                # This direction is over: close its destination, which ends the other too.
                if self.dead:
                    writer.transport.abort()
                else:
                    writer.close()

        await asyncio.gather(read_side(), write_side())

    def _fault(self):
        """A budget ran out: cut, or start the stall (once per connection) — if the
        fault's count allows one more; else the budget is dropped."""
        cut, stall = self._budget("cut"), self._budget("stall")
        if cut is not None and self._counted(self.cut_direction) >= cut:
            self._spent("cut")
            if self.proxy.take("cut"):
                self.cut()
        elif stall is not None and self._counted(self.stall_direction) >= stall:
            self._spent("stall")
            if self.proxy.take("stall"):
                self.proxy.stats["stalls"] += 1
                self.resume_at = time.monotonic() + self.stall_seconds

    async def _wait_stall(self):
        while not self.dead and time.monotonic() < self.resume_at:
            await asyncio.sleep(min(0.1, self.resume_at - time.monotonic()))


async def _control(proxy, reader, writer):
    task = asyncio.current_task()
    proxy.tasks.add(task)
    try:
        while True:
            line = await reader.readline()
            if not line:
                break
            try:
                command = json.loads(line) if line.strip() else {}
                if not isinstance(command, dict):
                    raise ValueError("a JSON object per line")
                proxy.apply(command)
                answer = proxy.snapshot()
            except (ValueError, TypeError) as error:
                answer = {"ok": False, "error": str(error)}
            writer.write((json.dumps(answer) + "\n").encode())
            await writer.drain()
    except (ConnectionError, OSError):
        pass
    finally:
        writer.close()
        proxy.tasks.discard(task)


async def _serve(args, settings):
    proxy = Proxy(args.to, settings, args.seed)
    await proxy.listen(args.listen)
    control = await asyncio.start_server(lambda r, w: _control(proxy, r, w), "127.0.0.1", args.control)
    print(json.dumps({"port": proxy.listen_port, "control": control.sockets[0].getsockname()[1]}),
          flush=True)
    await asyncio.sleep(args.max_seconds)
    proxy.cut_all()


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--to", required=True, help="HOST:PORT of the real server (loopback only)")
    p.add_argument("--listen", type=int, default=0)
    p.add_argument("--control", type=int, default=0)
    p.add_argument("--max-seconds", type=float, default=900.0)
    p.add_argument("--seed", type=int, default=1)
    for name, (kind, default) in SETTINGS.items():
        p.add_argument("--" + name.replace("_", "-"), type=kind, default=default)
    p.add_argument("--latency-ms", type=float, default=None, help="both directions")
    args = p.parse_args(argv)
    host = args.to.rsplit(":", 1)[0]
    if host not in ("127.0.0.1", "localhost", "[::1]", "::1"):
        p.error("only loopback targets are allowed")
    settings = {name: getattr(args, name) for name in SETTINGS}
    if args.latency_ms is not None:
        settings["latency_up_ms"] = settings["latency_down_ms"] = args.latency_ms
    try:
        asyncio.run(_serve(args, settings))
    except KeyboardInterrupt:
        pass


# ----- Python front end for the tests --------------------------------------------------------

class FaultProxy:
    """Runs faultproxy.py as a child process; stopped by stop() / the with-block / its bound."""

    def __init__(self, target, max_seconds=900, seed=1, **faults):
        argv = [sys.executable, os.path.abspath(__file__), "--to", target,
                "--max-seconds", str(max_seconds), "--seed", str(seed)]
        for name, value in faults.items():
            argv += ["--" + name.replace("_", "-"), str(value)]
        self.proc = subprocess.Popen(argv, stdout=subprocess.PIPE, text=True)
        first = json.loads(self.proc.stdout.readline())
        self.port, self.control_port = first["port"], first["control"]
        self._sock = None

    def control(self, **command):
        """Send one command (see the module docstring); returns the answer."""
        if self._sock is None:
            self._sock = socket.create_connection(("127.0.0.1", self.control_port), timeout=10)
            self._file = self._sock.makefile("rwb")
        self._file.write((json.dumps(command) + "\n").encode())
        self._file.flush()
        answer = json.loads(self._file.readline())
        if not answer.get("ok"):
            raise ValueError("faultproxy: %s" % answer.get("error"))
        return answer

    def stats(self):
        """The counters (connections, cuts, refused, stalls, bytes_up, bytes_down, ...)."""
        return self.control()["stats"]

    def stop(self):
        """Stop the proxy process (idempotent)."""
        if self._sock is not None:
            self._file.close()
            self._sock.close()
            self._sock = None
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        self.proc.stdout.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


if __name__ == "__main__":
    main()
