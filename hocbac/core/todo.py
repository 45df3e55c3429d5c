"""The "việc cần làm" panel: each capability registers a function that lists what is due.

A provider takes a Member and returns a list of `Todo`; register it in the app's
`AppConfig.ready()` with `register(provider)`.
"""

from dataclasses import dataclass
from datetime import date

_providers = []


@dataclass(frozen=True)
class Todo:
    title: str
    url: str
    due: date | None = None
    detail: str = ""


def register(provider):
    if provider not in _providers:
        _providers.append(provider)
    return provider


def todos_for(member):
    items = [item for provider in _providers for item in provider(member)]
    return sorted(items, key=lambda t: (t.due is None, t.due or date.max, t.title))
