"""Every message people read has its Russian translation, and no template text escapes the catalogue.

The messages are extracted the way ``make messages`` extracts them (Babel, with the mappings of
``[tool.babel]`` in pyproject.toml), so a string added to a template or to the briefing renderer
without a Russian translation fails here, as does visible template text outside ``{% trans %}``/``_()``.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from tracker.locale import LANGUAGES, catalogue_path, gettext, ngettext, translations

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE_DIRECTORIES = [ROOT / "api" / "pages" / "templates", ROOT / "tracker" / "rendering" / "templates"]


def _mappings() -> tuple[list[tuple[str, str]], dict[str, dict[str, str]]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["babel"]
    method_map = [(entry["pattern"], entry["method"]) for entry in config["mappings"]]
    options = {
        entry["pattern"]: {k: v for k, v in entry.items() if k not in ("pattern", "method")} for entry in config["mappings"]
    }
    return method_map, options


def extracted() -> dict[str | tuple[str, ...], set[str]]:
    """Every message of the pages, the briefing renderer and the wording, with the files it comes from."""
    method_map, options = _mappings()
    found: dict[str | tuple[str, ...], set[str]] = {}
    for filename, _, message, _, _ in extract_from_dir(str(ROOT), method_map, options):
        found.setdefault(message, set()).add(filename)
    return found


def test_the_extraction_reaches_the_pages_the_briefing_and_the_wording() -> None:
    files = {name for names in extracted().values() for name in names}
    assert any(name.startswith("api/pages/templates/") for name in files)
    assert "api/pages/controller.py" in files and "api/pages/charts.py" in files
    assert "tracker/rendering/_outline.py" in files and "tracker/domain/wording.py" in files
    assert "Summary" in extracted() and "States tracked" in extracted()


@pytest.mark.parametrize("language", [language for language in LANGUAGES if language != "en"])
def test_every_message_has_a_translation(language: str) -> None:
    with catalogue_path(language).open("rb") as po:
        catalog = read_po(po, locale=language)
    missing = []
    for message, files in extracted().items():
        key = message[:2] if isinstance(message, tuple) else message
        entry = catalog.get(key)
        strings = entry.string if entry is not None and isinstance(entry.string, tuple) else (entry.string if entry else "",)
        if entry is None or entry.fuzzy or not all(strings):
            missing.append(f"{key!r} ({', '.join(sorted(files))})")
    assert not missing, f"untranslated into {language} (run `make messages` and translate them):\n" + "\n".join(missing)


@pytest.mark.parametrize("language", [language for language in LANGUAGES if language != "en"])
def test_every_translation_keeps_the_placeholders_of_its_message(language: str) -> None:
    with catalogue_path(language).open("rb") as po:
        catalog = read_po(po, locale=language)
    placeholder = re.compile(r"%\(\w+\)[sd]")
    for entry in catalog:
        if not entry.id:
            continue
        ids = entry.id if isinstance(entry.id, tuple) else (entry.id,)
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        wanted = set(placeholder.findall(ids[-1]))
        for string in strings:
            # A Russian plural form may leave the number out (\"в течение дня\"); it never adds a name.
            assert set(placeholder.findall(string)) <= wanted | set(placeholder.findall(ids[0])), (entry.id, string)
            assert set(placeholder.findall(string)) >= wanted - {"%(num)d", "%(count)s"}, (entry.id, string)


def test_the_catalogue_is_compiled_once_and_counts_in_three_russian_forms() -> None:
    assert translations("ru") is translations("ru")
    assert gettext("Summary", "ru") == "Сводка" and gettext("Summary") == "Summary"
    forms = [ngettext("%(num)d item", "%(num)d items", n, "ru") % {"num": n} for n in (1, 2, 5, 11, 21, 22)]
    assert forms == ["1 пункт", "2 пункта", "5 пунктов", "11 пунктов", "21 пункт", "22 пункта"]
    with pytest.raises(ValueError, match="en, ru"):
        translations("xx")


# --- visible template text outside the catalogue ---------------------------------------------------

_TRANS_BLOCK = re.compile(r"{%-?\s*trans\b.*?{%-?\s*endtrans\s*-?%}", re.DOTALL)
_JINJA = re.compile(r"{{.*?}}|{%.*?%}|{#.*?#}", re.DOTALL)
_INVISIBLE = re.compile(r"<(style|script)\b.*?</\1>", re.DOTALL | re.IGNORECASE)
_SHOWN_ATTRIBUTES = re.compile(r'\b(?:title|alt|placeholder|aria-label)="([^"]*)"')
#: Addresses shown as text (``/api/v1/states``) read the same in every language.
_PATHS = re.compile(r"(?<!\w)/[\w./-]*")
_TAG = re.compile(r"<[^>]*>", re.DOTALL)
#: Attributes a macro writes into the tag that calls it (``aria-invalid="true"``): markup, not text.
_HIDDEN_ATTRIBUTE = re.compile(r'(?<![\w-])(?:aria-(?!label\b)[\w-]+|id|class|for|lang|role)="[^"]*"')
#: Words that are the same in every language: the site's name and the names of formats.
_SAME_EVERYWHERE = {"tracker"}


def untranslated(template: str) -> list[str]:
    """Letters a reader would see that are not inside ``{% trans %}`` or an expression such as ``_()``."""
    source = _INVISIBLE.sub(" ", _TRANS_BLOCK.sub(" ", template))
    source = _JINJA.sub(" ", source)
    shown = [value for value in _SHOWN_ATTRIBUTES.findall(source)]
    words = [*shown, _PATHS.sub(" ", _HIDDEN_ATTRIBUTE.sub(" ", _TAG.sub(" ", source)))]
    return [word for text in words for word in re.findall(r"[^\W\d_][\w'’-]*", text) if word not in _SAME_EVERYWHERE]


@pytest.mark.parametrize("template", sorted(p for d in TEMPLATE_DIRECTORIES for p in d.glob("*.html")), ids=lambda p: p.name)
def test_no_template_shows_text_outside_the_catalogue(template: Path) -> None:
    assert untranslated(template.read_text(encoding="utf-8")) == []


def test_the_scan_finds_text_left_outside_the_catalogue() -> None:
    assert untranslated("<p>Status: {{ item.status }}</p>") == ["Status"]
    assert untranslated('<input placeholder="Search">') == ["Search"]
    assert untranslated('<nav aria-label="{{ _(\'Main\') }}"><a href="/x">{{ _("Overview") }}</a></nav>') == []
    assert untranslated("<p>{% trans n=1 %}{{ n }} item{% endtrans %} — 3 · {{ x }}</p>") == []
    assert untranslated('<style>body{color:red}</style>{# a note #}<a href="/api/v1">/api/v1/states</a>') == []
