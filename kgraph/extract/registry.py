"""The extractor registry: a dict plus a ``register`` decorator, as catalogue/spaCy do it.

Built-in extractors register exactly as a third party would; asking for an unknown name lists the known ones.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from kgraph.extract.model import Candidate

if TYPE_CHECKING:  # typing only: text.py does not need the registry
    from kgraph.extract.text import Doc

Extractor = Callable[["Doc"], list[Candidate]]

_REGISTRY: dict[str, Extractor] = {}


def register(name: str) -> Callable[[Extractor], Extractor]:
    """Register ``fn(doc) -> list[Candidate]`` under ``name``; a second registration of a name is a bug."""

    def deco(fn: Extractor) -> Extractor:
        if name in _REGISTRY and _REGISTRY[name] is not fn:
            raise ValueError(f"extractor {name!r} is already registered")
        _REGISTRY[name] = fn
        return fn

    return deco


def get(name: str) -> Extractor:
    """The extractor called ``name``; an unknown name raises a KeyError that lists the known ones."""
    try:
        return _REGISTRY[name]
    except KeyError:
        raise KeyError(f"unknown extractor {name!r}; known: {', '.join(sorted(_REGISTRY))}") from None


def names() -> list[str]:
    """The registered extractor names, in registration order (the order extract_mentions runs them)."""
    return list(_REGISTRY)
