"""Tests for mechinterp.mips.dsl: the helper vocabulary agrees with Python on ints, NumPy arrays and symbolic integers,
floor semantics included; proof obligations are per value, not global."""
import numpy as np
import pytest
import z3
from hypothesis import given, settings, strategies as st

from mechinterp.mips.dsl import (VOCAB, Sym, abs_, and_, b2i, floordiv, int_, ite, lookup, max_, min_, mod, not_, or_,
                                 run_columns, xor, z3_int)


def _val(v, *sub):
    "The integer value of a symbolic result after substituting concrete values."
    return z3.simplify(z3.substitute(z3_int(v), *sub)).as_long() if sub else z3.simplify(z3_int(v)).as_long()


@given(a=st.integers(-50, 50), b=st.integers(-7, 7).filter(lambda b: b != 0))
@settings(deadline=None, max_examples=60)
def test_floor_semantics_on_every_backend(a, b):
    want = (a // b, a % b)
    assert (floordiv(a, b), mod(a, b)) == want
    assert (int(floordiv(np.array([a]), b)[0]), int(mod(np.array([a]), b)[0])) == want
    assert (_val(floordiv(Sym(a), Sym(b))), _val(mod(Sym(a), b))) == want
    x = z3.Int("x")  # symbolic dividend, constant divisor
    assert (_val(floordiv(x, b), (x, z3.IntVal(a))), _val(mod(x, b), (x, z3.IntVal(a)))) == want
    y = z3.Int("y")  # both symbolic
    q = floordiv(Sym(x), Sym(y))
    assert _val(q, (x, z3.IntVal(a)), (y, z3.IntVal(b))) == a // b


@given(a=st.integers(-20, 20), b=st.integers(-20, 20))
@settings(deadline=None, max_examples=60)
def test_helpers_agree_on_every_backend(a, b):
    fns = [lambda u, v: abs_(u - v), min_, max_, lambda u, v: ite(u > v, u, v - 1), lambda u, v: b2i(u == v),
           lambda u, v: b2i(and_(u > 0, v > 0)), lambda u, v: b2i(or_(u > 0, v > 0)), lambda u, v: b2i(not_(u > v)),
           lambda u, v: b2i(xor(u > 0, v > 0)), lambda u, v: int_(u >= v) + lookup({(1, 2): 5}, u, v)]
    for f in fns:
        py = f(a, b)
        assert int(f(np.array([a]), np.array([b]))[0]) == py
        assert _val(f(Sym(a), Sym(b))) == py


def test_obligations_are_per_run_not_global():
    x = Sym(z3.Int("x"))
    q = x // (x - 3)
    assert [str(o) for o in q.obligations] == ["x - 3 != 0"]
    other = Sym(z3.Int("x"), [])  # a second run starts from its own list
    assert (other // 2).obligations == [] and len(q.obligations) == 1
    assert len((Sym(5) % x).obligations) == 1  # a symbolic divisor on the right too


def test_symbolic_value_in_python_if_is_refused():
    with pytest.raises(TypeError, match="ite"):
        bool(Sym(z3.Int("x")) > 0)
    with pytest.raises(TypeError): int(Sym(z3.Int("x")))


def test_run_columns_matches_per_sequence_python():
    src = "def f(s, t):\n    a = 0\n    ys = []\n    for i in range(len(s)):\n        a = max(a, s[i] - t[i]) % 3\n" \
          "        ys.append((a, int(a > 1)))\n    return ys\n"
    ns = {"__builtins__": {"range": range, "len": len}, **VOCAB}
    exec(src, ns)
    X = np.random.default_rng(0).integers(-5, 6, (40, 7, 2))
    Y = run_columns(ns["f"], X)
    assert Y.shape == (40, 7, 2)
    assert Y.tolist() == [[list(v) for v in ns["f"](*[x[:, j].tolist() for j in range(2)])] for x in X]
