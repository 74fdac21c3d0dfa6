"""Deterministic synthetic records for the benchmarks: States, documents and recommendations.

``generate(items=50_000, seed=2026)`` returns the records in memory (a ``MetaRecord`` first),
always the same for the same arguments. From the repository root::

    python -m benchmarks.generate --items 50000 --out /tmp/synthetic.ndjson

writes them as NDJSON in the tracker's record format (readable by ``tracker import``).

What is generated:

- ~190 States: 188 synthetic codes ``AAA``, ``AAB``, ... plus the real ``KAZ`` and ``TJK``;
  one ``StateRecord`` each (English name, a region).
- Documents of the treaty bodies (CAT, CCPR, CESCR, CEDAW, CERD, CRC, CRPD, CED, CMW) and of
  the UPR, handed out to the States in turn so the recommendations are spread evenly:
  concluding observations (``CAT/C/AAB/CO/3``, ``E/C.12/AAB/CO/2``...) with 20-60
  recommendation paragraphs (``8``, ``16``, sometimes ``16a``/``16b``), and UPR Working
  Group reports (``A/HRC/43/10``) with 100-250 recommendations numbered ``120.1``, ``120.2``...
- Recommendations: a title of 3-8 words, a text of 200-900 characters of plausible words,
  1-3 themes out of 15, sometimes affected groups; 3-4 follow-up paragraphs
  (``follow_up=true``) in each CAT/CCPR/CERD/CEDAW/CESCR document; UPR ones carry a response
  (supported/noted), a cycle and 1-3 recommending States.

The last document is cut short so that exactly ``items`` recommendations are produced.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import random
import string
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from tracker.domain.entities import SourceRef
from tracker.domain.enums import Body, DocumentKind, UprResponse, Verification
from tracker.records import DocumentRecord, MetaRecord, RecommendationRecord, Record, StateRecord, encode_record

DEFAULT_ITEMS = 50_000
DEFAULT_SEED = 2026
SYNTHETIC_STATES = 188
REAL_STATES = {"KAZ": ("Kazakhstan", "Central Asia"), "TJK": ("Tajikistan", "Central Asia")}

REGIONS = (
    "Central Asia",
    "Eastern Europe",
    "Western Europe",
    "Northern Europe",
    "Southern Europe",
    "Northern Africa",
    "Sub-Saharan Africa",
    "Western Asia",
    "Southern Asia",
    "South-eastern Asia",
    "Eastern Asia",
    "Latin America and the Caribbean",
    "Northern America",
    "Oceania",
)

THEMES = (
    "torture and ill-treatment",
    "conditions of detention",
    "independence of the judiciary",
    "freedom of expression",
    "freedom of assembly",
    "freedom of religion",
    "gender equality",
    "violence against women",
    "rights of the child",
    "rights of persons with disabilities",
    "migrants and refugees",
    "national human rights institution",
    "non-discrimination",
    "right to health",
    "right to education",
)

AFFECTED_GROUPS = (
    "women",
    "children",
    "persons with disabilities",
    "migrants",
    "refugees and asylum seekers",
    "detainees",
    "human rights defenders",
    "journalists",
    "minorities",
    "LGBTI persons",
    "older persons",
    "rural population",
)

#: Treaty bodies: the symbol of their concluding observations, and whether they select
#: paragraphs for a follow-up procedure.
TREATY_BODIES = {
    Body.CAT: ("CAT/C/{state}/CO/{cycle}", True),
    Body.CCPR: ("CCPR/C/{state}/CO/{cycle}", True),
    Body.CESCR: ("E/C.12/{state}/CO/{cycle}", True),
    Body.CEDAW: ("CEDAW/C/{state}/CO/{cycle}", True),
    Body.CERD: ("CERD/C/{state}/CO/{cycle}", True),
    Body.CRC: ("CRC/C/{state}/CO/{cycle}", False),
    Body.CRPD: ("CRPD/C/{state}/CO/{cycle}", False),
    Body.CED: ("CED/C/{state}/CO/{cycle}", False),
    Body.CMW: ("CMW/C/{state}/CO/{cycle}", False),
}
BODY_NAMES = {
    Body.CAT: "Committee against Torture",
    Body.CCPR: "Human Rights Committee",
    Body.CESCR: "Committee on Economic, Social and Cultural Rights",
    Body.CEDAW: "Committee on the Elimination of Discrimination against Women",
    Body.CERD: "Committee on the Elimination of Racial Discrimination",
    Body.CRC: "Committee on the Rights of the Child",
    Body.CRPD: "Committee on the Rights of Persons with Disabilities",
    Body.CED: "Committee on Enforced Disappearances",
    Body.CMW: "Committee on Migrant Workers",
}
ORDINALS = ("initial", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")

OPENINGS = (
    "The Committee recommends that the State party",
    "The State party should",
    "The Committee urges the State party to",
    "The Committee calls upon the State party to",
    "Recalling its previous recommendations, the Committee recommends that the State party",
)
UPR_OPENINGS = ("Take measures to", "Continue efforts to", "Ensure that", "Adopt legislation to", "Strengthen", "Consider")
VERBS = (
    "ensure",
    "adopt",
    "strengthen",
    "guarantee",
    "establish",
    "review",
    "amend",
    "investigate",
    "prevent",
    "promote",
    "allocate",
    "monitor",
    "provide",
    "ratify",
    "implement",
    "repeal",
    "bring into line with international standards",
    "take effective measures to address",
)
NOUNS = (
    "legislation",
    "the Criminal Code",
    "independent oversight",
    "all allegations",
    "effective remedies",
    "adequate resources",
    "the national preventive mechanism",
    "pretrial detention",
    "legal safeguards",
    "access to a lawyer",
    "medical examinations",
    "prompt and impartial investigations",
    "perpetrators",
    "victims",
    "reparation",
    "training programmes",
    "law enforcement officials",
    "judges and prosecutors",
    "civil society organizations",
    "public awareness campaigns",
    "disaggregated data",
    "administrative practice",
    "places of deprivation of liberty",
    "complaint mechanisms",
    "the Ombudsman",
    "the Paris Principles",
    "registration procedures",
    "non-governmental organizations",
    "gender-based violence",
    "shelters",
    "inclusive education",
    "health-care services",
    "birth registration",
    "juvenile justice",
)
CONNECTORS = (
    "and",
    "in order to",
    "with a view to",
    "including by",
    "in particular",
    "so that",
    "as well as",
    "in accordance with",
)
TAILS = (
    "without delay",
    "in law and in practice",
    "in line with the Convention",
    "within a reasonable time",
    "in consultation with civil society",
    "at all levels",
    "throughout the territory of the State party",
    "and report thereon in its next periodic report",
)


def state_codes(count: int = SYNTHETIC_STATES) -> list[str]:
    """``AAA``, ``AAB``, ... (``count`` of them), then ``KAZ`` and ``TJK``."""
    codes = ["".join(letters) for letters in itertools.islice(itertools.product(string.ascii_uppercase, repeat=3), count)]
    return [c for c in codes if c not in REAL_STATES] + list(REAL_STATES)


def _text(rng: random.Random, opening: str, low: int, high: int) -> str:
    """A recommendation-like text of ``low``-``high`` characters, ending with a full stop."""
    target = rng.randint(low, high - 1)  # characters before the full stop
    parts = [opening]
    length = len(opening)
    while length < target:
        clause = f"{rng.choice(VERBS)} {rng.choice(NOUNS)} {rng.choice(CONNECTORS)} {rng.choice(NOUNS)}"
        if rng.random() < 0.3:
            clause += f" {rng.choice(TAILS)}"
        clause += ";" if rng.random() < 0.4 else ","
        parts.append(clause)
        length += len(clause) + 1
    text = " ".join(parts)
    cut = text.rfind(" ", 0, target + 1)
    text = text[: cut if cut >= low else target].rstrip(" ,;")
    return text + "." if len(text) >= low - 1 else text + " " + "x" * (low - len(text) - 2) + "."


def _title(rng: random.Random, themes: list[str]) -> str:
    words = (rng.choice(themes) + " " + rng.choice(NOUNS)).split()
    while len(words) < 3:
        words.append(rng.choice(("measures", "safeguards", "reform")))
    return " ".join(words[: rng.randint(3, 8)]).capitalize()


class _Documents:
    """Documents of one State in the order they appear: cycle 1 of every body, then cycle 2..."""

    def __init__(self, rng: random.Random, state: str, upr_sessions: Iterator[tuple[int, int, dt.date]]) -> None:
        self.rng, self.state, self.upr_sessions = rng, state, upr_sessions
        # Not every State is party to every treaty; every State has a UPR review.
        self.bodies = [b for b in TREATY_BODIES if rng.random() < 0.85] + [Body.UPR]

    def __iter__(self) -> Iterator[tuple[DocumentRecord, int]]:
        rng = self.rng
        for cycle in itertools.count(1):
            bodies = list(self.bodies)
            rng.shuffle(bodies)
            for body in bodies:
                yield self._upr(cycle) if body is Body.UPR else self._co(body, cycle)

    def _co(self, body: Body, cycle: int) -> tuple[DocumentRecord, int]:
        rng = self.rng
        pattern, selects_follow_up = TREATY_BODIES[body]
        symbol = pattern.format(state=self.state, cycle=cycle)
        adopted = dt.date(1996 + 5 * cycle, 1, 1) + dt.timedelta(days=rng.randint(0, 4 * 365))
        session = rng.randint(20, 90)
        follow_up_due = None
        if selects_follow_up and rng.random() < 0.7:
            follow_up_due = adopted + dt.timedelta(days=365 + rng.randint(0, 30))
        ordinal = ORDINALS[min(cycle, len(ORDINALS)) - 1]
        document = DocumentRecord(
            symbol=symbol,
            body=body,
            state=self.state,
            kind=DocumentKind.CONCLUDING_OBSERVATIONS,
            title=f"Concluding observations on the {ordinal} periodic report of {state_name(self.state)}",
            adopted_on=adopted,
            published_on=adopted + dt.timedelta(days=rng.randint(7, 40)),
            session=f"{session}th session of the {BODY_NAMES[body]}",
            follow_up_due=follow_up_due,
            follow_up_due_basis="date stated in the concluding observations" if follow_up_due else None,
            sources=[SourceRef(url=f"https://docs.example.org/{symbol}", publisher="OHCHR")],
            verification=Verification.VERIFIED,
        )
        return document, rng.randint(20, 60)

    def _upr(self, cycle: int) -> tuple[DocumentRecord, int]:
        rng = self.rng
        hrc_session, number, adopted = next(self.upr_sessions)
        symbol = f"A/HRC/{hrc_session}/{number}"
        document = DocumentRecord(
            symbol=symbol,
            body=Body.UPR,
            state=self.state,
            kind=DocumentKind.UPR_OUTCOME,
            title=f"Report of the Working Group on the Universal Periodic Review: {state_name(self.state)} (cycle {cycle})",
            adopted_on=adopted,
            session=f"Human Rights Council, {hrc_session}th session",
            sources=[SourceRef(url=f"https://docs.example.org/{symbol}", publisher="OHCHR")],
            verification=Verification.VERIFIED,
        )
        return document, rng.randint(100, 250)


def state_name(code: str) -> str:
    return REAL_STATES[code][0] if code in REAL_STATES else f"Republic of {code.capitalize()}land"


def _upr_sessions(rng: random.Random) -> Iterator[tuple[int, int, dt.date]]:
    """Distinct UPR report numbers: (Council session, report number, adoption date)."""
    for hrc_session in itertools.count(7):
        year = 2007 + hrc_session // 3
        for number in range(5, 45):
            yield hrc_session, number, dt.date(year, 1 + (hrc_session % 3) * 4, 1) + dt.timedelta(days=rng.randint(0, 100))


def _recommendations(
    rng: random.Random, document: DocumentRecord, count: int, codes: list[str], cycle: int
) -> Iterator[RecommendationRecord]:
    upr = document.body is Body.UPR
    follow_up: set[int] = set()
    if not upr and TREATY_BODIES[document.body][1]:
        follow_up = set(rng.sample(range(count), k=min(count, rng.randint(3, 4))))
    paragraph = rng.randint(5, 9)
    upr_paragraph, upr_number = rng.randint(90, 160), 0
    parts = part = 0  # while splitting a paragraph: into how many parts, which one now
    for index in range(count):
        themes = rng.sample(THEMES, k=rng.randint(1, 3))
        groups = rng.sample(AFFECTED_GROUPS, k=rng.randint(1, 2)) if rng.random() < 0.3 else []
        if upr:
            if upr_number >= 150 and rng.random() < 0.02:  # reports sometimes use a second paragraph
                upr_paragraph, upr_number = upr_paragraph + 1, 0
            upr_number += 1
            response = UprResponse.SUPPORTED if rng.random() < 0.75 else UprResponse.NOTED
            yield RecommendationRecord(
                document=document.symbol,
                paragraph=f"{upr_paragraph}.{upr_number}",
                title=_title(rng, themes) if rng.random() < 0.5 else None,
                text=_text(rng, rng.choice(UPR_OPENINGS), 200, 900),
                themes=themes,
                affected_groups=groups,
                response=response,
                cycle=cycle,
                recommending_states=[c for c in rng.sample(codes, k=4) if c != document.state][: rng.randint(1, 3)],
            )
            continue
        if not parts and rng.random() < 0.08:  # split this paragraph into 16a, 16b...
            parts, part = rng.randint(2, 4), 0
        if parts:
            label = f"{paragraph}{'abcd'[part]}"
            part += 1
            if part == parts:
                parts = 0
                paragraph += rng.randint(1, 2)
        else:
            label = str(paragraph)
            paragraph += rng.randint(1, 2)
        yield RecommendationRecord(
            document=document.symbol,
            paragraph=label,
            title=_title(rng, themes),
            text=_text(rng, rng.choice(OPENINGS), 200, 900),
            themes=themes,
            affected_groups=groups,
            follow_up=index in follow_up,
            verification=Verification.VERIFIED,
        )


def generate(items: int = DEFAULT_ITEMS, *, seed: int = DEFAULT_SEED, description: str | None = None) -> list[Record]:
    """A ``MetaRecord``, one ``StateRecord`` per State, then each document followed by its
    recommendations: exactly ``items`` recommendations in all."""
    rng = random.Random(seed)
    codes = state_codes()
    description = description or f"synthetic benchmark data: {items} recommendations, seed {seed}"
    records: list[Record] = [MetaRecord(description=description)]
    for code in codes:
        region = REAL_STATES[code][1] if code in REAL_STATES else rng.choice(REGIONS)
        records.append(StateRecord(code=code, names={"en": state_name(code)}, region=region))
    sessions = _upr_sessions(rng)
    per_state = {code: iter(_Documents(rng, code, sessions)) for code in codes}
    order = list(codes)
    rng.shuffle(order)
    upr_cycles: dict[str, int] = {}
    remaining = items
    for code in itertools.cycle(order):
        if remaining <= 0:
            break
        document, count = next(per_state[code])
        count = min(count, remaining)
        cycle = upr_cycles[code] = upr_cycles.get(code, 0) + (document.body is Body.UPR)
        records.append(document)
        records.extend(_recommendations(rng, document, count, codes, cycle))
        remaining -= count
    return records


def count_by_type(records: list[Record]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for record in records:
        name = type(record).__name__.removesuffix("Record").lower()
        counts[name] = counts.get(name, 0) + 1
    return counts


def encode(records: list[Record]) -> bytes:
    """The records as one NDJSON document."""
    return b"\n".join(encode_record(r) for r in records) + b"\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=DEFAULT_ITEMS, help="number of recommendations (default %(default)s)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed (default %(default)s)")
    parser.add_argument("--out", type=Path, help="NDJSON file to write (default: standard output)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    records = generate(args.items, seed=args.seed)
    data = encode(records)
    if args.out:
        args.out.write_bytes(data)
    else:
        sys.stdout.buffer.write(data)
    counts = ", ".join(f"{n} {k}" for k, n in count_by_type(records).items())
    seconds = time.perf_counter() - started
    print(f"{len(records)} records ({counts}), {len(data) / 1e6:.1f} MB in {seconds:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
