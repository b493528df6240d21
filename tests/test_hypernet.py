"Known-answer and property tests for the KL attentional hypernetwork and its analysis (thesis chapter 3)."
import json
import math

import pytest
import torch
from hypothesis import given, settings, strategies as st

from mechinterp.hypernet import (HypernetConfig, KLHypernetwork, MLPWeights, PhaseBoundaries, TrainConfig,
                                 beta_sweep, classify_algorithm, convexity_network, double_sided_network, force_layout,
                                 gaussian_kl, heldout_mse, hypernet_cli, hypernet_forward, l1_batch, l1_stats,
                                 load_hypernet, mlp_forward, order_parameters, phase_over_training, pudding_network,
                                 snapshots, train_hypernet)
from mechinterp.hypernet.model import _unflatten


# --- the task -----------------------------------------------------------------------------------------------------
def test_l1_constants_match_monte_carlo():
    x = torch.randn(400_000, 16, generator=torch.Generator().manual_seed(0), dtype=torch.float64)
    mu, sd = l1_stats(16)
    n = x.abs().sum(-1)
    assert abs(float(n.mean()) - mu) < 0.01 and abs(float(n.std()) - sd) < 0.01
    assert mu == pytest.approx(16 * math.sqrt(2 / math.pi)) and sd == pytest.approx(math.sqrt(16 * (1 - 2 / math.pi)))


# --- reference algorithms and the classifier ----------------------------------------------------------------------
@pytest.mark.parametrize("noise", [0.0, 0.05])
def test_reference_networks_are_classified(noise):
    assert classify_algorithm(double_sided_network(noise=noise).net.weights[0]) == "double-sided"
    assert classify_algorithm(pudding_network(sign=1, noise=noise).net.weights[0]) == "pudding"
    assert classify_algorithm(pudding_network(sign=-1, noise=noise).net.weights[0]) == "pudding"
    for seed in range(3):
        assert classify_algorithm(convexity_network(seed=seed).net.weights[0]) == "convexity"


def test_boundaries_are_adjustable():
    W = pudding_network().net.weights[0]
    assert classify_algorithm(W, boundaries=PhaseBoundaries(strong_min=1e9)) == "convexity"
    assert classify_algorithm(W, boundaries=PhaseBoundaries(double_sided_min=0.5)) == "double-sided"


def test_double_sided_computes_l1_and_sharpens():
    errs = [double_sided_network(sharpness=a).test_mse for a in (2.0, 8.0, 32.0)]
    assert errs[0] > errs[1] > errs[2] and errs[2] < 1e-3


@pytest.mark.parametrize("sign", [1, -1])
def test_pudding_computes_l1_as_c_grows(sign):
    errs = [pudding_network(c=c, sign=sign, sharpness=50.0).test_mse for c in (1.0, 4.0, 8.0, 16.0)]
    assert all(a > b for a, b in zip(errs, errs[1:])) and errs[-1] < 1e-3, errs


def test_reference_outputs_match_l1_pointwise():
    x, y = l1_batch(512, 16, generator=torch.Generator().manual_seed(3), device="cpu")
    for r in (double_sided_network(sharpness=200.0), pudding_network(c=40.0, sharpness=200.0)):
        assert (mlp_forward(r.net, x)[0] - y).abs().max() < 0.05


def test_order_parameters_known_values():
    W = torch.tensor([[2.0, -1.0, 0.5], [-3.0, 1.5, 0.25]])
    op = order_parameters(W)
    # row minima of min(-min_j, max_j): min(1, 2)=1, min(3, 1.5)=1.5 -> 1; median |W| of (2,1,.5,3,1.5,.25) = 1.25
    assert op.double_sidedness == pytest.approx(1 / 1.25) and op.strongest_connection == 3.0
    assert math.isnan(op.seed_dependence)
    assert order_parameters(W, W).seed_dependence == 0.0
    with pytest.raises(ValueError, match="shape"):
        order_parameters(W, torch.zeros(3, 3))


