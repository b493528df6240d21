"""Tests for mechinterp.mips.tasks: every benchmark task against worked examples (the first 8 positions of a sequence
from the authors' data), extra hand-worked cases from the thesis, and agreement of the three backends of the helper
vocabulary (Python ints, NumPy columns, symbolic integers) on every reference."""
import numpy as np
import pytest
import z3

from mechinterp.mips.dsl import Sym, z3_int
from mechinterp.mips.tasks import TASKS, Task, get_task, task_names

EXAMPLES = [
    ('Binary_Addition', [[0, 1, 0, 0, 1, 1, 1, 0], [0, 1, 0, 1, 0, 1, 1, 0]], [0, 0, 1, 1, 1, 0, 1, 1]),
    ('Base_3_Addition', [[1, 1, 1, 2, 2, 2, 0, 2], [2, 2, 1, 1, 1, 0, 2, 2]], [0, 1, 0, 1, 1, 0, 0, 2]),
    ('Base_4_Addition', [[2, 0, 2, 2, 3, 3, 0, 3], [3, 3, 3, 2, 3, 3, 0, 1]], [1, 0, 2, 1, 3, 3, 1, 0]),
    ('Base_5_Addition', [[4, 0, 4, 3, 3, 1, 3, 1], [3, 4, 2, 4, 3, 2, 4, 4]], [2, 0, 2, 3, 2, 4, 2, 1]),
    ('Base_6_Addition', [[3, 1, 2, 2, 0, 0, 1, 5], [4, 3, 2, 1, 2, 5, 3, 3]], [1, 5, 4, 3, 2, 5, 4, 2]),
    ('Base_7_Addition', [[6, 3, 4, 5, 0, 6, 2, 2], [0, 3, 5, 5, 6, 4, 2, 3]], [6, 6, 2, 4, 0, 4, 5, 5]),
    ('Bitwise_Xor', [[1, 0, 1, 1, 1, 0, 0, 1], [0, 0, 0, 1, 0, 0, 0, 0]], [1, 0, 1, 0, 1, 0, 0, 1]),
    ('Bitwise_Or', [[1, 0, 0, 1, 1, 0, 0, 1], [0, 1, 0, 0, 1, 1, 1, 0]], [1, 1, 0, 1, 1, 1, 1, 1]),
    ('Bitwise_And', [[0, 0, 1, 0, 0, 1, 1, 0], [1, 1, 1, 1, 0, 1, 1, 0]], [0, 0, 1, 0, 0, 1, 1, 0]),
    ('Bitwise_Not', [[1, 1, 1, 0, 0, 1, 0, 0]], [0, 0, 0, 1, 1, 0, 1, 1]),
    ('Parity_Last2', [[0, 1, 0, 1, 0, 0, 0, 0]], [0, 1, 1, 1, 1, 0, 0, 0]),
    ('Parity_Last3', [[1, 1, 1, 1, 0, 1, 1, 0]], [1, 0, 1, 1, 0, 0, 0, 0]),
    ('Parity_Last4', [[1, 1, 1, 1, 1, 1, 0, 1]], [1, 0, 1, 0, 0, 0, 1, 1]),
    ('Parity_All', [[0, 1, 0, 0, 0, 0, 0, 1]], [0, 1, 1, 1, 1, 1, 1, 0]),
    ('Parity_Zeros', [[0, 0, 1, 0, 1, 0, 0, 1]], [1, 0, 0, 1, 1, 0, 1, 1]),
    ('Evens_Counter', [[9, 4, 8, 2, 1, 4, 1, 6]], [0, 1, 2, 3, 3, 4, 4, 5]),
    ('Sum_All', [[87, 7, 97, 45, 92, 23, 82, 80]], [87, 94, 191, 236, 328, 351, 433, 513]),
    ('Sum_Last2', [[40, 35, 75, 8, 37, 40, 20, 33]], [40, 75, 110, 83, 45, 77, 60, 53]),
    ('Sum_Last3', [[1, 52, 99, 32, 53, 1, 7, 12]], [1, 53, 152, 183, 184, 86, 61, 20]),
    ('Sum_Last4', [[39, 15, 12, 87, 71, 73, 44, 40]], [39, 54, 66, 153, 185, 243, 275, 228]),
    ('Sum_Last5', [[77, 80, 83, 91, 78, 4, 51, 40]], [77, 157, 240, 331, 409, 336, 307, 264]),
    ('Sum_Last6', [[49, 37, 45, 7, 94, 91, 55, 3]], [49, 86, 131, 138, 232, 323, 329, 295]),
    ('Sum_Last7', [[2, 69, 43, 25, 71, 7, 92, 14]], [2, 71, 114, 139, 210, 217, 309, 321]),
    ('Current_Number', [[3, 54, 74, 16, 45, 53, 49, 48]], [3, 54, 74, 16, 45, 53, 49, 48]),
    ('Prev1', [[53, 84, 28, 99, 16, 23, 69, 3]], [0, 53, 84, 28, 99, 16, 23, 69]),
    ('Prev2', [[69, 87, 71, 50, 32, 18, 29, 2]], [0, 0, 69, 87, 71, 50, 32, 18]),
    ('Prev3', [[69, 61, 53, 33, 40, 17, 80, 75]], [0, 0, 0, 69, 61, 53, 33, 40]),
    ('Prev4', [[70, 4, 83, 65, 33, 43, 81, 66]], [0, 0, 0, 0, 70, 4, 83, 65]),
    ('Prev5', [[40, 7, 84, 1, 80, 31, 60, 7]], [0, 0, 0, 0, 0, 40, 7, 84]),
    ('Previous_Equals_Current', [[3, 5, 5, 7, 7, 7, 4, 3]], [0, 0, 1, 0, 1, 1, 0, 0]),
    ('Diff_Last2', [[-61, 24, -99, -10, 33, 79, 4, -91]], [-61, 85, -123, 89, 43, 46, -75, -95]),
    ('Abs_Diff', [[-79, -24, -5, 39, 87, -33, -65, 82]], [79, 55, 19, 44, 48, 120, 32, 147]),
    ('Abs_Current', [[-96, 36, -45, 78, 49, -22, 46, -89]], [96, 36, 45, 78, 49, 22, 46, 89]),
    ('Diff_Abs_Values', [[37, 32, 64, 69, -60, 30, -74, -79]], [37, -5, 32, 5, -9, -30, 44, 5]),
    ('Min_Seen', [[6, 5, 8, 4, 4, 0, 9, 3]], [6, 5, 5, 4, 4, 0, 0, 0]),
    ('Max_Seen', [[37, 69, 36, 45, 17, 49, 24, 95]], [37, 69, 69, 69, 69, 69, 69, 95]),
    ('Majority_0_1', [[1, 1, 1, 0, 0, 0, 1, 0]], [1, 1, 1, 1, 1, 0, 1, 0]),
    ('Majority_0_2', [[0, 2, 2, 2, 2, 0, 1, 0]], [0, 0, 2, 2, 2, 2, 2, 2]),
    ('Majority_0_3', [[1, 1, 1, 1, 0, 2, 3, 0]], [1, 1, 1, 1, 1, 1, 1, 1]),
    ('Evens_Detector', [[4, 9, 4, 1, 5, 7, 7, 1]], [1, 0, 1, 0, 0, 0, 0, 0]),
    ('Perfect_Square_Detector', [[7, 11, 14, 18, 11, 2, 2, 2]], [0, 0, 0, 0, 0, 0, 0, 0]),
    ('Bit_Palindrome', [[1, 0, 0, 1, 1, 1, 1, 1]], [1, 0, 0, 1, 0, 0, 0, 0]),
    ('Balanced_Parenthesis', [[0, 0, 1, 0, 1, 1, 1, 1]], [0, 0, 0, 0, 0, 1, 0, 0]),
    ('Parity_Bits_Mod2', [[1, 0, 1, 1, 1, 0, 1, 1]], [0, 1, 0, 1, 0, 1, 0, 1]),
    ('Alternating_Last3', [[0, 1, 0, 1, 0, 0, 1, 1]], [0, 0, 1, 1, 1, 0, 0, 0]),
    ('Alternating_Last4', [[1, 0, 1, 1, 1, 0, 1, 0]], [0, 0, 1, 0, 0, 0, 0, 1]),
    ('Bit_Shift_Right', [[1, 0, 1, 0, 0, 1, 1, 0]], [0, 1, 0, 1, 0, 0, 1, 1]),
    ('Bit_Dot_Prod_Mod2', [[1, 1, 1, 0, 0, 0, 0, 1], [0, 1, 1, 1, 0, 0, 0, 0]], [0, 1, 0, 0, 0, 0, 0, 0]),
    ('Div_3', [[0, 1, 0, 0, 1, 0, 1, 0]], [0, 0, 0, 1, 1, 0, 0, 0]),
    ('Div_5', [[1, 1, 0, 0, 0, 1, 1, 1]], [0, 0, 1, 0, 0, 1, 1, 1]),
    ('Div_7', [[1, 1, 1, 1, 1, 0, 1, 0]], [0, 0, 1, 0, 0, 0, 1, 1]),
    ('Add_Mod_3', [[1, 1, 1, 0, 1, 1, 2, 2]], [1, 2, 0, 0, 1, 2, 1, 0]),
    ('Add_Mod_4', [[1, 0, 3, 0, 2, 3, 0, 2]], [1, 1, 0, 0, 2, 1, 1, 3]),
    ('Add_Mod_5', [[2, 2, 1, 0, 4, 1, 2, 4]], [2, 4, 0, 0, 4, 0, 2, 1]),
    ('Add_Mod_6', [[5, 0, 4, 1, 0, 3, 1, 1]], [5, 5, 3, 4, 4, 1, 2, 3]),
    ('Add_Mod_7', [[6, 4, 1, 4, 1, 6, 6, 2]], [6, 3, 4, 1, 2, 1, 0, 2]),
    ('Add_Mod_8', [[7, 2, 5, 5, 6, 3, 2, 2]], [7, 1, 6, 3, 1, 4, 6, 0]),
    ('Dithering', [[1, 1, 8, 9, 5, 4, 8, 11]], [0, 0, 0, 1, 0, 0, 1, 1]),
    ('Newton_Freebody', [[-5, -5, -9, -5, -6, 3, 10, 9]], [-5, -15, -34, -58, -88, -115, -132, -140]),
    ('Newton_Gravity', [[-10, -1, -3, 6, 1, 7, -8, 4]], [-11, -24, -41, -53, -65, -71, -86, -98]),
    ('Newton_Spring', [[0, -6, 6, -9, 5, -10, -9, -7]], [0, -6, 0, -3, 2, -5, -16, -18]),
    ('Newton_Magnetic', [[-2, 0, -10, -5, 6, -4, -8, 3], [-5, -3, -3, 5, -4, 1, -5, 7]], [[-2, -5], [1, -15], [4, -25], [12, -27], [28, -25], [38, -6], [21, 18], [-17, 32]]),
]

