"Circular-probe interventions on tiny random models with planted circles (no downloads, seconds)."
import dataclasses
import math

import pytest
import torch
from hypothesis import given, settings, strategies as st

from mechinterp.hub import resid_hook_name
from mechinterp.interventions import (ALL_METHODS, CircleProbe, circle, circle_intervention, fit_circle_probe,
                                      intervention_effects, intervention_logit_diffs, off_distribution_grid,
                                      replacement, row_patch_hook, task_activations, task_positions, toy_modular_task)
from mechinterp.testing import planted_circle, tiny_transformer


@pytest.fixture(scope="module")
def model():
    return tiny_transformer(n_layers=2, d_model=32, n_ctx=16, d_vocab=50, device="cpu")


@given(seed=st.integers(0, 10_000), p=st.sampled_from([5, 7, 12]))
@settings(deadline=None, max_examples=15)
def test_probe_recovers_planted_plane(seed, p):
    x, k, plane = planted_circle(n=12 * p, d=48, p=p, noise=0.01, seed=seed)
    probe = fit_circle_probe(x, k, p, k=5)
    assert probe.r2 > 0.99
    # least squares may lean on the 3 noise PCs a little: principal angles < 18 degrees; with k = 2, exact
    assert torch.linalg.svdvals(probe.plane.T @ plane).min() > 0.95
    assert torch.linalg.svdvals(fit_circle_probe(x, k, p, k=2).plane.T @ plane).min() > 0.999
    c = circle(torch.arange(p), p)
    assert torch.allclose(probe.project(probe.embed(c)), c, atol=1e-8)


@given(seed=st.integers(0, 10_000))
@settings(deadline=None, max_examples=10)
def test_probe_rotation_and_shift_invariant(seed):
    x, k, _ = planted_circle(n=70, d=32, p=7, noise=0.05, seed=0)
    g = torch.Generator().manual_seed(seed)
    Q = torch.linalg.qr(torch.randn(32, 32, generator=g, dtype=torch.float64)).Q
    shift = torch.randn(32, generator=g, dtype=torch.float64) * 5
    a, b = fit_circle_probe(x, k, 7), fit_circle_probe(x @ Q + shift, k, 7)
    assert abs(a.r2 - b.r2) < 1e-8
    assert torch.allclose(a.project(x), b.project(x @ Q + shift), atol=1e-8)


def test_paper_centring_offset():
    x, k, _ = planted_circle(n=70, d=32, p=7, noise=0.05, seed=1)
    probe = fit_circle_probe(x + 4.0, k, 7)
    c = circle(torch.arange(7), 7)
    got = probe.project(probe.embed(c, method="paper"))
    expected_offset = -(probe.mean @ probe.basis @ probe.P.T)
    assert torch.allclose(got, c + expected_offset, atol=1e-8)
    assert expected_offset.norm() > 0.1              # the shifted data make the paper variant visibly off
    assert torch.allclose(probe.project(probe.embed(c)), c, atol=1e-8)
    with pytest.raises(ValueError, match="corrected"): probe.embed(c, method="other")


def test_probe_save_load(tmp_path):
    x, k, _ = planted_circle(n=70, d=32, p=7, seed=2)
    probe = fit_circle_probe(x, k, 7, k=4)
    back = CircleProbe.load(probe.save(tmp_path / "probe.safetensors"))
    assert torch.equal(back.P, probe.P) and torch.equal(back.basis, probe.basis) and torch.equal(back.mean, probe.mean)
    assert back.p == 7 and back.r2 == pytest.approx(probe.r2)


def test_probe_errors():
    x, k, _ = planted_circle(n=70, d=32, p=7)
    with pytest.raises(ValueError, match="k="): fit_circle_probe(x, k, 7, k=1)
    with pytest.raises(ValueError, match="distinct"): fit_circle_probe(x, torch.zeros(70, dtype=torch.long), 7)
    with pytest.raises(ValueError, match="NaN"): fit_circle_probe(x * float("nan"), k, 7)


@pytest.mark.parametrize("layer", [0, 1, 2])
def test_each_method_touches_only_the_patched_position(model, layer):
    task = toy_modular_task(p=5)
    x = task_activations(model, task, layer)[layer]
    probe = fit_circle_probe(x, task.alpha, 5, k=4)
    pos, name = task_positions(task), resid_hook_name(model, layer)
    with torch.inference_mode():
        clean_logits, clean = model.run_with_cache(task.tokens, names_filter=name)
    for m in ALL_METHODS:
        new = replacement(m, x, probe, target=(task.alpha + 2) % 5, x_clean=x.flip(0)).float()
        seen = {}
        with torch.inference_mode():
            logits = model.run_with_hooks(task.tokens, fwd_hooks=[(name, row_patch_hook(pos, new)),
                                                                  (name, lambda a, hook: seen.setdefault("a", a.clone()))])
        keep = torch.ones(task.tokens.shape, dtype=torch.bool)
        keep[torch.arange(len(pos)), pos] = False
        assert torch.equal(seen["a"][keep], clean[name][keep]), m
        # causal model: logits before the patched position are unchanged
        assert torch.equal(logits[:, :2], clean_logits[:, :2]), m


