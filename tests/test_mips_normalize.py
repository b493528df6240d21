"Property and known-answer tests for the MIPS normalizers and the approximate Jordan normal form."
import numpy as np
import pytest
import torch
from hypothesis import given, settings, strategies as st, HealthCheck

from mechinterp.mips.rnn import RNN
from mechinterp.mips.normalize import (
    collect_hidden, debias, hidden_size, jordan_normal_form, jordan_normalize, linearized_f, normalize, quantize,
    toeplitz_normalize, transform_hidden, whiten)

torch.set_num_threads(1)  # tiny float64 matmuls: thread start-up dominates on a shared 2-core box
SETTINGS = dict(deadline=None, max_examples=30, suppress_health_check=[HealthCheck.too_slow])


def random_rnn(seed, n, d_f, d_g, n_inputs=1, w=6):
    torch.manual_seed(seed)
    return RNN(n_inputs, n, w, d_f, w, d_g).double()


def inputs(seed, n_inputs=1, B=32, T=8, high=3):
    g = torch.Generator().manual_seed(seed)
    return torch.randint(0, high + 1, (B, T, n_inputs), generator=g)


def out_change(a, b, X):
    with torch.no_grad(): return float((a(X) - b(X)).abs().max())


rnn_args = dict(seed=st.integers(0, 10_000), n=st.integers(1, 5), d_f=st.sampled_from([1, 2]),
                d_g=st.sampled_from([1, 2]), n_inputs=st.sampled_from([1, 2]))


@given(**rnn_args)
@settings(**SETTINGS)
def test_exact_normalizers_keep_outputs(seed, n, d_f, d_g, n_inputs):
    "Whitening, Jordan and Toeplitz are changes of hidden basis: outputs move by < 1e-5 for linear and ReLU f."
    rnn, X = random_rnn(seed, n, d_f, d_g, n_inputs), inputs(seed, n_inputs)
    r1, rec1 = whiten(rnn, X)
    assert out_change(rnn, r1, X) < 1e-5
    r2, rec2 = jordan_normalize(r1)
    assert out_change(rnn, r2, X) < 1e-5
    r3, _ = toeplitz_normalize(r2, rec2.info["form"].blocks if rec2.applied else None)
    assert out_change(rnn, r3, X) < 1e-5
    if rec2.applied and d_f == 1:  # after the JNF step the linear hidden map is the Jordan form up to its residual
        W = linearized_f(r2)[0]  # (Toeplitz commutes with J exactly, but scales that residual by its conditioning)
        assert np.abs(W - rec2.info["form"].J).max() <= rec2.info["residual"] + 1e-6 <= 0.05 + 1e-6


@given(**rnn_args, r=st.integers(1, 2))
@settings(**SETTINGS)
def test_debias_exact_on_exact_nullspace(seed, n, d_f, d_g, n_inputs, r):
    "De-bias removes the bias along an exact nullspace of W and compensates in g: outputs move by < 1e-5."
    r = min(r, n)
    rnn = random_rnn(seed, n, d_f, d_g, n_inputs)
    g = np.random.default_rng(seed)
    U = np.linalg.qr(g.normal(size=(rnn.f[0].out_features, rnn.f[0].out_features)))[0][:, :n]
    V = np.linalg.qr(g.normal(size=(n, n)))[0]
    s = np.concatenate([g.uniform(0.3, 1.5, n - r), np.zeros(r)])
    with torch.no_grad():
        rnn.f[0].weight[:, :n] = torch.tensor((U * s) @ V.T)
        rnn.f[-1].bias += torch.tensor(g.normal(size=n))
    X = inputs(seed, n_inputs)
    new, rec = debias(rnn)
    assert rec.applied
    assert out_change(rnn, new, X) < 1e-5
    N = V[:, n - r:]
    b = new.f[-1].bias.detach().numpy()
    assert np.abs(N.T @ b).max() < 1e-9  # no bias left along the nullspace


