"""What Hugging Face paper pages put around the papers when copied as text: header chrome and date lines."""

from __future__ import annotations

import datetime as dt
import re

MONTHS = {m: i for i, m in enumerate("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(), start=1)}
_CHROME_RE = re.compile(
    r"^(?:new|subscribe|daily papers|trending papers|papers|"
    r"get trending papers in your email inbox(?: once a day)?!?|by\s*ak and the research community)$",
    re.IGNORECASE,
)
_MONTH = r"(?P<month>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
PAGE_DATE_RE = re.compile(rf"^{_MONTH}\s+(?P<day>[0-9]{{1,2}})(?:,\s*(?P<year>[0-9]{{4}}))?$")
# A card's date line: "Mar 30", "Dec 5, 2024", optionally followed by the upvote count (ASCII digits, and no more
# of them than any count could have: int() refuses 4,300 and reads Arabic-Indic digits as well).
CARD_DATE_RE = re.compile(rf"^{_MONTH}\s+(?P<day>[0-9]{{1,2}})(?:,\s*(?P<year>[0-9]{{4}}))?(?:\s+(?P<upvotes>[0-9]{{1,9}}))?$")
_GLUED_SUBSCRIBE_RE = re.compile(r"^Subscribe(?=[A-Z0-9(\"“])")


def is_chrome(line: str) -> bool:
    """True for the page's own words: navigation, the newsletter box, the page date."""
    return bool(_CHROME_RE.match(line.strip()) or PAGE_DATE_RE.match(line.strip()))


def unglue(line: str) -> str:
    """Remove the newsletter button's "Subscribe" glued to the first title by a copy from the page."""
    return _GLUED_SUBSCRIBE_RE.sub("", line)


def card_date(match: re.Match, listing_year: int | None) -> dt.date | None:
    """The date a card shows; a date without a year is in the listing's year, when that is known."""
    year = int(match.group("year")) if match.group("year") else listing_year
    if year is None:
        return None
    try:
        return dt.date(year, MONTHS[match.group("month")[:3].title()], int(match.group("day")))
    except ValueError:
        return None
