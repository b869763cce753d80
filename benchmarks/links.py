"""Tracked links: the redirector's speed beside nginx, the click journal's durability, and the shipping rate.

    .venv/bin/python benchmarks/links.py [--seconds S] [--rounds N] [--lines N]

Needs wrk and nginx (`make bench-links` installs them when missing) and PostgreSQL on 127.0.0.1:5432 (user
postgres, no password), where it creates a database of its own and drops it at the end.

1. Throughput: `duta redirector --workers 2` and nginx answering `return 302` on the same machine, each under
   `wrk -t2 -c64 --latency` on loopback with random codes and a phone's User-Agent, in interleaved rounds (nginx,
   redirector, nginx, redirector…). The median round of each is reported, and their ratio. Target: the redirector
   (writing its journal) at 0.35 x nginx or more.
2. Durability, on SQLite and on PostgreSQL: wrk with one connection per thread sends requests with a unique
   Referer each and records which of them got a 302; meanwhile the redirector is killed (SIGKILL, all its
   processes) and started again. Then `duta clicks ship` runs while the database is down (SQLite: locked by
   this process; PostgreSQL: behind a proxy that refuses connections), retries, and stores every journal once
   the database is back. Every 302 received must be one stored click: 0 lost, 0 duplicated. Clicks stored whose
   answer never reached wrk (in flight at the kill, or at the end of the run) are "unanswered".
3. Shipping rate, on SQLite and on PostgreSQL: a generated journal of 500,000 clicks (phones, ~2% link previews,
   ~1% crawlers) stored by `duta clicks ship --once`, three times on a fresh database. Target: 100,000 clicks/s.

Human-readable lines first, then one JSON object on the last line. The figures are reported, not asserted: the
exit code is 0 when a target is missed, and not 0 only when something would not run. Everything happens in a
temporary directory with the production settings (DEBUG=false); var/ is never touched.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import re
import secrets
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from http.client import HTTPConnection
from pathlib import Path
from typing import Any

from common import POSTGRES, BenchmarkError, postgres_database

HERE = Path(__file__).resolve().parent
PYTHON = sys.executable
DUTA = str(Path(sys.executable).with_name("duta"))
PROBE_REFERRER = "http://bench.invalid/probe"  # the readiness checks' clicks: not counted by the durability phase
RECEIVED_PREFIX = "http://bench.invalid/"
PHONE = (
    "Mozilla/5.0 (Linux; Android 13; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0.6367.113 Mobile Safari/537.36"
)

TARGET_RATIO = 0.35
TARGET_SHIP_RATE = 100_000
SQLITE_LOCK_SECONDS = 8.0  # more than the 5 s busy timeout of the settings: the shipper's first attempt must fail
POSTGRES_DOWN_SECONDS = 5.0
STARTED = time.monotonic()


def progress(message: str) -> None:
    print(f"  [{time.monotonic() - STARTED:5.0f} s] {message}", flush=True)


# --- the fixture (a child process with Django) ----------------------------------------------------------------

UNIT_NAMES = [
    "Biro Hubungan Masyarakat",
    "Biro Perencanaan",
    "Biro Hukum",
    "Direktorat Jenderal Pelayanan",
    "Direktorat Jenderal Pengawasan",
    "Inspektorat Jenderal",
    "Badan Penelitian",
    "Pusat Data dan Informasi",
]
ITEM_TITLES = [
    "Layanan paspor kini bisa diurus lewat aplikasi",
    "Lima langkah mudah mendaftar program magang nasional",
    "Jadwal layanan keliling di 34 provinsi",
    "Infografis: capaian pelayanan publik 2024",
    "Siaran pers: peluncuran kanal pengaduan terpadu",
]
PLATFORMS = ["whatsapp", "whatsapp", "facebook", "instagram", "x", "telegram", "tiktok", "threads"]


def make_fixture(codes_path: Path, members: int, links: int, seed: int) -> None:
    """Migrate the database of the environment and fill it: one organization, its units, ``members`` ambassadors,
    one campaign with five items, and ``links`` share links; write the links' codes to ``codes_path``."""
    started = time.perf_counter()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "duta.config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from duta.accounts.models import User
    from duta.campaigns.models import Campaign, ContentItem, ItemStatus
    from duta.links import rules
    from duta.links.models import ShareLink
    from duta.organizations.models import Membership, Role
    from duta.organizations.services import organization_create, unit_ensure_path

    call_command("migrate", verbosity=0)
    migrated = time.perf_counter() - started
    rng = random.Random(seed)
    now = timezone.now()
    organization = organization_create(
        actor=None, name="Kementerian Benchmark", slug="bench", kind="ministry", admin=None
    )
    humas = User.objects.create_user(email="humas@bench.example", password=None, full_name="Humas Benchmark")
    Membership.objects.create(user=humas, organization=organization, role=Role.ADMIN)
    units = [
        unit_ensure_path(organization=organization, names=("Sekretariat Jenderal", name), actor=None)
        for name in UNIT_NAMES
    ]
    User.objects.bulk_create(
        [
            User(email=f"duta{number:05d}@bench.example", full_name=f"Duta {number:05d}", password="!")
            for number in range(members)
        ],
        batch_size=1000,
    )
    users = list(User.objects.filter(email__startswith="duta").order_by("email"))
    Membership.objects.bulk_create(
        [Membership(user=user, organization=organization, unit=rng.choice(units)) for user in users],
        batch_size=1000,
    )
    memberships = list(Membership.objects.filter(organization=organization, role=Role.AMBASSADOR).order_by("pk"))
    campaign = Campaign.objects.create(
        organization=organization, name="Pelayanan Publik Makin Mudah", starts_on=now.date(), created_by=humas
    )
    items = [
        ContentItem.objects.create(
            organization=organization,
            campaign=campaign,
            title=title,
            target_url=f"https://example.org/berita/{number + 1}-{title.split(':')[0].lower().replace(' ', '-')}",
            status=ItemStatus.LIVE,
            author=humas,
            live_at=now,
        )
        for number, title in enumerate(ITEM_TITLES)
    ]
    codes: set[str] = set()
    share_links = []
    for number in range(links):  # each member has at most one link per item: (item, member, platform) is unique
        member = memberships[number % len(memberships)]
        item = items[(number // len(memberships)) % len(items)]
        code = rules.new_code()
        while code in codes:
            code = rules.new_code()
        codes.add(code)
        share_links.append(
            ShareLink(
                organization=organization,
                code=code,
                item=item,
                member=member,
                platform=rng.choice(PLATFORMS),
                campaign=campaign,
                unit=member.unit,
                destination=item.target_url,
                utm_campaign=rules.utm_campaign_value(campaign.name, campaign.pk),
                utm_content=rules.utm_content_value(rng.randrange(3)),
            )
        )
    ShareLink.objects.bulk_create(share_links, batch_size=1000)
    codes_path.write_text("".join(link.code + "\n" for link in share_links))
    if connection.vendor == "sqlite":  # everything in the database file itself: copies of it are complete
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    print(
        f"{connection.vendor}: migrated in {migrated:.1f} s; {len(memberships):,} ambassadors in {len(units)} units, "
        f"{len(items)} items, {len(share_links):,} share links in {time.perf_counter() - started:.1f} s"
    )


# --- child processes ------------------------------------------------------------------------------------------


class Children:
    """The processes the benchmark starts, each in a session (a process group) of its own, killed on any exit."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.started: list[subprocess.Popen[bytes]] = []

    def start(self, name: str, args: list[str], *, env: dict[str, str]) -> subprocess.Popen[bytes]:
        log = self.log(name)
        with log.open("ab") as handle:
            process = subprocess.Popen(
                args, env=env, stdin=subprocess.DEVNULL, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True
            )
        self.started.append(process)
        return process

    def log(self, name: str) -> Path:
        return self.directory / f"{name}.log"

    def terminate(self, process: subprocess.Popen[bytes], *, timeout: float = 30.0) -> None:
        """SIGTERM to the process, then SIGKILL to whatever is left of its group."""
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                process.send_signal(signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout)
        self.kill(process)

    def kill(self, process: subprocess.Popen[bytes]) -> None:
        """SIGKILL to the whole group, and wait until every process of it is gone (and reaped)."""
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                os.killpg(process.pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.05)
        raise BenchmarkError(f"the processes of group {process.pid} are still there 15 s after SIGKILL")

    def cleanup(self) -> None:
        for process in self.started:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signal.SIGKILL)
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(10)


def tail(path: Path, lines: int = 15) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except FileNotFoundError:
        return "(no log)"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def probe(port: int, code: str) -> int:
    """The status of one GET /s/<code> (0 when nothing answers)."""
    connection = HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", f"/s/{code}", headers={"User-Agent": PHONE, "Referer": PROBE_REFERRER})
        response = connection.getresponse()
        response.read()
        return response.status
    except OSError:
        return 0
    finally:
        connection.close()


def wait_for_302(name: str, process: subprocess.Popen[bytes], port: int, code: str, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchmarkError(f"{name} exited with {process.returncode}:\n{tail(log)}")
        if probe(port, code) == 302:
            return
        time.sleep(0.1)
    raise BenchmarkError(f"{name} did not answer 302 within 60 s:\n{tail(log)}")


@dataclass
class Context:
    """What every phase needs: the temporary directory, the child processes and the environments."""

    directory: Path
    children: Children
    base_env: dict[str, str]

    def env(self, database_url: str, journal_dir: Path, **extra: str) -> dict[str, str]:
        env = dict(self.base_env)
        env.update(DATABASE_URL=database_url, LINKS_JOURNAL_DIR=str(journal_dir), **extra)
        return env

    def start_redirector(self, name: str, env: dict[str, str], port: int, code: str) -> subprocess.Popen[bytes]:
        args = [DUTA, "redirector", "--host", "127.0.0.1", "--port", str(port), "--workers", "2"]
        process = self.children.start(name, args, env=env)
        wait_for_302(name, process, port, code, self.children.log(name))
        return process


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"  # an absolute path: sqlite:////tmp/…


def read_codes(path: Path) -> list[str]:
    return path.read_text().split()


def fixture(ctx: Context, label: str, database_url: str, members: int, links: int) -> Path:
    codes = ctx.directory / f"codes-{label}.txt"
    env = ctx.env(database_url, ctx.directory / "unused-journal")
    args = [PYTHON, str(Path(__file__).resolve()), "--fixture", str(codes), "--members", str(members)]
    args += ["--links", str(links)]
    result = subprocess.run(args, env=env, capture_output=True, text=True, timeout=600, check=False)
    if result.returncode != 0:
        raise BenchmarkError(f"the fixture ({label}) failed:\n{result.stdout}{result.stderr[-3000:]}")
    progress("fixture " + result.stdout.strip().splitlines()[-1])
    return codes


# --- wrk ------------------------------------------------------------------------------------------------------

_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


@dataclass
class WrkRound:
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int  # non-2xx/3xx answers and socket errors


def parse_wrk(output: str) -> WrkRound:
    rps = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.MULTILINE)
    percentiles = {
        number: float(value) * _UNITS_MS[unit]
        for number, value, unit in re.findall(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.MULTILINE)
    }
    requests = re.search(r"^\s+(\d+) requests in", output, re.MULTILINE)
    if rps is None or requests is None or set(percentiles) != {"50", "99"}:
        raise BenchmarkError(f"cannot read wrk's output:\n{output}")
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses:\s+(\d+)", output))
    for found in re.findall(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output):
        errors += sum(int(n) for n in found)
    return WrkRound(float(rps[1]), percentiles["50"], percentiles["99"], int(requests[1]), errors)


def run_wrk(args: list[str], *, env: dict[str, str], seconds: float) -> str:
    result = subprocess.run(["wrk", *args], env=env, capture_output=True, text=True, timeout=seconds + 60, check=False)
    if result.returncode != 0:
        raise BenchmarkError(f"wrk failed ({result.returncode}):\n{result.stdout}{result.stderr}")
    return result.stdout


# --- 1. throughput --------------------------------------------------------------------------------------------

NGINX_CONF = """\
worker_processes auto;
daemon off;
pid {dir}/nginx.pid;
error_log {dir}/nginx-error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    server {{
        listen 127.0.0.1:{port} backlog=4096;
        location / {{ return 302 https://example.org/; }}
    }}
}}
"""


@dataclass
class Throughput:
    duta: list[WrkRound]
    nginx: list[WrkRound]

    @staticmethod
    def median(rounds: list[WrkRound]) -> WrkRound:
        return sorted(rounds, key=lambda round_: round_.rps)[len(rounds) // 2]


def throughput(ctx: Context, pristine: Path, codes_path: Path, *, rounds: int, seconds: int) -> Throughput:
    database = ctx.directory / "throughput.sqlite3"
    shutil.copyfile(pristine, database)
    journal_dir = ctx.directory / "journal-throughput"
    code = read_codes(codes_path)[0]
    nginx_dir = ctx.directory / "nginx"
    nginx_dir.mkdir()
    nginx_port, duta_port = free_port(), free_port()
    conf = nginx_dir / "nginx.conf"
    conf.write_text(NGINX_CONF.format(dir=nginx_dir, port=nginx_port))
    nginx_bin = shutil.which("nginx") or "/usr/sbin/nginx"
    nginx = ctx.children.start(
        "nginx",
        [nginx_bin, "-p", str(nginx_dir), "-c", str(conf), "-e", str(nginx_dir / "nginx-error.log")],
        env=ctx.base_env,
    )
    wait_for_302("nginx", nginx, nginx_port, code, ctx.children.log("nginx"))
    redirector = ctx.start_redirector(
        "redirector-throughput", ctx.env(sqlite_url(database), journal_dir), duta_port, code
    )
    progress(f"nginx on port {nginx_port}, `duta redirector --workers 2` on port {duta_port}; warming up")
    wrk_env = dict(ctx.base_env, DUTA_BENCH_CODES=str(codes_path))
    script = str(HERE / "links_wrk.lua")
    ports = {"nginx": nginx_port, "duta": duta_port}
    for port in ports.values():
        run_wrk(["-t2", "-c64", "-d3s", "-s", script, f"http://127.0.0.1:{port}"], env=wrk_env, seconds=3)
    result = Throughput(duta=[], nginx=[])
    for number in range(1, rounds + 1):
        for name in ("nginx", "duta"):
            args = ["-t2", "-c64", f"-d{seconds}s", "--latency", "-s", script, f"http://127.0.0.1:{ports[name]}"]
            measured = parse_wrk(run_wrk(args, env=wrk_env, seconds=seconds))
            getattr(result, name).append(measured)
            label = "nginx return 302" if name == "nginx" else "redirector"
            errors = f", {measured.errors:,} errors" if measured.errors else ""
            progress(
                f"round {number}/{rounds} {label}: {measured.rps:,.0f} req/s, p50 {measured.p50_ms:.2f} ms, "
                f"p99 {measured.p99_ms:.2f} ms{errors}"
            )
    ctx.children.terminate(redirector)
    ctx.children.terminate(nginx)
    size = sum(path.stat().st_size for path in journal_dir.iterdir())
    progress(f"the throughput rounds journaled {size / 1e6:,.0f} MB; deleted (not shipped)")
    shutil.rmtree(journal_dir)
    return result


# --- 2. durability --------------------------------------------------------------------------------------------


class Outage:
    """The database unavailable to the shipper between ``begin()`` and ``end()``."""

    seconds: float = 5.0
    description: str = ""

    def begin(self) -> None:
        raise NotImplementedError

    def end(self) -> None:
        raise NotImplementedError


class SqliteLock(Outage):
    """An exclusive lock on the SQLite database, held by this process: the shipper's writes wait for the busy
    timeout, then fail with "database is locked"."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.seconds = SQLITE_LOCK_SECONDS
        self.description = f"locked for {self.seconds:.0f} s"
        self._connection: sqlite3.Connection | None = None

    def begin(self) -> None:
        self._connection = sqlite3.connect(self.path, isolation_level=None, timeout=30)
        self._connection.execute("BEGIN EXCLUSIVE")

    def end(self) -> None:
        if self._connection is not None:
            self._connection.execute("ROLLBACK")
            self._connection.close()
            self._connection = None


class PostgresProxy(Outage):
    """A TCP proxy in front of 127.0.0.1:5432 that, while the outage lasts, accepts and closes every connection."""

    def __init__(self) -> None:
        self.seconds = POSTGRES_DOWN_SECONDS
        self.description = f"refusing connections for {self.seconds:.0f} s"
        self.refused = 0
        self._down = threading.Event()
        self._closing = threading.Event()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.2)
        self.port = int(self._listener.getsockname()[1])
        self._thread = threading.Thread(target=self._accept, name="postgres-proxy", daemon=True)
        self._thread.start()

    def begin(self) -> None:
        self._down.set()

    def end(self) -> None:
        self._down.clear()

    def close(self) -> None:
        self._closing.set()
        self._thread.join(5)
        self._listener.close()

    def _accept(self) -> None:
        while not self._closing.is_set():
            try:
                client, _address = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            if self._down.is_set():
                self.refused += 1
                client.close()
                continue
            try:
                upstream = socket.create_connection(("127.0.0.1", 5432), timeout=5)
            except OSError:
                client.close()
                continue
            client.settimeout(None)
            upstream.settimeout(None)
            for source, target in ((client, upstream), (upstream, client)):
                threading.Thread(target=_pump, args=(source, target), daemon=True).start()


def _pump(source: socket.socket, target: socket.socket) -> None:
    try:
        while data := source.recv(1 << 16):
            target.sendall(data)
    except OSError:
        pass
    finally:
        for sock in (source, target):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        source.close()


@dataclass
class Durability:
    label: str
    received: int = 0
    stored: int = 0
    lost: int = 0
    duplicated: int = 0
    unanswered: int = 0
    not_302: int = 0
    foreign: int = 0  # stored clicks whose referrer is none of the benchmark's
    retries: int = 0
    outage: str = ""
    ship_seconds: float = 0.0
    details: dict[str, Any] = field(default_factory=dict)


def journal_names(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.glob("*") if p.name.endswith((".active", ".closed")))


def durability(
    ctx: Context,
    label: str,
    *,
    redirector_env: dict[str, str],
    shipper_env: dict[str, str],
    journal_dir: Path,
    codes_path: Path,
    outage: Outage,
    referrers: Callable[[], list[str]],
    seconds: int,
) -> Durability:
    result = Durability(label=label, outage=outage.description)
    code = read_codes(codes_path)[0]
    port = free_port()
    name = f"redirector-{label.lower()}"
    redirector = ctx.start_redirector(name, redirector_env, port, code)
    received_path = ctx.directory / f"received-{label.lower()}.txt"
    wrk_env = dict(ctx.base_env, DUTA_BENCH_CODES=str(codes_path), DUTA_BENCH_RECEIVED=str(received_path))
    args = ["-t32", "-c32", f"-d{seconds}s", "-s", str(HERE / "links_durability.lua"), f"http://127.0.0.1:{port}"]
    wrk_log = ctx.children.log(f"wrk-{label.lower()}")
    progress(f"{label}: wrk -t32 -c32 for {seconds} s; the redirector will be killed after 4 s")
    wrk = ctx.children.start(f"wrk-{label.lower()}", ["wrk", *args], env=wrk_env)
    time.sleep(4)
    ctx.children.kill(redirector)
    killed_at = time.monotonic()
    progress(f"{label}: SIGKILL to every process of the redirector; starting it again in 1 s")
    time.sleep(1)
    redirector = ctx.start_redirector(name, redirector_env, port, code)
    progress(f"{label}: the redirector answers again, {time.monotonic() - killed_at:.1f} s after the kill")
    try:
        wrk.wait(seconds + 60)
    except subprocess.TimeoutExpired:
        raise BenchmarkError(f"wrk did not end:\n{tail(wrk_log)}") from None
    if wrk.returncode != 0:
        raise BenchmarkError(f"wrk failed ({wrk.returncode}):\n{tail(wrk_log)}")
    wrk_output = wrk_log.read_text(errors="replace")
    requests = re.search(r"(\d+) requests in", wrk_output)
    errors = re.search(r"Socket errors: .*", wrk_output)
    progress(
        f"{label}: wrk made {int(requests[1]) if requests else 0:,} requests"
        + (f" ({errors[0].lower()})" if errors else "")
    )
    ctx.children.terminate(redirector)
    files = journal_names(journal_dir)
    active = sum(file.endswith(".active") for file in files)
    progress(f"{label}: the redirector stopped (SIGTERM); {len(files)} journal files to ship, {active} still .active")

    shipper_name = f"shipper-{label.lower()}"
    outage.begin()
    try:
        shipper = ctx.children.start(shipper_name, [DUTA, "clicks", "ship", "--interval", "0.5"], env=shipper_env)
        shipping_started = time.monotonic()
        progress(f"{label}: `duta clicks ship --interval 0.5` started with the database {outage.description}")
        deadline = time.monotonic() + outage.seconds
        while time.monotonic() < deadline:
            if shipper.poll() is not None:
                log = ctx.children.log(shipper_name)
                raise BenchmarkError(f"the shipper exited with {shipper.returncode}:\n{tail(log)}")
            time.sleep(0.1)
    finally:
        outage.end()
    progress(f"{label}: the database is back; waiting for the journals to be stored")
    deadline = time.monotonic() + 300
    while journal_names(journal_dir):
        if shipper.poll() is not None:
            raise BenchmarkError(
                f"the shipper exited with {shipper.returncode}:\n{tail(ctx.children.log(shipper_name))}"
            )
        if time.monotonic() > deadline:
            raise BenchmarkError(f"the journals were not stored within 300 s:\n{tail(ctx.children.log(shipper_name))}")
        time.sleep(0.1)
    result.ship_seconds = time.monotonic() - shipping_started
    ctx.children.terminate(shipper)
    shipper_log = ctx.children.log(shipper_name).read_text(errors="replace")
    result.retries = shipper_log.count("the database is unavailable")
    progress(
        f"{label}: every journal stored {result.ship_seconds:.1f} s after the shipper started; it retried "
        f"{result.retries} time(s)"
    )

    received: set[str] = set()
    received_lines = 0
    for line in received_path.read_text().splitlines():
        if line.startswith("#"):
            result.not_302 += int(line.rsplit(" ", 1)[1])
        elif line:
            received.add(line)
            received_lines += 1
    if received_lines != len(received):
        raise BenchmarkError(f"wrk's script recorded {received_lines - len(received)} answers twice")
    stored: Counter[str] = Counter()
    for referrer in referrers():
        if referrer == PROBE_REFERRER:
            continue
        if referrer.startswith(RECEIVED_PREFIX):
            stored[referrer[len(RECEIVED_PREFIX) :]] += 1
        else:
            result.foreign += 1
    result.received = len(received)
    result.stored = sum(stored.values())
    result.lost = len(received - stored.keys())
    result.duplicated = sum(count - 1 for count in stored.values())
    result.unanswered = len(stored.keys() - received)
    result.details = {"journal_files": len(files), "active_files_after_sigterm": active}
    return result


def sqlite_referrers(path: Path) -> Callable[[], list[str]]:
    def read() -> list[str]:
        with contextlib.closing(sqlite3.connect(path)) as connection:
            return [row[0] for row in connection.execute("SELECT referrer FROM links_click")]

    return read


def postgres_referrers(name: str) -> Callable[[], list[str]]:
    def read() -> list[str]:
        import psycopg

        with psycopg.connect(POSTGRES.replace("dbname=postgres", f"dbname={name}")) as connection:
            return [row[0] for row in connection.execute("SELECT referrer FROM links_click")]

    return read


# --- 3. shipping rate -----------------------------------------------------------------------------------------

ANDROID_MODELS = [
    "SM-A155F", "SM-A256E", "SM-A546E", "SM-A057F", "SM-A145F", "SM-S921B", "SM-M146B", "23021RAA2Y",
    "2201117TG", "23108RN04Y", "RMX3834", "RMX3710", "CPH2591", "CPH2477", "V2303", "V2254", "Infinix X6833B",
    "Infinix X6831", "TECNO KJ5", "itel A665L", "M2101K6G", "POCO X6 Pro 5G",
]  # fmt: skip
CHROME_VERSIONS = ["120.0.6099.230", "122.0.6261.119", "124.0.6367.113", "125.0.6422.165", "126.0.6478.71"]
IOS_VERSIONS = ["15_8_2", "16_7_8", "17_4_1", "17_5_1", "17_6", "18_0"]
PREVIEWS = [
    "WhatsApp/2.23.20.0 A",
    "WhatsApp/2.24.6.77 i",
    "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
    "TelegramBot (like TwitterBot)",
    "Twitterbot/1.0",
]
CRAWLERS = [
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/125.0.6422.175 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
]


def phone_agents(rng: random.Random, count: int = 200) -> list[str]:
    """``count`` distinct User-Agent headers of phones: Chrome on Android, Safari on iPhones, and the in-app
    browsers of Instagram, Facebook and TikTok."""
    agents: set[str] = set()
    while len(agents) < count:
        model = rng.choice(ANDROID_MODELS)
        android = rng.choice(["11", "12", "13", "14"])
        chrome = rng.choice(CHROME_VERSIONS)
        ios = rng.choice(IOS_VERSIONS)
        kind = rng.random()
        if kind < 0.45:
            agents.add(
                f"Mozilla/5.0 (Linux; Android {android}; {model}) AppleWebKit/537.36 (KHTML, like Gecko) "
                f"Chrome/{chrome} Mobile Safari/537.36"
            )
        elif kind < 0.65:
            agents.add(
                f"Mozilla/5.0 (iPhone; CPU iPhone OS {ios} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                f"Version/{ios.split('_')[0]}.{ios.split('_')[1]} Mobile/15E148 Safari/604.1"
            )
        elif kind < 0.8:
            agents.add(
                f"Mozilla/5.0 (Linux; Android {android}; {model} Build/TP1A.220624.014; wv) AppleWebKit/537.36 "
                f"(KHTML, like Gecko) Version/4.0 Chrome/{chrome} Mobile Safari/537.36 Instagram "
                f"{rng.randrange(300, 340)}.0.0.{rng.randrange(10, 60)}.{rng.randrange(60, 120)} Android "
                f"({20 + int(android)}/{android}; 420dpi; 1080x2340; {model}; in_ID)"
            )
        elif kind < 0.92:
            agents.add(
                f"Mozilla/5.0 (Linux; Android {android}; {model} Build/UP1A.231005.007; wv) AppleWebKit/537.36 "
                f"(KHTML, like Gecko) Version/4.0 Chrome/{chrome} Mobile Safari/537.36 [FB_IAB/FB4A;FBAV/"
                f"{rng.randrange(440, 470)}.0.0.{rng.randrange(20, 60)}.{rng.randrange(60, 120)};]"
            )
        else:
            agents.add(
                f"Mozilla/5.0 (iPhone; CPU iPhone OS {ios} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                f"Mobile/15E148 musical_ly_{rng.randrange(33, 35)}.{rng.randrange(0, 9)}.0 JsSdk/2.0 "
                f"NetType/WIFI Channel/App Store ByteLocale/id Region/ID"
            )
    return sorted(agents)


def write_journal(directory: Path, codes: list[str], lines: int, rng: random.Random, *, files: int = 4) -> None:
    """``lines`` clicks of an hour ago in ``files`` closed journal files, as four redirector processes write them."""
    directory.mkdir(parents=True, exist_ok=True)
    agents = phone_agents(rng)
    start_ms = int(time.time() * 1000) - 3_600_000
    for number in range(files):
        count = lines // files + (lines % files if number == files - 1 else 0)
        prefix = f"{rng.getrandbits(40):010x}"
        name = f"bench-node.{40_000 + number}.{rng.getrandbits(32):08x}.000001.closed"
        chunk = []
        for sequence in range(1, count + 1):
            draw = rng.random()
            if draw < 0.02:
                agent = rng.choice(PREVIEWS)
            elif draw < 0.03:
                agent = rng.choice(CRAWLERS)
            else:
                agent = rng.choice(agents)
            click_id = f"{start_ms + sequence // 5:012x}{prefix}{sequence:010x}"
            chunk.append(f"{click_id}\t{rng.choice(codes)}\t{rng.getrandbits(64):016x}\t\t{agent}\n")
        (directory / name).write_text("".join(chunk))


@dataclass
class ShipRun:
    stored: int
    seconds: float
    counted: int
    previews: int
    filtered: int
    skipped: int

    @property
    def rate(self) -> float:
        return self.stored / self.seconds if self.seconds else 0.0


def ship_rate(
    ctx: Context, label: str, *, fresh: Callable[[int], str], codes_path: Path, lines: int, runs: int
) -> list[ShipRun]:
    """``fresh(number)`` gives the URL of a database with the fixture and no clicks."""
    codes = read_codes(codes_path)
    results = []
    for number in range(1, runs + 1):
        database_url = fresh(number)
        journal_dir = ctx.directory / f"journal-ship-{label.lower()}-{number}"
        started = time.perf_counter()
        write_journal(journal_dir, codes, lines, random.Random(number))
        size = sum(path.stat().st_size for path in journal_dir.iterdir())
        progress(f"ship {label} run {number}/{runs}: journal of {lines:,} clicks ({size / 1e6:.0f} MB) written in "
                 f"{time.perf_counter() - started:.1f} s")  # fmt: skip
        args = [DUTA, "clicks", "ship", "--once", "--json", "--dir", str(journal_dir)]
        result = subprocess.run(
            args, env=ctx.env(database_url, journal_dir), capture_output=True, text=True, timeout=600, check=False
        )
        if result.returncode != 0:
            raise BenchmarkError(f"`duta clicks ship --once` failed ({label}):\n{result.stdout}{result.stderr[-3000:]}")
        report = json.loads(result.stdout.strip().splitlines()[-1])
        shipped = ShipRun(
            report["stored"], report["seconds"], report["counted"], report["previews"], report["filtered"],
            report["skipped"],
        )  # fmt: skip
        results.append(shipped)
        left = journal_names(journal_dir)
        progress(
            f"ship {label} run {number}/{runs}: {shipped.stored:,} stored ({shipped.counted:,} counted, "
            f"{shipped.previews:,} link previews, {shipped.filtered:,} crawlers or repeats"
            + (f", {shipped.skipped:,} skipped" if shipped.skipped else "")
            + f") in {shipped.seconds:.2f} s = {shipped.rate:,.0f} clicks/s"
            + (f"; {len(left)} journal files left!" if left else "")
        )
        shutil.rmtree(journal_dir)
    return results


# --- PostgreSQL -----------------------------------------------------------------------------------------------


def postgres_empty_clicks(name: str) -> None:
    import psycopg

    with psycopg.connect(POSTGRES.replace("dbname=postgres", f"dbname={name}"), autocommit=True) as connection:
        connection.execute("TRUNCATE links_click, links_clickrollup, links_journalcursor, links_useragent")
        connection.execute("VACUUM ANALYZE links_click")


# --- the run --------------------------------------------------------------------------------------------------


def run(ctx: Context, args: argparse.Namespace) -> dict[str, Any]:
    directory = ctx.directory
    pristine = directory / "fixture.sqlite3"
    progress("SQLite fixture")
    sqlite_codes = fixture(ctx, "sqlite", sqlite_url(pristine), args.members, args.links)

    progress(f"throughput: {args.rounds} rounds of {args.seconds} s each for nginx and for the redirector")
    speed = throughput(ctx, pristine, sqlite_codes, rounds=args.rounds, seconds=args.seconds)
    duta, nginx = Throughput.median(speed.duta), Throughput.median(speed.nginx)
    ratio = duta.rps / nginx.rps if nginx.rps else 0.0

    progress("durability on SQLite")
    database = directory / "durability.sqlite3"
    shutil.copyfile(pristine, database)
    journal_dir = directory / "journal-durability-sqlite"
    env = ctx.env(sqlite_url(database), journal_dir)
    results = [
        durability(
            ctx, "SQLite", redirector_env=env, shipper_env=env, journal_dir=journal_dir, codes_path=sqlite_codes,
            outage=SqliteLock(database), referrers=sqlite_referrers(database), seconds=args.durability_seconds,
        )
    ]  # fmt: skip

    pg_name = f"duta_bench_links_{os.getpid()}"
    with postgres_database(pg_name):
        progress(f"PostgreSQL fixture (database {pg_name})")
        pg_url = f"postgres://postgres@127.0.0.1:5432/{pg_name}"
        pg_codes = fixture(ctx, "postgresql", pg_url, args.members, args.links)
        progress("durability on PostgreSQL")
        journal_dir = directory / "journal-durability-postgresql"
        proxy = PostgresProxy()
        try:
            results.append(
                durability(
                    ctx, "PostgreSQL", redirector_env=ctx.env(pg_url, journal_dir),
                    shipper_env=ctx.env(f"postgres://postgres@127.0.0.1:{proxy.port}/{pg_name}", journal_dir),
                    journal_dir=journal_dir, codes_path=pg_codes, outage=proxy,
                    referrers=postgres_referrers(pg_name), seconds=args.durability_seconds,
                )
            )  # fmt: skip
        finally:
            proxy.close()
        results[-1].details["connections_refused"] = proxy.refused

        def fresh_sqlite(number: int) -> str:
            path = directory / f"ship-{number}.sqlite3"
            shutil.copyfile(pristine, path)
            return sqlite_url(path)

        def fresh_postgres(number: int) -> str:
            postgres_empty_clicks(pg_name)
            return pg_url

        progress(f"shipping rate: {args.ship_runs} runs of {args.lines:,} clicks on SQLite, then on PostgreSQL")
        sqlite_runs = ship_rate(
            ctx, "SQLite", fresh=fresh_sqlite, codes_path=sqlite_codes, lines=args.lines, runs=args.ship_runs
        )
        pg_runs = ship_rate(
            ctx, "PostgreSQL", fresh=fresh_postgres, codes_path=pg_codes, lines=args.lines, runs=args.ship_runs
        )

    sqlite_rate = statistics.median(shipped.rate for shipped in sqlite_runs)
    pg_rate = statistics.median(shipped.rate for shipped in pg_runs)

    print()
    met = "MET" if ratio >= TARGET_RATIO else "NOT MET"
    print(
        f"redirector: {duta.rps:,.0f} req/s (p50 {duta.p50_ms:.2f} ms, p99 {duta.p99_ms:.2f} ms); "
        f"nginx return 302: {nginx.rps:,.0f} req/s (p50 {nginx.p50_ms:.2f} ms, p99 {nginx.p99_ms:.2f} ms); "
        f"ratio {ratio:.2f} (target ≥ {TARGET_RATIO}: {met})"
    )
    print(
        "  (wrk -t2 -c64, medians of "
        + f"{len(speed.duta)} interleaved rounds of {args.seconds} s; redirector rounds "
        + ", ".join(f"{round_.rps:,.0f}" for round_ in speed.duta)
        + "; nginx rounds "
        + ", ".join(f"{round_.rps:,.0f}" for round_ in speed.nginx)
        + ")"
    )
    for result in results:
        print(
            f"durability ({result.label}): {result.received:,} 302s received, {result.stored:,} stored, "
            f"{result.lost:,} lost, {result.duplicated:,} duplicated, {result.unanswered:,} unanswered; "
            f"shipped with the database {result.outage}: {result.retries} retr{'y' if result.retries == 1 else 'ies'}"
            + (f"; {result.not_302:,} answers other than 302" if result.not_302 else "")
            + (f"; {result.foreign:,} clicks of unknown origin" if result.foreign else "")
        )
    for label, runs, rate in (("SQLite", sqlite_runs, sqlite_rate), ("PostgreSQL", pg_runs, pg_rate)):
        print(
            f"shipping ({label}): {rate:,.0f} clicks/s (median of "
            + ", ".join(f"{shipped.rate:,.0f}" for shipped in runs)
            + f"; {args.lines:,} clicks per run); target ≥ {TARGET_SHIP_RATE:,}: "
            + ("MET" if rate >= TARGET_SHIP_RATE else "NOT MET")
        )
    lost = sum(result.lost for result in results)
    duplicated = sum(result.duplicated for result in results)
    retried = all(result.retries > 0 for result in results)
    print(
        f"durability: {lost} lost, {duplicated} duplicated in all "
        + ("(target 0: MET)" if lost == 0 and duplicated == 0 else "(target 0: NOT MET)")
        + ("" if retried else "; WARNING: a shipper never saw the database down")
    )
    print(f"total time: {time.monotonic() - STARTED:.0f} s")

    def rounds(values: list[WrkRound]) -> list[dict[str, float]]:
        return [
            {"rps": round(v.rps), "p50_ms": round(v.p50_ms, 3), "p99_ms": round(v.p99_ms, 3), "errors": v.errors}
            for v in values
        ]

    return {
        "rps": round(duta.rps),
        "nginx_rps": round(nginx.rps),
        "ratio_to_nginx": round(ratio, 3),
        "p50_ms": round(duta.p50_ms, 3),
        "p99_ms": round(duta.p99_ms, 3),
        "nginx_p50_ms": round(nginx.p50_ms, 3),
        "nginx_p99_ms": round(nginx.p99_ms, 3),
        "rounds": {"duta": rounds(speed.duta), "nginx": rounds(speed.nginx)},
        "lost": lost,
        "duplicated": duplicated,
        "unanswered": sum(result.unanswered for result in results),
        "received": sum(result.received for result in results),
        "durability": {
            result.label.lower(): {
                "received": result.received,
                "stored": result.stored,
                "lost": result.lost,
                "duplicated": result.duplicated,
                "unanswered": result.unanswered,
                "not_302": result.not_302,
                "foreign": result.foreign,
                "db_down_retries": result.retries,
                "ship_seconds": round(result.ship_seconds, 2),
                **result.details,
            }
            for result in results
        },
        "ship_rate_sqlite": round(sqlite_rate),
        "ship_rate_postgresql": round(pg_rate),
        "ship_rate_runs": {
            "sqlite": [round(shipped.rate) for shipped in sqlite_runs],
            "postgresql": [round(shipped.rate) for shipped in pg_runs],
        },
        "ship_lines": args.lines,
        "targets": {
            "ratio_to_nginx": ratio >= TARGET_RATIO,
            "durability": lost == 0 and duplicated == 0,
            "ship_rate_sqlite": sqlite_rate >= TARGET_SHIP_RATE,
            "ship_rate_postgresql": pg_rate >= TARGET_SHIP_RATE,
        },
        "seconds": round(time.monotonic() - STARTED),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10, help="length of a throughput round (default 10)")
    parser.add_argument("--rounds", type=int, default=3, help="throughput rounds of each server (default 3)")
    parser.add_argument("--durability-seconds", type=int, default=14, help="length of the durability load")
    parser.add_argument("--lines", type=int, default=500_000, help="clicks per shipping run (default 500,000)")
    parser.add_argument("--ship-runs", type=int, default=3, help="shipping runs per database (default 3)")
    parser.add_argument("--members", type=int, default=2000, help="ambassadors in the fixture (default 2,000)")
    parser.add_argument("--links", type=int, default=5000, help="share links in the fixture (default 5,000)")
    parser.add_argument("--fixture", metavar="CODES", help=argparse.SUPPRESS)  # the child that fills a database
    args = parser.parse_args()
    if args.fixture:
        make_fixture(Path(args.fixture), args.members, args.links, seed=11)
        return 0

    for tool in ("wrk", "nginx"):
        if shutil.which(tool) is None and not Path(f"/usr/sbin/{tool}").exists():
            print(f"error: {tool} is not installed (make bench-links installs it)", file=sys.stderr)
            return 1
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # clean up on the way out
    directory = Path(tempfile.mkdtemp(prefix="duta-bench-links-"))
    base_env = {key: value for key, value in os.environ.items() if key not in {"REDIS_URL", "LINKS_NODE"}}
    base_env.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        DUTA_VAR_DIR=str(directory / "var"),
        LINKS_REFRESH_SECONDS="1",
        DJANGO_SETTINGS_MODULE="duta.config.settings",
    )
    children = Children(directory)
    print(f"tracked links benchmark in {directory} ({os.cpu_count()} cores, Python {sys.version.split()[0]})")
    try:
        summary = run(Context(directory, children, base_env), args)
    except BenchmarkError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    finally:
        children.cleanup()
        shutil.rmtree(directory, ignore_errors=True)
    print(json.dumps(summary, sort_keys=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
