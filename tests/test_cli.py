"""`tyreso check` (tyreso_ext.cli.main): the same findings as the Sphinx build, without Sphinx."""

from __future__ import annotations

import json
import re
import shutil

import pytest
from helpers import ROOTS, finding_keys

from tyreso_ext.cli import main
from tyreso_ext.model.decision import HISTORY_CODES
from tyreso_ext.model.findings import CODES as ALL_CODES

BROKEN = ROOTS / "test-broken"
# TY041 and TY042 need a Git history, which the broken root's build has none of: tests/test_decisions.py.
CODES = {code: text for code, text in ALL_CODES.items() if code not in HISTORY_CODES}
CLEAN = ROOTS / "test-domain"
_LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<column>\d+): (?P<code>TY\d{3}) ")


def run_check(capsys, *arguments: str) -> tuple[int, str]:
    status = main(["check", *arguments])
    return status, capsys.readouterr().out


def cli_keys(output: str) -> set[tuple[str, int, str]]:
    keys = set()
    for line in output.splitlines():
        match = _LINE.match(line)
        if match:
            keys.add((match["path"], int(match["line"]), match["code"]))
    return keys


@pytest.mark.sphinx("html", testroot="broken", freshenv=True)
def test_check_reports_the_same_findings_as_the_build(app, capsys):
    app.build()
    status, output = run_check(capsys, str(BROKEN))
    assert status == 1
    from_cli = cli_keys(output)
    from_build = finding_keys(app)
    # Nothing is excluded: under reports/ (and in conf.py, TY043) the command sees everything the build sees.
    assert all(path.startswith("reports/") or path == "conf.py" for path, _, _ in from_build)
    assert from_cli == from_build
    assert {code for _, _, code in from_cli} == set(CODES)
    assert output.splitlines()[-1] == f"{len(from_build)} fynd i 5 filer."


@pytest.mark.sphinx("html", testroot="domain", freshenv=True)
def test_clean_root_has_no_findings_in_either(app, capsys):
    app.build()
    assert finding_keys(app) == set()
    status, output = run_check(capsys, str(CLEAN))
    assert status == 0
    assert output.strip() == "Inga fynd."


def test_json_output_parses_and_describes_each_code(capsys):
    status, output = run_check(capsys, str(BROKEN), "--format", "json")
    assert status == 1
    payload = json.loads(output)
    assert payload["antal"] == len(payload["fynd"]) == len(CODES)
    for entry in payload["fynd"]:
        assert set(entry) == {"fil", "rad", "kolumn", "kod", "beskrivning", "meddelande"}
        assert entry["beskrivning"] == CODES[entry["kod"]]
        assert entry["fil"].startswith("reports/2023/") or (entry["fil"], entry["kod"]) == ("conf.py", "TY043")
        assert isinstance(entry["rad"], int) and entry["rad"] >= 1
    assert {entry["kod"] for entry in payload["fynd"]} == set(CODES)


def test_json_output_on_a_clean_root(capsys):
    status, output = run_check(capsys, str(CLEAN), "--format", "json")
    assert status == 0
    assert json.loads(output) == {"fynd": [], "antal": 0}


def test_one_file_shows_only_its_own_findings_with_the_collection_rules(capsys):
    status, output = run_check(capsys, str(BROKEN / "reports/2023/T1/kommunstyrelsen.md"))
    assert status == 1
    keys = cli_keys(output)
    assert {path for path, _, _ in keys} == {"reports/2023/T1/kommunstyrelsen.md"}
    assert {code for _, _, code in keys} == set(CODES) - {"TY001", "TY002", "TY026", "TY043"}  # TY043: conf.py


def test_missing_path_is_a_command_error(capsys):
    status = main(["check", str(BROKEN / "finns-inte.md")])
    captured = capsys.readouterr()
    assert status == 2
    assert "Sökvägen finns inte" in captured.err


def test_no_command_prints_help(capsys):
    assert main([]) == 2
    assert "check" in capsys.readouterr().out


@pytest.mark.sphinx("html", testroot="broken", freshenv=True, confoverrides={"suppress_warnings": ["tyreso.TY004"]})
def test_check_honours_suppress_warnings_in_conf_py_like_the_build(app, capsys, tmp_path):
    app.build()
    project = tmp_path / "broken"
    shutil.copytree(BROKEN, project)
    with (project / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('\nsuppress_warnings = ["tyreso.TY004"]\n')
    status, output = run_check(capsys, str(project))
    assert status == 1
    assert cli_keys(output) == finding_keys(app)
    assert "TY004" not in {code for _, _, code in cli_keys(output)}
    assert len(cli_keys(output)) == len(CODES) - 1
