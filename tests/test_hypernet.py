"Known-answer and property tests for the KL attentional hypernetwork and its analysis (thesis chapter 3)."
import json
import math
from dataclasses import replace

import pytest
import torch
from hypothesis import given, settings, strategies as st

from mechinterp.core import ArtefactError, checkpoint_files, load_tensors, save_tensors
from mechinterp.hypernet import (HypernetConfig, KLHypernetwork, MLPWeights, PhaseBoundaries, SHIPPED_CONFIGS,
                                 TrainConfig, analyse_run, beta_sweep, classify_algorithm, convexity_network,
                                 default_betas, double_sided_network, encoder_ablation, fit_boundaries, force_layout,
                                 gaussian_kl, get_config, heldout_mse, hypernet_cli, hypernet_forward, l1_batch,
                                 l1_stats, load_hypernet, messiness, mlp_forward, network_structure, order_parameters,
                                 phase_over_training, plot_beta_sweep, plot_encoder_ablation, plot_phase_grid,
                                 plot_size_grid, positional_code, pudding_network, sample_betas, sample_size,
                                 shipped_analyses, shipped_config, shipped_hypernet, size_generalization, snapshots,
                                 train_adam_baseline, train_hypernet)
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
    tc = TrainConfig(steps=3, batch=16, betas_per_step=2, ckpt_every=1, log_every=1, arch=HypernetConfig(hyperdepth=2))
    r = train_hypernet(tc, out_dir=tmp_path, device="cpu")
    assert len(snapshots(tmp_path)) == 3 and r.steps == 3
    m, meta = load_hypernet(snapshots(tmp_path)[-1], device="cpu")
    assert meta["step"] == 3
    grid = phase_over_training(snapshots(tmp_path)[-2:], betas=torch.logspace(-12, 0, 3), device="cpu")
    assert grid.steps == [2, 3] and len(grid.algorithm[0]) == 3 and len(grid.structure[1]) == 3
    assert hypernet_cli(["--out", str(tmp_path / "cli"), "--steps", "1", "--device", "cpu"]) == 0
    assert json.loads(capsys.readouterr().out.strip().splitlines()[-1])["steps"] == 1


TINY = TrainConfig(steps=6, batch=16, betas_per_step=2, ckpt_every=2, log_every=1, arch=HypernetConfig(hyperdepth=2))


def _same_model(a, b):
    return all(torch.equal(x, y) for x, y in zip(a.state_dict().values(), b.state_dict().values()))


def test_resume_is_bit_for_bit_after_fault_between_writes(tmp_path, monkeypatch):
    "Stop between the snapshot write and the checkpoint write of step 4; the resumed run loses nothing."
    whole = train_hypernet(TINY, out_dir=tmp_path / "whole", device="cpu")
    import mechinterp.hypernet.train as tr
    real, calls = tr.save_checkpoint, []

    def failing(*args, **kwargs):
        if len(calls) == 1: raise KeyboardInterrupt("simulated stop")
        calls.append(1); return real(*args, **kwargs)
    monkeypatch.setattr(tr, "save_checkpoint", failing)
    with pytest.raises(KeyboardInterrupt):
        train_hypernet(TINY, out_dir=tmp_path / "cut", device="cpu")
    monkeypatch.setattr(tr, "save_checkpoint", real)
    assert [s for s, _ in checkpoint_files(tmp_path / "cut")] == [2] and len(snapshots(tmp_path / "cut")) == 2
    resumed = train_hypernet(TINY, out_dir=tmp_path / "cut", device="cpu")
    assert resumed.history["loss"] == whole.history["loss"] and resumed.history["step"] == whole.history["step"]
    assert _same_model(resumed.model, whole.model)
    for a, b in zip(snapshots(tmp_path / "whole"), snapshots(tmp_path / "cut"), strict=True):
        assert all(torch.equal(x, y) for x, y in zip(load_tensors(a)[0].values(), load_tensors(b)[0].values()))


