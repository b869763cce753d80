"""Personal numbers: the NIK (national identity number) and the NIP (civil-servant number).

A 16-digit or 18-digit number is only reported when its structure checks out (a real province, a real birth
date, a plausible appointment), so bank accounts, phone numbers and order numbers stay out. Numbers are only
ever shown masked.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

# Province codes of the Ministry of Home Affairs (Kemendagri), which the NIK uses, including the four Papua
# provinces of 2022. (97 is not one: it is a BPS statistics code, which numbers the Papua provinces differently.)
PROVINCES = {
    "11": "Aceh",
    "12": "Sumatera Utara",
    "13": "Sumatera Barat",
    "14": "Riau",
    "15": "Jambi",
    "16": "Sumatera Selatan",
    "17": "Bengkulu",
    "18": "Lampung",
    "19": "Kepulauan Bangka Belitung",
    "21": "Kepulauan Riau",
    "31": "DKI Jakarta",
    "32": "Jawa Barat",
    "33": "Jawa Tengah",
    "34": "DI Yogyakarta",
    "35": "Jawa Timur",
    "36": "Banten",
    "51": "Bali",
    "52": "Nusa Tenggara Barat",
    "53": "Nusa Tenggara Timur",
    "61": "Kalimantan Barat",
    "62": "Kalimantan Tengah",
    "63": "Kalimantan Selatan",
    "64": "Kalimantan Timur",
    "65": "Kalimantan Utara",
    "71": "Sulawesi Utara",
    "72": "Sulawesi Tengah",
    "73": "Sulawesi Selatan",
    "74": "Sulawesi Tenggara",
    "75": "Gorontalo",
    "76": "Sulawesi Barat",
    "81": "Maluku",
    "82": "Maluku Utara",
    "91": "Papua",
    "92": "Papua Barat",
    "93": "Papua Selatan",
    "94": "Papua Tengah",
    "95": "Papua Pegunungan",
    "96": "Papua Barat Daya",
}
EARLIEST_NIP_BIRTH_YEAR = 1940
ADULT_AGE = 18

# 16 to 18 digits, single spaces, dots or dashes allowed between them ("3174 0552 0590 0001",
# "19900512 201503 1 001"); not part of a longer run of digits, even across one separator. (The lookbehinds
# come after the first digit so that the engine can skip quickly to digits.)
_NUMBER = re.compile(r"[0-9](?<![0-9][0-9])(?<![0-9][ .\-][0-9])(?:[ .\-]?[0-9]){15,17}(?![ .\-]?[0-9])")


@dataclass(frozen=True, slots=True)
class NikInfo:
    province_code: str
    province: str
    regency_code: str
    district_code: str
    birth_date: date
    female: bool
    serial: str


@dataclass(frozen=True, slots=True)
class NipInfo:
    birth_date: date
    appointed: date  # the first day of the month of appointment (TMT)
    female: bool
    serial: str


def find_numbers(raw: str) -> Iterator[str]:
    """The digits of every 16-to-18-digit number written in ``raw``, separators removed."""
    for match in _NUMBER.finditer(raw):
        yield "".join(char for char in match.group() if char.isdigit())


def _digits(value: str, size: int) -> bool:
    return len(value) == size and value.isascii() and value.isdigit()


def _real_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def nik_check(digits: str, *, today: date | None = None) -> NikInfo | None:
    """The parts of a valid NIK, or None.

    Digits 1-2 province, 3-4 regency or city, 5-6 district, 7-8 day of birth (plus 40 for a woman), 9-10 month,
    11-12 year, 13-16 serial. The two-digit year is this century unless that date is still to come.
    """
    if not _digits(digits, 16):
        return None
    province = PROVINCES.get(digits[:2])
    if province is None or digits[2:4] == "00" or digits[4:6] == "00" or digits[12:] == "0000":
        return None
    day, month, year = int(digits[6:8]), int(digits[8:10]), int(digits[10:12])
    female = day > 40
    if female:
        day -= 40
    if not 1 <= day <= 31:
        return None
    today = today or date.today()
    born = _real_date(2000 + year, month, day)
    if born is None or born > today:
        born = _real_date(1900 + year, month, day)
    if born is None:
        return None
    return NikInfo(digits[:2], province, digits[2:4], digits[4:6], born, female, digits[12:])


def nip_check(digits: str, *, today: date | None = None) -> NipInfo | None:
    """The parts of a valid NIP, or None.

    Digits 1-8 birth date YYYYMMDD, 9-14 appointment (TMT) YYYYMM, 15 gender (1 man, 2 woman), 16-18 serial.
    The appointment is in or after the month of the 18th birthday and not in the future.
    """
    if not _digits(digits, 18):
        return None
    today = today or date.today()
    born = _real_date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    if born is None or not EARLIEST_NIP_BIRTH_YEAR <= born.year <= today.year - ADULT_AGE:
        return None
    year, month = int(digits[8:12]), int(digits[12:14])
    if not 1 <= month <= 12:
        return None
    if (year, month) < (born.year + ADULT_AGE, born.month) or (year, month) > (today.year, today.month):
        return None
    if digits[14] not in "12" or digits[15:] == "000":
        return None
    return NipInfo(born, date(year, month, 1), digits[14] == "2", digits[15:])


def mask_number(digits: str) -> str:
    """The number with its middle hidden: "3174********0001" (a quarter shown at each end, at most 4 digits)."""
    digits = "".join(char for char in digits if char.isdigit())
    shown = min(4, len(digits) // 4)
    if not shown:
        return "*" * len(digits)
    return digits[:shown] + "*" * (len(digits) - 2 * shown) + digits[-shown:]
