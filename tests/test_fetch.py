"""``kgraph fetch`` against a real HTTP server on loopback serving the recorded API responses.

The server (``http.server`` in a thread, port 0) answers the list endpoint from ``../shared/corpus/bulk``
and ``../shared/corpus/api/clquestions`` (filtered by date, House and answered, paged by skip/take) and
the single-question endpoint from the recorded full-text responses; it can fail a given request once
with a 500 or a 429, or go down altogether. Nothing in kgraph is patched.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from click.testing import CliRunner

from kgraph.build import build
from kgraph.cli import main
from kgraph.fetch import STATE_FILE, Fetcher, FetchError, FetchQuery, is_clipped
from kgraph.sources.apijson import parse_value
from kgraph.store import open_store

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
BULK_MONTH = "2024-08"
PREFIX = "/api/writtenquestions/questions"


class Recorded:
    """The recorded responses, indexed as the API would serve them."""

    def __init__(self) -> None:
        if not CORPUS.exists():
            pytest.skip(f"needs {CORPUS} (the shared corpus beside the repo), which is absent here")
        self.items = json.loads((CORPUS / "bulk" / f"{BULK_MONTH}.list.json").read_text(encoding="utf-8"))
        seen = {item["value"]["id"] for item in self.items}
        for name in ("fetch_questions_get", "fetch_answers_get"):
            recorded = json.loads((CORPUS / "api" / "clquestions" / f"{name}.response.json").read_text("utf-8"))
            for item in recorded["results"]:
                if item["value"]["id"] not in seen:
                    seen.add(item["value"]["id"])
                    self.items.append(item)
        self.single: dict[int, bytes] = {}
        for line in (CORPUS / "bulk" / f"{BULK_MONTH}.fulltext.jsonl").read_bytes().splitlines():
            if line.strip():
                self.single[json.loads(line)["value"]["id"]] = line

    def select(self, query: dict[str, str]) -> list[dict]:
        def day(value: dict, key: str) -> str:
            return (value.get(key) or "")[:10]

        out = []
        for item in self.items:
            v = item["value"]
            if "tabledWhenFrom" in query and not (
                query["tabledWhenFrom"] <= day(v, "dateTabled") <= query["tabledWhenTo"]
            ):
                continue
            if "answeredWhenFrom" in query and not (
                query["answeredWhenFrom"] <= day(v, "dateAnswered") <= query["answeredWhenTo"]
            ):
                continue
            if "house" in query and v["house"] != query["house"]:
                continue
            if "answeringBodies" in query and str(v.get("answeringBodyId")) != query["answeringBodies"]:
                continue
            out.append(item)
        return out


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, data: Recorded) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.data = data
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.fail_once: dict[tuple[str, str], tuple[int, dict[str, str]]] = {}
        self.down = False
        self.down_after: int | None = None  # go down once this many requests have been answered
        self.lock = threading.Lock()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}{PREFIX}"


class Handler(BaseHTTPRequestHandler):
    server: Server

    def log_message(self, *args) -> None:  # keep test output quiet
        pass

    def _send(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        url = urlsplit(self.path)
        query = {k: v[-1] for k, v in parse_qs(url.query).items()}
        srv = self.server
        with srv.lock:
            srv.requests.append((url.path, query))
            if srv.down_after is not None and len(srv.requests) > srv.down_after:
                srv.down = True
            key = ("list", query.get("skip", "")) if url.path == PREFIX else ("single", url.path.rsplit("/", 1)[-1])
            fault = srv.fail_once.pop(key, None)
            down = srv.down
        if down:
            return self._send(503, b'{"error": "down for maintenance"}')
        if fault is not None:
            return self._send(fault[0], b'{"error": "try later"}', fault[1])
        if url.path == PREFIX:
            items = srv.data.select(query)
            skip, take = int(query.get("skip", 0)), int(query.get("take", 20))
            body = {"totalResults": len(items), "results": items[skip : skip + take]}
            return self._send(200, json.dumps(body).encode("utf-8"))
        if url.path.startswith(PREFIX + "/"):
            tail = url.path[len(PREFIX) + 1 :]
            line = srv.data.single.get(int(tail)) if tail.isdigit() else None
            if line is None:
                return self._send(404, b'{"error": "not found"}')
            return self._send(200, line)
        return self._send(404, b"{}")


@pytest.fixture
def server() -> Iterator[Server]:
    srv = Server(Recorded())
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()


# The Ministry of Justice's questions at the end of the recorded month: three pages, some with full texts.
QUERY = FetchQuery(dt.date(2024, 8, 26), dt.date(2024, 8, 31), house="Commons", body=54)
TAKE = 8


def _expected(srv: Server, query: FetchQuery = QUERY) -> list[dict]:
    return [item["value"] for item in srv.data.select(query.params())]


def _fetcher(tmp_path: Path, srv: Server, log: list[str] | None = None, **kw) -> Fetcher:
    kw = {"min_interval": 0.0, "take": TAKE, "backoff": 0.01, **kw}
    return Fetcher(tmp_path / "cache", base_url=srv.base_url, log=(log.append if log is not None else None), **kw)


def _clipped_with_full_text(srv: Server, values: list[dict]) -> list[int]:
    return [v["id"] for v in values
            if (is_clipped(v.get("answerText")) or is_clipped(v.get("questionText"))) and v["id"] in srv.data.single]


def test_fetch_pages_retries_and_keeps_every_response(tmp_path: Path, server: Server) -> None:
    values = _expected(server)
    full = _clipped_with_full_text(server, values)
    clipped = {v["id"] for v in values if is_clipped(v.get("answerText")) or is_clipped(v.get("questionText"))}
    assert len(values) > 2 * TAKE and full and clipped - set(full), "the recorded month no longer fits this test"
    server.fail_once[("list", str(TAKE))] = (500, {})
    server.fail_once[("single", str(full[0]))] = (429, {"Retry-After": "1"})
    log: list[str] = []
    report = _fetcher(tmp_path, server, log).fetch(QUERY)

    folder = report.folder
    pages = sorted(folder.glob("list-*.json"))
    assert len(pages) == math.ceil(len(values) / TAKE) == report.pages
    listed = [r["value"]["id"] for p in pages for r in json.loads(p.read_bytes())["results"]]
    assert listed == [v["id"] for v in values]
    singles = {int(p.stem.split("-")[1]) for p in folder.glob("question-*.json")}
    assert singles == set(full)
    assert sorted(report.missing) == sorted(clipped - set(full))  # the recorded data has no full text for these
    for qid in full:  # kept byte for byte as served
        assert (folder / f"question-{qid}.json").read_bytes() == server.data.single[qid]
    assert report.retries == 2
    list_requests = [q for path, q in server.requests if path == PREFIX]
    assert [q["skip"] for q in list_requests].count(str(TAKE)) == 2
    assert all(q["tabledWhenFrom"] == "2024-08-26" and q["house"] == "Commons" and q["expandMember"] == "true"
               for q in list_requests)
    assert [p for p, _ in server.requests].count(f"{PREFIX}/{full[0]}") == 2
    assert any("HTTP 500" in m for m in log)
    # The 429's Retry-After (1 s) is used instead of the backoff (0.01 s).
    assert any("HTTP 429; retrying in 1.0s" in m for m in log)
    assert json.loads((folder / STATE_FILE).read_text())["complete"] is True


def test_graph_built_from_cache_has_every_question_with_full_texts(tmp_path: Path, server: Server) -> None:
    values = _expected(server)
    report = _fetcher(tmp_path, server).fetch(QUERY)
    store = open_store(None)
    result = build([tmp_path / "cache"], store, mentions=False)
    assert result.rejects == []
    assert result.counts["questions"] == len({(v["house"], v["dateTabled"], v["uin"]) for v in values})
    full = _clipped_with_full_text(server, values)
    rows = store.query(
        "PREFIX kg: <https://w3id.org/kgraph/ontology#> PREFIX dct: <http://purl.org/dc/terms/> "
        "SELECT ?id ?text ?clipped WHERE { ?q dct:identifier ?id ; kg:hasAnswer ?a . "
        "?a kg:answerText ?text ; kg:textIsClipped ?clipped }"
    )
    answers = {int(r["id"].value): (r["text"].value, r["clipped"].value) for r in rows}
    for qid in full:
        expected = parse_value(json.loads(server.data.single[qid])["value"], "x", None).answer
        if expected is None or expected.text is None:
            continue
        assert answers[qid] == (expected.text, "false")
    assert report.full_texts == len(full)


def test_interrupted_fetch_resumes_where_it_stopped(tmp_path: Path, server: Server) -> None:
    values = _expected(server)
    server.down_after = 2  # two list pages, then every request fails
    with pytest.raises(FetchError, match="HTTP 503, still failing after 2 attempts"):
        _fetcher(tmp_path, server, max_retries=1).fetch(QUERY)
    folder = _fetcher(tmp_path, server).folder(QUERY)
    state = json.loads((folder / STATE_FILE).read_text())
    assert state["next_skip"] == 2 * TAKE and not state["complete"]
    assert len(list(folder.glob("list-*.json"))) == 2

    server.down, server.down_after = False, None
    before = len(server.requests)
    report = _fetcher(tmp_path, server).fetch(QUERY)
    assert report.resumed
    again = [q for path, q in server.requests[before:] if path == PREFIX]
    assert [int(q["skip"]) for q in again] == list(range(2 * TAKE, len(values), TAKE))
    listed = [r["value"]["id"] for p in sorted(folder.glob("list-*.json"))
              for r in json.loads(p.read_bytes())["results"]]
    assert listed == [v["id"] for v in values]
    assert {int(p.stem.split("-")[1]) for p in folder.glob("question-*.json")} == set(
        _clipped_with_full_text(server, values))


def test_client_errors_are_not_retried(tmp_path: Path, server: Server) -> None:
    server.fail_once[("list", "0")] = (400, {})
    with pytest.raises(FetchError, match=r"HTTP 400"):
        _fetcher(tmp_path, server).fetch(QUERY)
    assert len(server.requests) == 1


def test_answered_range_and_lords_filter(tmp_path: Path, server: Server) -> None:
    query = FetchQuery(dt.date(2021, 2, 1), dt.date(2021, 2, 1), answered=True, house="Lords")
    values = _expected(server, query)
    assert values and all(v["house"] == "Lords" for v in values)
    report = _fetcher(tmp_path, server).fetch(query)
    assert report.total == len(values)
    assert all(q.get("answered") == "Answered" and q["answeredWhenFrom"] == "2021-02-01"
               for path, q in server.requests if path == PREFIX)


def test_cli_fetches_and_builds(tmp_path: Path, server: Server) -> None:
    values = _expected(server)
    args = ["fetch", "--from", "2024-08-26", "--to", "2024-08-31", "--body", "54", "--house", "Commons", "--cache",
            str(tmp_path / "cache"), "--base-url", server.base_url, "--min-interval", "0", "--take", str(TAKE),
            "--backoff", "0", "--no-mentions", "--store", ":memory:"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert f"{len(values)} questions in the API" in result.output
    assert f"built: {len({v['uin'] for v in values})} questions" in result.output


def test_cli_reports_a_failed_fetch_and_builds_what_it_has(tmp_path: Path, server: Server) -> None:
    server.down_after = 1
    args = ["fetch", "--from", "2024-08-26", "--to", "2024-08-31", "--body", "54", "--cache", str(tmp_path / "cache"),
            "--base-url", server.base_url, "--min-interval", "0", "--take", str(TAKE), "--retries", "1",
            "--backoff", "0", "--no-mentions", "--store", ":memory:"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    assert "fetch stopped" in result.output and "HTTP 503" in result.output and "resume" in result.output
    assert f"built: {TAKE} questions" in result.output


def test_cli_rejects_a_backwards_range(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["fetch", "--from", "2024-08-09", "--to", "2024-08-01",
                                       "--cache", str(tmp_path), "--no-build"])
    assert result.exit_code == 2
    assert "before it starts" in result.output
