"""The text fields of a brief: lists, facts with their sources, questions and answers, hashtags. Pure functions.

Decisions:

* Line numbers in messages count every line of the text box, blank ones included, as the person sees them.
* Facts: "fact | source", split at the first "|". Every fact needs a source (the anti-hoax duty): a web address
  (http(s)://… or www.…, checked to look like one) or the name of a document with at least three letters or
  digits; placeholders such as "-", "?", "n/a", "tbd" or "sumber" are refused. Repeated facts are dropped.
* Questions and answers: a block starts with "T:", "Q:", "Tanya:", "Pertanyaan:" or "Question:" and its answer
  with "J:", "A:", "Jawab:", "Jawaban:" or "Answer:" (any case). Lines without a prefix continue the question
  (joined with a space) or the answer (kept as separate lines); blank lines are ignored. Entries are
  {"q": …, "a": …}. ``qa_text`` writes the Indonesian prefixes back ("T:" and "J:").
* Hashtags: separated by spaces, commas or semicolons, and "#a#b" is two tags; the "#" is optional; a tag is
  letters (any script), digits and "_", at most 100 characters, not digits only (platforms do not link "#2026").
  Repeats are dropped case-insensitively, the first spelling kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from django.utils.translation import gettext as _

from duta.core.exceptions import ApplicationError

__all__ = ["facts_parse", "facts_text", "hashtags_parse", "lines", "qa_parse", "qa_text"]

_SPACES_RE = re.compile(r"\s+")
_URL_SHAPE_RE = re.compile(r"(?:https?://)?(?:www\.)?[\w\-]+(?:\.[\w\-]+)*\.[a-z]{2,63}(?:[/?#:]\S*)?", re.IGNORECASE)
_WORD_CHARACTER_RE = re.compile(r"[^\W_]")
_PLACEHOLDER_SOURCES = frozenset(
    {"-", "--", "?", "n/a", "na", "tbd", "todo", "xxx", "...", "sumber", "source", "nanti", "tidak ada", "belum ada"}
    | {"none", "unknown", "tidak tahu", "menyusul"}
)
_QA_PREFIX_RE = re.compile(
    r"^(?P<prefix>t|q|tanya|pertanyaan|question|j|a|jawab|jawaban|answer)\s*:\s*(?P<rest>.*)$", re.IGNORECASE
)
_QUESTION_PREFIXES = frozenset({"t", "q", "tanya", "pertanyaan", "question"})
_HASHTAG_SPLIT_RE = re.compile(r"[\s,;]+|(?=#)")
_HASHTAG_RE = re.compile(r"[^\W]{1,100}")


def _key(text: str) -> str:
    return _SPACES_RE.sub(" ", text).casefold()


def lines(text: str) -> list[str]:
    """The non-empty lines of ``text``, stripped, in order, without repeats (compared ignoring case)."""
    seen: set[str] = set()
    found = []
    for line in text.splitlines():
        line = line.strip()
        key = _key(line)
        if line and key not in seen:
            seen.add(key)
            found.append(line)
    return found


def _numbered(text: str) -> Iterable[tuple[int, str]]:
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if line:
            yield number, line


def _source_problem(number: int, source: str) -> str | None:
    if not source:
        return _("Line %(number)d has no source: write “fact | source”.") % {"number": number}
    if source.lower().startswith(("http://", "https://", "www.")) and not _URL_SHAPE_RE.fullmatch(source):
        return _("Line %(number)d: the source “%(source)s” is not a web address.") % {
            "number": number,
            "source": source,
        }
    if source.casefold() in _PLACEHOLDER_SOURCES or len(_WORD_CHARACTER_RE.findall(source)) < 3:
        return _("Line %(number)d: “%(source)s” is not a source: give a web address or the name of a document.") % {
            "number": number,
            "source": source,
        }
    return None


def facts_parse(text: str) -> list[dict[str, str]]:
    """[{"fact", "source"}] from one "fact | source" per line; ApplicationError(field="facts") lists every bad line."""
    facts: list[dict[str, str]] = []
    problems: list[str] = []
    seen: set[str] = set()
    for number, line in _numbered(text):
        fact, bar, source = line.partition("|")
        fact, source = fact.strip(), source.strip()
        if not bar:
            problems.append(_("Line %(number)d has no source: write “fact | source”.") % {"number": number})
            continue
        if not fact:
            problems.append(_("Line %(number)d has a source but no fact before the “|”.") % {"number": number})
            continue
        problem = _source_problem(number, source)
        if problem:
            problems.append(problem)
            continue
        key = _key(fact)
        if key not in seen:
            seen.add(key)
            facts.append({"fact": fact, "source": source})
    if problems:
        raise ApplicationError(" ".join(problems), field="facts")
    return facts


def facts_text(facts: Iterable[Mapping[str, str]]) -> str:
    """The facts back as the text ``facts_parse`` reads: one "fact | source" per line."""
    return "\n".join(f"{fact['fact']} | {fact['source']}" for fact in facts)


def qa_parse(text: str) -> list[dict[str, str]]:
    """[{"q", "a"}] from "T:"/"Q:" question lines followed by "J:"/"A:" answer lines; ApplicationError(field=...)."""
    entries: list[tuple[int, list[str], list[str]]] = []  # (line of the question, its lines, its answer's lines)
    problems: list[tuple[int, str]] = []
    for number, line in _numbered(text):
        found = _QA_PREFIX_RE.match(line)
        if found and found.group("prefix").lower() in _QUESTION_PREFIXES:
            entries.append((number, [found.group("rest").strip()], []))
        elif found:
            if not entries:
                message = _("Line %(number)d is an answer without a question: write the question above it, after “T:”.")
                problems.append((number, message % {"number": number}))
                continue
            entries[-1][2].append(found.group("rest").strip())
        elif not entries:
            message = _("Line %(number)d is not part of a question: start each question with “T:”.")
            problems.append((number, message % {"number": number}))
        elif entries[-1][2]:
            entries[-1][2].append(line)
        else:
            entries[-1][1].append(line)
    result: list[dict[str, str]] = []
    for number, question_lines, answer_lines in entries:
        question = " ".join(part for part in question_lines if part)
        answer = "\n".join(part for part in answer_lines if part)
        if not question:
            problems.append((number, _("The question on line %(number)d is empty.") % {"number": number}))
        elif not answer:
            message = _("The question on line %(number)d has no answer: add a line starting with “J:”.")
            problems.append((number, message % {"number": number}))
        else:
            result.append({"q": question, "a": answer})
    if problems:
        raise ApplicationError(" ".join(message for _number, message in sorted(problems)), field="questions_answers")
    return result


def qa_text(entries: Iterable[Mapping[str, str]]) -> str:
    """The questions and answers back as the text ``qa_parse`` reads, one blank line between blocks."""
    blocks = []
    for entry in entries:
        answer = []
        for index, line in enumerate(entry["a"].splitlines()):
            prefixed = index == 0 or _QA_PREFIX_RE.match(line.strip())
            answer.append(f"J: {line}" if prefixed else line)
        blocks.append("\n".join([f"T: {' '.join(entry['q'].split())}", *answer]))
    return "\n\n".join(blocks)


def hashtags_parse(text: str, *, field: str = "hashtags") -> list[str]:
    """["#a", "#b", "#c"] from "#a #b, c"; ApplicationError(field=field) naming each bad tag."""
    tags: list[str] = []
    seen: set[str] = set()
    bad: list[str] = []
    for token in _HASHTAG_SPLIT_RE.split(text):
        if not token:
            continue
        name = token.removeprefix("#")
        if not _HASHTAG_RE.fullmatch(name) or name.isdigit():
            if token not in bad:
                bad.append(token)
            continue
        if name.casefold() not in seen:
            seen.add(name.casefold())
            tags.append(f"#{name}")
    if bad:
        raise ApplicationError(
            " ".join(
                _(
                    "“%(tag)s” is not a hashtag: use letters, digits and “_” only (not digits alone), with no "
                    "spaces or punctuation."
                )
                % {"tag": token}
                for token in bad
            ),
            field=field,
        )
    return tags