def test_damaged_newest_checkpoint_falls_back(tmp_path):
    whole = train_hypernet(TINY, out_dir=tmp_path / "whole", device="cpu")
    cut = tmp_path / "cut"
    train_hypernet(replace(TINY, steps=6), out_dir=cut, device="cpu")
    newest = checkpoint_files(cut)[-1][1]
    newest.write_bytes(newest.read_bytes()[:100])            # truncated: the step-6 checkpoint is unusable
    for s in snapshots(cut)[-1:]: s.unlink()
    with pytest.warns(UserWarning, match="damaged"):
        resumed = train_hypernet(TINY, out_dir=cut, device="cpu")   # resumes from step 4, redoes 5-6
    assert _same_model(resumed.model, whole.model) and resumed.history["loss"] == whole.history["loss"]


def test_never_silently_restarts(tmp_path):
    train_hypernet(TINY, out_dir=tmp_path, device="cpu")
    for _, p in checkpoint_files(tmp_path): p.unlink()
    with pytest.raises(ArtefactError, match="no checkpoint"):
        train_hypernet(TINY, out_dir=tmp_path, device="cpu")
    for p in snapshots(tmp_path): p.write_bytes(b"")
    with pytest.raises(ArtefactError):
        load_hypernet(snapshots(tmp_path)[0], device="cpu")


@pytest.mark.parametrize("change", [dict(lr=1e-2), dict(batch=32), dict(seed=1), dict(steps=8),
                                    dict(arch=HypernetConfig(hyperdepth=3))])
def test_resume_refuses_changed_settings(tmp_path, change):
    short = replace(TINY, steps=2)
    train_hypernet(short, out_dir=tmp_path, device="cpu")
    with pytest.raises(ValueError, match=next(iter(change)) if "arch" not in change else "hyperdepth"):
        train_hypernet(replace(short, **change), out_dir=tmp_path, device="cpu")


def test_load_hypernet_refuses_other_files(tmp_path):
    save_tensors(tmp_path / "other.safetensors", {"x": torch.zeros(2)}, {"what": "something else"})
    with pytest.raises(ArtefactError, match="train_config"):
        load_hypernet(tmp_path / "other.safetensors", device="cpu")


def test_multisize_training_draws_many_sizes(tmp_path):
    tc = replace(TINY, steps=4, sizes="multi", n_in_range=(3, 6), n_hidden_range=(4, 12),
                 arch=HypernetConfig(n_in=6, n_hidden=12, hyperdepth=2, learned_slice=True))
    r = train_hypernet(tc, out_dir=tmp_path, device="cpu")
    assert r.steps == 4 and all(math.isfinite(v) for v in r.history["loss"])
    g = torch.Generator().manual_seed(0)
    sizes = {sample_size(tc, generator=g) for _ in range(200)}
    assert {a for a, _ in sizes} == {3, 4, 5, 6} and all(a + 1 <= h <= 12 for a, h in sizes)


def test_learned_slice_gives_every_smaller_size_the_same_edge_features():
    "With learned_slice, edge (i, j) carries the same learned features at every size that has it."
    torch.manual_seed(0)
    hn = KLHypernetwork(HypernetConfig(n_in=6, n_hidden=12, hyperdepth=2, learned_slice=True))
    from mechinterp.hypernet.model import _learned_block
    for a, h in ((3, 4), (6, 12), (5, 9)):
        blk = _learned_block(hn.learned[0], a, h, True)
        assert blk.shape[:2] == (a, h) and torch.equal(blk, hn.learned[0][:a, :h])
    assert _learned_block(hn.learned[0], 7, 4, True) is None                  # larger than the arrays: none
    assert float(hn.generate(1e-6, n_in=4, n_hidden=5, seed=0).kl.detach()) > 0       # memorized features reach a smaller size
    assert float(hn.generate(1e-6, n_in=7, n_hidden=13, seed=0).kl) < 1e-3   # a larger one gets none: q = p


