"""A synthetic UHRI bulk export: the real schema and shape (docs/sources.md §5.1), invented contents.

One JSON array of ``records`` records (270,000 by default, about 360 MB like the real
export), always the same bytes for the same arguments (seeded ``random``)::

    python -m benchmarks.uhri_export --records 270000 --out /tmp/uhri-export.json

What is real: the field names and value shapes of a UHRI record (``"- CAT"``, ``"- Recommendations"``,
``"4.The Committee…"``, ``"120.45 …"``, ISO timestamps, lists of names), the English names
of the 195 States bundled in ``tracker/seed/states.ndjson``, the symbol patterns of each body
and, for Kazakhstan and Tajikistan, the symbols of their UPR Working Group reports. What is
invented: every text, identifier, date, theme and count. The mix, by record: about 40 % UPR
recommendations (a Working Group report per State and cycle, 50-230 recommendations numbered
``<paragraph>.<n>``, 75 % supported), 45 % treaty-body paragraphs of concluding observations
(concerns and recommendations in turns, a few split as ``16 (a)``, in HTML, unnumbered or
annotated twice), 15 % special procedures (``- SR …``, ``- WG …``, ``- IE …``). Documents go
to the States in waves (each State's first document, then each one's second …), so a short
export still covers every State.
"""

from __future__ import annotations

import argparse
import json
import random
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path
from typing import Any

DEFAULT_RECORDS = 270_000
DEFAULT_SEED = 2026

#: Body as the index writes it → the symbol prefix of its concluding observations, and how
#: likely a State is to be party (to have concluding observations at all).
TREATY_BODIES = {
    "CAT": ("CAT/C", 0.9),
    "CCPR": ("CCPR/C", 0.9),
    "CESCR": ("E/C.12", 0.9),
    "CEDAW": ("CEDAW/C", 1.0),
    "CERD": ("CERD/C", 0.95),
    "CRC": ("CRC/C", 1.0),
    "CRPD": ("CRPD/C", 0.9),
    "CED": ("CED/C", 0.4),
    "CMW": ("CMW/C", 0.3),
}
SPECIAL_PROCEDURES = [
    "SR on torture and other cruel, inhuman or degrading treatment or punishment",
    "SR on the rights to freedom of peaceful assembly and of association",
    "SR on the independence of judges and lawyers",
    "SR on the situation of human rights defenders",
    "SR on the right to education",
    "SR on violence against women and girls, its causes and consequences",
    "WG on Arbitrary Detention",
    "WG on Enforced or Involuntary Disappearances",
    "IE on protection against violence and discrimination based on sexual orientation and gender identity",
]
#: UPR cycles: the Human Rights Council sessions their Working Group reports went to, and how
#: many recommendations a review gave (fewer in the first cycle, most in the third).
UPR_CYCLES = {
    1: (range(8, 20), (50, 110)),
    2: (range(22, 35), (100, 180)),
    3: (range(36, 50), (150, 230)),
    4: (range(52, 59), (120, 200)),
}
#: The Working Group sessions of each cycle.
UPR_SESSIONS = {1: range(1, 13), 2: range(13, 27), 3: range(27, 41), 4: range(41, 48)}
#: The real Working Group reports of the two States the tracker bundles data for.
REAL_UPR = {
    ("KAZ", 1): "A/HRC/14/10",
    ("KAZ", 2): "A/HRC/28/10",
    ("KAZ", 3): "A/HRC/43/10",
    ("TJK", 1): "A/HRC/19/3",
    ("TJK", 2): "A/HRC/33/11",
}
THEMES = [
    "Torture and other cruel, inhuman or degrading treatment or punishment",
    "Administration of justice & fair trial",
    "Detention conditions",
    "Impunity",
    "Violence against women",
    "Freedom of opinion and expression",
    "Freedom of peaceful assembly",
    "Freedom of association",
    "Human rights defenders",
    "Right to education",
    "Right to health",
    "Right to work",
    "Right to social security",
    "Children: protection against exploitation",
    "Juvenile justice",
    "Migrants",
    "Refugees & asylum seekers",
    "Trafficking in persons",
    "Racial discrimination",
    "Rights of persons with disabilities",
    "Indigenous peoples",
    "Minorities",
    "Enforced disappearances",
    "National Human Rights Institutions",
    "Legal & institutional framework",
    "Death penalty",
    "Poverty",
    "Right to an adequate standard of living",
    "Water & sanitation",
    "Business & human rights",
    "Women's rights",
    "Discrimination against women",
    "Sexual orientation & gender identity",
    "Freedom of religion or belief",
]
AFFECTED_PERSONS = [
    "Children",
    "Women & girls",
    "Persons deprived of their liberty",
    "Persons with disabilities",
    "Migrants",
    "Refugees & asylum seekers",
    "Minorities",
    "Indigenous peoples",
    "Human rights defenders",
    "Journalists",
    "Judges, lawyers & prosecutors",
    "Youth & juveniles",
    "Older persons",
    "Disappeared persons",
    "LGBTI persons",
]
SDGS = [
    "16.3 - Promote the rule of law and ensure equal access to justice",
    "16.2 - Protect children from abuse, exploitation, trafficking and violence",
    "16.10 - Ensure public access to information and protect fundamental freedoms",
    "5.1 - End discrimination against women and girls",
    "5.2 - Eliminate violence against women and girls",
    "10.3 - Ensure equal opportunity and end discrimination",
    "4.1 - Free primary and secondary education",
    "1.3 - Implement social protection systems",
    "8.7 - End modern slavery, trafficking and child labour",
]
NOT_STATES = ["Kosovo (under UNSC res. 1244)", "Hong Kong, China", "Macao, China", "Western Sahara"]

