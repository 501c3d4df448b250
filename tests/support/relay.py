#!/usr/bin/env python3
"""A loopback TCP relay for benchmarks and fault tests; TLS passes through untouched.

Latency: every chunk is held DELAY ms in each direction before it is passed on
(15 ms per direction = 30 ms round trip; this kernel has no `tc netem`). Chunks
are delayed, not serialised, so latency is added without capping throughput.

Faults: with --cut-after N, each of the first --cut-connections connections is
cut (both sides closed) once N bytes have gone from the server to the client
(or, with --cut-direction up, from the client to the server) — "the connection
dropped in the middle of a literal".

    python3 relay.py --to 127.0.0.1:9993 [--delay-ms 15] [--cut-after 300000 --cut-connections 3]
prints {"port": P} as a JSON line; runs until killed, or for --max-seconds
(bounded by default: nothing is left behind).
"""
import argparse
import asyncio
import collections
import json
import sys
import time


async def _pipe(reader, writer, delay, budget=None):
    """Copies reader to writer with DELAY; BUDGET (a one-item list of bytes left, or
    None) cuts the connection when it runs out."""
    queue = collections.deque()
    ready = asyncio.Event()
    done = False

    async def pump_in():
        nonlocal done
        try:
            while True:
                data = await reader.read(256 * 1024)
                if not data:
                    break
                if budget is not None:
                    if len(data) >= budget[0]:
                        data = data[:budget[0]]
                        budget[0] = 0
                    else:
                        budget[0] -= len(data)
                queue.append((time.monotonic() + delay, data))
                if budget is not None and budget[0] == 0:
                    break
                ready.set()
        except (ConnectionError, OSError):
            pass
        done = True
        ready.set()

    async def pump_out():
        try:
            while True:
                while not queue:
                    if done:
                        return
                    ready.clear()
                    await ready.wait()
                due, data = queue.popleft()
                wait = due - time.monotonic()
                if wait > 0:
                    await asyncio.sleep(wait)
                writer.write(data)
                await writer.drain()
        except (ConnectionError, OSError):
            pass
        finally:
            try:
                writer.close()
            except Exception:
                pass

    await asyncio.gather(pump_in(), pump_out())


async def _serve(args):
    host, port = args.to.rsplit(":", 1)
    delay = args.delay_ms / 1000.0

    connections = [0]

    async def handle(client_reader, client_writer):
        connections[0] += 1
        budget = None
        if args.cut_after and connections[0] <= args.cut_connections:
            budget = [args.cut_after]
        try:
            server_reader, server_writer = await asyncio.open_connection(host, int(port))
        except OSError:
            client_writer.close()
            return
        up_budget, down_budget = (budget, None) if args.cut_direction == "up" else (None, budget)
        up = asyncio.ensure_future(_pipe(client_reader, server_writer, delay, up_budget))
        down = asyncio.ensure_future(_pipe(server_reader, client_writer, delay, down_budget))
        await asyncio.wait([up, down], return_when=asyncio.FIRST_COMPLETED)
        if budget is not None and budget[0] == 0:
            server_writer.close()  # cut: the client sees EOF mid-stream, the server a reset
            client_writer.close()
        await asyncio.gather(up, down, return_exceptions=True)

    server = await asyncio.start_server(handle, "127.0.0.1", args.listen)
    listen_port = server.sockets[0].getsockname()[1]
    print(json.dumps({"port": listen_port}), flush=True)
    async with server:
        await asyncio.sleep(args.max_seconds)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--listen", type=int, default=0)
    p.add_argument("--to", required=True, help="HOST:PORT (loopback only)")
    p.add_argument("--delay-ms", type=float, default=15.0)
    p.add_argument("--max-seconds", type=float, default=3600.0)
    p.add_argument("--cut-after", type=int, default=0, help="bytes server->client before a cut")
    p.add_argument("--cut-connections", type=int, default=1, help="how many connections get cut")
    p.add_argument("--cut-direction", choices=("down", "up"), default="down",
                   help="count bytes server->client (down) or client->server (up)")
    args = p.parse_args()
    if not (args.to.startswith("127.") or args.to.startswith("localhost:") or args.to.startswith("[::1]")):
        sys.exit("latencyrelay: only loopback targets are allowed")
    try:
        asyncio.run(_serve(args))
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
