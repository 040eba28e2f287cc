"""Choosing the spaCy pipeline with --model: installed names, folders with dots, clear errors."""

from __future__ import annotations

import importlib.util
import json
import pathlib

import pytest

from quotecoder.cli import main
from quotecoder.core.nlp import ModelNotFound, choose_model, installed_models

TEXT = "“The ferry will run every hour from May,” Edda Morn said.\n"


def pipeline_folder() -> pathlib.Path:
    """The folder of the first installed pipeline (the one holding its config.cfg)."""
    name = installed_models()[0]
    package = pathlib.Path(importlib.util.find_spec(name).submodule_search_locations[0])
    return next(p.parent for p in package.rglob("config.cfg"))


def test_a_pipeline_folder_whose_path_has_dots(tmp_path, capsys):
    link = tmp_path / "models.v2" / "en.core-3.8"
    link.parent.mkdir()
    link.symlink_to(pipeline_folder(), target_is_directory=True)
    assert choose_model(str(link)) == str(link)
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    assert main(["pretag", str(tmp_path / "a.txt"), "--jsonl", "--model", str(link)]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["quotes"][0]["speaker"]["name"] == "Edda Morn"


@pytest.mark.parametrize("model", ["no_such_pipeline", "no.such.pipeline", "/nowhere/en.v1"])
def test_a_missing_model_is_a_one_line_error(tmp_path, capsys, model):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    assert main(["pretag", str(tmp_path / "a.txt"), "--jsonl", "--model", model]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("quotecoder: ") and model in err
    assert "Traceback" not in err
    with pytest.raises(ModelNotFound):
        choose_model(model)


def test_a_folder_that_is_not_a_pipeline_is_a_one_line_error(tmp_path, capsys):
    folder = tmp_path / "empty.model"
    folder.mkdir()
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    assert main(["pretag", str(tmp_path / "a.txt"), "--jsonl", "--model", str(folder)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("quotecoder: ") and str(folder) in err and "Traceback" not in err
