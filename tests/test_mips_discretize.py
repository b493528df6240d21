"Known-answer and property tests for the lattice finders, the Boolean autoencoder and RNN -> FSM discretization."
import itertools

import numpy as np
import pytest
import torch
from hypothesis import example, given, settings, strategies as st

from mechinterp.mips.rnn import RNN
from mechinterp.mips.tasks import get_task
from mechinterp.mips.discretize import (
    FSM, boolean_autoencoder, build_fsm, check_fsm, cluster_states, discretize, find_lattice, gcd_basis,
    hidden_with_h0, linear_lattice, minimize_states, real_gcd, simplify_basis)

torch.set_num_threads(1)  # tiny models: thread start-up dominates on a shared 2-core box


# ---------------------------------------------------------------------------------------------------------------
# lattices

def planted_lattice(D, seed, noise):
    "A sparse random subset of a box of Z^D under a random well-conditioned affine map into R^n (n >= D)."
    g = np.random.default_rng(seed)
    side = {1: 30, 2: 10, 3: 6, 4: 5}[D]
    m = {1: 12, 2: 40, 3: 60, 4: 100}[D]
    grid = np.array(list(itertools.product(range(side), repeat=D)))
    K = grid[g.choice(len(grid), m, replace=False)]
    n = D + int(g.integers(0, 3))
    A = np.linalg.qr(g.normal(size=(n, n)))[0][:, :D] @ np.diag(g.uniform(0.5, 2, D)) @ np.linalg.qr(g.normal(size=(D, D)))[0]
    b = g.normal(size=n)
    return K, A, b, K @ A.T + b + noise * g.normal(size=(m, n))


@pytest.mark.parametrize("D", [1, 2, 3, 4])
@given(seed=st.integers(0, 10_000), noise=st.sampled_from([0.0, 1e-4, 1e-3]))
@example(seed=2740, noise=0.0)   # D=1: one point 11 steps from the rest once set the noise floor at 3.3 steps
@settings(deadline=None, max_examples=25)
def test_gcd_lattice_finder_recovers_planted_lattice(D, seed, noise):
    K_true, A_true, b_true, P = planted_lattice(D, seed, noise)
    lat = find_lattice(P, D=D, seed=seed)
    assert lat.K.dtype == np.int64 and lat.K.shape == K_true.shape
    # reconstruction error at the noise level
    assert lat.residual < 1e-9 + 8 * noise
    # same cell volume: |det A| equals the true one (basis unique up to a unimodular change)
    vol_true = np.sqrt(np.linalg.det(A_true.T @ A_true))
    assert lat.volume == pytest.approx(vol_true, rel=1e-2)
    # and the integers are the true ones up to a unimodular map and a shift: K_true = K M + c, M integer, |det M| = 1
    Z = np.concatenate([lat.K, np.ones((len(lat.K), 1))], 1)
    sol = np.linalg.lstsq(Z, K_true, rcond=None)[0]
    M = sol[:-1]
    np.testing.assert_allclose(M, np.rint(M), atol=1e-6)
    assert abs(round(np.linalg.det(np.rint(M)))) == 1


def test_lattice_auto_dimension_and_thesis_example():
    lat = find_lattice(np.array([1.7, 3.2, 6.2, 7.7]))
    assert lat.A[0, 0] == pytest.approx(1.5) and lat.K.ravel().tolist() == [0, 1, 3, 4] and lat.b[0] == pytest.approx(0.2 + 1.5)
    K, A, b, P = planted_lattice(2, 3, 1e-4)
    assert find_lattice(P).D == 2  # D read off the singular values
    with pytest.raises(ValueError, match="coincide"): find_lattice(np.ones((5, 3)))


def test_real_gcd_and_simplification():
    g, M = real_gcd(55.0, 45.0, 1e-9)
    assert abs(g) == pytest.approx(5.0) and abs(round(np.linalg.det(M))) == 1
    Q = simplify_basis(np.array([[3.0, 4.0], [5.0, 7.0]]))  # Figure 4.6: a long basis of Z^2 -> the unit vectors
    np.testing.assert_allclose(np.sort(np.abs(Q.ravel())), [0, 0, 1, 1])