# Hand-worked cases beyond the table: thesis Appendix 4.E and edge cases of each rule.
HAND = [
    ("Binary_Addition", [[1, 1, 0, 1], [1, 0, 0, 1]], [0, 0, 1, 0]),         # 11 + 9 = 20, final carry dropped
    ("Base_3_Addition", [[2, 2], [2, 2]], [1, 2]),                            # 8 + 8 = 16 = 121_3, carry dropped
    ("Div_3", [[1, 0, 0, 0, 0, 1, 1]], [0, 0, 1, 0, 1, 1, 0]),                # 1000011 / 11 = 0010110 (67/3 = 22)
    ("Div_5", [[1, 1, 1, 1]], [0, 0, 1, 1]),                                  # 15 / 5 = 3 = 0011
    ("Div_7", [[1, 1, 1, 0]], [0, 0, 1, 0]),                                  # 14 / 7 = 2 = 0010
    ("Parity_Last2", [[1, 0, 0]], [1, 1, 0]),                                 # y0 = x0
    ("Previous_Equals_Current", [[0, 0, 1]], [1, 1, 0]),                      # x_{-1} = 0
    ("Majority_0_2", [[2, 1, 0]], [2, 1, 0]),                                 # three-way tie -> smallest
    ("Balanced_Parenthesis", [[1, 0, 0, 1]], [0, 0, 0, 0]),                   # went below zero: never balanced again
    ("Balanced_Parenthesis", [[0, 1, 0, 1]], [0, 1, 0, 1]),
    ("Bit_Palindrome", [[1, 1, 0, 1, 1]], [1, 1, 0, 0, 1]),
    ("Dithering", [[15, 0, 14, 1]], [1, 0, 0, 1]),
    ("Newton_Gravity", [[1, 1, 1]], [0, 0, 0]),                               # force x-1 = 0
    ("Newton_Freebody", [[1, 0, 0]], [1, 2, 3]),                              # constant velocity after one kick
    ("Abs_Diff", [[-100, 99]], [100, 199]),
    ("Diff_Abs_Values", [[-3, 2]], [3, -1]),
    ("Alternating_Last3", [[1, 0, 1]], [0, 1, 1]),                            # padding zeros count: (0,1,0) alternates
    ("Prev5", [[1, 2, 3, 4, 5, 6, 7]], [0, 0, 0, 0, 0, 1, 2]),
    ("Sum_Last7", [[1] * 9], [1, 2, 3, 4, 5, 6, 7, 7, 7]),
]


