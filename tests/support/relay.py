#!/usr/bin/env python3
"""A loopback TCP relay that adds latency: every chunk is held DELAY ms in each
direction before it is passed on (so 15 ms per direction = 30 ms round trip).

This kernel has no `tc netem`, so benchmarks use this instead. Chunks are
delayed, not serialised: a reader keeps reading while earlier chunks wait, so
the relay adds latency without capping throughput. TLS passes through untouched.

    python3 latencyrelay.py --listen 0 --to 127.0.0.1:9993 --delay-ms 15
prints the port it listens on as a JSON line; runs until killed, or for
--max-seconds (bounded by default: a benchmark never leaves it behind).
"""
import argparse
import asyncio
import collections
import json
import sys
import time


async def _pipe(reader, writer, delay):
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
                queue.append((time.monotonic() + delay, data))
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

    async def handle(client_reader, client_writer):
        try:
            server_reader, server_writer = await asyncio.open_connection(host, int(port))
        except OSError:
            client_writer.close()
            return
        await asyncio.gather(_pipe(client_reader, server_writer, delay),
                             _pipe(server_reader, client_writer, delay))

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
    args = p.parse_args()
    if not (args.to.startswith("127.") or args.to.startswith("localhost:") or args.to.startswith("[::1]")):
        sys.exit("latencyrelay: only loopback targets are allowed")
    try:
        asyncio.run(_serve(args))
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