@given(**rnn_args)
@settings(**SETTINGS)
def test_quantize_exact_on_near_integer_weights(seed, n, d_f, d_g, n_inputs):
    "Weights within 1e-9 of an integer are snapped (and only those, when the rest are >= 0.05 away): outputs < 1e-5."
    rnn = random_rnn(seed, n, d_f, d_g, n_inputs)
    g = torch.Generator().manual_seed(seed)
    planted = 0
    with torch.no_grad():
        for p in rnn.parameters():
            frac = p - p.round()
            p.copy_(torch.where(frac.abs() < 0.05, p.round() + 0.05 * torch.sign(frac + 1e-12), p))  # keep away
            mask = torch.rand(p.shape, generator=g) < 0.5
            p.copy_(torch.where(mask, torch.randint(-1, 2, p.shape, generator=g).double()
                                + 1e-9 * torch.randn(p.shape, generator=g, dtype=torch.float64), p))
            planted += int(mask.sum())
    X = inputs(seed, n_inputs)
    new, rec = quantize(rnn)
    assert rec.info["snapped"] == planted
    with torch.no_grad(): scale = 1 + float(rnn(X).abs().max())  # integer weights can make outputs large
    assert out_change(rnn, new, X) < 1e-5 * scale


@given(**rnn_args)
@settings(deadline=None, max_examples=8)
def test_normalize_pipeline_keeps_predictions(seed, n, d_f, d_g, n_inputs):
    rnn, X = random_rnn(seed, n, d_f, d_g, n_inputs), inputs(seed, n_inputs)
    res = normalize(rnn, X)
    assert [s.name for s in res.steps] == ["whiten", "jordan", "toeplitz", "debias", "quantize"]
    with torch.no_grad(): assert torch.equal(res.rnn(X).round(), rnn(X).round())
    for s in res.steps[:3]:
        assert s.max_output_change is None or s.max_output_change < 1e-5


# ---------------------------------------------------------------------------------------------------------------
# Jordan normal form on planted structures

def real_jordan(blocks):
    "Real Jordan matrix from (eigenvalue, chain length) pairs; complex eigenvalues give rotation blocks."
    n = sum(2 * k if np.iscomplex(lam) else k for lam, k in blocks)
    J = np.zeros((n, n)); s = 0
    for lam, k in blocks:
        if np.iscomplex(lam):
            a, b = lam.real, lam.imag
            for j in range(k):
                J[s + 2 * j:s + 2 * j + 2, s + 2 * j:s + 2 * j + 2] = [[a, -b], [b, a]]
                if j: J[s + 2 * j - 2:s + 2 * j, s + 2 * j:s + 2 * j + 2] = np.eye(2)
            s += 2 * k
        else:
            for j in range(k):
                J[s + j, s + j] = lam
                if j: J[s + j - 1, s + j] = 1
            s += k
    return J


STRUCTURES = [
    [(0.0, 4)],                                   # nilpotent shift, one chain of 4
    [(0.0, 2), (0.0, 1)],                         # nilpotent, chains 2 + 1
    [(1.0, 3), (1.0, 1), (-1.0, 2)],              # repeated eigenvalues with chains
    [(0.5, 1), (0.5, 1), (0.5, 1)],               # repeated eigenvalue, diagonalizable
    [(0.3 + 0.8j, 1), (1.0, 1)],                  # rotation + real
    [(0.3 + 0.8j, 2), (-1.0, 1)],                 # complex pair with a chain of 2
    [(0.0, 1), (1.0, 2), (0.6j + 0.0, 1)],        # pure imaginary pair
    [(2.0, 1), (0.0, 3), (-1.5 + 0.5j, 1)],
]


def canon(blocks):
    return sorted((round(complex(lam).real, 1), round(abs(complex(lam).imag), 1), k) for lam, k in blocks)


