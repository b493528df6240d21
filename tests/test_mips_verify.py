"Formal verification: proofs of correct programs, counterexamples for planted bugs, the fallbacks, the sandbox."
import numpy as np
import pytest

from mechinterp.mips.program import compile_program
from mechinterp.mips.tasks import get_task
from mechinterp.mips.verify import verify

ADDER = """def f(s, t):
    a = 0; b = 0
    ys = []
    for i in range(len(s)):
        c = s[i]; d = t[i]
        next_a = b ^ c ^ d
        next_b = int(b + c + d > 1)
        a = next_a; b = next_b
        y = a
        ys.append(y)
    return ys
"""

SUM_LAST2 = """def f(s):
    a = 0; b = 0
    ys = []
    for i in range(len(s)):
        c = s[i]
        next_a = c
        next_b = a + c
        a = next_a; b = next_b
        y = b
        ys.append(y)
    return ys
"""

def test_ripple_carry_adder_proved_length_10():
    v = verify(compile_program(ADDER), get_task("Binary_Addition"), length=10)
    assert v.status == "proved" and v.method == "z3" and v.verified

@pytest.mark.parametrize("bug", ["int(b + c + d > 2)", "b ^ c"])
def test_adder_bug_found(bug):
    prog = compile_program(ADDER.replace("int(b + c + d > 1)", bug))
    task = get_task("Binary_Addition")
    v = verify(prog, task)
    assert v.status == "counterexample"
    cx = v.counterexample
    assert prog(*cx.inputs)[cx.position] != task(*cx.inputs)[cx.position]

def test_planted_off_by_one():
    task = get_task("Sum_Last2")
    assert verify(compile_program(SUM_LAST2), task).status == "proved"
    bad = compile_program(SUM_LAST2.replace("next_b = a + c", "next_b = a + c + 1"))
    v = verify(bad, task)
    assert v.status == "counterexample" and not v.verified
    cx = v.counterexample
    assert cx.got == cx.expected + 1
    assert bad(*cx.inputs)[cx.position] == task(*cx.inputs)[cx.position] + 1

def test_phase_error_found():
    # an off-by-one in time (reading the state one step late), the published pipeline's typical error
    prog = compile_program(SUM_LAST2.replace("y = b", "y = a"))
    v = verify(prog, get_task("Sum_Last2"))
    assert v.status == "counterexample" and v.counterexample.position >= 0

def test_division_by_zero_is_an_obligation():
    src = SUM_LAST2.replace("next_b = a + c", "next_b = (a + c) // (c - 3) * 0 + a + c")
    v = verify(compile_program(src), get_task("Sum_Last2"))
    assert v.status == "counterexample"  # c = 3 divides by zero

def test_exhaustive_fallback_and_tested_only():
    from types import SimpleNamespace
    def ref_if(s):  # not symbolic: a Python `if`
        out, c = [], 0
        for x in s:
            c = c + x
            if c >= 3: c -= 3
            out.append(c)
        return out
    prog = compile_program("def f(s):\n    a = 0\n    ys = []\n    for i in range(len(s)):\n        b = s[i]\n"
                           "        next_a = (a + b) % 3\n        a = next_a\n        y = a\n        ys.append(y)\n    return ys\n")
    t = SimpleNamespace(fn=ref_if, n_inputs=1, low=0, high=2, length=8)
    v = verify(prog, t)   # the reference's `if`s are followed path by path
    assert (v.status, v.method) == ("proved", "z3") and "256 paths" in v.reason
    def ref_int(s):       # int() of an input: no symbolic run at all
        out, c = [], 0
        for x in s:
            c = (c + int(x)) % 3
            out.append(c)
        return out
    v = verify(prog, SimpleNamespace(fn=ref_int, n_inputs=1, low=0, high=2, length=8))
    assert (v.status, v.method, v.n_checked) == ("exhaustive", "exhaustive", 3 ** 8)
    v = verify(prog, t, length=20)   # 2^20 paths and 3^20 inputs: neither fits
    assert v.status == "tested" and "exhaustive_limit" in v.reason and "paths" in v.reason and not v.verified

@pytest.mark.parametrize("src,msg", [
    ("import os\ndef f(s):\n    return s\n", "Import"),
    ("def f(s):\n    return s.__class__\n", "attribute"),
    ("def f(s):\n    return __builtins__\n", "underscore"),
    ("def f(s):\n    return [x for x in s]\n", "ListComp"),
    ("def f(s):\n    while True:\n        pass\n", "While"),
    ("def f(s):\n    return lambda: 0\n", "Lambda"),
])
def test_sandbox_rejects(src, msg):
    with pytest.raises(ValueError, match=msg):
        compile_program(src)

def test_sandbox_has_no_dangerous_builtins():
    with pytest.raises(ValueError, match="'open' is defined nowhere"):
        compile_program("def f(s):\n    return open('x')\n")
