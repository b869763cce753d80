"""The large demo's loader: one organization with its tree, people, campaigns, shares and a year of clicks."""

from __future__ import annotations

import math
import random
import tempfile
import time
from array import array
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import connection, reset_queries, transaction
from django.utils import timezone, translation
from django.utils.text import slugify

from duta.accounts.models import TimeZone, User
from duta.analytics.services.refresh import analytics_refresh_all
from duta.campaigns import rules as campaign_rules
from duta.campaigns.models import (
    Campaign,
    CampaignSettings,
    CaptionVariant,
    ContentItem,
    ItemEvent,
    ItemStatus,
    PostReport,
)
from duta.demo.data import DEMO_PASSWORD
from duta.demo.large.bulk import Journal, Table, backdating, ship
from duta.demo.large.data import (
    ACCOUNT_PLATFORMS,
    BATCH,
    BOT,
    BOTS,
    BROWSERS,
    CHUNK,
    CHUNK_CLICKS,
    CLICK_WEIGHT,
    CRISIS_THEMES,
    CRISIS_TITLES,
    DAY_MS,
    DISCLOSURE_TAG,
    DOMAIN,
    FIRSTS,
    HOUR_MS,
    HOURS_2,
    HOURS_20,
    HUMAN,
    ITEM_TITLES,
    LASTS,
    LINK_PLATFORMS,
    LINKS_PER_SHARER,
    MESSENGERS,
    MIDDLE_NAMES,
    MONTHS,
    NAME,
    OPENERS,
    PREVIEW,
    PREVIEW_AGENTS,
    PROGRAM_SLUG,
    REFERRERS,
    SHARE_WEIGHT,
    SLUG,
    SOURCES,
    THEMES,
    VARIANT_PLATFORMS,
    WIB,
    Tree,
    handle_for,
    post_address,
    unit_tree,
)
from duta.links import rules as link_rules
from duta.links.models import ShareLink
from duta.links.services import ShipReport
from duta.organizations.models import Membership, Organization, Role, Unit
from duta.organizations.services import organization_create
from duta.people.models import CountSource, Employee, SocialAccount
from duta.people.parsing import normalize_handle
from duta.programs.models import Candidate, Consent, Program, Stage
from duta.programs.services import consent_text


@dataclass
class LargeResult:
    created: bool = False
    organization_id: int | None = None
    counts: dict[str, int] = field(default_factory=dict)
    phases: list[tuple[str, float]] = field(default_factory=list)
    logins: list[tuple[str, str, str]] = field(default_factory=list)


@dataclass(slots=True)
class _Sharer:
    member_id: int
    unit_id: int
    handle: str
    platforms: tuple[str, ...]  # where they can share: the messengers and their accounts
    starts_ms: int  # active since
    ends_ms: int  # until (paused), or now; 0 when they never shared (still in training)
    propensity: float  # the share of months they take part in


@dataclass(slots=True)
class _Person:
    email: str
    name: str
    password: str
    time_zone: str
    joined_ms: int
    unit_id: int
    nip: str
    born: date
    hired: date
    phone: str
    accounts: list[tuple[Any, ...]]
    stage: str
    source: str
    changed_ms: int
    sharer: _Sharer


@dataclass(slots=True)
class _Item:
    pk: int
    campaign_id: int
    live_ms: int
    crisis: bool
    target_url: str
    utm_campaign: str
    variants: dict[str, list[tuple[int, str]]]  # platform -> [(variant pk, fingerprint)]


@dataclass
class _Links:
    """What the clicks need of every link: its code, when it was made, its platform and its pull."""

    codes: list[str] = field(default_factory=list)
    created_ms: array[int] = field(default_factory=lambda: array("q"))
    platform: array[int] = field(default_factory=lambda: array("B"))
    weight: array[float] = field(default_factory=lambda: array("d"))


