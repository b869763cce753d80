"""The storytelling checks: hook, a person at a moment, problem then resolution, a call to action, a personal voice.

Each function reads a :class:`~duta.coach.verdicts.Caption` and returns a :class:`~duta.coach.verdicts.Result`
(status, the share of the check's weight earned, the reason and suggestions in words, in the active language).
The heuristics follow how Indonesian feeds are read: the first line decides whether anyone reads on, a story of
one person at one moment is remembered, a problem that is solved is the story, and a caption that ends with one
clear action gets it done.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from duta.coach import lexicons as lex
from duta.coach import words as w
from duta.coach.platforms import starts_with_emoji
from duta.coach.verdicts import FAIL, OK, WARN, Caption, Result

HOOK_SHORT = 100  # characters a feed shows of the first line before it folds (Instagram ~125, Facebook ~80-120)
SHOUTING_LETTERS = 8  # an all-caps line with at least this many letters is shouting
SHOUTING_SHARE = 0.8

_NAMED = re.compile(r"\b(?:Ibu|Bu|Bapak|Pak|Mas|Mbak|Kak|Bang|Dik)\.?\s+[A-Z][a-z]+")
_CLOCK = re.compile(r"\b(?:(?:pukul|jam)\s+\d{1,2}(?:[.:][0-5]\d)?|(?:[01]?\d|2[0-3])[.:][0-5]\d)\b", re.IGNORECASE)
_DATE = re.compile(r"\b\d{1,2}[/-]\d{1,2}(?:[/-]\d{2,4})?\b")
_PLACE = re.compile(r"\b(?:di|ke|dari)\s+(?:[A-Z][\w-]+)")


def _first(hits: list[tuple[int, str]]) -> str:
    return hits[0][1] if hits else ""


# --- 1. hook ----------------------------------------------------------------------------------------------------


def _greeting(sentence: str) -> str:
    """The greeting a sentence consists of ("Selamat pagi, sobat Duta!"), or ""."""
    found = w.tokens(sentence)
    greeting = lex.GREETINGS.find(found[:4])
    if greeting and greeting[0][0] == 0:
        rest = [token.word for token in found if token.word not in lex.GREETING_WORDS]
        if len(rest) <= 2:  # a name or two may follow: "Halo, sobat Duta!"
            return greeting[0][1]
    return ""


def _announcement(sentence: str) -> str:
    """The report or press-release opener a sentence starts with ("Berikut ini", "Dalam rangka"), or ""."""
    text = " ".join(w.words(sentence))
    for opener in lex.BUREAUCRATIC_OPENERS:
        if text == opener or text.startswith(opener + " "):
            return opener
    return ""


def _shouting(line: str) -> bool:
    letters = [char for char in line if char.isalpha()]
    if len(letters) < SHOUTING_LETTERS or len(line.split()) < 2:
        return False
    return sum(char.isupper() for char in letters) / len(letters) >= SHOUTING_SHARE


def _scene(line: str) -> str:
    """A concrete detail: a time, a date, a named person or a named place ("di Puskesmas Sukamaju"). A role or a
    kind of place alone ("warga", "puskesmas") is not a scene yet."""
    for pattern in (_CLOCK, _DATE, _NAMED, _PLACE):
        match = pattern.search(line)
        if match:
            return match.group()
    return _first(lex.TIME_MARKERS.find(w.tokens(line)))


def _strengths(sentence: str) -> list[str]:
    """What makes an opening sentence stop the scroll, in words."""
    strengths = []
    if "?" in sentence:
        strengths.append(_("a question"))
    if any(char.isdigit() for char in sentence):
        strengths.append(_("a number"))
    scene = _scene(sentence)
    if scene:
        strengths.append(_("a concrete detail (“%(words)s”)") % {"words": scene})
    if starts_with_emoji(sentence):
        strengths.append(_("an emoji"))
    return strengths


def hook(caption: Caption) -> Result:
    line = caption.first_line
    if not line:
        return Result(FAIL, 0, _("There is no text yet."))
    opening, rest = w.first_sentence(line), w.after_first_sentence(line)
    shown = w.shorten(opening)
    greeting, announcement = _greeting(opening), _announcement(opening)
    if greeting and rest and not _announcement(rest) and _strengths(rest):
        return Result(
            WARN,
            0.6,
            _("The first line spends its opening on the greeting “%(opener)s”.") % {"opener": greeting},
            (
                _("Start with “%(rest)s” and greet later, if at all: the feed shows only the first words.")
                % {"rest": w.shorten(rest, 60)},
            ),
        )
    weak = greeting or announcement
    if weak:
        shown = w.shorten(line)
        return Result(
            FAIL,
            0,
            _("The first line “%(line)s” opens with “%(opener)s”, which tells the reader nothing yet.")
            % {"line": shown, "opener": weak},
            (
                _(
                    "Replace the first line “%(line)s” with the moment itself: a question (“Ever queued three "
                    "hours just to see a doctor?”) or a scene (“06.30, and the queue already reached the car "
                    "park.”). Greet later, if at all."
                )
                % {"line": shown},
            ),
        )
    if _shouting(opening):
        return Result(
            WARN,
            0.4,
            _("The first line “%(line)s” is in capitals, which reads as shouting.") % {"line": shown},
            (
                _("Write the first line “%(line)s” in normal case; stress one word or add one emoji instead.")
                % {"line": shown},
            ),
        )
    strengths = _strengths(opening)
    short = len(opening) <= HOOK_SHORT
    if strengths and short:
        return Result(OK, 1, _("The first line opens with %(strengths)s.") % {"strengths": ", ".join(strengths)})
    if strengths:
        return Result(
            WARN,
            0.6,
            _("The opening has %(strengths)s, but at %(count)d characters the feed cuts it before the end.")
            % {"strengths": ", ".join(strengths), "count": len(opening)},
            (
                _(
                    "Shorten the opening sentence to under %(size)d characters so it shows whole in the feed: keep "
                    "“%(start)s” and move the rest to the next line."
                )
                % {"size": HOOK_SHORT, "start": w.shorten(opening, 50)},
            ),
        )
    return Result(
        WARN,
        0.5 if short else 0.3,
        _("The first line “%(line)s” states a fact without a question, a number or a scene.") % {"line": shown},
        (
            _(
                "Turn the first line “%(line)s” into a question or a scene (who, where, when), so that people stop "
                "scrolling: e.g. “What does a nurse see at 7 in the morning?”"
            )
            % {"line": shown},
        ),
    )


# --- 2. a person at a moment -----------------------------------------------------------------------------------


def person_and_moment(caption: Caption) -> Result:
    person = _first(lex.PEOPLE.find(caption.tokens))
    named = _NAMED.search(caption.body)
    if named:
        person = named.group()
    moment = ""
    for pattern in (_CLOCK, _DATE):
        match = pattern.search(caption.body)
        if match:
            moment = match.group()
            break
    moment = moment or _first(lex.TIME_MARKERS.find(caption.tokens))
    if not moment:
        match = _PLACE.search(caption.body)
        moment = match.group() if match else _first(lex.PLACES.find(caption.tokens))
    if person and moment:
        return Result(
            OK, 1, _("A person (“%(person)s”) at a moment (“%(moment)s”).") % {"person": person, "moment": moment}
        )
    if person:
        return Result(
            WARN,
            0.5,
            _("A person (“%(person)s”), but no time or place.") % {"person": person},
            (
                _(
                    "Place the story in time and space: when and where did it happen (“last Monday at 07.00, at "
                    "the Sukamaju health centre”)?"
                ),
            ),
        )
    if moment:
        return Result(
            WARN,
            0.5,
            _("A time or place (“%(moment)s”), but no person.") % {"moment": moment},
            (
                _(
                    "Put a person in the story: you (“saya”), or someone named with their role (“Pak Joko, the "
                    "counter officer”)."
                ),
            ),
        )
    return Result(
        FAIL,
        0,
        _("No person and no moment: the text reads like an announcement."),
        (
            _(
                "Tell it through one person at one moment: who (you, or “Bu Sari, a nurse”) and when or where "
                "(“that Monday morning at the health centre”)."
            ),
        ),
    )


# --- 3. problem, then resolution -------------------------------------------------------------------------------


def problem_and_resolution(caption: Caption) -> Result:
    problems = lex.PROBLEMS.find(caption.tokens)
    resolutions = lex.RESOLUTIONS.find(caption.tokens)
    if problems:
        first_problem = problems[0][0]
        after = [hit for hit in resolutions if hit[0] > first_problem]
        if after:
            return Result(
                OK,
                1,
                _("A problem (“%(problem)s”), then how it was solved (“%(resolution)s”).")
                % {"problem": problems[0][1], "resolution": after[0][1]},
            )
        if resolutions:
            return Result(
                WARN,
                0.5,
                _("The outcome (“%(resolution)s”) comes before the problem (“%(problem)s”).")
                % {"resolution": resolutions[0][1], "problem": problems[0][1]},
                (
                    _("Tell the problem first (“%(problem)s”) and end with what changed, so the story builds up.")
                    % {"problem": problems[0][1]},
                ),
            )
        return Result(
            WARN,
            0.5,
            _("A problem (“%(problem)s”), but not how it ended.") % {"problem": problems[0][1]},
            (
                _("You name a difficulty (“%(problem)s”): add what changed, e.g. “Now the queue takes 15 minutes.”")
                % {"problem": problems[0][1]},
            ),
        )
    if resolutions:
        return Result(
            WARN,
            0.4,
            _("A good outcome (“%(resolution)s”), but no problem before it.") % {"resolution": resolutions[0][1]},
            (
                _(
                    "You tell the outcome (“%(resolution)s”) but not what was hard before: one sentence about the "
                    "problem makes the result count."
                )
                % {"resolution": resolutions[0][1]},
            ),
        )
    return Result(
        FAIL,
        0,
        _("No problem and no resolution: nothing is at stake."),
        (_("Name the problem people faced (a queue, a flood, a worry), then tell how it was solved."),),
    )


# --- 4. call to action -----------------------------------------------------------------------------------------


def _ending(caption: Caption) -> list[w.Token]:
    """The tokens of the caption's end: its last two lines, or the last 40% of a caption of one or two lines."""
    if len(caption.body_lines) > 2:
        return w.tokens("\n".join(caption.body_lines[-2:]))
    cut = int(len(caption.body) * 0.6)
    return [token for token in caption.tokens if token.start >= cut]