@given(seed=st.integers(0, 10_000), scale=st.floats(0.1, 10.0))
@settings(deadline=None, max_examples=20)
def test_double_sidedness_is_scale_invariant(seed, scale):
    W = torch.randn(16, 48, generator=torch.Generator().manual_seed(seed))
    assert order_parameters(scale * W).double_sidedness == pytest.approx(order_parameters(W).double_sidedness, rel=1e-5)
    V = torch.randn(16, 48, generator=torch.Generator().manual_seed(seed + 1))
    assert 0.0 <= order_parameters(W, V).seed_dependence <= 2.0


# --- the hypernetwork ---------------------------------------------------------------------------------------------
def test_kl_zero_when_q_equals_p():
    assert float(gaussian_kl(torch.tensor(0.2), torch.tensor(0.5), torch.tensor(0.2), torch.tensor(0.5))) == pytest.approx(0, abs=1e-7)
    hn = KLHypernetwork()
    p = _unflatten(hn.hyperweights(torch.tensor([1e-6, 1.0])), hn.cfg)
    g = hypernet_forward(p, hn.cfg, (16, 48, 1), None, generator=torch.Generator().manual_seed(0))  # no learned features: q = p
    assert torch.allclose(g.kl, torch.zeros(2), atol=1e-4)
    assert (hn.generate(torch.tensor([1e-6, 1.0]), seed=0).kl > 0).all()  # learned encoder features: q != p


def test_same_hyperweights_generate_any_size():
    hn = KLHypernetwork()
    a = hn.generate(1e-4, n_in=16, n_hidden=48, seed=0).net
    b = hn.generate(1e-4, n_in=32, n_hidden=96, seed=0).net
    assert a.sizes == [16, 48, 1] and b.sizes == [32, 96, 1]
    assert torch.isfinite(heldout_mse(b)).all()


def test_generation_is_seeded_and_decoder_only_has_no_kl():
    hn = KLHypernetwork()
    w = lambda s: hn.generate(1e-3, seed=s).net.weights[0]
    assert torch.equal(w(0), w(0)) and not torch.equal(w(0), w(1))
    assert float(hn.generate(1e-3, seed=0, decoder_only=True).kl) == 0.0


def test_checkpoints_resume_and_cli(tmp_path, capsys):
    tc = TrainConfig(steps=3, batch=16, betas_per_step=2, ckpt_every=1, arch=HypernetConfig(hyperdepth=2))
    r = train_hypernet(tc, out_dir=tmp_path, device="cpu")
    assert len(snapshots(tmp_path)) == 3
    r2 = train_hypernet(tc, out_dir=tmp_path, steps=4, device="cpu")
    assert r2.steps == 4 and len(r2.history["step"]) >= 1
    m, meta = load_hypernet(snapshots(tmp_path)[-1], device="cpu")
    assert meta["step"] == 4
    grid = phase_over_training(snapshots(tmp_path)[-2:], betas=torch.logspace(-12, 0, 3), device="cpu")
    assert grid.steps == [3, 4] and len(grid.algorithm[0]) == 3
    assert hypernet_cli(["--out", str(tmp_path / "cli"), "--steps", "1", "--device", "cpu"]) == 0
    assert json.loads(capsys.readouterr().out.strip().splitlines()[-1])["steps"] == 1


def test_beta_sweep_shapes():
    s = beta_sweep(KLHypernetwork(), betas=torch.logspace(-12, 0, 4))
    assert len(s.params) == 4 and s.weights.shape == (4, 16, 48) and set(s.algorithm) <= {"convexity", "pudding", "double-sided"}


# --- drawings -----------------------------------------------------------------------------------------------------
def test_drawing_energy_decreases_and_extra_dims_vanish():
    lay = force_layout(pudding_network().net, steps=500)
    assert lay.energy[-1] < 0.5 * lay.energy[0]
    assert lay.energy[99] <= 1.001 * min(lay.energy[:100])  # decreasing while the 4-D layout is free
    assert lay.extra_max < 1e-6 and lay.pos.shape == (16 + 48 + 1, 2)