class _Loader:
    def __init__(
        self, *, ambassadors: int, clicks: int, seed: int, refresh: bool, progress: Callable[[str], None]
    ) -> None:
        self.ambassadors = ambassadors
        self.clicks = clicks
        self.refresh = refresh
        self.rng = random.Random(seed)
        self.say = progress
        self.result = LargeResult()
        self.now = timezone.now().replace(microsecond=0)
        self.now_ms = int(self.now.timestamp() * 1000)
        self.start_ms = self.now_ms - 365 * DAY_MS  # the year of campaigns, links and clicks
        self.sharers: list[_Sharer] = []
        self.items: list[list[_Item]] = []  # per month
        self.links = _Links()
        self.sqlite = connection.vendor == "sqlite"
        self.posts = 0  # post addresses made (each one unique)
        self.admin: User | None = None  # the PR team's log-in: author of the campaigns
        self.staff_password = ""

    @contextmanager
    def phase(self, name: str) -> Iterator[list[str]]:
        started = time.perf_counter()
        details: list[str] = []
        self.say(f"{name}...")
        yield details
        seconds = time.perf_counter() - started
        self.result.phases.append((name, seconds))
        self.say(f"{name}: {', '.join(details)} in {seconds:.1f} s")
        reset_queries()  # with DEBUG on, Django keeps the last 9,000 statements: bulk ones are large

    def count(self, name: str, number: int) -> str:
        self.result.counts[name] = self.result.counts.get(name, 0) + number
        return f"{number:,} {name.replace('_', ' ')}"

    def at(self, ms: int) -> datetime:
        return datetime.fromtimestamp(ms / 1000, UTC)

    def stamp(self, ms: int) -> datetime | str:
        """A time for a raw INSERT: as the database backend stores it (SQLite: text in UTC, as Django writes it)."""
        moment = datetime.fromtimestamp(ms / 1000, UTC)
        return moment.replace(tzinfo=None).isoformat(" ") if self.sqlite else moment

    # --- the run ------------------------------------------------------------------------------------------------

    def run(self) -> LargeResult:
        if Organization.objects.filter(slug=SLUG).exists():
            return self.result
        self.result.created = True
        with translation.override("id"), backdating(), transaction.atomic():
            with self.phase("organization and units") as details:
                organization = self.organization()
                units = self.units(organization)
                details.append(self.count("units", len(units)))
            with self.phase("staff") as details:
                details.append(self.count("staff", self.staff(organization, units)))
            with self.phase("ambassadors") as details:
                program = self.program(organization)
                self.people(organization, program, units, details)
            with self.phase("campaigns") as details:
                self.campaigns(organization, details)
            with self.phase("share links and reported posts") as details:
                self.share(organization, details)
        with self.phase("clicks") as details:
            self.ship_clicks(details)
        if connection.vendor == "postgresql":
            with self.phase("statistics") as details, connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # what autovacuum would do after such a load, before the first reads
                details.append("ANALYZE")
        if not self.refresh:
            return self.result
        with self.phase("analytics refresh") as details:
            refreshed = analytics_refresh_all(organization=organization)  # analytics refresh: the dashboards' figures
            details.append(f"{len(refreshed.periods):,} periods, {refreshed.stats:,} figures")
        return self.result

    # --- the organization, its units and staff ------------------------------------------------------------------

    def organization(self) -> Organization:
        organization = organization_create(actor=None, name=NAME, slug=SLUG, kind="ministry", admin=None)
        founded = self.now - timedelta(days=3 * 365)
        Organization.objects.filter(pk=organization.pk).update(created_at=founded, updated_at=founded)
        self.result.organization_id = organization.pk
        return organization

    def units(self, organization: Organization) -> list[Unit]:
        """Inserted a level at a time; each unit's path is its parent's path and its own id, as ``unit_create``
        sets it."""
        made: list[Unit] = []
        created = self.now - timedelta(days=3 * 365)
        level: list[tuple[Unit | None, str, Tree]] = [(None, name, children) for name, children in unit_tree(self.rng)]
        depth = 0
        while level:
            units = [
                Unit(
                    organization=organization,
                    parent=parent,
                    name=name,
                    path="/",
                    depth=depth,
                    created_at=created,
                    updated_at=created,
                )
                for parent, name, _children in level
            ]
            Unit.objects.bulk_create(units, batch_size=BATCH)
            for unit, (parent, _name, _children) in zip(units, level, strict=True):
                unit.path = f"{parent.path if parent else '/'}{unit.pk}/"
            Unit.objects.bulk_update(units, ["path"], batch_size=500)
            made += units
            level = [
                (unit, name, grandchildren)
                for unit, (_parent, _name, children) in zip(units, level, strict=True)
                for name, grandchildren in children
            ]
            depth += 1
        return made

    def staff(self, organization: Organization, units: list[Unit]) -> int:
        """The PR team, leadership and a coordinator for each Eselon I and II unit, with the demo password (hashed
        once: they all share it)."""
        password = make_password(DEMO_PASSWORD)
        since = self.now - timedelta(days=2 * 365)
        people: list[tuple[str, str, str, Unit | None]] = [
            (f"humas@{DOMAIN}", "Dewi Anggraini", Role.ADMIN, None),
            (f"pimpinan@{DOMAIN}", "Bambang Sutrisno", Role.VIEWER, None),
        ]
        top = [unit for unit in units if unit.depth == 0]
        second = [unit for unit in units if unit.depth == 1]
        for prefix, group in (("pic.eselon1", top), ("pic.eselon2", second)):
            for number, unit in enumerate(group, start=1):
                people.append((f"{prefix}.{number:03d}@{DOMAIN}", self.full_name(), Role.COORDINATOR, unit))
        users = [
            User(email=email, full_name=name, password=password, date_joined=since) for email, name, _r, _u in people
        ]
        User.objects.bulk_create(users, batch_size=BATCH)
        members = [
            Membership(user=user, organization=organization, role=role, unit=unit, created_at=since, updated_at=since)
            for user, (_email, _name, role, unit) in zip(users, people, strict=True)
        ]
        Membership.objects.bulk_create(members, batch_size=BATCH)
        through = Membership.coordinated_units.through
        through.objects.bulk_create(
            [through(membership_id=m.pk, unit_id=m.unit_id) for m in members if m.role == Role.COORDINATOR],
            batch_size=BATCH,
        )
        self.admin, self.staff_password = users[0], password
        shown = people[: 2 + len(top) + 3]  # the PR team, leadership, the Eselon I coordinators and three more
        for email, _name, role, place in shown:
            self.result.logins.append((email, DEMO_PASSWORD, f"{role}: {SLUG}" + (f", {place.name}" if place else "")))
        if len(people) > len(shown):
            first, last = people[len(shown)][0], people[-1][0]
            self.result.logins.append((f"{first} … {last}", DEMO_PASSWORD, "coordinators of the other Eselon II units"))
        return len(users)

    def full_name(self) -> str:
        rng = self.rng
        first = rng.choice(FIRSTS)
        if rng.random() < 0.25:
            first = f"{first} {rng.choice(MIDDLE_NAMES)}"
        return f"{first} {rng.choice(LASTS)}"

    # --- ambassadors --------------------------------------------------------------------------------------------

    def program(self, organization: Organization) -> Program:
        started = self.now - timedelta(days=600)
        return Program.objects.create(
            organization=organization,
            slug=PROGRAM_SLUG,
            name="Duta Nasional",
            description="Pegawai yang aktif di media sosial membagikan informasi resmi kementerian, dengan bahasa "
            "sendiri dan tanda afiliasi #DutaNasional.",
            rules={},
            created_by=self.admin,
            created_at=started,
            updated_at=started,
        )

    def people(self, organization: Organization, program: Program, units: list[Unit], details: list[str]) -> None:
        """Users, memberships, roster entries, accounts, candidacies and consents, ``CHUNK`` people at a time."""
        rng = self.rng
        parents = {unit.parent_id for unit in units}
        leaves = [unit.pk for unit in units if unit.pk not in parents]
        middle = [unit.pk for unit in units if unit.pk in parents and unit.depth >= 1]
        leaf_weights = [rng.lognormvariate(0, 0.6) for _ in leaves]
        consent = consent_text(program)
        users = Table(User, "email full_name password time_zone date_joined")
        members = Table(Membership, "user organization role unit created_at updated_at")
        employees = Table(
            Employee,
            "organization employee_id name email unit birth_date joined_on phone user code_of_conduct_accepted_at "
            "created_at updated_at",
        )
        accounts = Table(
            SocialAccount,
            "employee platform handle profile_url followers followers_source followers_at verified_followers "
            "verified_at created_at updated_at",
        )
        candidates = Table(Candidate, "program employee stage source stage_changed_at created_at updated_at")
        consents = Table(Consent, "program employee text language given_at")
        nips: set[str] = set()
        totals = [0, 0, 0]
        org, stamp, day = organization.pk, self.stamp, connection.ops.adapt_datefield_value
        for start in range(0, self.ambassadors, CHUNK):
            numbers = range(start + 1, min(start + CHUNK, self.ambassadors) + 1)
            people = [self.person(number, leaves, leaf_weights, middle, nips) for number in numbers]
            users.insert([(p.email, p.name, p.password, p.time_zone, stamp(p.joined_ms)) for p in people])
            user_ids = dict(User.objects.filter(email__in=[p.email for p in people]).values_list("email", "pk"))
            members.insert(
                [
                    (user_ids[p.email], org, Role.AMBASSADOR, p.unit_id, stamp(p.joined_ms), stamp(p.joined_ms))
                    for p in people
                ]
            )
            member_ids = dict(
                Membership.objects.filter(organization=organization, user__in=user_ids.values()).values_list(
                    "user_id", "pk"
                )
            )
            employees.insert(
                [
                    (
                        org,
                        p.nip,
                        p.name,
                        p.email,
                        p.unit_id,
                        day(p.born),
                        day(p.hired),
                        p.phone,
                        user_ids[p.email],
                        stamp(p.joined_ms),
                        stamp(p.joined_ms),
                        stamp(p.joined_ms),
                    )
                    for p in people
                ]
            )
            employee_ids = dict(
                Employee.objects.filter(organization=organization, employee_id__in=[p.nip for p in people]).values_list(
                    "employee_id", "pk"
                )
            )
            rows = [(employee_ids[p.nip], *account) for p in people for account in p.accounts]
            accounts.insert(rows)
            candidates.insert(
                [
                    (
                        program.pk,
                        employee_ids[p.nip],
                        p.stage,
                        p.source,
                        stamp(p.changed_ms),
                        stamp(p.joined_ms),
                        stamp(p.changed_ms),
                    )
                    for p in people
                ]
            )
            consents.insert([(program.pk, employee_ids[p.nip], consent, "id", stamp(p.joined_ms)) for p in people])
            for person in people:
                person.sharer.member_id = member_ids[user_ids[person.email]]
                self.sharers.append(person.sharer)
            totals[0] += len(people)
            totals[1] += len(rows)
            totals[2] += len(people)
            reset_queries()
        # one ambassador logs in with the demo password
        first = User.objects.filter(email=f"amb000001@{DOMAIN}").first()
        if first is not None:
            User.objects.filter(pk=first.pk).update(password=self.staff_password)
            self.result.logins.append((first.email, DEMO_PASSWORD, f"{Role.AMBASSADOR}: {SLUG}"))
        details.append(self.count("ambassadors", totals[0]))
        details.append(self.count("social_accounts", totals[1]))
        details.append(self.count("candidates", totals[2]))

    def person(
        self, number: int, leaves: list[int], leaf_weights: list[float], middle: list[int], nips: set[str]
    ) -> _Person:
        rng = self.rng
        name = self.full_name()
        unit_id = rng.choices(leaves, leaf_weights)[0] if rng.random() < 0.88 or not middle else rng.choice(middle)
        # three in four joined before the year shown, the others during it
        if rng.random() < 0.75:
            joined_ms = self.now_ms - rng.randint(380, 600) * DAY_MS
        else:
            joined_ms = self.now_ms - rng.randint(30, 380) * DAY_MS
        draw = rng.random()
        stage = Stage.ACTIVE if draw < 0.9 else Stage.TRAINING if draw < 0.96 else Stage.PAUSED
        active_ms = min(joined_ms + rng.randint(14, 45) * DAY_MS + rng.randint(0, DAY_MS), self.now_ms - DAY_MS)
        ends_ms = self.now_ms
        if stage == Stage.TRAINING:
            joined_ms = self.now_ms - rng.randint(3, 60) * DAY_MS
            changed_ms = joined_ms + rng.randint(1, 3) * DAY_MS
            ends_ms = 0
        elif stage == Stage.PAUSED:
            ends_ms = rng.randint(active_ms, self.now_ms - DAY_MS)
            changed_ms = ends_ms
        else:
            changed_ms = active_ms
        born = date(rng.randint(1966, 2001), rng.randint(1, 12), rng.randint(1, 28))
        hired = date(min(born.year + rng.randint(21, 32), 2024), rng.randint(1, 12), 1)
        while True:
            nip = f"{born:%Y%m%d}{hired:%Y%m}{rng.randint(1, 2)}{rng.randint(1, 999):03d}"
            if nip not in nips:
                nips.add(nip)
                break
        handle = slugify(name).replace("-", ".")[:20].strip(".") + str(number % 1000)
        accounts = self.accounts(handle, joined_ms)
        sharer = _Sharer(
            member_id=0,
            unit_id=unit_id,
            handle=handle,
            platforms=MESSENGERS + tuple(account[0] for account in accounts),
            starts_ms=active_ms,
            ends_ms=ends_ms,
            propensity=rng.betavariate(0.9, 1.7),
        )
        return _Person(
            email=f"amb{number:06d}@{DOMAIN}",
            name=name,
            password=f"!{rng.getrandbits(160):040x}",  # unusable (a "!" first): they log in by reset or invitation
            time_zone=TimeZone.WIB if rng.random() < 0.93 else rng.choice([TimeZone.WITA, TimeZone.WIT]),
            joined_ms=joined_ms,
            unit_id=unit_id,
            nip=nip,
            born=born,
            hired=hired,
            phone=f"08{rng.randint(11, 59)}{rng.randint(10_000_000, 99_999_999)}",
            accounts=accounts,
            stage=stage,
            source=rng.choices(SOURCES, [0.6, 0.3, 0.1])[0],
            changed_ms=changed_ms,
            sharer=sharer,
        )

    def accounts(self, handle: str, joined_ms: int) -> list[tuple[Any, ...]]:
        """1 to 3 accounts (without the employee): platform, handle, address, followers (log-normal, median 400),
        their source and time, and for one in four a coordinator's verification."""
        rng = self.rng
        wanted = rng.choices([1, 2, 3], [0.35, 0.4, 0.25])[0]
        platforms: list[str] = []
        for platform, share in ACCOUNT_PLATFORMS:
            if len(platforms) < wanted and rng.random() < share:
                platforms.append(platform)
        if not platforms:
            platforms.append("instagram")
        accounts = []
        for platform in platforms:
            shown, url = normalize_handle(platform, handle_for(platform, handle))
            followers = min(int(rng.lognormvariate(math.log(400), 1.1)), 5_000_000)
            counted = self.stamp(joined_ms + rng.randint(0, 5) * DAY_MS)
            verified = rng.random() < 0.25
            source = CountSource.VERIFIED if verified else rng.choice([CountSource.IMPORTED, CountSource.DECLARED])
            accounts.append(
                (platform, shown, url, followers, source, counted)
                + ((followers, counted) if verified else (None, None))
                + (counted, counted)
            )
        return accounts

    # --- campaigns ----------------------------------------------------------------------------------------------

    def campaigns(self, organization: Organization, details: list[str]) -> None:
        """Four campaigns a month over the year (one in ten a crisis), each with 3 to 6 live items and caption
        variants for several platforms."""
        rng = self.rng
        setup = self.at(self.start_ms - 30 * DAY_MS)
        CampaignSettings.objects.create(
            organization=organization,
            default_disclosure_tag=DISCLOSURE_TAG,
            sharing_starts_at=clock(6, 0),
            sharing_ends_at=clock(22, 0),
            daily_share_limit=5,
            stagger_minutes=60,
            created_at=setup,
            updated_at=setup,
        )
        crisis_slots = set(rng.sample(range(48), 5))
        themes = rng.sample(THEMES, len(THEMES)) * 2
        crises = list(CRISIS_THEMES)
        campaigns: list[Campaign] = []
        starts: list[int] = []
        for number in range(48):
            starts_ms = self.start_ms + int((number + 0.3) * 365 / 48 * DAY_MS)
            starts_ms = starts_ms - (starts_ms + WIB) % DAY_MS + 9 * HOUR_MS  # 09:00 in Jakarta
            crisis = number in crisis_slots
            campaigns.append(self.campaign(organization, number, starts_ms, crises.pop() if crisis else themes[number]))
            starts.append(starts_ms)
        Campaign.objects.bulk_create(campaigns, batch_size=BATCH)
        items: list[tuple[ContentItem, Campaign, int]] = []
        for number, (campaign, starts_ms) in enumerate(zip(campaigns, starts, strict=True)):
            titles = CRISIS_TITLES if campaign.is_crisis else ITEM_TITLES
            for position, template in enumerate(rng.sample(titles, min(len(titles), rng.randint(3, 6)))):
                live_ms = starts_ms + (position * rng.randint(12, 60) * HOUR_MS if position else 0)
                if live_ms > self.now_ms - HOUR_MS:
                    continue
                title = template.format(topic=campaign.objective.rstrip("."))[:200]
                live = self.at(live_ms)
                items.append(
                    (
                        ContentItem(
                            organization=organization,
                            campaign=campaign,
                            title=title,
                            target_url=f"https://{DOMAIN}/berita/{slugify(title)[:80]}-{number + 1}-{position + 1}",
                            status=ItemStatus.LIVE,
                            author=self.admin,
                            live_at=live,
                            created_at=self.at(live_ms - 2 * DAY_MS),
                            updated_at=live,
                        ),
                        campaign,
                        number,
                    )
                )
        ContentItem.objects.bulk_create([item for item, _c, _n in items], batch_size=BATCH)
        variants: list[CaptionVariant] = []
        events: list[ItemEvent] = []
        for item, campaign, _number in items:
            for platform, count, share in VARIANT_PLATFORMS:
                if rng.random() < share:
                    for _variant in range(count):
                        variants.append(self.variant(item, campaign, platform))
            events += self.history(item)
        CaptionVariant.objects.bulk_create(variants, batch_size=BATCH)
        ItemEvent.objects.bulk_create(events, batch_size=BATCH)
        by_item: dict[int, dict[str, list[tuple[int, str]]]] = {}
        for variant in variants:
            by_item.setdefault(variant.item_id, {}).setdefault(variant.platform, []).append(
                (variant.pk, campaign_rules.text_fingerprint(variant.text))
            )
        self.items = [[] for _month in range(12)]
        for item, campaign, number in items:
            assert item.live_at is not None
            self.items[number // 4].append(
                _Item(
                    pk=item.pk,
                    campaign_id=campaign.pk,
                    live_ms=int(item.live_at.timestamp() * 1000),
                    crisis=campaign.is_crisis,
                    target_url=item.target_url,
                    utm_campaign=link_rules.utm_campaign_value(campaign.name, campaign.pk),
                    variants=by_item.get(item.pk, {}),
                )
            )
        details.append(self.count("campaigns", len(campaigns)))
        details.append(f"{sum(c.is_crisis for c in campaigns)} crises")
        details.append(self.count("items", len(items)))
        details.append(self.count("caption_variants", len(variants)))

    def campaign(self, organization: Organization, number: int, starts_ms: int, theme: tuple[str, ...]) -> Campaign:
        rng = self.rng
        starts = self.at(starts_ms)
        day = timezone.localtime(starts).date()
        if len(theme) == 2:  # a crisis
            name, topic = theme
            closed = self.at(starts_ms + 7 * DAY_MS) if starts_ms + 14 * DAY_MS < self.now_ms else None
            return Campaign(
                organization=organization,
                kind=Campaign.Kind.CRISIS,
                name=f"{name} ({MONTHS[day.month - 1]} {day.year})",
                objective=f"Meluruskan {topic}.",
                starts_on=day,
                ends_on=day + timedelta(days=7),
                key_messages="Informasi resmi hanya dari kanal kementerian.\nLaporkan kabar yang meragukan.",
                facts=campaign_rules.facts_parse(f"Siaran pers resmi tentang {topic} | https://{DOMAIN}/siaran-pers"),
                hashtags=" ".join(campaign_rules.hashtags_parse("#InfoResmi #CekFakta")),
                disclosure_tag=DISCLOSURE_TAG,
                holding_statement=f"Kementerian mengetahui adanya {topic} dan sedang menanganinya. "
                "Informasi resmi akan kami sampaikan melalui kanal resmi kementerian.",
                questions_answers=campaign_rules.qa_parse(
                    "T: Apakah kabar itu benar?\nJ: Tunggu informasi resmi dari kanal kementerian."
                ),
                closed_at=closed,
                created_by=self.admin,
                created_at=self.at(starts_ms - DAY_MS),
                updated_at=closed or starts,
            )
        name, topic, hashtag = theme
        return Campaign(
            organization=organization,
            kind=Campaign.Kind.NORMAL,
            name=f"{name} {day.year}" if number < 24 else f"{name} {day.year} (gelombang 2)",
            objective=f"Mengajak warga mengenal {topic}.",
            starts_on=day,
            ends_on=day + timedelta(days=rng.choice([14, 30, 45])),
            key_messages=f"Ceritakan pengalamanmu sendiri tentang {topic}.\nSertakan tautan resmi.",
            facts=campaign_rules.facts_parse(f"Data resmi tentang {topic} | https://{DOMAIN}/data"),
            say="Cerita pengalaman sendiri, dengan bahasa sendiri.",
            avoid="Angka yang tidak ada di daftar fakta; menyerang pihak lain.",
            hashtags=" ".join(campaign_rules.hashtags_parse(f"{hashtag} #DutaNasional")),
            disclosure_tag=DISCLOSURE_TAG,
            created_by=self.admin,
            created_at=self.at(starts_ms - DAY_MS),
            updated_at=starts,
        )

    def history(self, item: ContentItem) -> list[ItemEvent]:
        """Written, approved, live: the item's events as the services record them."""
        written, live = item.created_at, item.live_at
        assert live is not None
        kind = ItemEvent.Kind
        steps = [
            (kind.TRANSITION, self.admin, ItemStatus.DRAFT, ItemStatus.IN_REVIEW, "", written + HOURS_2),
            (kind.APPROVAL, None, ItemStatus.IN_REVIEW, ItemStatus.APPROVED, "Sesuai brief.", written + HOURS_20),
            (kind.TRANSITION, self.admin, ItemStatus.APPROVED, ItemStatus.LIVE, "", live),
        ]
        return [
            ItemEvent(item=item, kind=step, actor=actor, from_status=before, to_status=after, text=text, created_at=at)
            for step, actor, before, after, text, at in steps
        ]

    def variant(self, item: ContentItem, campaign: Campaign, platform: str) -> CaptionVariant:
        rng = self.rng
        opener = rng.choice(OPENERS)
        text = f"{opener} {item.title}. {campaign.objective} {campaign.hashtags} {DISCLOSURE_TAG}"
        return CaptionVariant(item=item, platform=platform, text=text, created_at=item.created_at)

    # --- share links and reported posts -------------------------------------------------------------------------

    def share(self, organization: Organization, details: list[str]) -> None:
        """Each month 30 to 45 % of the active ambassadors share 1 to 6 of the month's items, mostly on WhatsApp;
        six in ten report their post."""
        rng = self.rng
        link_table = Table(
            ShareLink,
            "organization code item member platform campaign unit destination utm_campaign utm_content created_at "
            "updated_at",
        )
        report_table = Table(
            PostReport,
            "organization item member platform url canonical_url variant text_fingerprint copied_variant views "
            "reactions comments reshares metrics_at created_at updated_at",
        )
        totals = [0, 0]
        for month, items in enumerate(self.items):
            if not items:
                continue
            weights = [4.0 if item.crisis else 1.0 for item in items]
            first_ms = min(item.live_ms for item in items)
            last_ms = max(item.live_ms for item in items)
            mood = rng.uniform(0.85, 1.2)
            links: list[tuple[Any, ...]] = []
            reports: list[tuple[Any, ...]] = []
            for sharer in self.sharers:
                if not sharer.ends_ms or sharer.starts_ms > last_ms + 7 * DAY_MS or sharer.ends_ms < first_ms:
                    continue
                if rng.random() >= sharer.propensity * mood:
                    continue
                taken: set[tuple[int, str]] = set()
                for _link in range(rng.choices(*LINKS_PER_SHARER)[0]):
                    item = rng.choices(items, weights)[0]
                    platforms = [platform for platform in sharer.platforms if platform in item.variants]
                    if not platforms:
                        continue
                    platform = rng.choices(platforms, [SHARE_WEIGHT[p] for p in platforms])[0]
                    if (item.pk, platform) in taken:
                        continue
                    shared_ms = self.share_time(item, sharer)
                    if shared_ms is None:
                        continue
                    taken.add((item.pk, platform))
                    position = campaign_rules.variant_index(
                        item_id=item.pk,
                        member_id=sharer.member_id,
                        platform=platform,
                        count=len(item.variants[platform]),
                    )
                    links.append(self.link(organization.pk, item, sharer, platform, position, shared_ms))
                    if rng.random() < 0.6:
                        reports.append(self.report(organization.pk, item, sharer, platform, position, shared_ms))
            for start in range(0, len(links), CHUNK):
                link_table.insert(links[start : start + CHUNK])
            for start in range(0, len(reports), CHUNK):
                report_table.insert(reports[start : start + CHUNK])
            reset_queries()
            totals[0] += len(links)
            totals[1] += len(reports)
            self.say(f"  month {month + 1:2d}: {len(links):,} links, {len(reports):,} reported posts")
        details.append(self.count("share_links", totals[0]))
        details.append(self.count("post_reports", totals[1]))

    def share_time(self, item: _Item, sharer: _Sharer) -> int | None:
        """When this ambassador shared the item: soon after it went live (within hours for a crisis), in the sharing
        hours (06:00 to 22:00 in Jakarta) when possible; None when they could not have."""
        rng = self.rng
        begin = max(item.live_ms, sharer.starts_ms)
        limit = min(sharer.ends_ms, self.now_ms - 60_000)
        if limit <= begin:
            return None
        if item.crisis:
            delay = rng.expovariate(1 / (2 * HOUR_MS))
        elif rng.random() < 0.7:
            delay = rng.expovariate(1 / (10 * HOUR_MS))
        else:
            delay = rng.uniform(0, 10 * DAY_MS)
        shared = begin + int(delay)
        hour = (shared + WIB) // HOUR_MS % 24
        if hour < 6:
            shared += (6 - hour) * HOUR_MS + rng.randint(0, 3 * HOUR_MS)
        elif hour >= 22:
            shared += (30 - hour) * HOUR_MS + rng.randint(0, 3 * HOUR_MS)
        if shared > limit:
            shared = begin + int(rng.random() * (limit - begin))
        return shared

    def link(
        self, organization_id: int, item: _Item, sharer: _Sharer, platform: str, position: int, at_ms: int
    ) -> tuple[Any, ...]:
        """A link as ``links.services.share_link_build`` makes it (the campaign and the member's unit copied, the
        item's page, the UTM fields), dated when it was shared; its code, time, platform and pull are kept for the
        clicks."""
        code = link_rules.new_code()
        links = self.links
        links.codes.append(code)
        links.created_ms.append(at_ms)
        links.platform.append(LINK_PLATFORMS.index(platform))
        links.weight.append(self.rng.lognormvariate(0, 1.1) * CLICK_WEIGHT[platform] * (1.5 if item.crisis else 1.0))
        at = self.stamp(at_ms)
        return (
            organization_id,
            code,
            item.pk,
            sharer.member_id,
            platform,
            item.campaign_id,
            sharer.unit_id,
            item.target_url,
            item.utm_campaign,
            link_rules.utm_content_value(position),
            at,
            at,
        )

    def report(
        self, organization_id: int, item: _Item, sharer: _Sharer, platform: str, position: int, at_ms: int
    ) -> tuple[Any, ...]:
        """ "I posted it", some minutes or hours after sharing: with the post's address (none on WhatsApp) in the
        canonical form of ``campaigns.rules.post_url_parse``, the caption variant offered, and for half of them the
        figures read off the post a few days later."""
        rng = self.rng
        self.posts += 1
        url, canonical = post_address(platform, sharer.handle, self.posts)
        variant_pk, fingerprint = item.variants[platform][position]
        copied = rng.random() < 0.3
        reported_ms = min(at_ms + int(rng.expovariate(1 / (2 * HOUR_MS))), self.now_ms)
        metrics: tuple[Any, ...] = (None, None, None, None, None)
        if url and rng.random() < 0.5:
            views = int(rng.lognormvariate(math.log(350), 1.0))
            metrics = (
                views,
                int(views * rng.uniform(0.02, 0.12)),
                int(views * rng.uniform(0.0, 0.01)),
                int(views * rng.uniform(0.0, 0.02)),
                self.stamp(min(reported_ms + rng.randint(1, 4) * DAY_MS, self.now_ms)),
            )
        at = self.stamp(reported_ms)
        return (
            organization_id,
            item.pk,
            sharer.member_id,
            platform,
            url,
            canonical,
            variant_pk,
            fingerprint if copied else "",
            copied,
            *metrics,
            at,
            at,
        )

    # --- clicks -------------------------------------------------------------------------------------------------

    def ship_clicks(self, details: list[str]) -> None:
        """``self.clicks`` journal lines, in time order, in closed files of ``CHUNK_CLICKS`` lines, each stored by
        the shipper before the next is written."""
        buckets = self.click_times()
        total = ShipReport()
        written = 0
        write_seconds = ship_seconds = 0.0
        with tempfile.TemporaryDirectory(prefix="duta-demo-large-") as folder:
            directory = Path(folder)
            journal = Journal(directory)
            started = time.perf_counter()
            for lines in self.click_lines(buckets):
                journal.write(lines)
                written += len(lines)
                if journal.lines >= CHUNK_CLICKS:
                    journal.close()
                    write_seconds += time.perf_counter() - started
                    seconds = ship(directory, total)
                    ship_seconds += seconds
                    self.say(f"  {written:,} clicks written, {total.stored:,} stored ({seconds:.1f} s for this file)")
                    started = time.perf_counter()
            journal.close()
            write_seconds += time.perf_counter() - started
            ship_seconds += ship(directory, total)
        shipped = total.stored
        counted, previews, filtered = total.counted, total.previews, total.filtered
        details.append(self.count("clicks", shipped))
        details.append(f"{counted:,} counted, {previews:,} previews, {filtered:,} crawlers and repeats")
        details.append(f"{write_seconds:.1f} s writing the journal, {ship_seconds:.1f} s shipping")

    def click_times(self) -> list[tuple[array[int], array[int]]]:
        """Every click of the year, by day: (key, visitor) pairs, the key being the time since ``start_ms`` in
        milliseconds, the line's kind and the link's index (``time << 26 | kind << 24 | link``)."""
        rng = self.rng
        links = self.links
        count = len(links.codes)
        days = (self.now_ms - self.start_ms) // DAY_MS + 1
        buckets: list[tuple[array[int], array[int]]] = [(array("q"), array("Q")) for _day in range(days)]
        if not count or self.clicks <= 0:
            return buckets
        assert count < 1 << 24
        start_ms, now_ms = self.start_ms, self.now_ms
        random_, expovariate, bits = rng.random, rng.expovariate, rng.getrandbits

        def add(ms: int, kind: int, link: int, visitor: int) -> None:
            relative = ms - start_ms
            keys, visitors = buckets[relative // DAY_MS]
            keys.append(relative << 26 | kind << 24 | link)
            visitors.append(visitor)

        # link previews (the chat app fetches the page when the link is pasted): ~2 % of the lines
        preview_share = min(0.35, 0.02 * self.clicks / count)
        previews = 0
        for index in range(count):
            if LINK_PLATFORMS[links.platform[index]] in PREVIEW_AGENTS and random_() < preview_share:
                add(links.created_ms[index] + rng.randint(2000, 20_000), PREVIEW, index, bits(64))
                previews += 1
        crawlers = min(round(self.clicks * 0.008), self.clicks - previews)
        for _crawler in range(crawlers):
            index = rng.randrange(count)
            created = links.created_ms[index]
            add(created + int(random_() * (now_ms - created)), BOT, index, bits(64))
        human = self.clicks - previews - crawlers
        primaries = round(human / 1.04)
        repeats = human - primaries  # the same visitor again within minutes: stored, not counted
        total_weight = sum(links.weight)
        scale = primaries / total_weight
        counts = [int(weight * scale) for weight in links.weight]
        for _extra in range(primaries - sum(counts)):
            counts[rng.randrange(count)] += 1
        left = primaries
        for index, clicks in enumerate(counts):
            created = links.created_ms[index]
            span = now_ms - created - 1000
            for _click in range(clicks):
                draw = random_()
                if draw < 0.6:
                    offset = expovariate(1 / (5 * HOUR_MS))
                elif draw < 0.88:
                    offset = expovariate(1 / (2.5 * DAY_MS))
                else:
                    offset = random_() * span
                if offset >= span:
                    offset = random_() * span
                ms = created + 1000 + int(offset)
                if (ms + WIB) // HOUR_MS % 24 < 6 and random_() < 0.6 and ms + 6 * HOUR_MS < now_ms:
                    ms += 6 * HOUR_MS  # fewer clicks at night
                visitor = bits(64)
                add(ms, HUMAN, index, visitor)
                if repeats and random_() * left < repeats:
                    repeats -= 1
                    add(min(ms + rng.randint(20_000, 20 * 60_000), now_ms), HUMAN, index, visitor)
                left -= 1
        return buckets

    def click_lines(self, buckets: list[tuple[array[int], array[int]]]) -> Iterator[list[tuple[int, str]]]:
        """The journal lines (without their ids) of each day in time order: (milliseconds, fields)."""
        codes, platforms = self.links.codes, self.links.platform
        start_ms = self.start_ms
        browsers = BROWSERS
        referrers = [REFERRERS[platform] for platform in LINK_PLATFORMS]
        previews = [PREVIEW_AGENTS.get(platform, "") for platform in LINK_PLATFORMS]
        for day, (keys, visitors) in enumerate(buckets):
            pairs = sorted(zip(keys, visitors, strict=True))
            buckets[day] = (array("q"), array("Q"))  # the memory goes as the days are written
            lines = []
            for key, visitor in pairs:
                link = key & 0xFFFFFF
                kind = key >> 24 & 3
                platform = platforms[link]
                if kind == HUMAN:
                    agent = browsers[visitor % len(browsers)]  # the visitor hash covers the browser: same visitor,
                    choices = referrers[platform]  # same browser
                    referrer = choices[(visitor >> 32) % len(choices)]
                elif kind == PREVIEW:
                    agent, referrer = previews[platform], ""
                else:
                    agent, referrer = BOTS[visitor % len(BOTS)], ""
                lines.append((start_ms + (key >> 26), f"{codes[link]}\t{visitor:016x}\t{referrer}\t{agent}"))
            yield lines


def demo_large_load(
    *,
    ambassadors: int = 100_000,
    clicks: int = 10_000_000,
    seed: int = 2026,
    refresh: bool = True,
    progress: Callable[[str], None] = lambda _message: None,
) -> LargeResult:
    """Load the ``nasional`` organization (nothing when it exists); ``progress`` hears of each phase. Without
    ``refresh`` the dashboards' figures are left for the worker's next refresh (tests that do not read them)."""
    return _Loader(ambassadors=ambassadors, clicks=clicks, seed=seed, refresh=refresh, progress=progress).run()