def test_size_code_lets_the_hypernetwork_read_the_size():
    "size_code adds two inputs per hyperlayer (ln n_in / 4, ln n_hidden / 4): with their weights zeroed the hypernetwork is the one without them."
    torch.manual_seed(0)
    on, off = (HypernetConfig(n_in=6, n_hidden=12, hyperdepth=2, size_code=c) for c in (True, False))
    assert on.mix_in == off.mix_in + 2
    hn = KLHypernetwork(on)
    with torch.no_grad(): p = _unflatten(hn.hyperweights(torch.tensor([1e-6])), on)
    learned = [[hn.learned[2 * l + e] for e in range(2)] for l in range(on.hyperdepth)]
    run = lambda params, cfg: hypernet_forward(params, cfg, (4, 9, 1), learned,
                                               generator=torch.Generator().manual_seed(0)).net.weights[0].detach()
    drop = {k: v[:, :-2] if k.endswith(".w") else v for k, v in p.items()}
    zero = {k: torch.cat([v[:, :-2], torch.zeros_like(v[:, -2:])], 1) if k.endswith(".w") else v for k, v in p.items()}
    assert torch.allclose(run(zero, on), run(drop, off), atol=1e-6)
    assert not torch.allclose(run(p, on), run(drop, off), atol=1e-3)
    with pytest.raises(TypeError, match="size_code"): HypernetConfig(size_code=1)


# --- bad input: the project's own error, naming the argument ---------------------------------------------------------
_HN = KLHypernetwork(HypernetConfig(hyperdepth=2))
_NET = double_sided_network().net
_NAN_NET = MLPWeights([w.clone() for w in _NET.weights], [b.clone() for b in _NET.biases])
_NAN_NET.weights[0][0, 0, 0] = float("nan")

