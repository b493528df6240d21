"Known-answer, property and error tests for mechinterp.irreducibility (fast; the notebook has the worked examples)."
import math

import pytest
import torch
from hypothesis import given, settings, strategies as st

from mechinterp.irreducibility import (HistogramMI, KSGMI, is_reducible, mixture_index, mixture_index_gradient,
                                       separability_index, toy_distribution)


@pytest.fixture(autouse=True, scope="module")
def _one_thread():
    "These tests are small: one thread avoids oversubscription on shared runners (restored afterwards)."
    n = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(n)


def _slab_fraction(u: torch.Tensor, cs: torch.Tensor, eps: float) -> torch.Tensor:
    "Fraction of points in |u + c| < eps·RMS(u + c), for each offset c (straight from Definition 2.3.3)."
    w = u[:, None] + cs
    return (w.abs() < eps * w.pow(2).mean(0).sqrt()).double().mean(0)


def brute_mixture(x: torch.Tensor, eps: float = 0.1, n_theta: int = 540, n_c: int = 400, top: int = 12) -> float:
    "Brute force: a grid of angles × offsets, then a finer grid around the best `top` cells."
    x = x.double()
    dirs = lambda t: torch.stack([torch.cos(t), torch.sin(t)])
    th = torch.arange(n_theta, dtype=torch.float64) * math.pi / n_theta
    lo, hi = float((x @ dirs(th)).min()), float((x @ dirs(th)).max())
    cs = torch.linspace(-hi, -lo, n_c, dtype=torch.float64)
    grid = torch.stack([_slab_fraction(x @ dirs(t), cs, eps) for t in th])          # n_theta × n_c
    best = float(grid.max())
    dt, dc = math.pi / n_theta, float(cs[1] - cs[0])
    for flat in grid.flatten().argsort(descending=True)[:top].tolist():
        t0, c0 = float(th[flat // n_c]), float(cs[flat % n_c])
        for t in t0 + dt * torch.linspace(-2, 2, 41, dtype=torch.float64):
            fine = c0 + dc * torch.linspace(-2, 2, 41, dtype=torch.float64)
            best = max(best, float(_slab_fraction(x @ dirs(t), fine, eps).max()))
    return best


@pytest.mark.parametrize("name,seed", [("lattice", 0), ("blob_lines", 1), ("gaussian", 2)])
def test_exact_2d_matches_brute_force(name, seed):
    x = toy_distribution(name, n=400, seed=seed)
    fast = mixture_index(x)
    cert = mixture_index(x, certify=True)
    brute = brute_mixture(x)
    assert abs(fast.value - brute) <= 0.005 or fast.value > brute
    assert cert.certified and cert.value >= brute - 1e-12          # the certified optimum is never below a grid search
    assert cert.value - brute <= 0.005                               # ... and a fine grid gets within 0.5 pp of it
    assert cert.upper_bound == pytest.approx(cert.value)


def test_gradient_baseline_never_beats_certified_optimum():
    x = toy_distribution("circle", n=1000, seed=4)
    cert = mixture_index(x, certify=True)
    base = mixture_index_gradient(x, n_iter=500)
    assert cert.certified and base.value <= cert.value + 1e-12


@settings(deadline=None, max_examples=8)
@given(scale=st.floats(1e-3, 1e3), shift=st.floats(-1e3, 1e3), seed=st.integers(0, 100))
def test_mixture_scale_translation_invariant(scale, shift, seed):
    x = toy_distribution("blob_lines", n=800, seed=seed).double()
    a, b = mixture_index(x), mixture_index(x * scale + shift)
    assert abs(a.value - b.value) <= 2 / 800


@settings(deadline=None, max_examples=5)
@given(scale=st.floats(1e-3, 1e3), shift=st.floats(-1e3, 1e3))
def test_separability_scale_translation_invariant(scale, shift):
    x = toy_distribution("lattice", n=1500).double()
    assert separability_index(x * scale + shift, n_angles=45).value == pytest.approx(
        separability_index(x, n_angles=45).value, abs=1e-6)


def test_mixture_3d_finds_planted_plane():
    g = torch.Generator().manual_seed(0)
    n = 1500
    plane = torch.randn(n, 3, generator=g) * torch.tensor([1.0, 1.0, 0.0]) + torch.tensor([0.0, 0.0, 1.5])
    blob = torch.randn(n, 3, generator=g)
    on = torch.rand(n, 1, generator=g) < 0.35
    Q = torch.linalg.qr(torch.randn(3, 3, generator=g))[0]
    x = torch.where(on, plane, blob) @ Q.T
    r = mixture_index(x, eps=0.02, n_restarts=128, n_refine=4)
    assert r.method == "restarts"
    assert float(on.float().mean()) <= r.value <= float(on.float().mean()) + 0.02
    normal = Q @ torch.tensor([0.0, 0.0, 1.0])
    assert abs(float(r.v.float() @ normal)) > 0.999


def test_mixture_3d_gaussian_near_p_eps():
    x = torch.randn(4000, 3, generator=torch.Generator().manual_seed(1))
    r = mixture_index(x, n_restarts=64, n_refine=2)
    p = math.erf(0.1 / math.sqrt(2))
    assert p - 0.005 < r.value < p + 0.025


def test_separability_3d_product_vs_helix():
    g = torch.Generator().manual_seed(0)
    n = 600
    circle = torch.nn.functional.normalize(torch.randn(n, 2, generator=g), dim=1)
    Q = torch.linalg.qr(torch.randn(3, 3, generator=g))[0]
    prod = torch.cat([circle, torch.randn(n, 1, generator=g)], 1) @ Q.T   # circle × independent line, rotated
    est = KSGMI(max_points=600)
    sp = separability_index(prod, estimator=est, n_grid=8, n_sweeps=2, n_starts=1)
    sh = separability_index(toy_distribution("helix", n=n), estimator=est, n_grid=8, n_sweeps=2, n_starts=1)
    assert sp.value < 0.15 and sh.value > 1.0
    assert sp.split == (1, 2)
    R = sp.rotation.float()
    assert torch.allclose(R.T @ R, torch.eye(3), atol=1e-5)
    line_dir = Q[:, 2]                                               # the independent axis is recovered
    assert abs(float(R[:, 0] @ line_dir)) > 0.95


def test_torus_is_irreducible():
    x = toy_distribution("torus", n=1500)
    s = separability_index(x, estimator=KSGMI(max_points=500), n_grid=6, n_sweeps=1, n_starts=1)
    assert s.value > 0.3


def test_whiten_option_and_estimator_choice():
    x = toy_distribution("gaussian", n=2000)
    assert separability_index(x, standardize="whiten", n_angles=30).value < 0.05
    with pytest.raises(ValueError, match="standardize"):
        separability_index(x, standardize="zscore")
    with pytest.raises(ValueError, match="estimator"):
        separability_index(x, estimator="kde")
    custom = separability_index(x, estimator=HistogramMI(bins=10, miller_madow=False), n_angles=20)
    assert custom.estimator == "hist" and custom.value >= 0


@pytest.mark.parametrize("bad,msg", [
    (torch.tensor([[0.0, float("nan")], [1, 2], [3, 4], [5, 6]]), "NaN"),
    (torch.tensor([[0.0, float("inf")], [1, 2], [3, 4], [5, 6]]), "NaN/inf"),
    (torch.randn(3, 3), r"N >= d \+ 1"),
    (torch.zeros(5, 0), "d = 0"),
    (torch.full((20, 2), 3.0), "constant"),
    (torch.randn(20, 1) * torch.tensor([[1.0, -1.0]]), "rank-deficient"),
])
def test_bad_input(bad, msg):
    with pytest.raises(ValueError, match=msg):
        mixture_index(bad)


def test_bad_input_separability_and_verdict():
    with pytest.raises(ValueError, match="constant"):
        separability_index(torch.ones(30, 2))
    with pytest.raises(ValueError, match="NaN"):
        is_reducible(torch.tensor([[float("nan"), 0.0]] * 5))
    with pytest.raises(ValueError, match="eps must be in"):
        mixture_index(torch.randn(10, 2), eps=0.0)