def test_linear_lattice_finder_on_planted_sum_last2():
    "A hand-built linear RNN with h_t = B (x_t, x_{t-1}): the linear lattice finder reads B off W and V."
    g = np.random.default_rng(0)
    B = np.linalg.qr(g.normal(size=(2, 2)))[0] @ np.diag([0.03, 0.05])
    S = np.array([[0.0, 0.0], [1.0, 0.0]])  # (x_t, x_{t-1}) <- (x_{t-1}, x_{t-2})
    rnn = RNN(1, 2, 1, 1, 1, 1).double()
    with torch.no_grad():
        rnn.f[0].weight[:, :2] = torch.tensor(B @ S @ np.linalg.inv(B))
        rnn.f[0].weight[:, 2:] = torch.tensor(B[:, :1])
        rnn.f[0].bias.zero_()
        rnn.g[0].weight[:] = torch.tensor(np.ones((1, 2)) @ np.linalg.inv(B)); rnn.g[0].bias.zero_()
    task = get_task("Sum_Last2")
    X, Y = task.sample(200, 0)
    H = hidden_with_h0(rnn, X).reshape(-1, 2)
    lat = linear_lattice(rnn, H, T=10, anchor=np.zeros(2))
    assert lat.residual < 1e-9
    assert lat.volume == pytest.approx(abs(np.linalg.det(B)))
    assert sorted(lat.info["powers"]) == [(0, 0), (1, 0)]
    # the integers are the last two inputs
    K = lat.K.reshape(200, 11, 2)
    cols = {tuple(np.abs(K[:, 1:, j]).ravel()[:50]) for j in range(2)}
    assert tuple(X[:, :, 0].numpy().ravel()[:50]) in cols
    fsm = discretize(rnn, task, n_samples=300)
    assert fsm.kind == "integer" and fsm.conflicts == 0 and fsm.initial == (0, 0)
    chk = check_fsm(fsm, rnn, task, n=100)
    assert chk.agree_rnn == 1.0 and chk.agree_task == 1.0


def drifting_rnn(n, bias, g_bias=0.0):
    "Hand-built affine RNN: h' = S h + e_1 x + bias (S the shift, or 1 for n = 1), y = sum(h) + g_bias rounded."
    rnn = RNN(1, n, 1, 1, 1, 1).double()
    W = np.eye(n, k=-1) if n > 1 else np.eye(1)
    with torch.no_grad():
        rnn.f[0].weight[:, :n] = torch.tensor(W); rnn.f[0].weight[:, n:] = 0.0; rnn.f[0].weight[0, n] = 1.0
        rnn.f[0].bias[:] = torch.tensor(bias)
        rnn.g[0].weight[:] = 1.0; rnn.g[0].bias.fill_(g_bias)
    return rnn


@pytest.mark.parametrize("name,n,bias,g_bias", [
    ("Sum_All", 1, [0.07], -0.35),             # W = 1: the offset grows by 0.07 per step, up to 0.7 > 1/2 of a cell
    ("Sum_Last3", 3, [0.3, -0.45, 0.2], 0.0),  # nilpotent W: a bias transient over the first 3 steps
])
def test_discretize_removes_bias_drift(name, n, bias, g_bias):
    "Known answer: h_t = (integer state) + o_t with a time-varying offset o_t that rounding alone gets wrong; drift"
    "removal must recover the integer state exactly (the running sum, or the last n inputs) and a faithful machine."
    task = get_task(name); rnn = drifting_rnn(n, bias, g_bias)
    X, Y = task.sample(300, seed=0)
    assert torch.equal(rnn.predict(X), Y)  # the planted network solves the task despite its drift
    o = np.zeros((task.length + 1, n))
    for t in range(1, task.length + 1): o[t] = (np.eye(n, k=-1) if n > 1 else np.eye(1)) @ o[t - 1] + bias
    H = hidden_with_h0(rnn, X)
    assert np.ptp(o[1:], 0).max() > 0.3  # the offset really changes with time
    fsm = discretize(rnn, task, n_samples=300)
    assert fsm.kind == "integer" and fsm.conflicts == 0 and fsm.initial == (0,) * n
    np.testing.assert_allclose(fsm.encoder.info["drift"], o, atol=1e-6)
    K = fsm.encoder.encode((H - o).reshape(-1, n)).reshape(300, -1, fsm.k)
    x = X[..., 0].numpy()
    truth = np.cumsum(x, 1) if n == 1 else x  # the running sum, or x_t in one coordinate
    assert any(np.array_equal(np.abs(K[:, 1:, j]), truth) for j in range(fsm.k))
    chk = check_fsm(fsm, rnn, task, n=200, seed=7)
    assert chk.agree_rnn == 1.0 and chk.agree_task == 1.0


