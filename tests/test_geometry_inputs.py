"Bad input to mechinterp.calendar.geometry: each call gets the package's own error, naming the argument."
import warnings

import pytest
import torch

from mechinterp.calendar import CalendarLMConfig, WEEKDAYS, calendar_lm, modular_task
from mechinterp.calendar.geometry import (alpha_pca, fourier_energy, is_cyclic_order, name_fourier, name_means,
                                          plot_alpha_pca)

warnings.filterwarnings("ignore", message=".*HookedTransformer is deprecated.*")
NAN = float("nan")
ANG = 2 * torch.pi * torch.arange(7) / 7
CIRCLE = torch.stack([ANG.cos(), ANG.sin()], 1)
WITH_NAN = CIRCLE.clone(); WITH_NAN[2, 0] = NAN
HOOK = "blocks.0.hook_resid_pre"
TEXT = ["Monday Tuesday Wednesday Thursday Friday Saturday Sunday"]


@pytest.fixture(scope="module")
def tiny():
    return calendar_lm(CalendarLMConfig(n_layers=1, d_model=32, n_heads=4, d_mlp=64, n_ctx=32, steps=2, batch_size=4),
                       device="cpu")


@pytest.fixture(scope="module")
def task(tiny):
    return modular_task("weekdays", tiny)


CASES = [
    ("cyclic-nan", lambda m, t: is_cyclic_order(WITH_NAN), ValueError, "points contains"),
    ("cyclic-inf", lambda m, t: is_cyclic_order(CIRCLE / 0), ValueError, "points contains"),
    ("cyclic-none", lambda m, t: is_cyclic_order(None), TypeError, "points"),
    ("cyclic-3-columns", lambda m, t: is_cyclic_order(torch.randn(7, 3)), ValueError, "points must have shape (p, 2)"),
    ("cyclic-two-points", lambda m, t: is_cyclic_order(CIRCLE[:2]), ValueError, "p >= 3"),
    ("cyclic-vector", lambda m, t: is_cyclic_order(torch.randn(7)), ValueError, "points must have 2"),
    ("cyclic-empty", lambda m, t: is_cyclic_order(torch.zeros(0, 2)), ValueError, "points is empty"),
    ("pca-model-none", lambda m, t: alpha_pca(None, t), TypeError, "model"),
    ("pca-task-none", lambda m, t: alpha_pca(m, None), TypeError, "task"),
    ("pca-hook-unknown", lambda m, t: alpha_pca(m, t, hook_names=["blocks.0.hook_resid_pree"]), ValueError, "hook_names"),
    ("pca-hook-string", lambda m, t: alpha_pca(m, t, hook_names=HOOK), TypeError, "hook_names"),
    ("pca-hooks-empty", lambda m, t: alpha_pca(m, t, hook_names=[]), ValueError, "hook_names is empty"),
    ("pca-fit-on", lambda m, t: alpha_pca(m, t, fit_on="means"), ValueError, "fit_on='means'"),
    ("plot-res-none", lambda m, t: plot_alpha_pca(None), TypeError, "res"),
    ("plot-too-few-axes", lambda m, t: plot_alpha_pca(alpha_pca(m, t), axes=[object()]), ValueError, "axes"),
    ("fourier-nan", lambda m, t: fourier_energy(torch.eye(7) * NAN), ValueError, "means contains"),
    ("fourier-vector", lambda m, t: fourier_energy(torch.ones(7)), ValueError, "means must have 2"),
    ("fourier-two-names", lambda m, t: fourier_energy(torch.eye(2)), ValueError, "means must be (p >= 3"),
    ("fourier-equal", lambda m, t: fourier_energy(torch.ones(7, 3)), ValueError, "means are all equal"),
    ("fourier-none", lambda m, t: fourier_energy(None), TypeError, "means"),
    ("means-names-string", lambda m, t: name_means(m, "Monday", TEXT, [HOOK]), TypeError, "names"),
    ("means-names-empty", lambda m, t: name_means(m, [], TEXT, [HOOK]), TypeError, "names"),
    ("means-names-repeated", lambda m, t: name_means(m, ["Monday", "Monday", "Friday"], TEXT, [HOOK]), ValueError, "names repeats"),
    ("means-name-two-tokens", lambda m, t: name_means(m, ["Monday", "Caturday"], TEXT, [HOOK]), ValueError, "names has 'Caturday'"),
    ("means-tokens-number", lambda m, t: name_means(m, WEEKDAYS, 5, [HOOK]), TypeError, "tokens"),
    ("means-tokens-empty", lambda m, t: name_means(m, WEEKDAYS, [], [HOOK]), ValueError, "tokens is empty"),
    ("means-tokens-float", lambda m, t: name_means(m, WEEKDAYS, [torch.tensor([1.5, 2.0])], [HOOK]), ValueError, "tokens must hold whole"),
    ("means-tokens-out-of-vocab", lambda m, t: name_means(m, WEEKDAYS, [torch.tensor([1, 10 ** 6])], [HOOK]), ValueError, "tokens row 0 holds id"),
    ("means-tokens-none", lambda m, t: name_means(m, WEEKDAYS, None, [HOOK]), TypeError, "tokens"),
    ("means-no-occurrence", lambda m, t: name_means(m, WEEKDAYS, ["Monday"], [HOOK]), ValueError, "tokens holds no occurrence"),
    ("means-hook-unknown", lambda m, t: name_means(m, WEEKDAYS, TEXT, ["hook_embedd"]), ValueError, "hook_names"),
    ("means-batch-size", lambda m, t: name_means(m, WEEKDAYS, TEXT, [HOOK], batch_size=0), ValueError, "batch_size"),
    ("fourier-model-none", lambda m, t: name_fourier(None, WEEKDAYS, TEXT), TypeError, "model"),
    ("fourier-two-names", lambda m, t: name_fourier(m, ["Monday", "Tuesday"], TEXT), ValueError, "names must list at least 3"),
    ("fourier-hooks-string", lambda m, t: name_fourier(m, WEEKDAYS, TEXT, hook_names=HOOK), TypeError, "hook_names"),
]


@pytest.mark.parametrize("call,exc,name", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input(call, exc, name, tiny, task, refused):
    refused(lambda: call(tiny, task), exc, name)


def test_cyclic_verdicts_are_computed_not_defaulted():
    assert is_cyclic_order(CIRCLE) and is_cyclic_order(CIRCLE.flip(0))
    assert not is_cyclic_order(CIRCLE[[0, 2, 1, 3, 4, 5, 6]])
