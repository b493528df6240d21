"Bad input to mechinterp.regression_explain: each call gets the package's own error, naming the argument."
import math
from dataclasses import replace
from types import SimpleNamespace

import pytest
import torch

from mechinterp.interventions import toy_modular_task
from mechinterp.regression_explain import (circle_in_residual, cyclic_step, explain_by_regression, feature_group,
                                           feature_matrix, greedy_explain, linear_fit, r2_chance, regression_explorer,
                                           regression_panel, residual_rgb, residual_rgb_plot, shuffled_r2, task_labels)

NAN = float("nan")
T = toy_modular_task(p=7)
ACTS = torch.randn(49, 6, generator=torch.Generator().manual_seed(0), dtype=torch.float64)
ANG = 2 * math.pi * torch.arange(7) / 7
PTS = torch.stack([ANG.cos(), ANG.sin()], 1)
PTS_NAN = PTS.clone(); PTS_NAN[0, 0] = NAN
LAB = torch.arange(7)

CASES = [
    ("labels-none", lambda: task_labels(None), TypeError, "task"),
    ("labels-missing", lambda: task_labels(SimpleNamespace(alpha=LAB, beta=LAB, p=7)), TypeError, "gamma"),
    ("labels-nan", lambda: task_labels(replace(T, alpha=T.alpha.double() * NAN)), ValueError, "task.alpha contains"),
    ("labels-fraction", lambda: task_labels(replace(T, beta=T.beta.double() + 0.5)), ValueError, "task.beta must hold whole"),
    ("labels-p", lambda: task_labels(replace(T, p=0)), ValueError, "task.p"),
    ("labels-lengths", lambda: task_labels(replace(T, gamma=T.gamma[:5])), ValueError, "task.gamma"),
    ("group-none", lambda: feature_group(None, T), TypeError, "name"),
    ("group-unknown", lambda: feature_group("cosine", T), ValueError, "name='cosine'"),
    ("group-kind", lambda: feature_group("sine a", T), ValueError, "name='sine a'"),
    ("group-expr", lambda: feature_group("circle d", T), ValueError, "name"),
    ("group-custom-not-map", lambda: feature_group("bias", T, custom=["x"]), TypeError, "custom"),
    ("group-custom-rows", lambda: feature_group("sq", T, custom={"sq": lambda t: torch.ones(3)}), ValueError, "custom['sq']"),
    ("group-custom-nan", lambda: feature_group("sq", T, custom={"sq": lambda t: torch.full((49,), NAN)}), ValueError, "custom['sq']"),
    ("matrix-string", lambda: feature_matrix(T, "bias"), TypeError, "groups"),
    ("matrix-numbers", lambda: feature_matrix(T, [1, 2]), TypeError, "groups"),
    ("fit-acts-none", lambda: linear_fit(None, ACTS), TypeError, "acts"),
    ("fit-acts-nan", lambda: linear_fit(ACTS * NAN, ACTS), ValueError, "acts contains"),
    ("fit-X-rows", lambda: linear_fit(ACTS, ACTS[:5]), ValueError, "X has 5 rows"),
    ("fit-acts-constant", lambda: linear_fit(torch.ones(49, 3), ACTS), ValueError, "acts is the same"),
    ("explain-acts-rows", lambda: explain_by_regression(ACTS[:10], T, ["bias"]), ValueError, "acts has 10 rows"),
    ("explain-acts-none", lambda: explain_by_regression(None, T, ["bias"]), TypeError, "acts"),
    ("explain-groups-empty", lambda: explain_by_regression(ACTS, T, []), ValueError, "groups is empty"),
    ("explain-groups-string", lambda: explain_by_regression(ACTS, T, "bias"), TypeError, "groups"),
    ("greedy-max-steps", lambda: greedy_explain(ACTS, T, max_steps=-1), ValueError, "max_steps"),
    ("greedy-min-gain", lambda: greedy_explain(ACTS, T, min_gain=NAN), ValueError, "min_gain"),
    ("greedy-candidates-string", lambda: greedy_explain(ACTS, T, candidates="one-hot a"), TypeError, "candidates"),
    ("greedy-candidate-unknown", lambda: greedy_explain(ACTS, T, candidates=["one-hot z"]), ValueError, "name"),
    ("chance-groups-empty", lambda: r2_chance(T, []), ValueError, "groups"),
    ("shuffled-n", lambda: shuffled_r2(ACTS, T, ["bias", "one-hot a"], n_shuffles=0), ValueError, "n_shuffles"),
    ("shuffled-seed", lambda: shuffled_r2(ACTS, T, ["bias", "one-hot a"], seed=-1), ValueError, "seed"),
    ("rgb-residual-rows", lambda: residual_rgb(ACTS[:3], T), ValueError, "residual has 3 rows"),
    ("rgb-residual-nan", lambda: residual_rgb(ACTS * NAN, T), ValueError, "residual contains"),
    ("rgb-plot-groups", lambda: residual_rgb_plot(ACTS, T, "bias"), TypeError, "groups"),
    ("panel-layers-empty", lambda: regression_panel({}, T, ["bias"]), TypeError, "acts_by_layer"),
    ("panel-layers-list", lambda: regression_panel([ACTS], T, ["bias"]), TypeError, "acts_by_layer"),
    ("panel-layer-rows", lambda: regression_panel({1: ACTS[:4]}, T, ["bias"]), ValueError, "acts_by_layer[1]"),
    ("panel-cell", lambda: regression_panel({1: ACTS}, T, ["bias"], cell=0), ValueError, "cell"),
    ("panel-groups-empty", lambda: regression_panel({1: ACTS}, T, []), ValueError, "groups is empty"),
    ("explorer-value-unknown", lambda: regression_explorer({1: ACTS}, T, value=("bias", "one-hot q")), ValueError, "name"),
    ("explorer-layers", lambda: regression_explorer(None, T), TypeError, "acts_by_layer"),
    ("step-nan", lambda: cyclic_step(PTS_NAN, LAB, 7), ValueError, "points contains"),
    ("step-p-zero", lambda: cyclic_step(PTS, LAB, 0), ValueError, "p must"),
    ("step-p-none", lambda: cyclic_step(PTS, LAB, None), TypeError, "p must"),
    ("step-labels-fraction", lambda: cyclic_step(PTS, LAB + 0.5, 7), ValueError, "labels must hold whole"),
    ("step-labels-length", lambda: cyclic_step(PTS, LAB[:5], 7), ValueError, "labels has 5"),
    ("step-points-3d", lambda: cyclic_step(torch.randn(7, 3), LAB, 7), ValueError, "points must have shape (n, 2)"),
    ("circle-label", lambda: circle_in_residual(ACTS, T, label="delta"), ValueError, "label='delta'"),
    ("circle-remove-string", lambda: circle_in_residual(ACTS, T, remove="bias"), TypeError, "remove"),
    ("circle-acts-rows", lambda: circle_in_residual(ACTS[:7], T), ValueError, "acts has 7 rows"),
    ("circle-plot-names", lambda: circle_in_residual(ACTS, T).plot(names=["Mon"]), ValueError, "names"),
]


@pytest.mark.parametrize("call,exc,name", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input(call, exc, name, refused):
    refused(call, exc, name)


def test_cyclic_step_never_answers_from_nan():
    "The NaN that once gave step 1 is refused; clean points still give their step."
    assert cyclic_step(PTS, LAB, 7) == 1 and cyclic_step(PTS.flip(0), LAB, 7) == 6
