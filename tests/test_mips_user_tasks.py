"User tasks written as plain Python on lists: sampled one sequence at a time, synthesized, checked, from a file."
import numpy as np
import pytest

from mechinterp.command import CommandError
import torch

from mechinterp.mips import SearchConfig, Task, synthesize
from mechinterp.mips.pipeline import run_cli
from mechinterp.mips.program import plain_function

torch.set_num_threads(1)

TASK_FILE = '''
from mechinterp.mips import Task

def count_ones(s):
    out, c = [], 0
    for x in s:
        if x == 1:
            c += 1
        out.append(c)
    return out

TASK = Task("Count_Ones", count_ones, n_inputs=1, low=0, high=1, length=8)
'''


def same(s, t):
    return [1 if a == b else 0 for a, b in zip(s, t)]


def test_plain_python_reference_samples_per_sequence():
    task = Task("Same_Bit", same, n_inputs=2, low=0, high=2, length=6)
    X, Y = task.sample(300, seed=0)
    assert torch.equal(Y, (X[..., 0] == X[..., 1]).long())
    declared = Task("Same_Bit", same, n_inputs=2, low=0, high=2, length=6, vectorized=False)
    assert torch.equal(declared.sample(300, seed=0)[1], Y)
    with pytest.raises(ValueError, match="ambiguous"):
        Task("Same_Bit", same, n_inputs=2, low=0, high=2, length=6, vectorized=True).sample(3)


def test_plain_python_task_synthesized_and_checked():
    task = Task("Same_Bit", same, n_inputs=2, low=0, high=1, length=8)
    cfg = SearchConfig(seeds=2, steps=600, n_train=4000, n_test=1000, timeout_s=120, max_level=6)
    syn = synthesize(task, train=True, search=cfg, n_train=500, n_test=500)
    # the reference's Python `if` is followed path by path, so z3 proves the program at the task's length
    assert syn.solved and syn.verified and syn.verification.status == "proved", syn.verification
    assert "path by path" in syn.verification.reason
    f = plain_function(syn.source)  # the program runs as plain Python, nothing imported
    X = np.random.default_rng(1).integers(0, 2, (50, 8, 2))
    assert all(f(x[:, 0].tolist(), x[:, 1].tolist()) == same(x[:, 0].tolist(), x[:, 1].tolist()) for x in X)


def test_task_file_from_the_command_line(tmp_path, capsys):
    path = tmp_path / "my_task.py"
    path.write_text(TASK_FILE)
    assert run_cli(["--task-file", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Count_Ones: SOLVED and VERIFIED" in out and "next_a = a + b" in out
    with pytest.raises(CommandError, match="defines \\['Count_Ones'\\]"):
        run_cli(["Other_Name", "--task-file", str(path)])