def _as_lists(ys):
    return [list(v) if isinstance(v, tuple) else int(v) for v in ys]


def test_table_order_and_count():
    assert len(TASKS) == 62 and len(set(task_names())) == 62
    assert [name for name, _, _ in EXAMPLES] == task_names()


@pytest.mark.parametrize("name,inputs,want", EXAMPLES, ids=[e[0] for e in EXAMPLES])
def test_worked_example(name, inputs, want):
    assert _as_lists(get_task(name)(*inputs)) == want


@pytest.mark.parametrize("name,inputs,want", HAND, ids=[f"{e[0]}-{i}" for i, e in enumerate(HAND)])
def test_hand_example(name, inputs, want):
    assert _as_lists(get_task(name)(*inputs)) == want


@pytest.mark.parametrize("task", TASKS, ids=[t.name for t in TASKS])
def test_sample_shapes_ranges_and_numpy_matches_python(task):
    X, Y = task.sample(50, seed=3)
    assert X.dtype.is_floating_point is False and Y.dtype.is_floating_point is False
    assert X.shape == (50, task.length, task.n_inputs)
    assert Y.shape == ((50, task.length) if task.n_outputs == 1 else (50, task.length, task.n_outputs))
    assert task.low <= X.min() and X.max() <= task.high
    for k in range(5):
        assert _as_lists(task(*[X[k, :, j].tolist() for j in range(task.n_inputs)])) == Y[k].tolist()
    X2, Y2 = task.sample(50, seed=3)
    assert (X2 == X).all() and (Y2 == Y).all()   # seeded