_OPENINGS = {
    "recommendation": [
        "The State party should",
        "The Committee recommends that the State party",
        "The Committee urges the State party to",
        "The Committee reiterates its recommendation that the State party",
    ],
    "concern": [
        "The Committee is concerned that",
        "The Committee notes with concern that",
        "While noting the efforts made, the Committee remains concerned that",
        "The Committee regrets that",
    ],
    "upr": [
        "Continue its efforts to",
        "Take the necessary measures to",
        "Consider ratifying",
        "Ensure that",
        "Strengthen",
        "Adopt legislation to",
        "Intensify efforts to",
        "Guarantee",
    ],
    "special": [
        "The Special Rapporteur recommends that the Government",
        "The Working Group urges the authorities to",
        "The mandate holder is concerned that",
        "The Independent Expert calls on the State to",
    ],
}
_CLAUSES = [
    "ensure prompt, impartial and effective investigations into all allegations of torture and ill-treatment",
    "bring its legislation into line with the Convention and the Committee's general comments",
    "guarantee all persons deprived of their liberty the fundamental legal safeguards from the outset of detention",
    "allocate sufficient human, technical and financial resources to the national human rights institution",
    "adopt a comprehensive anti-discrimination law covering all prohibited grounds, including in the private sphere",
    "provide victims with full redress, including fair and adequate compensation and the means for rehabilitation",
    "collect and publish data disaggregated by sex, age, ethnicity, disability and region",
    "train judges, prosecutors, police officers and prison staff on the provisions of the treaty",
    "repeal provisions that restrict the registration and activities of non-governmental organizations",
    "ensure that human rights defenders and journalists can carry out their work without fear of reprisals",
    "improve material conditions of detention and reduce overcrowding, including by applying non-custodial measures",
    "strengthen the independence of the judiciary, including the security of tenure of judges",
    "ensure access to inclusive quality education for all children, including children with disabilities",
    "combat trafficking in persons by prosecuting perpetrators and protecting and assisting victims",
    "establish an independent complaints mechanism for allegations of misconduct by law enforcement officials",
    "raise awareness among the general public of the rights enshrined in the Covenant",
]
_TAILS = [
    "in line with international standards",
    "without delay",
    "in consultation with civil society",
    "and report on the measures taken in its next periodic report",
    "with the support of the international community",
    "in all regions of the country, in particular in rural areas",
    "and allocate adequate resources for that purpose",
]


def _states() -> list[tuple[str, str, str]]:
    """(code, English name, region) of every bundled State."""
    states = []
    for line in files("tracker.seed").joinpath("states.ndjson").read_bytes().splitlines():
        record = json.loads(line)
        if record.get("type") == "state":
            states.append((record["code"], record["names"]["en"], record.get("region") or ""))
    return states


