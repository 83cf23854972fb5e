"""A client for the live Written Questions API that keeps every raw response in a cache folder.

``Fetcher(cache).fetch(FetchQuery(...))`` pages through the list endpoint
(``GET {base}?tabledWhenFrom=...&skip=...&take=...&expandMember=true``), then fetches every question whose
list text is clipped (255 characters plus ``...``) from the single-question endpoint ``GET {base}/{id}``,
which returns the full HTML answer. Why it is built the way it is:

* **Nothing fetched is lost.** Each response body is written to the cache as received, before anything
  else happens: list pages as ``list-{skip}.json`` (the API's own ``{totalResults, results}``), single
  questions as ``question-{id}.json`` (``{value, links}``). Both are what ``kgraph build`` reads as
  ``api-json``; when a clipped list item and its full single response are both built, the builder keeps
  the unclipped one, as it maps to the same question node.
* **Resume.** One sub-folder per query (named after it) holds a hidden ``.fetch-state.json`` with the next
  page to ask for and the ids still wanting their full text; it is rewritten atomically after each step,
  so an interrupted fetch run again with the same query goes on where it stopped. Hidden files are not
  read by ``kgraph build``.
* **Politeness.** Requests start at least ``min_interval`` seconds apart. 5xx answers, 429 and connection
  errors are retried with exponential backoff (``backoff * 2**attempt``, capped), honouring a 429's
  ``Retry-After``; other 4xx answers are not retried. A single question that no longer exists (404) is
  noted and its clipped list text kept.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

from kgraph.sources.apijson import CLIP_LENGTH

DEFAULT_BASE_URL = "https://questions-statements-api.parliament.uk/api/writtenquestions/questions"
STATE_FILE = ".fetch-state.json"
USER_AGENT = "kgraph-fetch (+https://github.com/; polite, cached)"

Log = Callable[[str], None]


class FetchError(RuntimeError):
    """A request that failed for good (after its retries); the state file lets the fetch be resumed."""


@dataclass(frozen=True)
class FetchQuery:
    """What to pull: a date range (tabled, or answered), optionally one House, answering body, member."""

    date_from: dt.date
    date_to: dt.date
    answered: bool = False
    house: str | None = None
    body: int | None = None
    member: int | None = None

    def __post_init__(self) -> None:
        if self.date_to < self.date_from:
            raise ValueError(f"the range ends ({self.date_to}) before it starts ({self.date_from})")
        if self.house is not None and self.house not in ("Commons", "Lords"):
            raise ValueError(f"house must be Commons or Lords, not {self.house!r}")

    def params(self) -> dict[str, str]:
        which = "answeredWhen" if self.answered else "tabledWhen"
        out = {f"{which}From": self.date_from.isoformat(), f"{which}To": self.date_to.isoformat(),
               "expandMember": "true"}
        if self.answered:
            out["answered"] = "Answered"
        if self.house:
            out["house"] = self.house
        if self.body is not None:
            out["answeringBodies"] = str(self.body)
        if self.member is not None:
            out["members"] = str(self.member)  # tabled or answered by this member
        return out

    def folder_name(self) -> str:
        parts = ["answered" if self.answered else "tabled", self.date_from.isoformat(), self.date_to.isoformat()]
        if self.house:
            parts.append(self.house.lower())
        if self.body is not None:
            parts.append(f"body-{self.body}")
        if self.member is not None:
            parts.append(f"member-{self.member}")
        return "_".join(parts)


@dataclass
class FetchReport:
    folder: Path
    total: int = 0  # the API's totalResults for the query, as last reported
    pages: int = 0  # list pages fetched in this run
    items: int = 0  # list items seen in this run
    full_texts: int = 0  # single questions fetched in this run
    missing: list[int] = field(default_factory=list)  # clipped questions the single endpoint did not have
    retries: int = 0
    resumed: bool = False

    def summary(self) -> str:
        line = (f"{self.total} questions in the API for this query; fetched {self.pages} list pages and "
                f"{self.full_texts} full texts into {self.folder}")
        if self.resumed:
            line += " (resumed)"
        if self.retries:
            line += f"; {self.retries} retries"
        if self.missing:
            line += f"; {len(self.missing)} full texts not available (clipped text kept)"
        return line


def is_clipped(text: object) -> bool:
    return isinstance(text, str) and text.endswith("...") and len(text) >= CLIP_LENGTH


def write_atomic(path: Path, data: bytes) -> None:
    """Write via a hidden temporary file and rename, so a crash never leaves half a response."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


