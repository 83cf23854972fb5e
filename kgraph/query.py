"""SPARQL: the named queries kgraph ships, safe value binding, and result formatting.

Values a user passes with ``--bind`` are turned into RDF terms first and enter the query only as a
``VALUES`` block of those terms, serialised by pyoxigraph's own term writer (quotes and backslashes
escaped): a name like ``O'Brien" } DROP ALL #`` stays one string literal. The same query text then runs
unchanged on the embedded store and on any remote SPARQL endpoint. (Oxigraph's SEP-0007 substitutions
would need every bound variable in the SELECT clause, which filters such as "name contains" do not have.)
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pyoxigraph as ox

from kgraph.vocab import PREFIXES, XSD, name_key

_PARAM = re.compile(r"^#\s*param:\s*(\w+)\s*-\s*(.*)$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_PREFIX_DECL = re.compile(r"^\s*PREFIX\s+([A-Za-z][\w-]*)?:", re.I | re.M)


@dataclass(frozen=True)
class NamedQuery:
    name: str
    description: str
    text: str
    params: tuple[tuple[str, str], ...] = ()


def named_queries() -> dict[str, NamedQuery]:
    """The queries shipped in ``kgraph/queries/*.rq``; the leading comment is the description, up to a
    comment line opening with "(", which starts notes on how the query is written (not for ``--list``)."""
    out = {}
    folder = resources.files("kgraph") / "queries"
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".rq"):
            continue
        text = entry.read_text(encoding="utf-8")
        description, params = [], []
        notes = False
        for line in text.splitlines():
            if not line.startswith("#"):
                break
            m = _PARAM.match(line)
            if m:
                params.append((m[1], m[2].strip()))
                continue
            words = line.lstrip("# ").strip()
            notes = notes or words.startswith("(")
            if not notes:
                description.append(words)
        name = entry.name[: -len(".rq")]
        out[name] = NamedQuery(name, " ".join(description), text, tuple(params))
    return out


def resolve(query: str) -> tuple[str, NamedQuery | None]:
    """SPARQL text from a named query, a ``.rq`` file, or the text itself."""
    named = named_queries()
    if query in named:
        return named[query].text, named[query]
    if query.endswith((".rq", ".sparql")) or (len(query) < 250 and "\n" not in query and Path(query).is_file()):
        path = Path(query)
        if not path.is_file():
            raise ValueError(f"no query file {query}")
        return path.read_text(encoding="utf-8"), None
    if not re.search(r"\b(SELECT|CONSTRUCT|ASK|DESCRIBE)\b", query, re.I):
        raise ValueError(
            f"{query!r} is neither SPARQL, a .rq file nor a named query; known: {', '.join(named)}"
        )
    return query, None


def with_prefixes(text: str) -> str:
    """Declare kgraph's usual prefixes the query does not declare itself, so users may leave them out."""
    declared = {m[1] or "" for m in _PREFIX_DECL.finditer(text)}
    head = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items() if p not in declared)
    return head + text


def term_from_string(value: str) -> ox.NamedNode | ox.Literal:
    """``<iri>`` or ``http(s)://…`` is an IRI, ``YYYY-MM-DD`` an xsd:date, anything else a plain string."""
    if value.startswith("<") and value.endswith(">"):
        return ox.NamedNode(value[1:-1])
    if value.startswith(("http://", "https://")) and " " not in value:
        return ox.NamedNode(value)
    if _ISO_DATE.match(value):
        return ox.Literal(value, datatype=ox.NamedNode(XSD + "date"))
    return ox.Literal(value)


def parse_bindings(pairs: tuple[str, ...] | list[str]) -> dict[str, ox.NamedNode | ox.Literal]:
    out = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip().lstrip("?$")
        if not sep or not re.fullmatch(r"[A-Za-z_]\w*", name):
            raise ValueError(f"--bind takes NAME=VALUE, got {pair!r}")
        if len(value) >= 2 and value[0] == value[-1] == '"':
            value = value[1:-1]
        out[name] = term_from_string(value)
    return out


def missing_params(named: NamedQuery | None, bindings: dict[str, object]) -> list[str]:
    if named is None:
        return []
    return [name for name, _ in named.params if name not in bindings]


# -- formatting ---------------------------------------------------------------------------------------


def _compact(term: object) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        for prefix, iri in PREFIXES.items():
            if prefix != "kgid" and term.value.startswith(iri):
                return f"{prefix}:{term.value[len(iri):]}"
        return term.value
    if isinstance(term, ox.Literal):
        return term.value
    return str(term)


def _plain(term: object) -> str:
    if term is None:
        return ""
    return term.value if isinstance(term, (ox.NamedNode, ox.Literal, ox.BlankNode)) else str(term)


def format_result(result: object, fmt: str = "table") -> str:
    """SELECT as table/csv/tsv/json (SPARQL 1.1 results JSON), CONSTRUCT/DESCRIBE as Turtle, ASK as a word."""
    if isinstance(result, ox.QueryBoolean):
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": bool(result)})
        return "true" if result else "false"
    if isinstance(result, ox.QueryTriples):
        prefixes = {k: v for k, v in PREFIXES.items() if k != "kgid"}  # "/" in our ids would need escaping
        return ox.serialize(result, format=ox.RdfFormat.TURTLE, prefixes=prefixes).decode("utf-8")
    if not isinstance(result, ox.QuerySolutions):
        raise TypeError(f"unexpected query result {type(result).__name__}")
    variables = [v.value for v in result.variables]
    if fmt == "json":
        return result.serialize(format=ox.QueryResultsFormat.JSON).decode("utf-8")
    rows = [[row[v] for v in variables] for row in result]
    if fmt in ("csv", "tsv"):
        buf = io.StringIO()
        writer = csv.writer(buf, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(variables)
        for row in rows:
            writer.writerow([_plain(t).replace("\n", " ") if fmt == "tsv" else _plain(t) for t in row])
        return buf.getvalue()
    if fmt != "table":
        raise ValueError(f"unknown result format {fmt!r}; use table, csv, tsv or json")
    cells = [[_compact(t).replace("\n", " ") for t in row] for row in rows]
    cells = [[c if len(c) <= 80 else c[:77] + "..." for c in row] for row in cells]
    widths = [max([len(v)] + [len(r[i]) for r in cells]) for i, v in enumerate(variables)]
    lines = [" | ".join(v.ljust(w) for v, w in zip(variables, widths, strict=True)).rstrip()]
    lines.append("-+-".join("-" * w for w in widths))
    lines += [" | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells]
    lines.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
    return "\n".join(lines) + "\n"


_WHERE = re.compile(r"\bWHERE\s*\{", re.I)
_FORM = re.compile(r"\b(SELECT|ASK|DESCRIBE|CONSTRUCT)\b[^{]*\{", re.I)


def bind(query: str, bindings: dict[str, ox.NamedNode | ox.Literal]) -> str:
    """The query with ``VALUES ?name { term }`` opening every WHERE group, one per binding.

    Every group, not only the outermost: a sub-select sees none of the outer query's bindings, and the
    named queries filter inside sub-selects (e.g. the member whose name contains ``?name``) so that the
    engine starts from the few matching nodes.
    """
    if not bindings:
        return query
    values = " " + " ".join(f"VALUES ?{name} {{ {term} }}" for name, term in bindings.items()) + " "
    if _WHERE.search(query):
        return _WHERE.sub(lambda m: m.group(0) + values, query)
    m = _FORM.search(query)
    if m is None:
        raise ValueError("cannot bind values: the query has no WHERE group")
    return query[: m.end()] + values + query[m.end() :]


def with_keys(query: str, bindings: dict[str, ox.NamedNode | ox.Literal]) -> dict[str, ox.NamedNode | ox.Literal]:
    """For a string bound to ``?x``, also bind ``?x_key`` to its ``name_key`` where the query uses it.

    Named queries look entities up by ``kg:nameKey ?entity_key``: an index look-up, where comparing
    ``LCASE(?label)`` with the value would scan every label in the graph.
    """
    out = dict(bindings)
    for name, term in bindings.items():
        if isinstance(term, ox.Literal) and f"?{name}_key" in query and f"{name}_key" not in bindings:
            out[f"{name}_key"] = ox.Literal(name_key(term.value))
    return out


def run(store, query: str, bindings: dict[str, ox.NamedNode | ox.Literal] | None = None):
    """Run SPARQL text (usual prefixes added) against a store with safely bound values."""
    return store.query(with_prefixes(bind(query, with_keys(query, bindings or {}))))
