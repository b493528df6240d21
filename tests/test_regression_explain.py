"Explanation via regression: known answers from the library's own feature functions."
import pytest
import torch
from hypothesis import given, settings, strategies as st

from mechinterp.regression_explain import (DEFAULT_CANDIDATES, circle_in_residual, cyclic_step, explain_by_regression,
                                           feature_group, feature_matrix, greedy_explain, linear_fit, regression_explorer,
                                           regression_panel, residual_rgb, residual_rgb_plot)
from mechinterp.interventions import circle, toy_modular_task

GROUPS = ["one-hot a", "one-hot b", "one-hot c", "circle a", "circle b", "circle c", "circle a-b", "tmr",
          "parity a", "parity b", "parity c", "linear a", "circle 2a"]


@given(seed=st.integers(0, 10_000), p=st.sampled_from([5, 7, 12]),
       chosen=st.lists(st.sampled_from(GROUPS), min_size=1, max_size=4, unique=True))
@settings(deadline=None, max_examples=25)
def test_r2_is_one_on_library_features(seed, p, chosen):
    task = toy_modular_task(p=p, n_vocab=2 * p + 3)
    groups = ["bias"] + chosen
    X = feature_matrix(task, groups)
    g = torch.Generator().manual_seed(seed)
    acts = X @ torch.randn(X.shape[1], 16, generator=g, dtype=torch.float64)
    steps = explain_by_regression(acts, task, groups)
    assert [s.group for s in steps] == groups
    assert steps[-1].r2 == pytest.approx(1.0, abs=1e-9)
    assert all(a.r2 <= b.r2 + 1e-9 for a, b in zip(steps, steps[1:]))


@given(seed=st.integers(0, 10_000))
@settings(deadline=None, max_examples=10)
def test_r2_invariant_to_rotation(seed):
    task = toy_modular_task(p=7)
    g = torch.Generator().manual_seed(seed)
    acts = torch.randn(49, 20, generator=g, dtype=torch.float64)
    Q = torch.linalg.qr(torch.randn(20, 20, generator=g, dtype=torch.float64)).Q
    X = feature_matrix(task, ["bias", "one-hot a"])
    assert linear_fit(acts, X).r2 == pytest.approx(linear_fit(acts @ Q, X).r2, abs=1e-10)


def test_r2_known_value():
    "Bias only explains nothing; one-hot a explains exactly the between-α variance."
    task = toy_modular_task(p=7)
    acts = torch.randn(49, 5, dtype=torch.float64)
    assert linear_fit(acts, feature_matrix(task, ["bias"])).r2 == pytest.approx(0.0, abs=1e-12)
    means = torch.stack([acts[task.alpha == a].mean(0) for a in range(7)])[task.alpha]
    expected = 1 - (acts - means).pow(2).sum() / (acts - acts.mean(0)).pow(2).sum()
    assert linear_fit(acts, feature_matrix(task, ["bias", "one-hot a"])).r2 == pytest.approx(float(expected), abs=1e-10)


def test_greedy_finds_planted_groups():
    task = toy_modular_task(p=7)
    g = torch.Generator().manual_seed(3)
    X = feature_matrix(task, ["bias", "circle a-b", "tmr"])
    acts = X @ torch.randn(X.shape[1], 24, generator=g, dtype=torch.float64)
    steps = greedy_explain(acts, task, DEFAULT_CANDIDATES)
    assert steps[-1].r2 == pytest.approx(1.0, abs=1e-9)
    assert {"circle a-b", "tmr"} <= {s.group for s in steps}
    assert len(steps) <= 4


def test_residual_rgb_stripes():
    task = toy_modular_task(p=7)
    g = torch.Generator().manual_seed(0)
    img, av, bv = residual_rgb(feature_matrix(task, ["one-hot b"]) @ torch.randn(7, 6, generator=g, dtype=torch.float64), task)
    assert img.shape == (7, 7, 3) and av == list(range(7)) and bv == list(range(1, 8))
    assert torch.allclose(torch.tensor(img), torch.tensor(img[:1]).expand(7, 7, 3))   # depends on β only: columns
    flat, _, _ = residual_rgb(torch.ones(49, 4, dtype=torch.float64), task)
    assert (flat == 0.5).all()                                                         # nothing left: grey


def test_circle_in_residual_and_cyclic_step():
    task = toy_modular_task(p=12, n_vocab=40)
    g = torch.Generator().manual_seed(1)
    ab = feature_matrix(task, ["one-hot a", "one-hot b"]) @ torch.randn(24, 16, generator=g, dtype=torch.float64)
    acts = ab + 0.2 * circle(task.gamma, 12) @ torch.randn(2, 16, generator=g, dtype=torch.float64)
    rc = circle_in_residual(acts, task)
    assert rc.circle_r2 > 0.99 and rc.step in (1, 11)
    # frequency 5 circle: neighbours around the loop differ by 5^-1 mod 12 = 5
    assert cyclic_step(circle(5 * torch.arange(12), 12), torch.arange(12), 12) in (5, 7)
    assert cyclic_step(torch.randn(12, 2, generator=g), torch.zeros(12, dtype=torch.long), 12) is None


def test_plots_and_widget():
    import matplotlib.pyplot as plt
    task = toy_modular_task(p=5)
    acts = torch.randn(25, 8, dtype=torch.float64)
    assert len(residual_rgb_plot(acts, task, ["bias", "one-hot a"]).axes) == 1
    assert len(regression_panel({0: acts, 1: acts * 2}, task, ["bias", "one-hot a"]).axes) == 4
    w = regression_explorer({0: acts, 1: acts * 2}, task)
    assert w.result is not None
    plt.close("all")


def test_errors():
    task = toy_modular_task(p=5)
    with pytest.raises(ValueError, match="not a feature group"): feature_group("cosine", task)
    with pytest.raises(ValueError, match="rows"): explain_by_regression(torch.randn(3, 4), task, ["bias"])