BAD_INPUT = [
    ("l1_stats n_in=0", lambda: l1_stats(0), ValueError, "n_in"),
    ("l1_stats n_in=1.5", lambda: l1_stats(1.5), TypeError, "n_in"),
    ("l1_batch batch=0", lambda: l1_batch(0, 4), ValueError, "batch"),
    ("l1_batch n_in=-1", lambda: l1_batch(4, -1), ValueError, "n_in"),
    ("mlp_forward wrong width", lambda: mlp_forward(_NET, torch.zeros(3, 5)), ValueError, "x"),
    ("mlp_forward NaN", lambda: mlp_forward(_NET, torch.full((3, 16), float("nan"))), ValueError, "x"),
    ("mlp_forward 1-D", lambda: mlp_forward(_NET, torch.zeros(16)), ValueError, "x"),
    ("mlp_forward None", lambda: mlp_forward(_NET, None), TypeError, "x"),
    ("MLPWeights ragged", lambda: MLPWeights([torch.zeros(1, 4, 3)], [torch.zeros(1, 4)]), ValueError, "biases"),
    ("heldout_mse n_samples=0", lambda: heldout_mse(_NET, n_samples=0), ValueError, "n_samples"),
    ("heldout_mse chunk=0", lambda: heldout_mse(_NET, chunk=0), ValueError, "chunk"),
    ("positional_code odd width", lambda: positional_code(4, 3), ValueError, "width"),
    ("positional_code n=0", lambda: positional_code(0, 4), ValueError, "n"),
    ("HypernetConfig pe odd", lambda: HypernetConfig(pe=5), ValueError, "pe"),
    ("HypernetConfig hyperdepth=0", lambda: HypernetConfig(hyperdepth=0), ValueError, "hyperdepth"),
    ("HypernetConfig beta range", lambda: HypernetConfig(log10_beta_range=(0, -12)), ValueError, "log10_beta_range"),
    ("HypernetConfig n_layers=3", lambda: HypernetConfig(n_layers=3), ValueError, "n_layers"),
    ("KLHypernetwork cfg dict", lambda: KLHypernetwork({"n_in": 4}), TypeError, "cfg"),
    ("generate n_in=0", lambda: _HN.generate(1e-3, n_in=0), ValueError, "n_in"),
    ("generate n_hidden=-2", lambda: _HN.generate(1e-3, n_hidden=-2), ValueError, "n_hidden"),
    ("generate beta=0", lambda: _HN.generate(0.0), ValueError, "beta"),
    ("generate beta=NaN", lambda: _HN.generate(float("nan")), ValueError, "beta"),
    ("generate beta 2-D", lambda: _HN.generate(torch.ones(2, 2)), ValueError, "beta"),
    ("generate seed=-1", lambda: _HN.generate(1e-3, seed=-1), ValueError, "seed"),
    ("TrainConfig steps=0", lambda: TrainConfig(steps=0), ValueError, "steps"),
    ("TrainConfig lr<0", lambda: TrainConfig(lr=-1.0), ValueError, "lr"),
    ("TrainConfig sizes", lambda: TrainConfig(sizes="many"), ValueError, "sizes"),
    ("TrainConfig warmup", lambda: TrainConfig(beta_warmup=2.0), ValueError, "beta_warmup"),
    ("TrainConfig n_in_range", lambda: TrainConfig(n_in_range=(8, 4)), ValueError, "n_in_range"),
    ("TrainConfig arch", lambda: TrainConfig(arch=3), TypeError, "arch"),
    ("get_config unknown", lambda: get_config("cpu-smal"), ValueError, "config"),
    ("train_hypernet steps=0", lambda: train_hypernet("cpu-fixed", steps=0), ValueError, "steps"),
    ("train_hypernet config type", lambda: train_hypernet(3), TypeError, "config"),
    ("sample_betas n=0", lambda: sample_betas(0, HypernetConfig()), ValueError, "n"),
    ("load_hypernet missing", lambda: load_hypernet("/nonexistent/x.safetensors"), FileNotFoundError, "x.safetensors"),
    ("train_adam_baseline steps=0", lambda: train_adam_baseline(steps=0), ValueError, "steps"),
    ("train_adam_baseline n_in=0", lambda: train_adam_baseline(0), ValueError, "n_in"),
    ("order_parameters 1-D", lambda: order_parameters(torch.ones(4)), ValueError, "W"),
    ("order_parameters NaN", lambda: order_parameters(torch.full((2, 3), float("nan"))), ValueError, "W"),
    ("order_parameters V shape", lambda: order_parameters(torch.ones(2, 3), torch.ones(3, 3)), ValueError, "V"),
    ("classify boundaries type", lambda: classify_algorithm(torch.ones(2, 3), boundaries=4.0), TypeError, "boundaries"),
    ("PhaseBoundaries negative", lambda: PhaseBoundaries(double_sided_min=-1.0), ValueError, "double_sided_min"),
    ("double_sided too few hidden", lambda: double_sided_network(16, 20), ValueError, "n_hidden"),
    ("double_sided sharpness=0", lambda: double_sided_network(sharpness=0.0), ValueError, "sharpness"),
    ("pudding sign=0", lambda: pudding_network(sign=0), ValueError, "sign"),
    ("pudding too few hidden", lambda: pudding_network(16, 16), ValueError, "n_hidden"),
    ("convexity scale=0", lambda: convexity_network(scale=0.0), ValueError, "scale"),
    ("reference noise<0", lambda: double_sided_network(noise=-0.1), ValueError, "noise"),
    ("network_structure batch", lambda: network_structure(MLPWeights([torch.zeros(2, 4, 5), torch.zeros(2, 5, 1)],
                                                                       [torch.zeros(2, 5), torch.zeros(2, 1)])), ValueError, "net"),
    ("network_structure ratio", lambda: network_structure(_NET, dedicated_ratio=0.5), ValueError, "dedicated_ratio"),
    ("messiness type", lambda: messiness(torch.zeros(4, 4)), TypeError, "net"),
    ("fit_boundaries empty", lambda: fit_boundaries([], []), ValueError, "params"),
    ("fit_boundaries label", lambda: fit_boundaries([order_parameters(torch.ones(2, 3))], ["pizza"]), ValueError, "labels"),
    ("default_betas n=1", lambda: default_betas(1), ValueError, "n"),
    ("beta_sweep negative", lambda: beta_sweep(_HN, torch.tensor([-1.0])), ValueError, "betas"),
    ("beta_sweep empty", lambda: beta_sweep(_HN, torch.tensor([])), ValueError, "betas"),
    ("encoder_ablation NaN", lambda: encoder_ablation(_HN, torch.tensor([float("nan")])), ValueError, "betas"),
    ("size_generalization n_ins=[0]", lambda: size_generalization(_HN, n_ins=[0]), ValueError, "n_ins"),
    ("size_generalization n_hiddens=[]", lambda: size_generalization(_HN, n_hiddens=[]), ValueError, "n_hiddens"),
    ("size_generalization beta=0", lambda: size_generalization(_HN, beta=0.0), ValueError, "beta"),
    ("phase_over_training empty", lambda: phase_over_training([]), ValueError, "snapshot_paths"),
    ("force_layout steps=0", lambda: force_layout(_NET, steps=0), ValueError, "steps"),
    ("force_layout free_frac", lambda: force_layout(_NET, free_frac=1.0), ValueError, "free_frac"),
    ("plot_phase_grid by", lambda: plot_phase_grid(None, by="colour"), ValueError, "by"),
    ("plot_phase_grid type", lambda: plot_phase_grid(None), TypeError, "grid"),
    ("plot_beta_sweep type", lambda: plot_beta_sweep(3), TypeError, "sweeps"),
    ("plot_beta_sweep element", lambda: plot_beta_sweep([None]), TypeError, "NoneType"),
    ("plot_beta_sweep empty", lambda: plot_beta_sweep([]), ValueError, "sweeps"),
    ("plot_encoder_ablation type", lambda: plot_encoder_ablation("ab"), TypeError, "ab"),
    ("plot_size_grid type", lambda: plot_size_grid(None), TypeError, "grid"),
    ("network_structure NaN", lambda: network_structure(_NAN_NET), ValueError, "NaN"),
    ("messiness NaN", lambda: messiness(_NAN_NET), ValueError, "NaN"),
    ("force_layout NaN", lambda: force_layout(_NAN_NET), ValueError, "NaN"),
    ("order_parameters string", lambda: order_parameters("W"), TypeError, "W"),
    ("order_parameters batch", lambda: order_parameters(_NET.weights[0].repeat(2, 1, 1)), ValueError, "net[g]"),
    ("analyse_run sizes", lambda: analyse_run("/nonexistent", sizes=((4,),)), ValueError, "sizes"),
    ("analyse_run sizes=0", lambda: analyse_run("/nonexistent", sizes=((0, 5),)), ValueError, "sizes"),
    ("analyse_run no run", lambda: analyse_run("/nonexistent-run"), FileNotFoundError, "nonexistent-run"),
    ("shipped_hypernet name", lambda: shipped_hypernet("cpu-smal"), ValueError, "name"),
    ("shipped_hypernet seed", lambda: shipped_hypernet("cpu-fixed", seed=10_000), ValueError, "shipped seeds"),
    ("shipped_config name", lambda: shipped_config("paper"), ValueError, "name"),
    ("shipped_analyses name", lambda: shipped_analyses(3), TypeError, "name"),
]