class Fetcher:
    """Fetches one query into ``cache/<query folder>``; see the module docstring for the guarantees."""

    def __init__(
        self,
        cache: str | Path,
        *,
        base_url: str = DEFAULT_BASE_URL,
        min_interval: float = 0.5,
        take: int = 100,
        max_retries: int = 5,
        backoff: float = 1.0,
        max_backoff: float = 60.0,
        timeout: float = 30.0,
        log: Log | None = None,
    ) -> None:
        if take < 1:
            raise ValueError("take must be at least 1")
        self.cache = Path(cache)
        self.base_url = base_url.rstrip("/")
        self.min_interval = max(0.0, min_interval)
        self.take = take
        self.max_retries = max_retries
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.timeout = timeout
        self.log = log or (lambda _msg: None)
        self.session = requests.Session()
        self.session.headers["User-Agent"] = USER_AGENT
        self.session.headers["Accept"] = "application/json"
        self._last_start = 0.0

    # -- HTTP ---------------------------------------------------------------------------------------

    def _wait_turn(self) -> None:
        gap = self.min_interval - (time.monotonic() - self._last_start)
        if gap > 0:
            time.sleep(gap)
        self._last_start = time.monotonic()

    def _delay(self, attempt: int, response: requests.Response | None) -> float:
        if response is not None and response.status_code == 429:
            after = _retry_after(response.headers.get("Retry-After"))
            if after is not None:
                return min(after, self.max_backoff)
        return min(self.backoff * (2**attempt), self.max_backoff)

    def get(self, url: str, params: dict[str, str] | None, report: FetchReport) -> requests.Response | None:
        """The response to one GET (None for a 404); retried on 5xx, 429 and connection errors."""
        for attempt in range(self.max_retries + 1):
            self._wait_turn()
            response = None
            try:
                response = self.session.get(url, params=params, timeout=self.timeout)
            except requests.RequestException as exc:
                problem = f"connection error: {exc.__class__.__name__}: {exc}"
            else:
                if response.status_code == 200:
                    return response
                if response.status_code == 404:
                    return None
                problem = f"HTTP {response.status_code}"
                if response.status_code != 429 and response.status_code < 500:
                    raise FetchError(f"{_describe(url, params)}: {problem}: {response.text[:200]}")
            if attempt == self.max_retries:
                raise FetchError(f"{_describe(url, params)}: {problem}, still failing after {attempt + 1} attempts")
            delay = self._delay(attempt, response)
            report.retries += 1
            self.log(f"{_describe(url, params)}: {problem}; retrying in {delay:.1f}s")
            time.sleep(delay)
        raise AssertionError("unreachable")

    # -- the fetch ----------------------------------------------------------------------------------

    def folder(self, query: FetchQuery) -> Path:
        return self.cache / query.folder_name()

    def fetch(self, query: FetchQuery) -> FetchReport:
        folder = self.folder(query)
        folder.mkdir(parents=True, exist_ok=True)
        report = FetchReport(folder)
        state = self._load_state(folder, query)
        report.resumed = state["next_skip"] > 0 or bool(state["want_full"])
        report.total = state.get("total") or 0
        while not state["listed"]:
            skip = state["next_skip"]
            params = {**query.params(), "skip": str(skip), "take": str(self.take)}
            response = self.get(self.base_url, params, report)
            if response is None:
                raise FetchError(f"{_describe(self.base_url, params)}: HTTP 404 (is the base URL right?)")
            write_atomic(folder / f"list-{skip:07d}.json", response.content)  # first of all: keep it
            page = _json(response, self.base_url, params)
            results = page.get("results") if isinstance(page, dict) else None
            if not isinstance(results, list):
                raise FetchError(f"{_describe(self.base_url, params)}: not a list response (no 'results' list)")
            total = page.get("totalResults")
            state["total"] = report.total = total if isinstance(total, int) else skip + len(results)
            report.pages += 1
            report.items += len(results)
            for qid in _clipped_ids(results):
                if qid not in state["want_full"]:
                    state["want_full"].append(qid)
            state["next_skip"] = skip + len(results)
            state["listed"] = not results or state["next_skip"] >= state["total"]
            self._save_state(folder, state)
            self.log(f"list page at {skip}: {len(results)} of {state['total']}")
        while state["want_full"]:
            qid = state["want_full"][0]
            target = folder / f"question-{qid}.json"
            if not target.exists():
                url = f"{self.base_url}/{qid}"
                response = self.get(url, {"expandMember": "true"}, report)
                if response is None:
                    state["missing"].append(qid)
                    self.log(f"{url}: not found; its clipped text is kept")
                else:
                    write_atomic(target, response.content)
                    _json(response, url, None)
                    report.full_texts += 1
            state["want_full"].pop(0)
            self._save_state(folder, state)
        report.missing = list(state["missing"])
        state["complete"] = True
        self._save_state(folder, state)
        return report

    # -- state --------------------------------------------------------------------------------------

    def _load_state(self, folder: Path, query: FetchQuery) -> dict[str, Any]:
        fresh = {"query": query.params(), "base_url": self.base_url, "take": self.take, "next_skip": 0,
                 "total": None, "listed": False, "want_full": [], "missing": [], "complete": False}
        path = folder / STATE_FILE
        if not path.exists():
            return fresh
        try:
            state = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise FetchError(f"{path}: unreadable fetch state ({exc}); delete it to start this fetch again") from None
        if state.get("complete") or state.get("query") != fresh["query"] or state.get("take") != self.take:
            return fresh  # a finished fetch is refreshed from the start; a different paging cannot resume
        return {**fresh, **state}

    def _save_state(self, folder: Path, state: dict[str, Any]) -> None:
        write_atomic(folder / STATE_FILE, json.dumps(state, indent=1).encode("utf-8"))