def test_discretize_keeps_integer_bias_and_removes_only_drift():
    "Known answer: Newton_Gravity as h = (p, v), v' = v + x - 1, p' = p + v', plus a drift of -0.06 per step in p."
    "The -1 (gravity) is an integer multiple of the input column and must stay in the machine; only -0.06 is drift."
    task = get_task("Newton_Gravity")
    rnn = RNN(1, 2, 1, 1, 1, 1).double()
    with torch.no_grad():
        rnn.f[0].weight[:] = torch.tensor([[1.0, 1.0, 1.0], [0.0, 1.0, 1.0]], dtype=torch.float64)
        rnn.f[0].bias[:] = torch.tensor([-1.06, -1.0], dtype=torch.float64)
        rnn.g[0].weight[:] = torch.tensor([[1.0, 0.0]], dtype=torch.float64); rnn.g[0].bias.fill_(0.3)
    X, Y = task.sample(300, seed=0)
    assert torch.equal(rnn.predict(X), Y)
    fsm = discretize(rnn, task, n_samples=300)
    assert fsm.kind == "integer" and fsm.conflicts == 0
    o = np.array(fsm.encoder.info["drift"])
    np.testing.assert_allclose(o[:, 0], -0.06 * np.arange(task.length + 1), atol=1e-9)  # the drift alone
    np.testing.assert_allclose(o[:, 1], 0.0, atol=1e-12)
    chk = check_fsm(fsm, rnn, task, n=200, seed=7)
    assert chk.agree_rnn == 1.0 and chk.agree_task == 1.0


def test_linear_lattice_gcd_of_generators_for_rotation_like_w():
    "Known answer: W = [[1, -1], [1, 1]] (rotate 45 degrees, scale sqrt 2), V = e1: the states are all of Z^2, but any two"
    "of the long generators W^s e1 span a sublattice of large index; the GCD of all generators gives a unit cell."
    rnn = RNN(1, 2, 1, 1, 1, 1).double()
    with torch.no_grad():
        rnn.f[0].weight[:] = torch.tensor([[1.0, -1.0, 1.0], [1.0, 1.0, 0.0]], dtype=torch.float64)
        rnn.f[0].bias.zero_()
    X = torch.randint(-3, 4, (300, 8, 1))
    P = hidden_with_h0(rnn, X).reshape(-1, 2)
    lat = linear_lattice(rnn, P, T=8, anchor=np.zeros(2))
    assert lat.info["powers"] == "gcd of all W^s V columns"
    assert lat.volume == pytest.approx(1.0, abs=1e-9) and lat.residual < 1e-9
    assert lat.coord_error(P) < 1e-9


# ---------------------------------------------------------------------------------------------------------------
# Boolean autoencoder and FSMs

