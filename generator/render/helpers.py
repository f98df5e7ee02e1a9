"""Jinja helpers shared by the site templates: texts in the reader's language, dates, hours."""

from __future__ import annotations

import json
from datetime import date, time
from functools import cache
from typing import Any
from urllib.parse import quote, urlsplit

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_time, get_day_names
from markupsafe import Markup

from generator.facts import facts_view
from generator.hours import schedule, typical_week
from generator.i18n import catalog
from generator.icons import read_icon
from generator.languages import Language
from generator.model import Actor, Guide, Localized, Text
from generator.render import richtext


@cache
def babel_locale(tag: str) -> Locale:
    """The CLDR locale of a tag, French when CLDR does not know it."""
    try:
        return Locale.parse(tag.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse("fr")


def localize(text: Text | None, lang: Language) -> Localized | None:
    return None if text is None else text.get(lang.tag)


def text_attrs(localized: Localized | None) -> Markup:
    """`lang`/`dir` attributes for a text shown in another language than the page's."""
    if localized is None or not localized.is_fallback:
        return Markup("")
    from generator.languages import language

    shown = language(localized.lang)
    return Markup(f' lang="{shown.tag}" dir="{shown.direction}"')


def free_text_attrs(localized: Localized | None) -> Markup:
    """`text_attrs` for a free text (description, conditions), which the page's search index
    leaves out when it is a French fallback: each language's index holds its own language's
    words (Pagefind stems them by the page's language), and an edit of a French text then
    re-indexes French alone, not every language that shows it untranslated. Names and titles
    (`text_attrs`) stay indexed in every language."""
    attrs = text_attrs(localized)
    if localized is not None and localized.is_fallback:
        return Markup(f"{attrs} data-pagefind-ignore")
    return attrs


def long_date(day: date, lang: Language) -> str:
    return format_date(day, "long", locale=babel_locale(lang.tag))


@cache  # a 2,000-place need page asks for the same few times hundreds of thousands of times
def short_time(value: time, lang: Language) -> str:
    return format_time(value, "short", locale=babel_locale(lang.tag))


@cache
def week_rows(expression: str, lang: Language) -> tuple[dict[str, Any], ...]:
    """Rows of a typical week, consecutive days with the same hours grouped together.

    Kept per expression and language (many places share their hours); templates only read it."""
    week = typical_week(expression)
    names = get_day_names("wide", locale=babel_locale(lang.tag))
    rows: list[dict[str, Any]] = []
    for day, slots in enumerate(week.days):
        text = [f"{short_time(a, lang)} – {short_time(b, lang)}" for a, b in slots]
        if rows and rows[-1]["slots"] == text and rows[-1]["last"] == day - 1:
            rows[-1]["last"] = day
        else:
            rows.append({"first": day, "last": day, "slots": text})
    for row in rows:
        first, last = names[row["first"]], names[row["last"]]
        row["days"] = first if row["first"] == row["last"] else f"{first} – {last}"
    return tuple(rows)


@cache
def hours_data(expression: str | None, lang: Language, today: date) -> str:
    """The `data-hours` JSON the browser reads to say "open now", or "" when it cannot.

    `w`: the usual week (minutes from midnight, Monday first); `c`: closed days (public
    holidays) for the coming year; `t`: the time labels in the reader's language.
    """
    if not expression:
        return ""
    plan = schedule(expression, today)
    if not plan.weekly or not any(plan.week):
        return ""
    minutes = sorted({m for day in plan.week for slot in day for m in slot})
    labels = {m: short_time(time((m // 60) % 24, m % 60), lang) for m in minutes}
    data = {
        "w": [[list(slot) for slot in day] for day in plan.week],
        "c": [day.isoformat() for day in plan.closed_days],
        "t": labels,
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def page_config(lang: Language, ui: Any, root: str, home: str) -> dict[str, Any]:
    """What guide.js needs: interface texts, day names, the way back to the site root and to
    the language's home (search results are relative to it)."""
    keys = (
        "open_now",
        "open_until",
        "closed_now",
        "opens_at",
        "opens_on",
        "shown_count",
        "search_results",
        "search_none",
    )
    days = get_day_names("wide", locale=babel_locale(lang.tag))
    return {
        "ui": {key: ui(key) for key in keys},
        "days": [days[i] for i in range(7)],
        "root": root,
        "home": home,
    }


def closed_on_holidays(expression: str) -> bool:
    return typical_week(expression).closed_on_holidays


def icon(name: str | None) -> Markup:
    """An inline SVG pictogram, hidden from screen readers (the text beside it says it all)."""
    if not name:
        return Markup("")
    svg = read_icon(name).replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1)
    return Markup(svg)


def map_links(actor: Actor) -> dict[str, str]:
    """A `geo:` URI (opens the phone's maps app) and an OpenStreetMap link.

    The place's name is the `geo:` label (RFC 5870 `q=lat,lon(label)`), percent-encoded: the
    URI holds no space, quote or bracket of its own (the template escapes it for HTML once).
    """
    if actor.latitude is None or actor.longitude is None:
        return {}
    lat, lon = actor.latitude, actor.longitude
    label = quote(actor.nom, safe="")
    return {
        "geo": f"geo:{lat},{lon}?q={lat},{lon}({label})",
        "osm": f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=18/{lat}/{lon}",
    }


DESCRIPTION_LENGTH = 160  # what search engines and link previews show of a description
BRIEF_LENGTH = 280  # characters of a description on a need card or a leaflet
FOLD_AFTER = 5  # an actor page with more services shows each folded, under a list of them


def brief(text: str, lang: Language) -> richtext.Lead:
    """The beginning of a description for a need card or a leaflet: whole sentences, at most
    BRIEF_LENGTH characters; `cut` says the page has more."""
    return richtext.lead(text, BRIEF_LENGTH, "።" if lang.script == "Ethi" else ".")


def shorten(text: str, limit: int = DESCRIPTION_LENGTH) -> str:
    """One line of at most `limit` characters, cut between words."""
    line = " ".join(text.split())
    if len(line) <= limit:
        return line
    cut = line[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:—- ")
    return cut + "…"


# What RFC 3986 allows in a URI besides letters and digits; anything else is percent-encoded.
URI_CHARACTERS = "-._~:/?#[]@!$&'()*+,;=%"


def web_link(url: str) -> str:
    """A validated http(s) address as a link target: characters a URI cannot hold (spaces,
    quotes, angle brackets, non-ASCII) are percent-encoded; other schemes give no link."""
    if urlsplit(url).scheme.lower() not in ("http", "https"):
        return ""
    return quote(url, safe=URI_CHARACTERS)


def mailto(address: str) -> str:
    """A `mailto:` URI (RFC 6068) for a validated address."""
    return "mailto:" + quote(address, safe="@")


def install(env: Any, guide: Guide, lang: Language, today: date) -> None:
    """Register the helpers in a Jinja environment, bound to one language."""
    # Every template, the theme's included, escapes every value: a text from the data is text,
    # never HTML. What is HTML on purpose (a page's rendered Markdown) is marked as such, and
    # so is the HTML `richtext` builds from a free text (every piece of text in it escaped).
    env.autoescape = True
    env.globals.update(
        language=lang,
        ui=catalog(lang.tag),
        localize=lambda text: localize(text, lang),
        text_attrs=text_attrs,
        free_text_attrs=free_text_attrs,
        richtext=richtext.render,
        brief=lambda text: brief(text, lang),
        facts=facts_view(guide),
        fold_after=FOLD_AFTER,
        long_date=lambda day: long_date(day, lang),
        week_rows=lambda expression: week_rows(expression, lang),
        closed_on_holidays=closed_on_holidays,
        icon=icon,
        map_links=map_links,
        mailto=mailto,
        web_link=web_link,
        is_out_of_date=lambda actor: guide.is_out_of_date(actor, today),
        hours_data=lambda expression: hours_data(expression, lang, today),
    )
