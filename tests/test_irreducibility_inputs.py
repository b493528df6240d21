"Bad input to mechinterp.irreducibility and its figures: each call gets the package's own error, naming the argument."
import math

import pytest
import torch

from mechinterp.irreducibility import (HistogramMI, KSGMI, is_reducible, mixture_index, mixture_index_gradient,
                                       separability_index, toy_distribution)
from mechinterp.irreducibility_plots import mixture_explorer, plot_mixture, plot_separability

NAN = float("nan")
X = toy_distribution("circle", n=300, seed=3)
X_NAN = X.clone(); X_NAN[5, 1] = NAN
X_INF = X.clone(); X_INF[0, 0] = float("inf")
A = torch.randn(2, 50, 1, generator=torch.Generator().manual_seed(0), dtype=torch.float64)

CASES = [
    # toy_distribution
    ("toy-name-none", lambda: toy_distribution(None), TypeError, "name"),
    ("toy-name-unknown", lambda: toy_distribution("spiral"), ValueError, "name='spiral'"),
    ("toy-n-zero", lambda: toy_distribution("circle", n=0), ValueError, "n must"),
    ("toy-n-negative", lambda: toy_distribution("circle", n=-3), ValueError, "n must"),
    ("toy-n-fraction", lambda: toy_distribution("circle", n=2.5), TypeError, "n must"),
    ("toy-n-none", lambda: toy_distribution("circle", n=None), TypeError, "n must"),
    ("toy-seed-negative", lambda: toy_distribution("circle", seed=-1), ValueError, "seed"),
    ("toy-noise-nan", lambda: toy_distribution("torus", noise=NAN), ValueError, "noise"),
    ("toy-noise-negative", lambda: toy_distribution("torus", noise=-1.0), ValueError, "noise"),
    ("toy-generator", lambda: toy_distribution("circle", generator=3), TypeError, "generator"),
    # mixture_index: the points
    ("mix-x-none", lambda: mixture_index(None), TypeError, "x must"),
    ("mix-x-nan", lambda: mixture_index(X_NAN), ValueError, "x contains 1 NaN"),
    ("mix-x-inf", lambda: mixture_index(X_INF), ValueError, "x contains 1 NaN/inf"),
    ("mix-x-empty", lambda: mixture_index(torch.zeros(0, 2)), ValueError, "x has N = 0"),
    ("mix-x-3d", lambda: mixture_index(torch.randn(4, 5, 2)), ValueError, "x must have"),
    ("mix-x-strings", lambda: mixture_index([["a", "b"]] * 5), TypeError, "x holds strings"),
    ("mix-x-ragged", lambda: mixture_index([[1.0, 2.0], [3.0]]), ValueError, "x is ragged"),
    ("mix-x-objects", lambda: mixture_index([[1.0, None]] * 5), TypeError, "x holds non-numbers"),
    ("mix-x-complex", lambda: mixture_index(X.to(torch.complex64)), TypeError, "x must hold real"),
    ("mix-x-constant", lambda: mixture_index(torch.ones(10, 2)), ValueError, "x is constant"),
    ("mix-x-too-few", lambda: mixture_index(torch.randn(2, 2)), ValueError, "x has N = 2"),
    ("mix-x-flat", lambda: mixture_index(torch.randn(20, 1) * torch.tensor([[1.0, 2.0]])), ValueError, "x is rank-deficient"),
    # mixture_index: the options
    ("mix-eps-zero", lambda: mixture_index(X, eps=0), ValueError, "eps"),
    ("mix-eps-one", lambda: mixture_index(X, eps=1), ValueError, "eps"),
    ("mix-eps-nan", lambda: mixture_index(X, eps=NAN), ValueError, "eps"),
    ("mix-eps-none", lambda: mixture_index(X, eps=None), TypeError, "eps"),
    ("mix-eps-string", lambda: mixture_index(X, eps="0.1"), TypeError, "eps"),
    ("mix-method-unknown", lambda: mixture_index(X, method="grid"), ValueError, "method='grid'"),
    ("mix-method-none", lambda: mixture_index(X, method=None), TypeError, "method"),
    ("mix-n-angles-zero", lambda: mixture_index(X, n_angles=0), ValueError, "n_angles"),
    ("mix-n-angles-fraction", lambda: mixture_index(X, n_angles=2.5), TypeError, "n_angles"),
    ("mix-max-evals-negative", lambda: mixture_index(X, certify=True, max_evals=-1), ValueError, "max_evals"),
    ("mix-n-restarts-none", lambda: mixture_index(torch.randn(50, 3), n_restarts=None), TypeError, "n_restarts"),
    ("mix-seed-negative", lambda: mixture_index(X, seed=-1), ValueError, "seed"),
    ("mix-device", lambda: mixture_index(X, device="tpu"), ValueError, "device='tpu'"),
    # the paper's gradient baseline
    ("grad-x-nan", lambda: mixture_index_gradient(X_NAN, n_iter=5), ValueError, "x contains"),
    ("grad-eps", lambda: mixture_index_gradient(X, eps=-0.1, n_iter=5), ValueError, "eps"),
    ("grad-n-iter-zero", lambda: mixture_index_gradient(X, n_iter=0), ValueError, "n_iter"),
    ("grad-lr-zero", lambda: mixture_index_gradient(X, n_iter=5, lr=0), ValueError, "lr"),
    ("grad-lr-nan", lambda: mixture_index_gradient(X, n_iter=5, lr=NAN), ValueError, "lr"),
    ("grad-dtype", lambda: mixture_index_gradient(X, n_iter=5, dtype=torch.int64), TypeError, "dtype"),
    ("grad-generator", lambda: mixture_index_gradient(X, n_iter=5, generator="seed"), TypeError, "generator"),
    # mutual-information estimators
    ("hist-bins-one", lambda: HistogramMI(bins=1), ValueError, "bins"),
    ("hist-bins-none", lambda: HistogramMI(bins=None), TypeError, "bins"),
    ("hist-bound-zero", lambda: HistogramMI(bound=0), ValueError, "bound"),
    ("hist-bound-nan", lambda: HistogramMI(bound=NAN), ValueError, "bound"),
    ("hist-call-2d", lambda: HistogramMI()(A[0], A[0]), ValueError, "a must have 3"),
    ("hist-call-nan", lambda: HistogramMI()(A * NAN, A), ValueError, "a contains"),
    ("hist-call-mismatch", lambda: HistogramMI()(A, A[:, :10]), ValueError, "a and b"),
    ("hist-call-none", lambda: HistogramMI()(A, None), TypeError, "b must"),
    ("ksg-neighbors-zero", lambda: KSGMI(n_neighbors=0), ValueError, "n_neighbors"),
    ("ksg-max-points", lambda: KSGMI(max_points=1), ValueError, "max_points"),
    ("ksg-jitter", lambda: KSGMI(jitter=-1.0), ValueError, "jitter"),
    ("ksg-seed", lambda: KSGMI(seed=-2), ValueError, "seed"),
    ("ksg-too-few-points", lambda: KSGMI()(A[:, :3], A[:, :3]), ValueError, "n_neighbors=3"),
    # separability_index
    ("sep-x-none", lambda: separability_index(None), TypeError, "x must"),
    ("sep-x-nan", lambda: separability_index(X_NAN), ValueError, "x contains"),
    ("sep-x-1d", lambda: separability_index(torch.randn(50, 1)), ValueError, "x has d = 1"),
    ("sep-n-angles-zero", lambda: separability_index(X, n_angles=0), ValueError, "n_angles"),
    ("sep-n-grid-zero", lambda: separability_index(X, n_grid=0), ValueError, "n_grid"),
    ("sep-n-sweeps-zero", lambda: separability_index(X, n_sweeps=0), ValueError, "n_sweeps"),
    ("sep-n-starts-zero", lambda: separability_index(X, n_starts=0), ValueError, "n_starts"),
    ("sep-batch-zero", lambda: separability_index(X, batch=0), ValueError, "batch"),
    ("sep-seed", lambda: separability_index(X, seed=-1), ValueError, "seed"),
    ("sep-estimator-unknown", lambda: separability_index(X, estimator="kde"), ValueError, "estimator='kde'"),
    ("sep-estimator-number", lambda: separability_index(X, estimator=5), TypeError, "estimator"),
    ("sep-estimator-class", lambda: separability_index(X, estimator=HistogramMI), TypeError, "estimator must be an estimator object"),
    ("sep-estimator-none", lambda: separability_index(X, estimator=None), TypeError, "estimator"),
    ("sep-standardize", lambda: separability_index(X, standardize="zscore"), ValueError, "standardize='zscore'"),
    ("sep-device", lambda: separability_index(X, device="tpu"), ValueError, "device"),
    # is_reducible
    ("red-x-none", lambda: is_reducible(None), TypeError, "x must"),
    ("red-mixture-threshold-zero", lambda: is_reducible(X, mixture_threshold=0), ValueError, "mixture_threshold"),
    ("red-mixture-threshold-nan", lambda: is_reducible(X, mixture_threshold=NAN), ValueError, "mixture_threshold"),
    ("red-mixture-threshold-none", lambda: is_reducible(X, mixture_threshold=None), TypeError, "mixture_threshold"),
    ("red-separability-threshold", lambda: is_reducible(X, separability_threshold=-0.1), ValueError, "separability_threshold"),
    ("red-kw-not-dict", lambda: is_reducible(X, mixture_kw="fast"), TypeError, "mixture_kw"),
    ("red-kw-unknown", lambda: is_reducible(X, mixture_kw={"n_angle": 64}), ValueError, "mixture_kw key='n_angle'"),
    ("red-kw-reserved", lambda: is_reducible(X, separability_kw={"device": "cpu"}), ValueError, "separability_kw key"),
    # figures
    ("plot-result-none", lambda: plot_mixture(X, None), TypeError, "result"),
    ("plot-x-mismatch", lambda: plot_mixture(X[:, :1], mixture_index(X)), ValueError, "x has d = 1"),
    ("plot-x-nan", lambda: plot_mixture(X_NAN, mixture_index(X)), ValueError, "x contains"),
    ("plot-bins-zero", lambda: plot_mixture(X, mixture_index(X), bins=0), ValueError, "bins"),
    ("plot-max-points-zero", lambda: plot_mixture(X, mixture_index(X), max_points=0), ValueError, "max_points"),
    ("plot-ax-one", lambda: plot_mixture(X, mixture_index(X), ax=[object()]), ValueError, "ax must be two"),
    ("plot-sep-none", lambda: plot_separability(None), TypeError, "result"),
    ("plot-sep-3d", lambda: plot_separability(separability_index(torch.randn(200, 3, generator=torch.Generator().manual_seed(0)),
                                                                 n_sweeps=1, n_starts=1, n_grid=3)), ValueError, "result"),
    ("explorer-names-empty", lambda: mixture_explorer(names=()), ValueError, "names"),
    ("explorer-names-unknown", lambda: mixture_explorer(names=("spiral",)), ValueError, "names='spiral'"),
]


@pytest.fixture(autouse=True, scope="module")
def _one_thread():
    n = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(n)


@pytest.mark.parametrize("call,exc,name", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input(call, exc, name, refused):
    refused(call, exc, name)


def test_names_are_matched_ignoring_case():
    assert torch.equal(toy_distribution("Circle", n=10), toy_distribution("circle", n=10))
    assert mixture_index(X, method="AUTO").method == "sweep-2d"


def test_zero_is_a_value_not_a_default():
    "noise=0 and seed=0 are used as given (no `x or default`)."
    assert torch.equal(toy_distribution("helix", n=50, noise=0.0, seed=0), toy_distribution("helix", n=50, seed=0))
    assert not torch.equal(toy_distribution("circle", n=50, seed=0), toy_distribution("circle", n=50, seed=2))
