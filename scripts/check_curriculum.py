"""Validate the built-in curriculum (src/duta/academy/curriculum/*.yaml) against the format in its README.md.

Run: .venv/bin/python scripts/check_curriculum.py   (prints one line per course, exits 1 on a problem)
"""

import re
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent.parent / "src" / "duta" / "academy" / "curriculum"
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
SENTENCE_END = re.compile(r"[.!?](?=\s|$)")
HTML = re.compile(r"</?[A-Za-z][^>]*>")
LINK = re.compile(r"\]\(([^)]*)\)")
OFFICIAL = re.compile(r"^https://([a-z0-9-]+\.)+go\.id(/\S*)?$")  # links only to Indonesian government sites
EMOJI = re.compile("[\U0001f300-\U0001faff\u2600-\u27bf]")
COURSE_KEYS = {
    "slug",
    "title",
    "title_en",
    "summary",
    "summary_en",
    "minutes",
    "passing_score",
    "max_attempts",
    "modules",
    "quiz",
}
LESSON_KEYS = {"title", "summary_en", "video_url", "body"}


def sentences(text):
    return len(SENTENCE_END.findall(text.strip()))


def is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


def text(value, where, problems, limit=None):
    if not isinstance(value, str) or not value.strip():
        problems.append(f"{where}: missing or empty text")
        return ""
    if limit and len(value) > limit:
        problems.append(f"{where}: {len(value)} chars > {limit}")
    return value


def keys(obj, expected, where, problems):
    if not isinstance(obj, dict):
        problems.append(f"{where}: not a mapping")
        return False
    if set(obj) != expected:
        problems.append(f"{where}: keys missing {sorted(expected - set(obj))} unknown {sorted(set(obj) - expected)}")
    return True


def check_body(body, where, problems):
    words = len(WORD.findall(body))
    if not 250 <= words <= 700:
        problems.append(f"{where}: body has {words} words (250-700)")
    for line in body.splitlines():
        if re.match(r"^#(?!#)", line) or re.match(r"^#{4,}", line):
            problems.append(f"{where}: heading level not ## or ###: {line!r}")
    if HTML.search(body):
        problems.append(f"{where}: HTML in body")
    if "![" in body:
        problems.append(f"{where}: image in body")
    for url in LINK.findall(body):
        if not OFFICIAL.match(url):
            problems.append(f"{where}: link to a non-official site {url}")
    if len(EMOJI.findall(body)) > 4:
        problems.append(f"{where}: too many emoji")
    return words


def check_question(n, q, problems):
    where = f"quiz {n}"
    if not keys(q, {"text", "kind", "explanation", "choices"}, where, problems):
        return None
    text(q.get("text"), where, problems)
    if not 1 <= sentences(text(q.get("explanation"), f"{where} explanation", problems)) <= 3:
        problems.append(f"{where}: explanation must be 1-3 sentences")
    choices = q.get("choices")
    if not isinstance(choices, list) or not 3 <= len(choices) <= 5:
        problems.append(f"{where}: needs 3-5 choices")
        return None
    for i, c in enumerate(choices, 1):
        if keys(c, {"text", "correct"}, f"{where} choice {i}", problems):
            text(c.get("text"), f"{where} choice {i}", problems, 500)
            if not isinstance(c.get("correct"), bool):
                problems.append(f"{where} choice {i}: correct must be true or false")
    right = [c for c in choices if isinstance(c, dict) and c.get("correct") is True]
    if len({str(c.get("text")) for c in choices if isinstance(c, dict)}) != len(choices):
        problems.append(f"{where}: duplicate choices")
    kind = q.get("kind")
    if kind == "single" and len(right) != 1:
        problems.append(f"{where}: single needs exactly one correct choice")
    elif kind == "multiple" and not (len(right) >= 2 and len(right) < len(choices)):
        problems.append(f"{where}: multiple needs >= 2 correct and >= 1 wrong")
    elif kind not in ("single", "multiple"):
        problems.append(f"{where}: kind must be single or multiple")
    if kind == "single" and len(right) == 1 and all(isinstance(c, dict) for c in choices):
        lengths = [len(str(c.get("text"))) for c in choices]
        return kind, choices.index(right[0]) == 0, len(str(right[0]["text"])) == max(lengths)
    return kind, False, False


