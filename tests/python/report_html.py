"""Reads back what the tests check in report.html: tables by id (each row's attributes
and cell texts), <img> sources and figure captions. Standard library only."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Row:
    attrs: dict[str, str]
    cells: list[str] = field(default_factory=list)
    header: bool = False


class ReportPage(HTMLParser):
    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.tables: dict[str, list[Row]] = {}
        self.images: list[dict[str, str]] = []
        self.captions: list[str] = []
        self.h1 = ""
        self.manifest: dict[str, str] = {}
        self._table: str | None = None
        self._row: Row | None = None
        self._text: list[str] | None = None
        self._in: list[str] = []
        self._dt = ""
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "table":
            self._table = a.get("id", f"table-{len(self.tables)}")
            self.tables[self._table] = []
        elif tag == "tr" and self._table is not None:
            self._row = Row(a)
        elif tag in ("td", "th") and self._row is not None:
            self._row.header |= tag == "th"
            self._text = []
        elif tag == "img":
            self.images.append(a)
        elif tag in ("figcaption", "h1", "dt", "dd"):
            self._text = []
        self._in.append(tag)

    def handle_endtag(self, tag):
        if self._in and self._in[-1] == tag:
            self._in.pop()
        text = "".join(self._text or []) if self._text is not None else None
        if tag in ("td", "th") and self._row is not None:
            self._row.cells.append(text or "")
            self._text = None
        elif tag == "tr" and self._row is not None and self._table is not None:
            self.tables[self._table].append(self._row)
            self._row = None
        elif tag == "table":
            self._table = None
        elif tag == "figcaption":
            self.captions.append(text or "")
            self._text = None
        elif tag == "h1" and not self.h1:
            self.h1 = text or ""
            self._text = None
        elif tag == "dt":
            self._dt = text or ""
            self._text = None
        elif tag == "dd":
            self.manifest[self._dt] = text or ""
            self._text = None

    def handle_data(self, data):
        if self._text is not None:
            self._text.append(data)
