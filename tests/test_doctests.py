"""Run the examples in the package's docstrings against the installed modules."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import licensecheck

MODULES = sorted(name for _, name, _ in pkgutil.walk_packages(licensecheck.__path__, "licensecheck.") if not name.endswith("__main__"))


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    failures, _ = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert failures == 0
