"""The architecture's rules, checked: the import contract in pyproject.toml ([tool.importlinter],
run with import-linter), a core that loads no Qt at run time, and every package listed for the build.
"""

from __future__ import annotations

import os
import pathlib
import re
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "desktop" / "quotecoder"


def lint_imports(cwd: pathlib.Path, pythonpath: pathlib.Path | None = None) -> subprocess.CompletedProcess:
    """``lint-imports`` on the contract in ``cwd``/pyproject.toml (import-linter's own command)."""
    env = dict(os.environ)
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    code = "import sys; from importlinter.cli import lint_imports_command; sys.exit(lint_imports_command())"
    return subprocess.run([sys.executable, "-c", code, "--no-cache"], cwd=cwd, env=env, capture_output=True,
                          text=True)


def test_the_import_contract_is_kept():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "0 broken" in result.stdout


@pytest.fixture
def breaking_package(tmp_path) -> pathlib.Path:
    """A stand-in ``quotecoder`` whose core breaks the contract: a relative import of the GUI and
    an absolute import of the CLI; checked against the real contract from pyproject.toml."""
    (tmp_path / "pyproject.toml").write_text((ROOT / "pyproject.toml").read_text(encoding="utf-8"), encoding="utf-8")
    files = {
        "quotecoder/__init__.py": "",
        "quotecoder/cli.py": "from quotecoder.gui import app\n",
        "quotecoder/gui/__init__.py": "",
        "quotecoder/gui/app.py": "from quotecoder.core import store\n",
        "quotecoder/core/__init__.py": "",
        "quotecoder/core/store.py": "",
        "quotecoder/core/importers/__init__.py": "",
        "quotecoder/core/pretag/__init__.py": "",
        "quotecoder/core/sneaky.py": "from ..gui import app\n",
        "quotecoder/core/shortcut.py": "from quotecoder import cli\n",
        "quotecoder/core/pretag/lookup.py": "from .. import store\n",
    }
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


def test_the_contract_catches_relative_imports_and_core_importing_the_cli(breaking_package):
    result = lint_imports(breaking_package, pythonpath=breaking_package)
    report = result.stdout
    assert result.returncode != 0, report
    assert "quotecoder.core.sneaky -> quotecoder.gui.app" in report  # a relative import
    assert "quotecoder.core.shortcut -> quotecoder.cli" in report  # the core imports the CLI
    assert "quotecoder.core.pretag.lookup -> quotecoder.core.store" in report
    assert "3 broken" in report


def test_importing_every_core_module_loads_no_qt():
    modules = sorted(
        ".".join(p.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(".__init__")
        for p in (PACKAGE / "core").rglob("*.py")
    )
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "import quotecoder.cli\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6') or m.startswith('quotecoder.gui')]\n"
        "print(bad); sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def listed_packages(pyproject: str) -> set[str]:
    """The ``packages = [...]`` list of ``[tool.setuptools]`` (read without a TOML library:
    Python 3.10 has none)."""
    section = pyproject.split("[tool.setuptools]", 1)[1].split("\n[", 1)[0]
    found = re.search(r"^packages\s*=\s*\[(.*?)\]", section, re.S | re.M)
    assert found, "no packages list in [tool.setuptools]"
    return set(re.findall(r'"([^"]+)"', re.sub(r"#.*", "", found.group(1))))


def test_every_package_is_listed_in_pyproject():
    listed = listed_packages((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    found = {
        ".".join(init.parent.relative_to(PACKAGE.parent).parts) for init in PACKAGE.rglob("__init__.py")
    }
    assert found | {"quotecoder.resources"} == listed
