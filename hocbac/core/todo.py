"""The "việc cần làm" panels: each capability registers functions that list what is due.

A member provider takes a Member, an organisation provider takes an Organization (shown on its
page to those who manage it); both return a list of `Todo`. Register them in the app's
`AppConfig.ready()` with `register(provider)` and `register_for_org(provider)`.
"""

from dataclasses import dataclass
from datetime import date

_providers = []
_org_providers = []


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
    return _by_due([item for provider in _providers for item in provider(member)])


def register_for_org(provider):
    if provider not in _org_providers:
        _org_providers.append(provider)
    return provider


def todos_for_org(org):
    return _by_due([item for provider in _org_providers for item in provider(org)])


def _by_due(items):
    return sorted(items, key=lambda t: (t.due is None, t.due or date.max, t.title))