class _Export:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.states = _states()
        self.names = [name for _, name, _ in self.states]

    def uuid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def sentence(self, opening: str, clauses: int) -> str:
        rng = self.rng
        parts = [f"{opening} {rng.choice(_CLAUSES)}"]
        parts += [
            f"{rng.choice(('and', 'as well as', 'while it should', 'and, in particular,'))} {rng.choice(_CLAUSES)}"
            for _ in range(clauses - 1)
        ]
        return " ".join(parts) + f" {rng.choice(_TAILS)}."

    def text(self, what: str, sentences: tuple[int, int], clauses: tuple[int, int]) -> str:
        rng = self.rng
        count = rng.randint(*sentences)
        return " ".join(self.sentence(rng.choice(_OPENINGS[what]), rng.randint(*clauses)) for _ in range(count))

    def record(self, document: dict[str, Any], kind: str, text: str, **upr: Any) -> dict[str, Any]:
        rng = self.rng
        return {
            "AffectedPersons": rng.sample(AFFECTED_PERSONS, rng.choice((0, 0, 1, 1, 2, 3))),
            "AnnotationId": self.uuid(),
            "AnnotationType": f"- {kind}",
            "Body": document["body"],
            "Countries": document["countries"],
            "DocumentId": document["id"],
            "PublicationDate": document["date"],
            "PublicationDateOnUhri": document["on_uhri"],
            "Regions": document["regions"],
            "Sdgs": rng.sample(SDGS, rng.choice((0, 1, 1, 2))),
            "Symbol": document["symbol"],
            "Text": text,
            "Themes": rng.sample(THEMES, rng.randint(1, 4)),
            "UprCycle": upr.get("cycle"),
            "UprPositions": upr.get("positions", []),
            "UprRecommendingCountry": upr.get("recommending", []),
            "UprRecommendingRegions": upr.get("recommending_regions", []),
            "UprSession": upr.get("session", []),
        }

    def document(
        self, body: str, symbol: str, year: int, code: str, name: str, region: str, *, neighbour: str | None = None
    ) -> dict[str, Any]:
        rng = self.rng
        day = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        countries = [name, neighbour] if neighbour else [name]
        return {
            "body": f"- {body}",
            "symbol": symbol,
            "id": self.uuid(),
            "code": code,
            "countries": countries,
            "regions": [region] if region else [],
            "date": f"{day}T00:00:00",
            "on_uhri": f"{min(year + 1, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T10:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}.{rng.randint(0, 999):03d}",
        }

    def plan(self) -> list[list[tuple[str, Any]]]:
        """Each State's documents, in a shuffled order: (what, arguments) pairs."""
        plans = []
        for index, (code, name, region) in enumerate(self.states):
            documents: list[tuple[str, Any]] = []
            for cycle, (sessions, _) in UPR_CYCLES.items():
                span = len(sessions)
                # Numbers from 42 up: real reports are numbered lower, so no synthetic symbol is a real one.
                symbol = REAL_UPR.get((code, cycle)) or f"A/HRC/{sessions[index % span]}/{42 + index // span}"
                documents.append(("upr", (cycle, symbol, code, name, region)))
            for body, (prefix, party) in TREATY_BODIES.items():
                if self.rng.random() < party:
                    for cycle in range(1, self.rng.randint(1, 2) + 1):
                        documents.append(("treaty", (body, f"{prefix}/{code}/CO/{cycle + 1}", cycle, code, name, region)))
            for _ in range(self.rng.randint(2, 7)):
                documents.append(("special", (self.rng.choice(SPECIAL_PROCEDURES), code, name, region)))
            self.rng.shuffle(documents)
            plans.append(documents)
        return plans

    def upr(self, cycle: int, symbol: str, code: str, name: str, region: str) -> Iterator[dict[str, Any]]:
        rng = self.rng
        _, (low, high) = UPR_CYCLES[cycle]
        session = [str(rng.choice(UPR_SESSIONS[cycle]))]
        document = self.document("UPR", symbol, 2004 + 4 * cycle + rng.randint(0, 3), code, name, region)
        paragraph = rng.randint(88, 160)
        for n in range(1, rng.randint(low, high) + 1):
            recommending = rng.sample(self.names, rng.choice((1, 1, 1, 2, 3)))
            if name in recommending:
                recommending.remove(name)
            text = self.text("upr", (1, 1), (1, 3)).removesuffix(".") + " " + " ".join(f"({r})" for r in recommending) + ";"
            yield self.record(
                document,
                "Recommendations",
                f"{paragraph}.{n} {text}",
                cycle=cycle,
                positions=["Supported" if rng.random() < 0.75 else "Noted"],
                recommending=recommending,
                session=session,
            )

    def treaty(self, body: str, symbol: str, cycle: int, code: str, name: str, region: str) -> Iterator[dict[str, Any]]:
        rng = self.rng
        neighbour = rng.choice(self.names) if rng.random() < 0.01 else None
        document = self.document(
            body,
            symbol,
            min(2025, 1998 + 8 * cycle + rng.randint(0, 5)),
            code,
            name,
            region,
            neighbour=neighbour if neighbour != name else None,
        )
        for paragraph in range(6, 6 + 2 * rng.randint(15, 43)):
            if paragraph % 2 == 0:
                yield self.record(document, "Concerns/Observations", f"{paragraph}.{self.text('concern', (2, 4), (1, 3))}")
                continue
            roll = rng.random()
            if roll < 0.03:  # split into sub-paragraphs, each annotated
                for letter in "abc"[: rng.randint(2, 3)]:
                    yield self.record(
                        document, "Recommendations", f"{paragraph} ({letter}) {self.text('recommendation', (1, 1), (1, 3))}"
                    )
            elif roll < 0.06:
                yield self.record(
                    document,
                    "Recommendations",
                    f"<p>{paragraph}.{self.text('recommendation', (1, 2), (1, 3))}</p><p>{self.text('recommendation', (1, 1), (1, 2))}</p>",
                )
            elif roll < 0.063:
                yield self.record(document, "Recommendations", self.text("recommendation", (1, 2), (1, 3)))
            else:
                text = f"{paragraph}.{self.text('recommendation', (2, 4), (1, 3))}"
                yield self.record(document, "Recommendations", text)
                if roll > 0.997:  # the same paragraph annotated once more, under other themes
                    yield self.record(document, "Recommendations", text)

    def special(self, mandate: str, code: str, name: str, region: str) -> Iterator[dict[str, Any]]:
        rng = self.rng
        year = rng.randint(2008, 2024)
        symbol = f"A/HRC/{7 + 3 * (year - 2008) + rng.randint(0, 2)}/{rng.randint(20, 70)}/Add.{rng.randint(1, 4)}"
        document = self.document(mandate, symbol, year, code, name, region)
        for paragraph in range(60, 60 + rng.randint(25, 70)):
            kind = "Recommendations" if rng.random() < 0.6 else "Concerns/Observations"
            yield self.record(document, kind, f"{paragraph}.{self.text('special', (2, 4), (1, 3))}")

    def not_a_state(self) -> dict[str, Any]:
        name = self.rng.choice(NOT_STATES)
        document = self.document("CCPR", "CCPR/C/UNK/CO/1", 2006, "", name, "")
        return self.record(document, "Recommendations", f"12.{self.text('recommendation', (1, 2), (1, 3))}")

    def records(self, count: int) -> Iterator[dict[str, Any]]:
        plans = self.plan()
        written = 0
        for wave in range(max(len(p) for p in plans)):
            for plan in plans:
                if wave >= len(plan):
                    continue
                what, arguments = plan[wave]
                for record in getattr(self, what)(*arguments):
                    if written % 1000 == 999:
                        record = self.not_a_state()
                    yield record
                    written += 1
                    if written == count:
                        return
        raise ValueError(f"the plan holds only {written} records, fewer than {count}")


def write_export(path: Path | str, records: int = DEFAULT_RECORDS, *, seed: int = DEFAULT_SEED) -> Counter[str]:
    """Write a synthetic export of ``records`` records to ``path``; returns counts by body and annotation type."""
    counts: Counter[str] = Counter()
    encode = json.JSONEncoder(ensure_ascii=False).encode
    with open(path, "w", encoding="utf-8") as out:
        out.write("[\n")
        for n, record in enumerate(_Export(seed).records(records)):
            if n:
                out.write(",\n")
            out.write(encode(record))
            counts[record["Body"]] += 1
            counts[record["AnnotationType"]] += 1
        out.write("\n]\n")
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=DEFAULT_RECORDS)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--out", type=Path, default=Path("/tmp/uhri-export.json"))
    args = parser.parse_args()
    started = time.perf_counter()
    counts = write_export(args.out, args.records, seed=args.seed)
    size = args.out.stat().st_size
    print(f"{args.out}: {args.records:,} records, {size / 1e6:.1f} MB, in {time.perf_counter() - started:.1f} s")
    for key, n in counts.most_common():
        print(f"  {n:>8,}  {key}")


if __name__ == "__main__":
    main()
