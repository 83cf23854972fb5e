"""Input formats: a registry of readers, and sniffing of a document's format from its content.

A reader is one module that registers itself with ``@register``; it says from the first bytes of a file
whether the file is its format (``sniff``) and turns the file into ``Question`` records or ``Reject``s
(``read``). ``kgraph build`` takes files and folders mixed, so the format is never taken from the name alone.

A reader of files holding many items (JSON Lines, list responses) may also take ``known``, a ``KnownItems``:
it fingerprints each item's raw bytes (setting ``Question.fingerprint``) and yields ``Unchanged`` for an
item whose fingerprint is known, without parsing it. The builder knows the fingerprints of the items a
file held when it was last built, so a rebuild after a few items changed in every file costs a hash per
item instead of a parse per item (HTML to text is most of a parse).
"""

from __future__ import annotations

import hashlib
import importlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from kgraph.records import Question, ReadError, Reject, Unchanged

SNIFF_BYTES = 4096

SniffFn = Callable[[bytes, Path], bool]
ReadFn = Callable[..., Iterator["Question | Reject | Unchanged"]]


class KnownItems:
    """Fingerprints of the raw items a file held when it was last built, for readers that can skip them.

    A fingerprint covers the build settings (``salt``) as well as the bytes, so a build with other settings
    or another kgraph version parses everything again.
    """

    def __init__(self, salt: str, fingerprints: Iterable[str] = ()) -> None:
        self._salt = salt.encode("utf-8") + b"\0"
        self._known = frozenset(fingerprints)

    def fingerprint(self, raw: bytes) -> str:
        return hashlib.blake2b(self._salt + raw, digest_size=16).hexdigest()

    def __contains__(self, fingerprint: str) -> bool:
        return fingerprint in self._known


@dataclass(frozen=True)
class Reader:
    name: str
    sniff: SniffFn
    read: ReadFn
    priority: int = 50  # lower sniffs first; a catch-all text format goes last
    description: str = ""
    skips_known: bool = False  # its read() takes ``known`` and fingerprints items


_READERS: dict[str, Reader] = {}

# Built-in readers register exactly as a third-party one would: by importing their module.
_BUILTIN_MODULES = ("kgraph.sources.apijson", "kgraph.sources.pagetext", "kgraph.sources.twfy")


def register(
    name: str, *, sniff: SniffFn, priority: int = 50, description: str = "", skips_known: bool = False
) -> Callable[[ReadFn], ReadFn]:
    """Decorator registering a ``read`` function under ``name`` with its ``sniff`` test; ``skips_known``
    says its ``read(path, data, known=...)`` fingerprints items (see ``KnownItems``)."""

    def deco(read: ReadFn) -> ReadFn:
        _READERS[name] = Reader(name, sniff, read, priority, description, skips_known)
        return read

    return deco


def _load_builtins() -> None:
    for module in _BUILTIN_MODULES:
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:  # a format still being written is simply not offered
            if exc.name != module:
                raise


def readers() -> dict[str, Reader]:
    _load_builtins()
    return dict(sorted(_READERS.items(), key=lambda kv: (kv[1].priority, kv[0])))


def get(name: str) -> Reader:
    available = readers()
    if name not in available:
        raise KeyError(f"unknown input format {name!r}; known formats: {', '.join(available)}")
    return available[name]


def sniff(head: bytes, path: Path) -> Reader | None:
    for reader in readers().values():
        if reader.sniff(head, path):
            return reader
    return None


# Below a folder only files with these endings are taken as documents, so that the LICENSE, README and
# PROVENANCE files that travel with data sets are not reported as broken documents. A file named on the
# command line is always read, whatever its name.
DOCUMENT_SUFFIXES = frozenset({".json", ".jsonl", ".ndjson", ".txt", ".text", ".xml"})


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files named, and document files below folders named, in a stable order; hidden files are skipped."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                rel = child.relative_to(path)
                if any(part.startswith(".") for part in rel.parts) or not child.is_file():
                    continue
                if child.suffix.lower() in DOCUMENT_SUFFIXES and child.name != "PROVENANCE.txt":
                    yield child
        else:
            yield path


def read_file(
    path: Path, *, format: str | None = None, known: KnownItems | None = None
) -> Iterator[Question | Reject | Unchanged]:
    """Every record in one file; a file that cannot be read at all becomes one Reject. With ``known``,
    items a reader recognises as stored come back as ``Unchanged`` (only from readers that skip)."""
    source = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield Reject(source, f"cannot read file: {exc.strerror or exc}")
        return
    if not data.strip():
        yield Reject(source, "empty file")
        return
    head = data[:SNIFF_BYTES]
    if format is not None:
        reader: Reader | None = get(format)
    else:
        if b"\x00" in head:
            yield Reject(source, "binary file (NUL bytes), not a document")
            return
        reader = sniff(head, path)
    if reader is None:
        known = ", ".join(f"{r.name} ({r.description})" for r in readers().values())
        yield Reject(source, f"unrecognised format: none of {known}")
        return
    try:
        if known is not None and reader.skips_known:
            yield from reader.read(path, data, known=known)
        else:
            yield from reader.read(path, data)
    except ReadError as exc:
        yield Reject(source, str(exc), format=reader.name)


def read_paths(paths: Iterable[str | Path], *, format: str | None = None) -> Iterator[Question | Reject]:
    for path in iter_files(paths):
        yield from read_file(path, format=format)


__all__ = ["KnownItems", "Reader", "register", "readers", "get", "sniff", "iter_files", "read_file", "read_paths"]