@pytest.mark.parametrize("task", TASKS, ids=[t.name for t in TASKS])
def test_symbolic_backend_agrees(task):
    """Run each reference on symbolic inputs, then substitute concrete inputs: same outputs as Python ints."""
    L = min(task.length, 6)
    syms = [[z3.Int(f"x{j}_{i}") for i in range(L)] for j in range(task.n_inputs)]
    ys = task.fn(*[[Sym(v) for v in seq] for seq in syms])
    rng = np.random.default_rng(0)
    X = task.sampler(3, rng)[:, :L] if task.sampler else rng.integers(task.low, task.high + 1, (3, L, task.n_inputs))
    for k in range(3):
        vals = [[int(X[k, i, j]) for i in range(L)] for j in range(task.n_inputs)]
        sub = [(syms[j][i], z3.IntVal(vals[j][i])) for j in range(task.n_inputs) for i in range(L)]
        ev = lambda e: z3.simplify(z3.substitute(z3_int(e), *sub)).as_long()
        got = [[ev(c) for c in y] if isinstance(y, tuple) else ev(y) for y in ys]
        assert got == _as_lists(task(*vals))


def test_get_task_errors_and_custom_task():
    with pytest.raises(ValueError, match="Sum_Last"):
        get_task("Sum_Lst2")
    with pytest.raises(ValueError):
        Task("bad", lambda x: x, 1, 5, 2, 10)
    with pytest.raises(ValueError, match="returned 3 outputs for length 4"):
        Task("short", lambda x: x[:3], 1, 0, 3, 4).sample(2)
    t = Task("Double", lambda x: [2 * xi for xi in x], 1, 0, 3, 4)
    X, Y = t.sample(10, seed=0)
    assert (Y == 2 * X[..., 0]).all()


def test_palindrome_sampler_makes_palindromic_prefixes():
    X, _ = get_task("Bit_Palindrome").sample(500, seed=0)
    # every sequence starts with a palindrome of length >= 2: x0 == x1 or x0 == x2 or ... (its mirror end)
    x = X[..., 0]
    has = np.zeros(len(x), bool)
    for L in range(2, 11):
        has |= (x[:, :L] == x[:, :L].flip(1)).all(1).numpy()
    assert has.all()
