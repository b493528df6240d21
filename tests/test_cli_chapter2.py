"Every chapter-2 subcommand, called badly, ends with one line on stderr and exit status 2: no traceback, no work done."
import time

import pytest

from mechinterp.cli import main

BAD = {
    "sae-search": [
        ["--n-clusters", "0"], ["--n-clusters", "many"], ["--method", "kmeans"], ["--similarity", "dot"],
        ["--device", "tpu"], ["--top", "0"], ["--n-sentences", "0"], ["--n-neighbors", "0"], ["--cutoff", "nan"],
        ["--seed", "-1"], ["--bogus"], ["--out", "{file}"], ["--refine", "tokens"], ["--merge-group", "1"],
    ],
    "train-calendar-lm": [
        ["--tiny", "--steps", "0"], ["--steps", "-5"], ["--steps", "ten"], ["--eval-every", "-1"], ["--tiny", "--out", "{file}"],
        ["--bogus"],
    ],
    "train-calendar-sae": [
        ["--device", "tpu"], ["--batch-size", "0"], ["--lr", "0"], ["--expansion", "0"], ["--out", "{file}"], ["--bogus"],
        ["--n-sentences", "x"],
    ],
}
CASES = [(cmd, args) for cmd, many in BAD.items() for args in many]


@pytest.mark.parametrize("cmd,args", CASES, ids=[f"{c} {' '.join(a)}" for c, a in CASES])
def test_bad_invocation_is_one_line(cmd, args, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)                       # nothing may be written anywhere else
    afile = tmp_path / "a_file.txt"; afile.write_text("not a folder")
    t = time.perf_counter()
    code = main([cmd] + [a.replace("{file}", str(afile)) for a in args])
    err = capsys.readouterr().err
    assert code == 2, (code, err)
    assert err.count("\n") == 1 and err.startswith(f"mechinterp {cmd}: error:"), err
    assert "Traceback" not in err
    assert time.perf_counter() - t < 20, "a bad invocation must fail before any long work"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a_file.txt"]


def test_train_calendar_sae_writes_under_the_current_directory_by_default():
    import inspect
    from mechinterp.sae.train import train_calendar_sae_cli
    src = inspect.getsource(train_calendar_sae_cli)
    assert 'default="calendar_sae"' in src and "calendar_sae_dir()" not in src
