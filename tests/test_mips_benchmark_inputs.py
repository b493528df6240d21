"The MIPS benchmark: bad arguments refused, damaged records named, failed runs redone on resume, solved ones kept."
import json

import pytest

from mechinterp.core import ArtefactError, save_json
from mechinterp.mips.benchmark import run_benchmark, task_list, write_tables

NAN = float("nan")


def _bad(tmp_path):
    return [
        ("tasks-unknown", lambda: run_benchmark(["Bogus_Task"], tmp_path), ValueError, "tasks='Bogus_Task'"),
        ("tasks-string", lambda: run_benchmark("Bitwise_Not", tmp_path), TypeError, "tasks must be a list"),
        ("tasks-empty", lambda: run_benchmark([], tmp_path), ValueError, "tasks is empty"),
        ("tasks-none", lambda: run_benchmark([None], tmp_path), TypeError, "tasks must be a string"),
        ("device", lambda: run_benchmark(["Bitwise_Not"], tmp_path, device="tpu"), ValueError, "device"),
        ("timeout-negative", lambda: run_benchmark(["Bitwise_Not"], tmp_path, timeout_s=-1), ValueError, "timeout_s"),
        ("timeout-nan", lambda: run_benchmark(["Bitwise_Not"], tmp_path, timeout_s=NAN), ValueError, "timeout_s"),
        ("out-dir-file", lambda: run_benchmark(["Bitwise_Not"], tmp_path / "a_file"), NotADirectoryError, "out_dir"),
        ("rnn-dir-missing", lambda: run_benchmark(["Bitwise_Not"], tmp_path, rnn_dir=tmp_path / "nope"), FileNotFoundError,
         "rnn_dir"),
        ("tables-max-source", lambda: write_tables(tmp_path, max_source=-1), ValueError, "max_source"),
        ("tables-out-file", lambda: write_tables(tmp_path / "a_file"), NotADirectoryError, "out_dir"),
    ]


CASE_IDS = [c[0] for c in _bad(None)]


@pytest.mark.parametrize("case", CASE_IDS)
def test_bad_input(case, tmp_path, refused):
    (tmp_path / "a_file").write_text("not a folder")
    _, call, exc, name = next(c for c in _bad(tmp_path) if c[0] == case)
    refused(call, exc, name)
    assert not (tmp_path / "tasks").exists() or not any((tmp_path / "tasks").iterdir()), "nothing is run"


def test_task_names_forgive_case():
    assert task_list(["bitwise_not", "BINARY_ADDITION", "Bitwise_Not"]) == ["Bitwise_Not", "Binary_Addition"]
    assert len(task_list("ALL")) == 62


@pytest.mark.parametrize("damage", ["", '{"task": "Bitwise_N', "\x00\x01"])
def test_damaged_record_is_named_before_any_work(tmp_path, damage):
    (tmp_path / "tasks").mkdir()
    (tmp_path / "tasks" / "Bitwise_Not.json").write_text(damage)
    with pytest.raises(ArtefactError, match="Bitwise_Not.json") as e:
        run_benchmark(["Binary_Addition", "Bitwise_Not"], tmp_path)
    assert "delete it" in str(e.value)
    assert not (tmp_path / "tasks" / "Binary_Addition.json").exists(), "the damaged record stops the run before any task"
    with pytest.raises(ArtefactError, match="Bitwise_Not.json"): write_tables(tmp_path)


def test_resume_keeps_solved_and_redoes_failed_records(tmp_path):
    (tmp_path / "tasks").mkdir()
    solved = dict(task="Bitwise_Not", solved=1, verified=1, kind="formula", marker="kept")
    crashed = dict(task="Bitwise_Or", solved=0, verified=0, kind="none", failure="crash: RuntimeError: out of memory")
    save_json(tmp_path / "tasks" / "Bitwise_Not.json", solved)
    save_json(tmp_path / "tasks" / "Bitwise_Or.json", crashed)
    rows = {r["task"]: r for r in run_benchmark(["Bitwise_Not", "Bitwise_Or"], tmp_path)}
    assert rows["Bitwise_Not"]["marker"] == "kept"                      # a solved record is not redone
    assert rows["Bitwise_Or"]["solved"] == 1 and "crash" not in rows["Bitwise_Or"]["failure"]   # the crash is redone
    assert json.loads((tmp_path / "tasks" / "Bitwise_Or.json").read_text())["solved"] == 1


def test_retry_unsolved_redoes_unsolved_records(tmp_path):
    (tmp_path / "tasks").mkdir()
    unsolved = dict(task="Bitwise_Not", solved=0, verified=0, kind="lookup", failure="no exact formula", marker="old")
    save_json(tmp_path / "tasks" / "Bitwise_Not.json", unsolved)
    assert run_benchmark(["Bitwise_Not"], tmp_path)[0]["marker"] == "old"
    assert run_benchmark(["Bitwise_Not"], tmp_path, retry_unsolved=True)[0]["solved"] == 1


def test_lower_case_names_reach_the_table(tmp_path):
    run_benchmark(["bitwise_not"], tmp_path)
    csv_p, md_p = write_tables(tmp_path)
    row = next(line for line in md_p.read_text().splitlines() if "| Bitwise_Not |" in line)
    assert "not run" not in row and "| 1 | 1 |" in row
