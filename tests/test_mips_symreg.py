"Symbolic regression: planted formulas (one per operator), Boolean regression, integer linear regression."
import itertools

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from mechinterp.mips.symreg import (Expr, brute_force_search, boolean_regression, const, linear_regression, regress,
                                    relevant_columns, var, _check, BINARY, UNARY)

RNG = np.random.default_rng(0)
X = np.stack([RNG.integers(-30, 30, 400), RNG.integers(1, 12, 400), RNG.integers(0, 5, 400)], 1)
NAMES = ["a", "b", "c"]
a, b, c = X.T

PLANTED = {  # operator -> (target values, largest acceptable size)
    "inc": (a + 1, 3), "dec": (a - 1, 3), "neg": (-a, 2), "H": ((a > 0).astype(int), 2), "D": ((c == 0).astype(int), 2),
    "abs": (np.abs(a), 2), "add": (a + c, 3), "sub": (a - b, 3), "mul": (b * c, 3), "mod": (a % b, 3),
    "floordiv": (a // b, 3), "min": (np.minimum(a, b), 3), "max": (np.maximum(a, c), 3), "gt": ((a > b).astype(int), 3),
    "mod_const": ((a + c) % 7, 5), "nested": (np.abs(a - b) % 3, 6), "floordiv_const": ((b + c) // 3, 5),
}

@pytest.mark.parametrize("name", list(PLANTED))
def test_planted_operator(name):
    y, size = PLANTED[name]
    f = brute_force_search(X, y, NAMES, constants=(1, 2, 3, 7))
    assert f is not None, name
    assert f.size <= size, (name, f)
    assert _check(f.expr, X, NAMES, y)
    # the rendered source means the same thing as the tree
    env = {n: X[:, j] for j, n in enumerate(NAMES)}
    from mechinterp.mips.dsl import VOCAB
    got = eval(f.source, {"__builtins__": {}, **VOCAB}, env)
    assert (np.asarray(got) == y).all()

def test_search_gives_up_honestly():
    y = (a * a * b + 7 * c * c * a + 5) % 11  # needs far more than 6 symbols
    assert brute_force_search(X, y, NAMES, constants=(1, 2)) is None

def test_search_rejects_unknown_operator():
    with pytest.raises(ValueError, match="unknown operator"):
        brute_force_search(X, a, NAMES, unary=("sqrt",))

@given(coefs=st.lists(st.integers(-5, 5), min_size=3, max_size=3), b0=st.integers(-200, 200))
@settings(deadline=None, max_examples=30)
def test_linear_regression_recovers_integer_coefficients(coefs, b0):
    y = X @ np.array(coefs) + b0
    f = linear_regression(X, y, NAMES)
    assert f is not None and _check(f.expr, X, NAMES, y)
    assert f.source.count("*") <= sum(abs(k) > 1 for k in coefs)

def test_linear_two_inputs_and_vector_components():
    # each component of a vector output is its own regression (Newton_Magnetic-style)
    ys = [a - 2 * b + 3, b + c]
    fs = [regress(X, y, NAMES) for y in ys]
    assert [f.method for f in fs] == ["linear", "linear"]
    assert fs[0].source == "a - 2 * b + 3"

BITS = np.array(list(itertools.product((0, 1), repeat=3)))
B, C, D = BITS.T

@pytest.mark.parametrize("y,expected", [
    (B ^ C ^ D, "b ^ c ^ d"), ((B + C + D > 1).astype(int), "int(b + c + d > 1)"), (B | C, "b | c"),
    (B & C, "b & c"), (1 - D, "1 - d"), (C, "c"),
])
def test_boolean_regression_known(y, expected):
    assert boolean_regression(BITS, y, ["b", "c", "d"]).source == expected

@given(truth=st.lists(st.integers(0, 1), min_size=8, max_size=8))
@settings(deadline=None, max_examples=40)
def test_boolean_regression_is_exact_on_any_function(truth):
    y = np.array(truth)
    f = boolean_regression(BITS, y, ["b", "c", "d"])
    assert _check(f.expr, BITS, ["b", "c", "d"], y)

def test_relevant_columns():
    assert relevant_columns(BITS, B ^ D) == [0, 2]

def test_regress_not_a_function_and_errors():
    assert regress(np.array([[1], [1]]), np.array([0, 1]), ["a"]) is None
    with pytest.raises(ValueError, match="names"):
        regress(X, a, ["a"])
    with pytest.raises(ValueError, match="0/1"):
        boolean_regression(X, a, NAMES)

def test_search_budget_respected():
    from mechinterp.mips.symreg import SearchStats
    st = SearchStats()
    f = brute_force_search(X, (a * b + 3) % 7 + c * c * c, NAMES, constants=(1, 2, 3, 7), max_rows=5000, stats=st)
    assert f is None and st.truncated and max(st.levels) <= 5000 and len(st.levels) == 6


# decision lists of thresholds
from mechinterp.mips.symreg import decision_list_formula  # noqa: E402
from mechinterp.mips.program import compile_program, plain_function  # noqa: E402

def _counts(k, n_max=8):
    return np.array([t for t in itertools.product(range(n_max), repeat=k) if 0 < sum(t) <= n_max])

@pytest.mark.parametrize("k", [2, 3])
def test_decision_list_recovers_argmax_of_counts(k):
    "Majority of k values from k - 1 count differences (ties to the smallest value): exact, and right off the table."
    n = _counts(k)
    D = np.stack([n[:, j + 1] - n[:, 0] for j in range(k - 1)], 1)   # d_j = n_{j+1} - n_0
    names = [f"d{j}" for j in range(k - 1)]
    f = decision_list_formula(D, np.argmax(n, 1), names)
    assert f is not None and f.method == "decision list"
    wide = _counts(k, n_max=14)                                      # counts never seen in the table
    Dw = np.stack([wide[:, j + 1] - wide[:, 0] for j in range(k - 1)], 1)
    assert _check(f.expr, Dw, names, np.argmax(wide, 1)), f
    # the rendered source is the same function, as plain Python and in the program language
    env_src = "def f(s):\n    ys = []\n    for i in range(len(s)):\n        " + \
              "; ".join(f"{v} = s[i][{j}]" for j, v in enumerate(names)) + f"\n        ys.append({f.source})\n    return ys\n"
    rows = [tuple(int(v) for v in r) for r in Dw[:50]]
    assert plain_function(env_src)(rows) == list(np.argmax(wide[:50], 1))

@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000))
def test_decision_list_is_exact_or_none(seed):
    "Sound on any table: whatever comes back is exact on every row; arbitrary labels mostly have no short list."
    rng = np.random.default_rng(seed)
    Xr = rng.integers(-6, 7, (60, 2)); y = rng.integers(0, 3, 60)
    f = decision_list_formula(Xr, y, ["a", "b"])
    # checked through the rendered source, independently of the tree evaluation the function itself checks with
    assert f is None or all(eval(f.source, {}, {"a": int(r[0]), "b": int(r[1])}) == v for r, v in zip(Xr, y))

def test_decision_list_refuses_what_it_cannot_say():
    Xr = np.arange(-10, 11)[:, None]
    assert decision_list_formula(Xr, Xr[:, 0] % 3, ["a"]) is None             # a remainder: no 3 thresholds do it
    assert decision_list_formula(Xr, np.zeros(21, int), ["a"]) is None         # a constant is not a list
    assert decision_list_formula(Xr, Xr[:, 0] + 10, ["a"], max_labels=4) is None  # 21 output values
    f = decision_list_formula(Xr, (Xr[:, 0] >= 3).astype(int) * 2, ["a"])
    assert f is not None and f.source == "0 if a <= 2 else 2"
