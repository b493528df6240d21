"The finite-state machine type: majority tables, contradictions, running, minimization, naming states."
import numpy as np
import pytest

from mechinterp.mips.fsm import FSM, build_fsm, minimal_fsm, minimize, relabel_by_output


def test_minimize_merges_duplicate_and_initial_states():
    S = [[3], [3], [0], [0], [1], [1], [2], [2]]; U = [[0], [1], [0], [1], [0], [1], [0], [1]]
    N = [[0], [1], [0], [2], [1], [0], [2], [0]]; O = [[0], [1], [0], [1], [1], [0], [1], [0]]
    c = minimize(FSM((3,), S, U, N, O), merge="initial")
    assert len(set(c.values())) == 2 and c[(1,)] == c[(2,)] and c[(3,)] == c[(0,)]


def test_minimal_fsm_merges_redundant_copies():
    # parity with a redundant copy of each state: 4 observed states, 2 after minimization, h0's class first
    rows = [((q,), (x,), (((q % 2) ^ x) + 2 * (x == 1),)) for q in range(4) for x in (0, 1)]
    S = np.array([r[0] for r in rows]); U = np.array([r[1] for r in rows]); N = np.array([r[2] for r in rows])
    m = minimal_fsm(FSM((0,), S, U, N, N % 2))
    assert len(m.outputs) == 2 and m.init == (0,) and m.conflicts == 0
    assert all(n == ((s[0] + x[0]) % 2,) for (s, x), n in m.transitions.items())


def test_fsm_tables_and_errors():
    g = np.random.default_rng(0)
    X = g.integers(0, 2, (30, 6, 1)); Y = np.cumsum(X[..., 0], 1) % 2
    S = np.concatenate([np.zeros((30, 1), int), Y], 1)[..., None]
    fsm = build_fsm(S, X, Y, kind="boolean", state_names=["b0"])
    assert fsm.conflicts == 0 and fsm.outputs == {(0,): (0,), (1,): (1,)}
    assert fsm.transitions[((1,), (1,))] == (0,) and fsm.S.shape == (180, 1) and fsm.Y.shape == (180, 1)
    np.testing.assert_array_equal(fsm.run(X).numpy(), Y)
    Y2 = Y.copy(); Y2[0, 0] = 1 - Y2[0, 0]
    assert build_fsm(S, X, Y2).conflicts == 1
    with pytest.raises(KeyError, match="never observed"): FSM((5,), *[np.zeros((0, 1))] * 4).run(X[:1])
    with pytest.raises(ValueError, match="same number of rows"): FSM((0,), [[0]], [[0], [1]], [[0]], [[0]])
    with pytest.raises(ValueError, match="state width"): FSM((0, 0), [[0]], [[0]], [[0]], [[0]])


def test_table_and_consistent_rows():
    S = [[0], [0], [0], [1]]; U = [[1], [1], [1], [0]]; N = [[1], [1], [2], [1]]; Y = [[1], [1], [0], [1]]
    fsm = FSM((0,), S, U, N, Y)
    assert fsm.contradictions() == [("next", (0,), (1,))]
    t = fsm.table()
    assert len(t.S) == 2 and t.conflicts == 0 and t.transitions[((0,), (1,))] == (1,)
    c = fsm.consistent()
    assert len(c.S) == 3 and c.conflicts == 0


def test_vector_outputs_run_shape():
    fsm = FSM((0,), [[0], [1]], [[0], [0]], [[1], [0]], [[3, 4], [5, 6]])
    out = fsm.run(np.zeros((2, 3, 1), int))
    assert out.shape == (2, 3, 2) and out[0].tolist() == [[3, 4], [5, 6], [3, 4]]


def test_relabel_by_output_names_a_counter():
    rng = np.random.default_rng(0)
    X = rng.integers(0, 5, (50, 10, 1)); Y = np.cumsum(X[..., 0], 1) % 5
    ids = (Y * 7 + 3) % 11
    rl = relabel_by_output(build_fsm(np.concatenate([np.full((50, 1), 4), ids], 1), X, Y))
    assert rl.init == (0,) and len(rl.transitions) == 25
    assert all(n == ((s[0] + x[0]) % 5,) for (s, x), n in rl.transitions.items())