def test_batched_equals_one_pair_at_a_time(model):
    task = toy_modular_task(p=3)
    a = intervention_logit_diffs(model, task, 1, methods=ALL_METHODS, k=3)
    b = intervention_logit_diffs(model, task, 1, methods=ALL_METHODS, k=3, chunk_size=1, probe=a.probe,
                                 dedupe=False, skip_early=False)
    assert len(a.pairs) == 9 * 2
    for m in ALL_METHODS: assert torch.allclose(a.logit_diffs[m], b.logit_diffs[m], atol=1e-4), m


def test_intervention_known_values(model):
    "patch_layer at the embedding equals running the clean prompt; mean_ablate ignores the prompt's own α."
    task = toy_modular_task(p=5)
    eff = intervention_logit_diffs(model, task, 0, methods=["patch_layer", "mean_ablate", "none"], k=4)
    with torch.inference_mode(): logits = model(task.tokens)[:, 4][:, task.answer_token_ids]
    j, a2 = eff.pairs.T
    clean = torch.tensor([int(((task.alpha == a) & (task.beta == task.beta[i])).nonzero()) for i, a in zip(j, a2)])
    g2 = (a2 + task.beta[j]) % 5
    # layer 0 + the α position: the patched run *is* the clean prompt's run
    expected = logits[clean, task.gamma[j]] - logits[clean, g2]
    assert torch.allclose(eff.logit_diffs["patch_layer"], expected, atol=1e-4)
    assert torch.allclose(eff.logit_diffs["none"], logits[j, task.gamma[j]] - logits[j, g2], atol=1e-4)


def test_errors(model):
    task = toy_modular_task(p=5)
    with pytest.raises(ValueError, match="Unknown methods"): intervention_effects(model, task, 1, methods=["rotate"])
    with pytest.raises(ValueError, match="0..2"): intervention_effects(model, task, 5)
    full = toy_modular_task(p=5)
    keep = (full.alpha != 0) | (full.beta != 1)         # drop one (α, β) cell
    half = dataclasses.replace(full, prompts=[s for s, k in zip(full.prompts, keep) if k],
                               **{f: getattr(full, f)[keep] for f in ("tokens", "alpha", "beta", "gamma")})
    with pytest.raises(ValueError, match="same β"): intervention_effects(model, half, 1, methods=["patch_layer"])
    # the circle intervention does not need clean prompts
    assert "circle" in intervention_effects(model, half, 1, methods=["circle"], k=4)


def test_off_distribution_grid_shape_and_independence_of_alpha(model):
    task = toy_modular_task(p=5)
    grid = off_distribution_grid(model, task, 1, k=4, radii=[0.0, 1.0, 2.0], angles=8, betas=[1, 3])
    assert grid.logits.shape == (2, 3, 8, 5)
    assert (grid.margin >= 0).all()
    # radius 0: every angle writes the same point, so the same logits
    assert torch.allclose(grid.logits[:, 0], grid.logits[:, 0, :1].expand(-1, 8, -1), atol=1e-5)
    # at the embedding, the circle intervention overwrites all there is of α: the prompt's own α does not matter
    pts = circle(torch.tensor([0, 2]), 5)
    probe = fit_circle_probe(task_activations(model, task, 0)[0], task.alpha, task.p, k=4)
    rows_a, rows_b = torch.tensor([0, 5]), torch.tensor([10, 15])       # all with β = 1, different α
    a = circle_intervention(model, task, 0, pts, position="alpha", probe=probe, rows=rows_a).logits
    b = circle_intervention(model, task, 0, pts, position="alpha", probe=probe, rows=rows_b).logits
    assert torch.allclose(a, b, atol=1e-5)


def test_activation_patching_backends_agree(model):
    from mechinterp.interventions import activation_patching
    task = toy_modular_task(p=5)
    a = activation_patching(model, task, n_pairs=5)
    b = activation_patching(model, task, n_pairs=5, backend="transformer_lens")
    for c in a.same_alpha:
        assert torch.allclose(a.same_alpha[c], b.same_alpha[c], atol=1e-4)
        assert torch.allclose(a.same_beta[c], b.same_beta[c], atol=1e-4)
    # the pair differs only in α (position 2): patching its embedding restores the clean run
    assert a.same_beta["resid_pre"][0, 2] == pytest.approx(1.0, abs=1e-4)


def test_summarize_effects_picks_best_fraction():
    from mechinterp.interventions import summarize_effects
    eff = {0: dict(circle=-1.0, patch_layer=-4.0, zero_circle=1.0, zero_all_but_circle=2.0),
           1: dict(circle=-3.0, patch_layer=-4.0, zero_circle=3.0, zero_all_but_circle=2.0),
           2: dict(circle=1.0, patch_layer=2.0, zero_circle=0.0, zero_all_but_circle=0.0)}
    s = summarize_effects(eff)
    assert s.layer == 1 and s.fraction == pytest.approx(0.75) and not s.circle_carries_more
