"""Analytics dashboards at the scale of a national program: the server time of each dashboard, on SQLite and on
PostgreSQL.

    .venv/bin/python benchmarks/analytics.py [--ambassadors N] [--clicks N] [--only sqlite|postgresql]
                                             [--requests N]

For each database (a SQLite file in a temporary directory, then a scratch PostgreSQL database
``duta_bench_analytics`` on 127.0.0.1:5432, user postgres, dropped at the end): migrate, load the large demo
(``duta demo --scale large``: 100,000 ambassadors and 10 million clicks by default; its phases are timed), then for
each dashboard of ``DASHBOARDS`` log in as its persona (``django.test.Client.force_login``), send 3 warm-up
requests and ``--requests`` measured ones (30 by default), each timed with ``time.perf_counter`` around
``client.get`` and required to answer 200, and report p50 and p95 (nearest rank) in milliseconds. Target: p95 at
most 150 ms for every dashboard on both databases.

Each database is measured in a child process of its own (Django's settings are read once per process), with the
production settings (DEBUG=false, static files collected into the temporary directory); var/ is never touched.
Human-readable lines first, then one JSON object on the last line:
``{"sqlite": {"ambassadors": N, "clicks": N, "p50_ms": {...}, "p95_ms": {...}, ...}, "postgresql": {...},
"targets": {"p95_ms_max": 150, "met": true}}``. The figures are reported, not asserted: the exit code is 0 when the
target is missed, and not 0 when something would not run (a dashboard whose URL does not exist, an answer other
than 200).
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from common import BenchmarkError, postgres_database

PYTHON = sys.executable
DUTA = str(Path(sys.executable).with_name("duta"))
PG_DATABASE = "duta_bench_analytics"
TARGET_P95_MS = 150
WARMUP = 3
STARTED = time.monotonic()

# The dashboards measured: name, URL name, URL arguments besides the organization (a value in <angle brackets> is
# looked up in the loaded data, see ``lookups``), persona (see ``personas``), query string.
DASHBOARDS: list[tuple[str, str, dict[str, str], str, str]] = [
    ("program", "analytics:program", {}, "admin", ""),
    ("units", "analytics:units", {}, "admin", ""),
    ("units (coordinator)", "analytics:units", {}, "coordinator", ""),
    ("campaign", "analytics:campaign", {"campaign_id": "<biggest campaign>"}, "admin", ""),
    ("member", "analytics:member", {}, "ambassador", ""),
    ("inactive", "analytics:inactive", {}, "coordinator", ""),
    ("leaderboard", "analytics:leaderboard", {}, "ambassador", ""),
    ("comparison", "analytics:comparison", {}, "admin", ""),
]


def progress(message: str) -> None:
    print(f"  [{time.monotonic() - STARTED:5.0f} s] {message}", flush=True)


def nearest_rank(values: list[float], percent: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(percent / 100 * len(ordered)) - 1)]


# --- the child: one database -----------------------------------------------------------------------------------


def personas(organization: Any) -> dict[str, Any]:
    """Who looks at the dashboards: the PR team, leadership, the coordinator of the Eselon I unit with the most
    ambassadors in its subtree, and the ambassador who shared the most."""
    from django.db.models import Count

    from duta.demo.large import DOMAIN
    from duta.links.models import ShareLink
    from duta.organizations.models import Membership, Role, Unit

    members = Membership.objects.filter(organization=organization, is_active=True).select_related("user", "unit")
    top = Unit.objects.filter(organization=organization, depth=0)
    ambassadors = Membership.objects.filter(organization=organization, role=Role.AMBASSADOR, is_active=True)
    biggest = max(top, key=lambda unit: ambassadors.filter(unit__path__startswith=unit.path).count())
    busiest = (
        ShareLink.objects.filter(organization=organization)
        .values("member_id")
        .annotate(links=Count("id"))
        .order_by("-links", "member_id")
        .first()
    )
    if busiest is None:
        raise BenchmarkError("the large demo has no share links")
    return {
        "admin": members.get(user__email=f"humas@{DOMAIN}"),
        "viewer": members.get(user__email=f"pimpinan@{DOMAIN}"),
        "coordinator": members.get(role=Role.COORDINATOR, unit=biggest),
        "ambassador": members.get(pk=busiest["member_id"]),
    }


def lookups(organization: Any) -> dict[str, str]:
    """The values of the <placeholders> in ``DASHBOARDS``: the campaign with the most counted clicks."""
    from django.db.models import Sum

    from duta.links.models import ClickRollup

    campaign = (
        ClickRollup.objects.filter(organization=organization, dimension="campaign")
        .values("key")
        .annotate(clicks=Sum("clicks"))
        .order_by("-clicks", "key")
        .first()
    )
    if campaign is None:
        raise BenchmarkError("the large demo has no clicks")
    return {"<biggest campaign>": str(campaign["key"])}


def switch_leaderboards_on(admin: Any) -> None:
    """Leaderboards are off until the PR team records the impact assessment: a national program has done so."""
    from datetime import date

    from duta.analytics.services.recognition import leaderboards_enable

    leaderboards_enable(member=admin, impact_assessment_on=date(2026, 1, 15), reference="DPIA-001/HUMAS/2026 (bench)")


def measure(args: argparse.Namespace) -> dict[str, Any]:
    """Migrate, load the large demo and time the dashboards, in this process's database."""
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    from duta.analytics.services.refresh import analytics_refresh
    from duta.demo.large import SLUG, demo_large_load
    from duta.links.models import Click
    from duta.organizations.models import Membership, Organization, Role

    assert not settings.DEBUG
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    progress(f"migrated in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    loaded = demo_large_load(ambassadors=args.ambassadors, clicks=args.clicks, progress=progress)
    load_seconds = time.perf_counter() - started
    if not loaded.created:
        raise BenchmarkError("the large demo was there already: not a fresh database")
    progress(f"large demo loaded in {load_seconds:.1f} s")
    if connection.vendor == "postgresql":
        # a steady state, as autovacuum leaves the tables some time after such a load (visibility map, statistics)
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)")
        progress(f"VACUUM (ANALYZE) in {time.perf_counter() - started:.1f} s")
    gc.collect()  # the loader's garbage is not a web worker's

    organization = Organization.objects.get(slug=SLUG)
    who = personas(organization)
    values = lookups(organization)
    switch_leaderboards_on(who["admin"])
    # what the worker does every ANALYTICS_REFRESH_MINUTES at this scale: the current periods recomputed
    started = time.perf_counter()
    analytics_refresh(organization=organization)
    refresh_seconds = time.perf_counter() - started
    progress(f"a regular refresh (the current periods) in {refresh_seconds:.1f} s")
    ambassadors = Membership.objects.filter(organization=organization, role=Role.AMBASSADOR, is_active=True).count()
    clicks = Click.objects.count()

    timings: dict[str, list[float]] = {}
    rows: list[dict[str, Any]] = []
    for name, url_name, arguments, persona, query in DASHBOARDS:
        kwargs = {"org_slug": SLUG, **{key: values.get(value, value) for key, value in arguments.items()}}
        try:
            url = reverse(url_name, kwargs=kwargs) + (f"?{query}" if query else "")
        except NoReverseMatch as error:
            raise BenchmarkError(f"dashboard {name}: {url_name} does not exist ({error})") from error
        client = Client()
        client.force_login(who[persona].user)
        samples = []
        for number in range(WARMUP + args.requests):
            begun = time.perf_counter()
            response = client.get(url, secure=True)
            elapsed = (time.perf_counter() - begun) * 1000
            if response.status_code != 200:
                raise BenchmarkError(f"dashboard {name}: GET {url} as {persona} answered {response.status_code}")
            if number >= WARMUP:
                samples.append(elapsed)
        timings[name] = samples
        rows.append(
            {
                "name": name,
                "persona": persona,
                "url": url,
                "p50": round(statistics.median(samples), 1),
                "p95": round(nearest_rank(samples, 95), 1),
                "max": round(max(samples), 1),
                "bytes": len(response.content),
            }
        )
        progress(f"{name} ({persona}): p50 {rows[-1]['p50']:.1f} ms, p95 {rows[-1]['p95']:.1f} ms")
    return {
        "vendor": connection.vendor,
        "ambassadors": ambassadors,
        "clicks": clicks,
        "load_seconds": round(load_seconds, 1),
        "refresh_current_seconds": round(refresh_seconds, 1),
        "phases": {phase: round(seconds, 1) for phase, seconds in loaded.phases},
        "counts": loaded.counts,
        "rows": rows,
    }


