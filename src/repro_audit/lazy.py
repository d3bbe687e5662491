"""Heavy libraries loaded when first used, not when the program starts.

PyGithub, GitPython and requests take most of a second to import; `audit --version`,
`audit --help` and a run answered from the cache need none of them. A module that uses one
writes `requests = lazy("requests")` (and imports it for real under TYPE_CHECKING), and the
library is imported at the first attribute looked up on it (bench/bench_startup.py measures it).
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from types import ModuleType
from typing import Any


class _Lazy(ModuleType):
    """Stands for a module until an attribute is asked for, then becomes a view of it."""

    def __getattr__(self, attribute: str) -> Any:
        module = importlib.import_module(self.__name__)
        return getattr(module, attribute)


def lazy(name: str) -> Any:
    """The module `name` if it is already imported, else a stand-in that imports it on use."""
    return sys.modules.get(name) or _Lazy(name)


def lazy_exports(package: str, homes: dict[str, str]) -> Callable[[str], Any]:
    """A package's module `__getattr__` (PEP 562): `homes` maps each exported name to the
    submodule that defines it, imported the first time the name is asked for. Importing one
    light submodule (`sources.endpoints`, `scoring.tomlcompat`) then loads only that one."""

    def exported(name: str) -> Any:
        home = homes.get(name)
        if home is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(f"{package}.{home}"), name)

    return exported