def test_order_parameters_read_a_network_as_its_first_layer():
    assert order_parameters(_NET) == order_parameters(_NET.weights[0][0])
    assert classify_algorithm(_NET) == classify_algorithm(_NET.weights[0][0]) == "double-sided"


@pytest.mark.parametrize("call,error,name", [c[1:] for c in BAD_INPUT], ids=[c[0] for c in BAD_INPUT])
def test_bad_input_gets_a_clear_error(call, error, name):
    with pytest.raises(error) as e:
        call()
    assert name in str(e.value), str(e.value)
    assert "Traceback" not in str(e.value)


def test_beta_sweep_shapes():
    s = beta_sweep(KLHypernetwork(), betas=torch.logspace(-12, 0, 4), n_samples=1024)
    assert len(s.params) == 4 and s.weights.shape == (4, 16, 48) and set(s.algorithm) <= {"convexity", "pudding", "double-sided"}
    assert set(s.structure) <= {"convexity", "pudding", "double-sided", "other"}


# --- drawings -----------------------------------------------------------------------------------------------------
def test_drawing_energy_decreases_and_extra_dims_vanish():
    lay = force_layout(pudding_network().net, steps=500)
    assert lay.energy[-1] < 0.5 * lay.energy[0]
    assert lay.energy[99] <= 1.001 * min(lay.energy[:100])  # decreasing while the 4-D layout is free
    assert lay.extra_max < 1e-6 and lay.pos.shape == (16 + 48 + 1, 2)


