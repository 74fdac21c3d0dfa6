"""PDF text extraction speed: pypdfium2 against pypdf, on the real Slovenia UPR files.

From the repository root::

    python -m benchmarks.bench_texts              # 5 runs of each file
    python -m benchmarks.bench_texts --runs 20

For each file in ``tests/fixtures/real/upr-svn`` it times, from bytes already in memory:
``pypdfium2`` opening the document and reading every page's text (``get_text_range``),
``pypdf`` doing the same (``extract_text``), and ``tracker_scrapers.texts.read_text`` (pypdfium2 plus
header/footer removal and paragraph rebuilding). The figure is pages per second at the median
run. pypdf is not a dependency of the project; without it its column reads "n/a".
"""

from __future__ import annotations

import argparse
import io
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium

from tracker_scrapers.texts import read_text

REAL = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "real" / "upr-svn"


def with_pdfium(data: bytes) -> int:
    """Every page's text with pypdfium2; the number of pages."""
    document = pdfium.PdfDocument(data)
    try:
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            textpage.get_text_range()
            textpage.close()
            page.close()
        return len(document)
    finally:
        document.close()


def with_pypdf(data: bytes) -> int:
    """Every page's text with pypdf; the number of pages."""
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(data))
    for page in reader.pages:
        page.extract_text()
    return len(reader.pages)


def with_read_text(data: bytes) -> int:
    """The whole of ``read_text``; the number of pages."""
    return read_text(data).pages


def pages_per_second(read: Callable[[bytes], int], data: bytes, runs: int) -> float:
    """Pages per second at the median of ``runs`` timed reads (after one untimed read)."""
    pages = read(data)
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        read(data)
        seconds.append(time.perf_counter() - start)
    return pages / statistics.median(seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    try:
        import pypdf  # noqa: F401

        readers = {"pypdfium2": with_pdfium, "pypdf": with_pypdf, "read_text": with_read_text}
    except ImportError:
        readers = {"pypdfium2": with_pdfium, "read_text": with_read_text}
    print(f"| file | pages | {' | '.join(f'{name} (pages/s)' for name in readers)} |")
    print(f"|---|---:|{'---:|' * len(readers)}")
    for path in sorted(REAL.glob("*.pdf")):
        data = path.read_bytes()
        figures = [f"{pages_per_second(read, data, args.runs):,.0f}" for read in readers.values()]
        print(f"| `{path.name}` | {with_pdfium(data)} | {' | '.join(figures)} |")


if __name__ == "__main__":
    main()
