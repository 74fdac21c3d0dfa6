#!/usr/bin/env python3
"""Build the PDF and Word versions of the Evloev decision fixture from its docstore HTML.

    python tools/build_decision_fixtures.py [--chromium /usr/bin/chromium]

Writes ``tests/fixtures/scrapers/decisions/evloev.pdf`` (Chromium prints the HTML, as a browser
would save it) and ``evloev.docx`` (python-docx, one paragraph per HTML paragraph; each row of
a front-matter table becomes one paragraph, label and value separated by a tab, as UN Word
documents lay the front matter out). The text is the real, abridged text of the HTML fixture;
the layout of both files is invented, like the HTML's markup.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import docx
import lxml.html

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests/fixtures/scrapers/decisions"
SOURCE = FIXTURES / "evloev-docstore.html"
#: The date the decision was distributed, as the files' own dates.
DISTRIBUTED = dt.datetime(2013, 12, 17, tzinfo=dt.UTC)


def print_pdf(chromium: str, html: Path, output: Path) -> None:
    """The HTML printed to PDF by headless Chromium, without the browser's header and footer."""
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                chromium,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                f"--user-data-dir={profile}",
                f"--print-to-pdf={output}",
                "--no-pdf-header-footer",
                html.as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
    if not output.read_bytes().startswith(b"%PDF-"):
        raise SystemExit(f"Chromium did not write a PDF to {output}")


def _text(element: lxml.html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


def build_docx(html: Path, output: Path) -> None:
    """The HTML's paragraphs as a Word document; a table row becomes one tabbed paragraph."""
    page = lxml.html.document_fromstring(html.read_bytes())
    document = docx.Document()
    for element in page.body.iter("p", "tr"):
        if element.tag == "tr":
            document.add_paragraph("\t".join(_text(cell) for cell in element.iter("td")))
        elif not any(parent.tag == "table" for parent in element.iterancestors()) and _text(element):
            document.add_paragraph(_text(element))
    properties = document.core_properties
    properties.title, properties.author = "CAT/C/51/D/441/2010", "United Nations"
    properties.created = properties.modified = DISTRIBUTED
    properties.last_modified_by, properties.revision = "United Nations", 1
    document.save(output)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    args = parser.parse_args()
    print_pdf(args.chromium, SOURCE, FIXTURES / "evloev.pdf")
    build_docx(SOURCE, FIXTURES / "evloev.docx")
    for name in ("evloev.pdf", "evloev.docx"):
        print(f"wrote {FIXTURES / name} ({(FIXTURES / name).stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