def call_to_action(caption: Caption) -> Result:
    at_end = lex.CALLS_TO_ACTION.find(_ending(caption))
    if at_end:
        return Result(OK, 1, _("It ends with a call to action (“%(words)s”).") % {"words": at_end[-1][1]})
    anywhere = lex.CALLS_TO_ACTION.find(caption.tokens)
    if anywhere:
        return Result(
            WARN,
            0.5,
            _("A call to action (“%(words)s”), but not at the end.") % {"words": anywhere[0][1]},
            (
                _("Move the call to action “%(words)s” to the last line, where readers decide.")
                % {"words": anywhere[0][1]},
            ),
        )
    return Result(
        FAIL,
        0,
        _("No call to action: the reader is not asked to do anything."),
        (
            _(
                "End with one clear action: “Yuk, register through the app (link in bio)” or “Share this with "
                "family who still queue at dawn.”"
            ),
        ),
    )


# --- 5. a personal voice ---------------------------------------------------------------------------------------


def voice(caption: Caption) -> Result:
    mine = lex.FIRST_PERSON.find(caption.tokens)
    ours = lex.INSTITUTIONAL_WE.find(caption.tokens)
    press = [words for _at, words in lex.PRESS_RELEASE.find(caption.tokens)]
    press_words = w.quoted(dict.fromkeys(press[:3]))
    if mine and len(press) < 2:
        return Result(OK, 1, _("Told in the first person (“%(word)s”).") % {"word": mine[0][1]})
    if mine:
        return Result(
            WARN,
            0.7,
            _("Told in the first person (“%(word)s”), with press-release wording (%(words)s).")
            % {"word": mine[0][1], "words": press_words},
            (_("Drop the press-release wording (%(words)s): say what you saw and did.") % {"words": press_words},),
        )
    if ours:
        return Result(
            WARN,
            0.5,
            _("Only “%(word)s”: it reads as the institution speaking.") % {"word": ours[0][1]},
            (
                _(
                    "Say it as yourself (“saya melihat…”, “aku ikut…”): one person's view is trusted more than an "
                    "institution's “%(word)s”."
                )
                % {"word": ours[0][1]},
            ),
        )
    if press:
        reason = _("No first person, and press-release wording (%(words)s).") % {"words": press_words}
    else:
        reason = _("No first person: the text speaks about others from a distance.")
    return Result(
        FAIL,
        0,
        reason,
        (_("Write as yourself, not as a press release: what did you see, do or feel (“Saya ikut…”)?"),),
    )