def planted_adder(n_seq=200, T=8, seed=0, noise=0.02):
    g = np.random.default_rng(seed)
    X = g.integers(0, 2, (n_seq, T, 2)); S = np.zeros((n_seq, T + 1, 2), int); c = np.zeros(n_seq, int)
    for t in range(T):
        tot = X[:, t, 0] + X[:, t, 1] + c
        S[:, t + 1] = np.stack([tot // 2, tot % 2], 1); c = tot // 2
    H = S @ g.normal(size=(2, 4)) + noise * g.normal(size=(n_seq, T + 1, 4)); H[:, 0] = 0
    return X, S, H


@given(seed=st.integers(0, 10_000))
@settings(deadline=None, max_examples=10)
def test_boolean_autoencoder_finds_ripple_carry_code(seed):
    "Whatever the geometry, the shortest program is the one whose state bits are (carry, sum) in some order."
    X, S, H = planted_adder(seed=seed)
    cl = cluster_states(H.reshape(-1, 4), k=4)
    lab = cl.labels.reshape(H.shape[:2])
    code = boolean_autoencoder(cl, lab[:, :-1].ravel(), lab[:, 1:].ravel(), X.reshape(-1, 2),
                               S[:, 1:, 1].reshape(-1, 1), initial=int(lab[0, 0]))
    assert (code.b, code.n_scored, code.n_total) == (2, 3, 24)  # pruning: 24 assignments -> 3 scored
    bits = code.bits(cl.labels).reshape(*H.shape[:2], 2)
    assert any(np.array_equal(bits[..., list(p)], S) for p in itertools.permutations(range(2)))


def test_minimize_merges_duplicate_and_initial_states():
    lp = np.array([3, 3, 0, 0, 1, 1, 2, 2]); x = np.array([[0], [1], [0], [1], [0], [1], [0], [1]])
    ln = np.array([0, 1, 0, 2, 1, 0, 2, 0]); o = np.array([[0], [1], [0], [1], [1], [0], [1], [0]])
    m = minimize_states(lp, x, ln, o, initial=3, k=4)
    assert len(set(m.tolist())) == 2 and m[1] == m[2] and m[3] == m[0]


def test_fsm_tables_and_errors():
    g = np.random.default_rng(0)
    X = g.integers(0, 2, (30, 6, 1)); Y = np.cumsum(X[..., 0], 1) % 2
    S = np.concatenate([np.zeros((30, 1), int), Y], 1)[..., None]
    fsm = build_fsm(S, X, Y, "boolean", ["b0"])
    assert fsm.conflicts == 0 and fsm.outputs == {(0,): 0, (1,): 1}
    assert fsm.transitions[((1,), (1,))] == (0,) and fsm.rows_state.shape == (180, 1) and fsm.rows_output.shape == (180, 1)
    np.testing.assert_array_equal(fsm.run(X).numpy(), Y)
    bad = build_fsm(S, X, 1 - Y, "boolean", ["b0"])  # output contradicts the state at one point -> counted
    Y2 = Y.copy(); Y2[0, 0] = 1 - Y2[0, 0]
    assert build_fsm(S, X, Y2, "boolean", ["b0"]).conflicts == 1
    with pytest.raises(KeyError, match="never observed"): FSM("boolean", ["b0"], (5,), {}, {}, *[np.zeros((0, 1))] * 4).run(X[:1])
    with pytest.raises(ValueError, match="kind"): discretize(None, None, kind="bits")


def parity_rnn():
    "A hand-built ReLU RNN for Parity_All: h' = relu(h - x) + relu(x - h) = |h - x|, y = h."
    rnn = RNN(1, 1, 2, 2, 1, 1).double()
    with torch.no_grad():
        rnn.f[0].weight[:] = torch.tensor([[1.0, -1.0], [-1.0, 1.0]]); rnn.f[0].bias.zero_()
        rnn.f[2].weight[:] = torch.tensor([[1.0, 1.0]]); rnn.f[2].bias.zero_()
        rnn.g[0].weight[:] = 1.0; rnn.g[0].bias.zero_()
    return rnn


def test_discretize_boolean_end_to_end():
    task = get_task("Parity_All"); rnn = parity_rnn()
    fsm = discretize(rnn, task, n_samples=200)
    assert fsm.kind == "boolean" and fsm.k == 1 and fsm.conflicts == 0 and fsm.initial == (0,)
    assert fsm.transitions == {((0,), (0,)): (0,), ((0,), (1,)): (1,), ((1,), (0,)): (1,), ((1,), (1,)): (0,)}
    chk = check_fsm(fsm, rnn, task, n=100)
    assert chk.agree_rnn == 1.0 and chk.agree_task == 1.0 and chk.fallback_steps == 0


# ---------------------------------------------------------------------------------------------------------------
# integration: the architecture search's shipped networks

@pytest.mark.parametrize("name,kind,k,normalized", [
    ("Binary_Addition", "boolean", 2, False),
    ("Parity_Last3", "boolean", 3, False),   # needs refine_clusters: two elongated clusters nearly touch
    ("Sum_Last2", "integer", 2, True),
    ("Sum_Last5", "integer", 5, True),     # keeps a bias outside W's nullspace: needs drift removal
])
def test_shipped_networks_discretize_faithfully(name, kind, k, normalized):
    from mechinterp.mips.rnn import load_shipped, shipped_tasks
    from mechinterp.mips.normalize import normalize
    if name not in shipped_tasks(): pytest.skip(f"{name} is not shipped")
    task, rnn = get_task(name), load_shipped(name)
    if normalized: rnn = normalize(rnn, task.sample(500, seed=0)[0]).rnn
    fsm = discretize(rnn, task, n_samples=500, seed=0)
    assert (fsm.kind, fsm.k, fsm.conflicts) == (kind, k, 0)
    chk = check_fsm(fsm, rnn, task, n=200, seed=99)
    assert chk.agree_rnn == 1.0 and chk.agree_task == 1.0


def test_refine_clusters_splits_merged_states():
    "Known answer: start from the adder's true states with (carry 0, sum 1) and (carry 1, sum 0) merged into one label;"
    "the dynamics contradict that label, and refine_clusters must split it back into the two true states."
    from mechinterp.mips.discretize import refine_clusters
    X, S, H = planted_adder(seed=3)
    B, T1 = S.shape[:2]
    true = (S[..., 0] * 2 + S[..., 1]).ravel()
    merged = np.where(true == 2, 1, true)  # states 01 and 10 share one label
    xin = (X[..., 0] * 2 + X[..., 1]).ravel(); yout = S[:, 1:, 1].ravel()
    lab = refine_clusters(H.reshape(-1, 4), merged, T1, xin, yout)
    pairs = set(zip(lab.tolist(), true.tolist()))
    assert len(pairs) == 4 and len({p[0] for p in pairs}) == 4  # a bijection between labels and true states
