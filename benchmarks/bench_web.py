"""Latency of the web API under a bounded load on loopback: 200 requests from 8 concurrent clients.

    .venv/bin/python benchmarks/bench_web.py [--requests 200] [--clients 8]
"""

from __future__ import annotations

import argparse
import concurrent.futures
import resource
import socket
import statistics
import threading
import time

import httpx
import uvicorn

from licensecheck.licensedb import load_license
from licensecheck.web import create_app


def _current_rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[1])
    return pages * resource.getpagesize() / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--clients", type=int, default=8)
    args = parser.parse_args()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(), host="127.0.0.1", port=port, access_log=False, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    httpx.get(f"{base}/api/health", timeout=120)
    texts = [load_license(key).text for key in ("llama-2-license-2023", "mit", "apache-2.0", "bigscience-open-rail-m")]

    def one(number: int) -> tuple[int, float]:
        started = time.perf_counter()
        with httpx.Client(timeout=120) as client:
            status = client.post(f"{base}/api/analyze", json={"text": texts[number % len(texts)]}).status_code
        return status, time.perf_counter() - started

    started = time.perf_counter()
    rss: list[float] = []
    results = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.clients) as pool:
        for quarter in range(4):
            batch = range(quarter * args.requests // 4, (quarter + 1) * args.requests // 4)
            results += list(pool.map(one, batch))
            rss.append(_current_rss_mb())
    elapsed = time.perf_counter() - started
    latencies = sorted(latency for _, latency in results)
    errors = sum(1 for status, _ in results if status != 200)
    p95 = latencies[int(0.95 * (len(latencies) - 1))]
    print(f"{args.requests} requests, {args.clients} clients: {errors} errors, {args.requests / elapsed:.1f} requests/s")
    print(f"latency p50 {1000 * statistics.median(latencies):.0f} ms, p95 {1000 * p95:.0f} ms, max {1000 * latencies[-1]:.0f} ms")
    print("resident memory after each quarter of the load (server and clients, one process): " + ", ".join(f"{value:.0f} MB" for value in rss))
    print(f"peak resident memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    server.should_exit = True


if __name__ == "__main__":
    main()
