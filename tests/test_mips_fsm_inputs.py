"Bad input to mechinterp.mips.fsm: each call gets the package's own error, naming the argument; no integer from NaN."
import numpy as np
import pytest

from mechinterp.mips.fsm import (FSM, build_fsm, minimal_fsm, minimize, name_states, relabel, relabel_by_history,
                                 relabel_by_output)

NAN = float("nan")
M = FSM((0,), [[0], [1]], [[0], [1]], [[1], [0]], [[1], [0]])

CASES = [
    ("S-nan", lambda: FSM((0,), [[NAN]], [[0]], [[0]], [[0]]), ValueError, "S contains"),
    ("Y-nan", lambda: FSM((0,), [[0]], [[0]], [[0]], [[NAN]]), ValueError, "Y contains"),
    ("Y-fraction", lambda: FSM((0,), [[0]], [[0]], [[0]], [[0.5]]), ValueError, "Y must hold whole numbers"),
    ("S-none", lambda: FSM((0,), None, [[0]], [[0]], [[0]]), TypeError, "S must be"),
    ("U-3d", lambda: FSM((0,), [[0]], np.zeros((1, 1, 1)), [[0]], [[0]]), ValueError, "U must have"),
    ("init-nan", lambda: FSM((NAN,), [[0]], [[0]], [[0]], [[0]]), ValueError, "init contains"),
    ("init-empty", lambda: FSM((), [[0]], [[0]], [[0]], [[0]]), ValueError, "init is empty"),
    ("rows-differ", lambda: FSM((0,), [[0], [1]], [[0]], [[0]], [[0]]), ValueError, "same number of rows"),
    ("state-names-count", lambda: FSM((0,), [[0]], [[0]], [[0]], [[0]], state_names=["a", "b"]), ValueError, "state_names has 2"),
    ("state-names-string", lambda: FSM((0,), [[0]], [[0]], [[0]], [[0]], state_names="a"), TypeError, "state_names"),
    ("run-nan", lambda: M.run(np.array([[[NAN]]])), ValueError, "X contains"),
    ("run-2d", lambda: M.run(np.zeros((2, 2))), ValueError, "X must have 3"),
    ("run-input-width", lambda: M.run(np.zeros((1, 2, 3))), ValueError, "X must have shape (batch, length, 1)"),
    ("run-fraction", lambda: M.run(np.full((1, 2, 1), 0.5)), ValueError, "X must hold whole numbers"),
    ("run-none", lambda: M.run(None), TypeError, "X must be"),
    ("run-empty", lambda: M.run(np.zeros((0, 2, 1))), ValueError, "X is empty"),
    ("build-nan", lambda: build_fsm(np.full((2, 3), NAN), np.zeros((2, 2)), np.zeros((2, 2))), ValueError, "S contains"),
    ("build-empty", lambda: build_fsm(np.zeros((0, 3)), np.zeros((0, 2)), np.zeros((0, 2))), ValueError, "S is empty"),
    ("build-lengths", lambda: build_fsm(np.zeros((2, 3)), np.zeros((2, 3)), np.zeros((2, 2))), ValueError, "X and Y must have"),
    ("build-none", lambda: build_fsm(None, np.zeros((2, 2)), np.zeros((2, 2))), TypeError, "S must be"),
    ("build-Y-nan", lambda: build_fsm(np.zeros((2, 3)), np.zeros((2, 2)), np.full((2, 2), NAN)), ValueError, "Y contains"),
    ("minimize-merge", lambda: minimize(M, merge="all"), ValueError, "merge='all'"),
    ("minimize-max-merge", lambda: minimize(M, max_merge=-1), ValueError, "max_merge"),
    ("minimize-none", lambda: minimize(None), TypeError, "fsm must be an FSM"),
    ("minimal-none", lambda: minimal_fsm(None), TypeError, "fsm must be an FSM"),
    ("relabel-empty", lambda: relabel(M, {}), TypeError, "names"),
    ("relabel-none", lambda: relabel(None, {(0,): (0,)}), TypeError, "fsm must be an FSM"),
    ("name-states-none", lambda: name_states(M, None), TypeError, "names"),
    ("name-states-machine", lambda: name_states([], {(0,): (0,)}), TypeError, "m must be an FSM"),
    ("by-output-none", lambda: relabel_by_output(None), TypeError, "fsm must be an FSM"),
    ("by-history-none", lambda: relabel_by_history(None), TypeError, "fsm must be an FSM"),
]


@pytest.mark.parametrize("call,exc,name", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input(call, exc, name, refused):
    refused(call, exc, name)


def test_whole_float_tables_are_accepted():
    m = FSM((0.0,), [[0.0], [1.0]], [[0.0], [1.0]], [[1.0], [0.0]], [[1.0], [0.0]])
    assert m.S.dtype == np.int64 and m.transitions == M.transitions