def _clipped_ids(results: list[Any]) -> list[int]:
    """Ids of the list items whose question or answer text the list endpoint clipped."""
    out = []
    for item in results:
        value = item.get("value", item) if isinstance(item, dict) else None
        if not isinstance(value, dict) or not isinstance(value.get("id"), int):
            continue
        if is_clipped(value.get("answerText")) or is_clipped(value.get("questionText")):
            out.append(value["id"])
    return out


def _retry_after(raw: str | None) -> float | None:
    """Retry-After as seconds: either a number or an HTTP date."""
    if not raw:
        return None
    raw = raw.strip()
    if raw.isdigit():
        return float(raw)
    try:
        when = email.utils.parsedate_to_datetime(raw)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    return max(0.0, (when - dt.datetime.now(dt.timezone.utc)).total_seconds())


def _describe(url: str, params: dict[str, str] | None) -> str:
    if not params:
        return url
    return url + "?" + "&".join(f"{k}={v}" for k, v in params.items())


def _json(response: requests.Response, url: str, params: dict[str, str] | None) -> Any:
    try:
        return response.json()
    except ValueError as exc:
        raise FetchError(f"{_describe(url, params)}: the response is not JSON ({exc}); kept in the cache") from None


__all__ = ["DEFAULT_BASE_URL", "FetchError", "FetchQuery", "FetchReport", "Fetcher", "is_clipped"]