@pytest.mark.parametrize("structure", STRUCTURES)
@given(seed=st.integers(0, 10_000), noise=st.sampled_from([0.0, 1e-6, 1e-5]))
@settings(deadline=None, max_examples=25)
def test_jnf_recovers_planted_structure(structure, seed, noise):
    """A J A⁻¹ + noise for a known real Jordan form J and a random well-conditioned A. "Noise below ε" must be read on
    the eigenvalues: a perturbation δ of a chain of length k spreads its eigenvalue over a circle of radius ~δ^(1/k),
    so δ <= 1e-5 keeps a chain of 4 within ε = 0.2 (radius ~0.06)."""
    g = np.random.default_rng(seed)
    J0 = real_jordan(structure)
    n = len(J0)
    Q1, Q2 = (np.linalg.qr(g.normal(size=(n, n)))[0] for _ in range(2))
    A = Q1 @ np.diag(g.uniform(0.7, 1.4, n)) @ Q2  # well-conditioned random basis
    W = A @ J0 @ np.linalg.inv(A) + noise * g.normal(size=(n, n))
    jf = jordan_normal_form(W, eps=0.2)
    T, J = jf
    assert T.dtype == np.float64 and J.dtype == np.float64 and np.isrealobj(T) and np.isrealobj(J)
    got = [(b.eigenvalue, b.size) for b in jf.blocks]
    assert canon(got) == canon(structure), (got, structure)
    assert np.abs(T @ J @ np.linalg.inv(T) - W).max() < 1e-6 + 100 * noise ** (1 / 4)
    assert abs(jf.error - np.abs(T @ J @ np.linalg.inv(T) - W).max()) < 1e-9


def test_jnf_threshold_example_from_thesis():
    "(0 1; δ 0) is one Jordan block below ε and two eigenvalues ±√δ above it (Appendix 4.D.2)."
    small = jordan_normal_form(np.array([[0, 1], [1e-4, 0]]), eps=0.1)
    assert [b.size for b in small.blocks] == [2]
    big = jordan_normal_form(np.array([[0, 1], [0.25, 0]]), eps=0.1)
    assert sorted(b.eigenvalue.real for b in big.blocks) == pytest.approx([-0.5, 0.5])


def test_jnf_errors():
    with pytest.raises(ValueError, match="square"): jordan_normal_form(np.zeros((2, 3)))
    with pytest.raises(ValueError, match="NaN"): jordan_normal_form(np.array([[np.nan]]))
    # a chain of eigenvalues 0, 0.08, 0.16 is not transitive at eps = 0.1
    with pytest.raises(ValueError, match="consistent group"): jordan_normal_form(np.diag([0, 0.08, 0.16]), eps=0.1)


def test_linear_shift_register_normalizes_to_shift_and_one_hot():
    "Known answer (Sum_Last-style): W = A S A⁻¹, V = A e_n c. JNF + Toeplitz give W = S and V = e_n exactly."
    n = 4; g = np.random.default_rng(0)
    A = np.linalg.qr(g.normal(size=(n, n)))[0] @ np.diag(g.uniform(0.5, 2, n))
    S = np.diag(np.ones(n - 1), 1)
    rnn = RNN(1, n, 1, 1, 1, 1).double()
    with torch.no_grad():
        rnn.f[0].weight[:, :n] = torch.tensor(A @ S @ np.linalg.inv(A))
        rnn.f[0].weight[:, n:] = torch.tensor(A @ np.eye(n)[:, -1:] * 0.37)
        rnn.f[0].bias.zero_()
    X = inputs(0, high=9)
    r1, rec = jordan_normalize(rnn)
    r2, _ = toeplitz_normalize(r1, rec.info["form"].blocks)
    W, V, _ = linearized_f(r2)
    np.testing.assert_allclose(W, S, atol=1e-9)
    np.testing.assert_allclose(V[:, 0], np.eye(n)[-1], atol=1e-9)
    assert out_change(rnn, r2, X) < 1e-9


def test_transform_hidden_errors():
    rnn = random_rnn(0, 3, 1, 1)
    with pytest.raises(ValueError, match="shape"): transform_hidden(rnn, np.eye(2))
    with pytest.raises(ValueError, match="singular"): transform_hidden(rnn, np.zeros((3, 3)))
    with pytest.raises(ValueError, match="unknown steps"): normalize(rnn, inputs(0), steps=("whiten", "bogus"))
