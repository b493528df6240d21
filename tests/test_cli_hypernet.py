"`mechinterp hypernet` and `mechinterp demo` called badly: exit 2, one line on stderr naming the option, no traceback, nothing written."
import pytest

from mechinterp.cli import main

BAD = [
    (["hypernet", "--steps", "0", "--out", "{out}"], "steps"),
    (["hypernet", "--config", "bogus", "--out", "{out}"], "config"),
    (["hypernet", "--device", "tpu", "--out", "{out}"], "device"),
    (["hypernet", "--seed", "x", "--out", "{out}"], "--seed"),
    (["hypernet", "--steps", "5"], "--out"),
    (["demo", "--steps", "nope", "--out", "{out}"], "--steps"),
    (["demo", "--tasks", "Bogus_Task", "--out", "{out}"], "--tasks"),
]


@pytest.mark.parametrize("args,name", BAD, ids=[" ".join(a) for a, _ in BAD])
def test_bad_invocation_is_one_line(args, name, tmp_path, capsys):
    out = tmp_path / "out"
    code = main([a.replace("{out}", str(out)) for a in args])
    err = capsys.readouterr().err
    assert code == 2, (code, err)
    assert err.count("\n") == 1 and "Traceback" not in err and name in err, err
    assert not out.exists()
