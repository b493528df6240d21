"Every `mechinterp mips` subcommand, called badly, ends with one line on stderr and exit status 2: no traceback, no work."
import time

import pytest

from mechinterp.cli import main

BAD = {
    "run": [
        ["Bogus_Task"], ["Binary_Addition", "--device", "tpu"], ["Binary_Addition", "--timeout", "-1"],
        ["Binary_Addition", "--timeout", "nan"], ["Binary_Addition", "--timeout", "soon"],
        ["Binary_Addition", "--rnn-dir", "{file}"], ["Binary_Addition", "--rnn-dir", "missing_dir"], [],
        ["Binary_Addition", "--bogus"],
    ],
    "bench": [
        ["--tasks", "Bogus_Task"], ["--tasks", "Bitwise_Not,Bogus_Task"], ["--tasks", ","], ["--tasks", "Bitwise_Not", "--timeout", "0"],
        ["--tasks", "Bitwise_Not", "--device", "tpu"], ["--tasks", "Bitwise_Not", "--out", "{file}"],
        ["--tasks", "Bitwise_Not", "--rnn-dir", "missing_dir"], ["--bogus"],
    ],
    "train": [
        ["Bogus_Task"], ["Binary_Addition", "--arch", "1,1"], ["Binary_Addition", "--device", "tpu"],
        ["Binary_Addition", "--steps", "0"], ["Binary_Addition", "--seeds", "0"], ["Binary_Addition", "--bogus"],
    ],
    "search": [
        ["--tasks", "Bogus_Task"], ["--tasks", "Bitwise_Not", "--classes", "1"], ["--tasks", "Bitwise_Not", "--seeds", "0"],
        ["--tasks", "Bitwise_Not", "--device", "tpu"], ["--tasks", "Bitwise_Not", "--timeout", "-1"], ["--bogus"],
    ],
}
CASES = [pytest.param(cmd, args, id=f"{cmd} {' '.join(args)}") for cmd, many in BAD.items() for args in many]


def _names(args: list[str]) -> list[str]:
    "How a message may name the bad argument: the last option given (any spelling), else the positional value."
    opts = [a for a in args if a.startswith("--")]
    if opts: return [opts[-1], opts[-1].lstrip("-"), opts[-1].lstrip("-").replace("-", "_")]
    return args[-1:] or ["task"]


@pytest.mark.parametrize("cmd,args", CASES)
def test_bad_invocation_is_one_line(cmd, args, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)                       # nothing may be written anywhere else
    afile = tmp_path / "a_file.txt"; afile.write_text("not a folder")
    t = time.perf_counter()
    code = main(["mips", cmd] + [a.replace("{file}", str(afile)) for a in args])
    err = capsys.readouterr().err
    assert code == 2, (code, err)
    assert err.count("\n") == 1 and err.startswith(f"mechinterp mips {cmd}: error:"), err
    assert "Traceback" not in err
    assert any(w in err for w in _names(args)), f"the message does not name {_names(args)}: {err}"
    assert time.perf_counter() - t < 20, "a bad invocation must fail before any long work"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a_file.txt"]


def test_bench_names_a_damaged_record_in_one_line(tmp_path, capsys):
    (tmp_path / "tasks").mkdir()
    (tmp_path / "tasks" / "Bitwise_Not.json").write_text('{"task": "Bitwise_N')
    code = main(["mips", "bench", "--tasks", "Bitwise_Not", "--out", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "Bitwise_Not.json" in err and "Traceback" not in err, err


def test_run_and_bench_forgive_case(tmp_path, capsys):
    assert main(["mips", "run", "bitwise_not", "--timeout", "10"]) == 0
    assert "== Bitwise_Not: SOLVED" in capsys.readouterr().out
    assert main(["mips", "bench", "--tasks", "bitwise_not", "--out", str(tmp_path)]) == 0
    assert "| Bitwise_Not |" in (tmp_path / "mips_benchmark.md").read_text()
    assert "not run" not in next(l for l in (tmp_path / "mips_benchmark.md").read_text().splitlines() if "| Bitwise_Not |" in l)
