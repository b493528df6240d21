"Generated programs run under limits: a loop that does not end is a clear failure within the limit, never a hang."
import sys
import time

import pytest

from mechinterp.mips.codegen import compile_program
from mechinterp.mips.sandbox import Limits, ProgramLimitError
from mechinterp.mips.tasks import get_task
from mechinterp.mips.verify import verify

ADD = get_task("Binary_Addition")
LOOP_IN_F = ("def f(s, t):\n    ys = []\n    for i in range(10000000000000):\n        ys = ys\n"
             "    for i in range(len(s)):\n        ys.append(0)\n    return ys\n")
LOOP_AT_MODULE_LEVEL = "for i in range(10000000000000):\n    x = i\ndef f(s, t):\n    return s\n"
SMALL = Limits(max_steps=50_000, timeout_s=5.0)


def test_while_true_is_refused_before_it_runs():
    t = time.perf_counter()
    with pytest.raises(ValueError, match="disallowed syntax While"):
        compile_program("def f(s):\n    while True:\n        pass\n")
    assert time.perf_counter() - t < 1


def test_long_loop_in_module_level_code_stops_with_a_clear_message():
    t = time.perf_counter()
    with pytest.raises(ProgramLimitError, match="module-level code exceeded max_steps=50,000"):
        compile_program(LOOP_AT_MODULE_LEVEL, limits=SMALL)
    assert time.perf_counter() - t < 5
    assert sys.gettrace() is None                     # the tracer is removed again


def test_long_loop_in_f_is_a_failed_verification_not_a_hang():
    prog = compile_program(LOOP_IN_F, limits=SMALL)
    t = time.perf_counter()
    v = verify(prog, ADD)
    assert time.perf_counter() - t < 10
    assert v.status == "failed" and not v.verified
    assert "max_steps=50,000" in v.reason and "'f'" in v.reason


def test_wall_clock_limit():
    prog = compile_program(LOOP_IN_F, limits=Limits(max_steps=10 ** 12, timeout_s=0.2))
    t = time.perf_counter()
    with pytest.raises(ProgramLimitError, match="timeout_s=0.2"): prog([0, 1], [1, 0])
    assert time.perf_counter() - t < 3


def test_default_limits_stop_a_long_loop_within_seconds():
    t = time.perf_counter()
    with pytest.raises(ProgramLimitError, match="max_steps"): compile_program(LOOP_AT_MODULE_LEVEL)
    assert time.perf_counter() - t < 15


def test_huge_source_is_refused_before_parsing():
    t = time.perf_counter()
    with pytest.raises(ValueError, match="max_chars"): compile_program("x = 1\n" * 2_000_000)
    with pytest.raises(ValueError, match="max_nodes=100"):
        compile_program("T = {" + ", ".join(f"{i}: {i}" for i in range(200)) + "}\ndef f(s):\n    return s\n",
                        limits=Limits(max_nodes=100))
    assert time.perf_counter() - t < 5


def test_ordinary_programs_are_unaffected():
    prog = compile_program("def f(s, t):\n    ys = []\n    c = 0\n    for i in range(len(s)):\n"
                           "        ys.append((s[i] + t[i] + c) % 2)\n        c = (s[i] + t[i] + c) // 2\n    return ys\n")
    assert prog([1, 1, 0], [1, 0, 0]) == [0, 0, 1]
    assert verify(prog, ADD).status == "proved"


@pytest.mark.parametrize("src", [
    "def f(s):\n    return range.__self__\n",
    "def f(s):\n    return len.__globals__\n",
    "def f(s):\n    return getattr(s, 'x')\n",
    "def f(s):\n    return __import__('os')\n",
    "def f(s):\n    try:\n        return s\n    except Exception:\n        return s\n",
])
def test_restricted_namespace_still_holds(src):
    try:
        prog = compile_program(src)
    except ValueError:
        return
    with pytest.raises(NameError): prog([0])


def test_bad_limits_are_refused(refused):
    refused(lambda: Limits(max_steps=0), ValueError, "max_steps")
    refused(lambda: Limits(timeout_s=0), ValueError, "timeout_s")
    refused(lambda: Limits(max_chars=None), TypeError, "max_chars")
    refused(lambda: compile_program(None), TypeError, "source")
    refused(lambda: compile_program("def g(s):\n    return s\n"), ValueError, "no function 'f'")