# --- run analyses and the shipped artefacts ------------------------------------------------------------------------
def test_analyse_run_round_trips_through_strict_json(tmp_path):
    "Every figure of a (tiny) run survives to_dict -> strict JSON -> from_dict; the size grid has no NaN leaks."
    from mechinterp.hypernet import RunAnalysis, analyse_run
    train_hypernet(replace(TINY, steps=4), out_dir=tmp_path, device="cpu")
    ra = analyse_run(tmp_path, sizes=((16, 48), (4, 12)), device="cpu")
    assert ra.steps == 4 and ra.phase_grid.steps == [2, 4] and set(ra.sweeps) == {(16, 48), (4, 12)}
    back = RunAnalysis.from_dict(json.loads(json.dumps(ra.to_dict(), allow_nan=False)))
    assert back.config == ra.config and back.phase_grid.structure == ra.phase_grid.structure
    assert torch.allclose(back.sweeps[(4, 12)].test_mse, ra.sweeps[(4, 12)].test_mse)
    assert torch.equal(torch.isnan(back.size_grid.mse), torch.isnan(ra.size_grid.mse))
    with pytest.raises(FileNotFoundError, match="snap"):
        analyse_run(tmp_path / "empty", device="cpu")


@pytest.mark.parametrize("name", SHIPPED_CONFIGS)
def test_shipped_artefacts_are_the_named_config(name):
    "The shipped hypernetwork is the analysed snapshot of a run of the named config (a finished one if any finished)."
    from mechinterp.hypernet import shipped_analyses, shipped_config, shipped_hypernet, shipped_summary
    cfg = shipped_config(name)
    assert cfg == get_config(name, seed=cfg.seed)
    model, meta = shipped_hypernet(name, device="cpu")
    runs, heads = shipped_analyses(name), shipped_summary()["configs"][name]["runs"]
    shipped = next(r for r in runs if r.config.seed == cfg.seed)
    assert TrainConfig(**meta["train_config"]) == cfg and meta["step"] == shipped.steps
    assert shipped.steps == cfg.steps or not any(h["finished"] for h in heads)
    assert len({r.config.seed for r in runs}) == len(runs) >= 1
    for r, h in zip(runs, heads, strict=True):
        assert r.config == get_config(name, seed=r.config.seed) and 0 < r.steps <= cfg.steps
        assert r.phase_grid.steps[-1] == r.steps and (h["seed"], h["steps"]) == (r.config.seed, r.steps)
        assert h["finished"] == (r.steps == cfg.steps)
        _, m = shipped_hypernet(name, seed=r.config.seed, device="cpu")   # every seed's analysed snapshot ships
        assert TrainConfig(**m["train_config"]) == r.config and m["step"] == r.steps


@pytest.mark.parametrize("name", SHIPPED_CONFIGS)
def test_shipped_hypernet_regenerates_its_stored_analysis(name):
    "The shipped weights regenerate the networks its stored analysis describes (structure and test MSE per β)."
    from mechinterp.hypernet import shipped_analyses, shipped_config, shipped_hypernet
    model, _ = shipped_hypernet(name, device="cpu")
    ra = next(r for r in shipped_analyses(name) if r.config.seed == shipped_config(name).seed)
    live = beta_sweep(model, n_in=16, n_hidden=48, n_samples=4096)
    assert live.structure == ra.sweeps[(16, 48)].structure
    assert torch.allclose(live.test_mse, ra.sweeps[(16, 48)].test_mse, rtol=1e-3, atol=1e-5)
