"Generated programs run under limits: a loop that does not end is a clear failure within the limit, never a hang."
import time

import pytest

from mechinterp.mips.program import ProgramLimitError, ProgramLimits, compile_program
from mechinterp.mips.tasks import get_task
from mechinterp.mips.verify import verify

ADD = get_task("Binary_Addition")
LOOP_IN_F = ("def f(s, t):\n    ys = []\n    for i in range(len(s)):\n        for j in range(100000000):\n            ys = ys\n"
             "        ys.append(0)\n    return ys\n")
SMALL = ProgramLimits(max_steps=50_000, timeout_s=5.0)


def test_while_true_is_refused_before_it_runs():
    t = time.perf_counter()
    with pytest.raises(ValueError, match="While"): compile_program("def f(s):\n    while True:\n        pass\n")
    assert time.perf_counter() - t < 1


def test_module_level_code_is_only_constant_tables():
    with pytest.raises(ValueError, match="module level"):
        compile_program("for i in range(10000000000000):\n    x = i\ndef f(s, t):\n    return s\n")


def test_long_loop_in_f_is_a_failed_verification_not_a_hang():
    prog = compile_program(LOOP_IN_F, limits=SMALL)
    t = time.perf_counter()
    v = verify(prog, ADD)
    assert time.perf_counter() - t < 10
    assert v.status == "failed" and not v.verified
    assert "step budget" in v.reason


def test_wall_clock_limit():
    prog = compile_program(LOOP_IN_F, limits=ProgramLimits(max_steps=10 ** 12, timeout_s=0.2))
    t = time.perf_counter()
    with pytest.raises(ProgramLimitError, match="time limit of 0.2 s"): prog([0, 1], [1, 0])
    assert time.perf_counter() - t < 3


def test_each_call_gets_a_fresh_budget():
    prog = compile_program("def f(s):\n    ys = []\n    for i in range(len(s)):\n        ys.append(s[i])\n    return ys\n",
                           limits=ProgramLimits(max_steps=30))
    for _ in range(5): assert prog([1, 2, 3]) == [1, 2, 3]


def test_huge_source_is_refused_before_parsing():
    t = time.perf_counter()
    with pytest.raises(ValueError, match="max_source_chars"): compile_program("x = 1\n" * 2_000_000)
    with pytest.raises(ValueError, match="max_nodes=100"):
        compile_program("T = {" + ", ".join(f"{i}: {i}" for i in range(200)) + "}\ndef f(s):\n    return s\n",
                        limits=ProgramLimits(max_nodes=100))
    assert time.perf_counter() - t < 5


@pytest.mark.parametrize("kw", [dict(max_steps=0), dict(timeout_s=0), dict(max_source_chars=-1), dict(max_nodes=0)])
def test_bad_limits_are_refused(kw):
    with pytest.raises(ValueError, match=list(kw)[0]): ProgramLimits(**kw)
