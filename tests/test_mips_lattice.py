"Known-answer and property tests for the integer autoencoder: the GCD and linear lattice finders."
import itertools

import numpy as np
import pytest
import torch
from hypothesis import example, given, settings, strategies as st

from mechinterp.mips.discretize import hidden_with_h0
from mechinterp.mips.lattice import find_lattice, linear_lattice, real_gcd, simplify_basis
from mechinterp.mips.rnn import RNN
from mechinterp.mips.tasks import get_task

torch.set_num_threads(1)  # tiny models: thread start-up dominates on a small CPU


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


def planted_sum_last2_rnn(seed=0):
    "A hand-built linear RNN with h_t = B (x_t, x_{t-1}) and y = x_t + x_{t-1}: (network, B)."
    g = np.random.default_rng(seed)
    B = np.linalg.qr(g.normal(size=(2, 2)))[0] @ np.diag([0.03, 0.05])
    S = np.array([[0.0, 0.0], [1.0, 0.0]])  # (x_t, x_{t-1}) <- (x_{t-1}, x_{t-2})
    rnn = RNN(1, 2, 1, 1, 1, 1).double()
    with torch.no_grad():
        rnn.f[0].weight[:, :2] = torch.tensor(B @ S @ np.linalg.inv(B))
        rnn.f[0].weight[:, 2:] = torch.tensor(B[:, :1])
        rnn.f[0].bias.zero_()
        rnn.g[0].weight[:] = torch.tensor(np.ones((1, 2)) @ np.linalg.inv(B)); rnn.g[0].bias.zero_()
    return rnn, B


def test_linear_lattice_finder_on_planted_sum_last2():
    "The linear lattice finder reads B off W and V."
    rnn, B = planted_sum_last2_rnn()
    task = get_task("Sum_Last2")
    X, Y = task.sample(200, seed=0)
    H = hidden_with_h0(rnn, X).reshape(-1, 2)
    lat = linear_lattice(rnn, H, T=10, anchor=np.zeros(2))
    assert lat.residual < 1e-9
    assert lat.volume == pytest.approx(abs(np.linalg.det(B)))
    assert sorted(lat.info["powers"]) == [(0, 0), (1, 0)]
    # the integers are the last two inputs
    K = lat.K.reshape(200, 11, 2)
    cols = {tuple(np.abs(K[:, 1:, j]).ravel()[:50]) for j in range(2)}
    assert tuple(X[:, :, 0].numpy().ravel()[:50]) in cols


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


def visited_lattice(D, seed, n_points=300, rel_noise=1e-3):
    """A few lattice points visited many times (hidden states of an RNN): ~10 sites of Z^D (0 and the unit vectors among
    them, so their differences generate Z^D), `n_points` noisy visits, noise `rel_noise` of the shortest step."""
    g = np.random.default_rng(seed)
    side = {1: 30, 2: 8, 3: 5}[D]
    grid = np.array(list(itertools.product(range(side), repeat=D)))
    extra = grid[g.choice(len(grid), {1: 8, 2: 10, 3: 12}[D], replace=False)]
    sites = np.unique(np.concatenate([np.zeros((1, D), int), np.eye(D, dtype=int), extra]), axis=0)
    K = sites[g.integers(len(sites), size=n_points)]
    n = D + int(g.integers(0, 3))
    A = np.linalg.qr(g.normal(size=(n, n)))[0][:, :D] @ np.diag(g.uniform(0.5, 2, D)) @ np.linalg.qr(g.normal(size=(D, D)))[0]
    step = np.linalg.svd(A, compute_uv=False).min()
    return K, A, K @ A.T + g.normal(size=n) + rel_noise * step / np.sqrt(n) * g.normal(size=(n_points, n))


@pytest.mark.parametrize("D", [1, 2, 3])
@given(seed=st.integers(0, 10_000))
@settings(deadline=None, max_examples=15)
def test_gcd_lattice_finder_on_few_sites_visited_many_times(D, seed):
    # every nearest neighbour is a repeat of the same site, so the step must come from the gap between noise and steps
    K_true, A_true, P = visited_lattice(D, seed)
    lat = find_lattice(P, D=D, seed=seed)
    assert lat.volume == pytest.approx(np.sqrt(np.linalg.det(A_true.T @ A_true)), rel=1e-2)
    Z = np.concatenate([lat.K, np.ones((len(lat.K), 1))], 1)
    M = np.linalg.lstsq(Z, K_true, rcond=None)[0][:-1]
    np.testing.assert_allclose(M, np.rint(M), atol=1e-6)
    assert abs(round(np.linalg.det(np.rint(M)))) == 1


def test_sparse_noisy_1d_lattice_gives_the_true_step():
    # a few hundred points on ten values, noise 1/1000 of the step: the step, not a noise-level one (K up to 10^4 and more)
    g = np.random.default_rng(0)
    k = g.choice(g.choice(np.arange(-20, 20), 10, replace=False), 300)
    P = 0.3 + 1.98 * k + g.normal(0, 1.98e-3, 300)
    lat = find_lattice(P)
    assert lat.A[0, 0] == pytest.approx(1.98, rel=1e-3) and lat.K.max() <= 40