def check_course(path, data, problems):
    if not keys(data, COURSE_KEYS, "course", problems):
        return None
    slug = data.get("slug")
    if not isinstance(slug, str) or not SLUG.match(slug):
        problems.append(f"slug {slug!r} is not lowercase letters, digits and hyphens")
    elif not re.fullmatch(rf"\d\d-{re.escape(slug)}\.yaml", path.name):
        problems.append(f"file name {path.name} does not match slug {slug}")
    text(data.get("title"), "title", problems, 120)
    text(data.get("title_en"), "title_en", problems, 120)
    if not 1 <= sentences(text(data.get("summary"), "summary", problems, 500)) <= 3:
        problems.append("summary must be 1-3 sentences")
    if not 2 <= sentences(text(data.get("summary_en"), "summary_en", problems, 800)) <= 4:
        problems.append("summary_en must be 2-4 sentences")
    if not is_int(data.get("minutes")) or not 5 <= data["minutes"] <= 600:
        problems.append("minutes must be an integer 5..600")
    if not is_int(data.get("passing_score")) or not 50 <= data["passing_score"] <= 100:
        problems.append("passing_score must be an integer 50..100")
    if not is_int(data.get("max_attempts")) or not 1 <= data["max_attempts"] <= 10:
        problems.append("max_attempts must be an integer 1..10")
    modules = data.get("modules")
    if not isinstance(modules, list) or not 2 <= len(modules) <= 4:
        problems.append("needs 2-4 modules")
        modules = modules if isinstance(modules, list) else []
    lessons = words = 0
    for m, module in enumerate(modules, 1):
        if not keys(module, {"title", "lessons"}, f"module {m}", problems):
            continue
        text(module.get("title"), f"module {m} title", problems, 200)
        items = module.get("lessons")
        if not isinstance(items, list) or not 1 <= len(items) <= 4:
            problems.append(f"module {m}: needs 1-4 lessons")
            items = items if isinstance(items, list) else []
        for n, lesson in enumerate(items, 1):
            where = f"module {m} lesson {n}"
            lessons += 1
            if not keys(lesson, LESSON_KEYS, where, problems):
                continue
            text(lesson.get("title"), f"{where} title", problems, 200)
            if not 1 <= sentences(text(lesson.get("summary_en"), f"{where} summary_en", problems)) <= 3:
                problems.append(f"{where}: summary_en must be 1-3 sentences")
            if lesson.get("video_url") != "":
                problems.append(f"{where}: video_url must be empty")
            words += check_body(text(lesson.get("body"), f"{where} body", problems), where, problems)
    if not 6 <= lessons <= 10:
        problems.append(f"{lessons} lessons (6-10)")
    quiz = data.get("quiz")
    if not isinstance(quiz, list) or not 8 <= len(quiz) <= 12:
        problems.append("needs 8-12 questions")
        quiz = quiz if isinstance(quiz, list) else []
    results = [r for r in (check_question(n, q, problems) for n, q in enumerate(quiz, 1)) if r]
    if sum(1 for kind, _, _ in results if kind == "multiple") < 2:
        problems.append("needs at least 2 multiple-choice questions")
    singles = [r for r in results if r[0] == "single"]
    if singles and all(first for _, first, _ in singles):
        problems.append("the correct answer is always first")
    if singles and sum(longest for _, _, longest in singles) > len(singles) * 0.6:
        problems.append("the correct answer is too often the longest")
    return slug, len(modules), lessons, len(quiz), words


def main():
    failed, slugs = False, set()
    paths = sorted(HERE.glob("*.yaml"))
    if not paths:
        print("no curriculum files found")
        return 1
    for path in paths:
        problems = []
        if path.stat().st_size > 45 * 1024:
            problems.append(f"file is {path.stat().st_size} bytes (> 45 KB)")
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            problems.append(f"does not parse: {exc}")
            data = None
        line = check_course(path, data, problems) if data is not None else None
        if line:
            if line[0] in slugs:
                problems.append(f"slug {line[0]} used twice")
            slugs.add(line[0])
            print(f"{line[0]}: modules={line[1]} lessons={line[2]} questions={line[3]} words={line[4]}")
        for problem in problems:
            print(f"  {path.name}: {problem}")
        failed = failed or bool(problems)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
