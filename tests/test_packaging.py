"""The wheel ships resources/, and the code finds them."""

import subprocess
import sys
import zipfile

from quotecoder.core.codebook import default_codebook
from quotecoder.core.resources import resources_dir
from quotecoder.core.workspace import sample_paths


def test_resources_are_found():
    assert (resources_dir() / "codebooks" / "default.json").is_file()
    assert [lab.key for lab in default_codebook().labels] == ["pro-deployment", "opposed", "threat", "neutral"]
    assert 8 <= len(sample_paths()) <= 12


def test_wheel_contains_resources(tmp_path):
    root = resources_dir().parent
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(root)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    [wheel] = tmp_path.glob("quotecoder-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "quotecoder/resources/codebooks/default.json" in names
    assert "quotecoder/resources/fonts/DejaVuSans.ttf" in names
    assert sum(n.startswith("quotecoder/resources/samples/") and n.endswith(".txt") for n in names) == len(sample_paths())
    assert "quotecoder/core/store/__init__.py" in names and not any(n.startswith("tests/") for n in names)