# --- the parent ------------------------------------------------------------------------------------------------


def run_child(label: str, env: dict[str, str], args: argparse.Namespace) -> dict[str, Any]:
    """One database in a child process, its progress shown as it goes; returns what it measured."""
    command = [PYTHON, str(Path(__file__).resolve()), "--child", "--ambassadors", str(args.ambassadors)]
    command += ["--clicks", str(args.clicks), "--requests", str(args.requests)]
    found: dict[str, Any] | None = None
    tail: list[str] = []
    with subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) as child:
        assert child.stdout is not None
        for line in child.stdout:
            if line.startswith("RESULT "):
                found = json.loads(line.removeprefix("RESULT "))
                continue
            print(line, end="", flush=True)
            tail = [*tail[-30:], line]
    if child.returncode != 0 or found is None:
        raise BenchmarkError(f"the {label} run failed (exit code {child.returncode}):\n{''.join(tail)}")
    return found


def report(label: str, found: dict[str, Any]) -> None:
    print()
    print(
        f"{label}: {found['ambassadors']:,} active ambassadors, {found['clicks']:,} clicks stored; "
        f"large demo loaded in {found['load_seconds']:.0f} s ("
        + ", ".join(f"{phase} {seconds:.0f} s" for phase, seconds in found["phases"].items())
        + ")"
    )
    width = max([len(row["name"]) for row in found["rows"]] + [9])
    print(f"  {'dashboard'.ljust(width)}  {'persona':<11}  {'p50 ms':>7}  {'p95 ms':>7}  {'max ms':>7}  {'KB':>5}")
    for row in found["rows"]:
        flag = "" if row["p95"] <= TARGET_P95_MS else "  over target"
        print(
            f"  {row['name'].ljust(width)}  {row['persona']:<11}  {row['p50']:7.1f}  {row['p95']:7.1f}  "
            f"{row['max']:7.1f}  {row['bytes'] / 1024:5.0f}{flag}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ambassadors", type=int, default=100_000, help="ambassadors (default 100,000)")
    parser.add_argument("--clicks", type=int, default=10_000_000, help="clicks (default 10,000,000)")
    parser.add_argument("--only", choices=["sqlite", "postgresql"], help="measure one database only")
    parser.add_argument("--requests", type=int, default=30, help="measured requests per dashboard (default 30)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)  # one database, in a child process
    args = parser.parse_args()
    if args.child:
        try:
            found = measure(args)
        except BenchmarkError as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
        print("RESULT " + json.dumps(found), flush=True)
        return 0

    directory = Path(tempfile.mkdtemp(prefix="duta-bench-analytics-"))
    env = {key: value for key, value in os.environ.items() if key not in {"REDIS_URL", "DATABASE_URL"}}
    env.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        DUTA_VAR_DIR=str(directory / "var"),
        STATIC_ROOT=str(directory / "static"),
        ALLOWED_HOSTS="testserver",
        DJANGO_SETTINGS_MODULE="duta.config.settings",
        PYTHONUNBUFFERED="1",
    )
    print(
        f"analytics benchmark in {directory} ({os.cpu_count()} cores, Python {sys.version.split()[0]}): "
        f"{args.ambassadors:,} ambassadors, {args.clicks:,} clicks, {args.requests} requests per dashboard"
    )
    results: dict[str, dict[str, Any]] = {}
    try:
        collected = subprocess.run(
            [DUTA, "collectstatic", "--noinput", "--verbosity", "0"],
            env={**env, "DATABASE_URL": f"sqlite:///{directory / 'static.sqlite3'}"},
            capture_output=True,
            text=True,
            check=False,
        )
        if collected.returncode != 0:
            raise BenchmarkError(f"collectstatic failed:\n{collected.stderr[-3000:]}")
        if args.only in (None, "sqlite"):
            progress("SQLite")
            url = f"sqlite:///{directory / 'bench.sqlite3'}"
            results["sqlite"] = run_child("SQLite", {**env, "DATABASE_URL": url}, args)
        if args.only in (None, "postgresql"):
            progress(f"PostgreSQL (database {PG_DATABASE})")
            with postgres_database(PG_DATABASE) as url:
                results["postgresql"] = run_child("PostgreSQL", {**env, "DATABASE_URL": url}, args)
    except BenchmarkError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(directory, ignore_errors=True)

    met = True
    summary: dict[str, Any] = {}
    for key, label in (("sqlite", "SQLite"), ("postgresql", "PostgreSQL")):
        found = results.get(key)
        if found is None:
            continue
        report(label, found)
        p95 = {row["name"]: row["p95"] for row in found["rows"]}
        met = met and all(value <= TARGET_P95_MS for value in p95.values())
        summary[key] = {
            "ambassadors": found["ambassadors"],
            "clicks": found["clicks"],
            "p50_ms": {row["name"]: row["p50"] for row in found["rows"]},
            "p95_ms": p95,
            "load_seconds": found["load_seconds"],
            "refresh_current_seconds": found["refresh_current_seconds"],
            "load_phases_seconds": found["phases"],
        }
    print()
    print(f"target: p95 <= {TARGET_P95_MS:.0f} ms for every dashboard: {'MET' if met else 'NOT MET'}")
    print(f"total time: {time.monotonic() - STARTED:.0f} s")
    summary["targets"] = {"p95_ms_max": TARGET_P95_MS, "met": met}
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
