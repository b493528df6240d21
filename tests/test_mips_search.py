"""Tests for mechinterp.mips.search: the batched trainer is the same computation as one RNN per seed, the search
visits candidates in the documented order and bisects to the right answer (checked with a planted oracle, no training),
and the CLI trains, saves and resumes. Tiny budgets only."""
import math

import pytest
import torch

from mechinterp.core import load_json
from mechinterp.mips.rnn import RNN, RNNConfig, accuracy, encode_inputs
from mechinterp.mips.backend import LocalBackend
from mechinterp.mips.batched import BatchedRNN, make_data, train_batched
from mechinterp.mips.search import (Arch, SearchConfig, _Searcher, _search, group_for_batching, level_candidates,
                                    search_cli, train_cli, N_LADDER)
from mechinterp.mips.tasks import get_task


def test_batched_forward_equals_separate_rnns_with_padding():
    cfgs = [RNNConfig(1, n, wf, 2, wg, 3, encoding="onehot", low=0, high=3) for n, wf, wg in [(1, 2, 3), (4, 1, 1), (2, 5, 2)]]
    bm = BatchedRNN(cfgs, [3, 4, 5], device="cpu")
    X = torch.randint(0, 4, (5, 7, 1))
    out = bm(encode_inputs(X, encoding="onehot", low=0, high=3))
    for m, c in enumerate(cfgs):
        torch.manual_seed([3, 4, 5][m])
        ref = RNN.from_config(c)
        torch.testing.assert_close(out[m], ref(X), rtol=1e-5, atol=1e-5)
        torch.testing.assert_close(bm.extract(m)(X), ref(X), rtol=1e-5, atol=1e-5)


def test_batched_training_equals_plain_training():
    """A few Adam steps of the batch give the same networks as training each (config, seed) alone."""
    task = get_task("Binary_Addition")
    data = make_data(task, n_train=500, n_test=100, device="cpu")
    cfgs = [Arch(1, 1, 1, 3, 2).config(task), Arch(2, 1, 1, 2, 2).config(task)]  # padded to n=2, w_g=3
    steps, lr, bs = 15, 1e-2, 32
    res = train_batched(data, cfgs, [0, 1], steps=steps, batch_size=bs, lr=lr, stop=None, device="cpu")
    for m, c in enumerate(cfgs):
        torch.manual_seed(m)
        r = RNN.from_config(c)
        opt = torch.optim.Adam(r.parameters(), lr=lr)
        sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda k: 0.01 + 0.99 * 0.5 * (1 + math.cos(math.pi * min(k, steps) / steps)))
        gen = torch.Generator().manual_seed(0)
        for _ in range(steps):
            idx = torch.randint(len(data.X_train), (bs,), generator=gen)
            loss = (0.5 * torch.log1p((r(data.X_train[idx]) - data.Y_train[idx].float()) ** 2)).mean()
            opt.zero_grad(); loss.backward(); opt.step(); sched.step()
        torch.testing.assert_close(res.model.extract(m)(data.X_test), r(data.X_test), rtol=1e-4, atol=1e-4)
    assert res.model.padding_is_zero()


def test_ladder_and_grouping():
    assert level_candidates(0, 1, 1) == [Arch(1, 1, 1, 1, 1)]
    lv = level_candidates(4, 2, 2)
    assert all(a.w_f == a.w_g for a in lv) and len(lv) == 5
    groups = group_for_batching(level_candidates(10, 1, 2), 1, 1, max_pad_ratio=2.0)
    assert sorted(a for g in groups for a in g) == sorted(level_candidates(10, 1, 2))
    assert len(groups) > 1  # very different shapes are not padded into one batch


def _oracle_searcher(monkeypatch, solved, cfg):
    """A searcher whose rungs are decided by `solved(arch)` instead of training; records every candidate tried."""
    tried = []
    def fake_run_rung(self, archs, phase, stop, encoding):
        tried.append((phase, list(archs)))
        perf = [solved(a) for a in archs]
        for a, p in zip(archs, perf):
            if p: self._offer(a, 0, 1.0, None, encoding)
        return perf
    monkeypatch.setattr(_Searcher, "run_rung", fake_run_rung)
    monkeypatch.setattr("mechinterp.mips.search.make_data", lambda *a, **k: None)
    return _Searcher(get_task("Sum_Last5"), cfg, None, "cpu", False, LocalBackend()), tried


def test_search_order_and_bisection_with_planted_oracle(monkeypatch):
    # planted: the affine class needs n >= 5; nothing else works
    s, tried = _oracle_searcher(monkeypatch, lambda a: a.d_f == 1 and a.d_g == 1 and a.n >= 5, SearchConfig(seeds=1, steps=1))
    res = _search(s)
    assert res.arch == "(5,1,1,1,1)"
    sweep = [t for t in tried if t[0] == "sweep"]
    assert sweep[0][1] == [Arch(1, 1, 1, 1, 1)]                    # level 0, simplest class first
    assert sweep[-1][1] == [Arch(6, 1, 1, 1, 1)]                   # first ladder n that works (1,2,3,4,6)
    assert [t for t in tried if t[0] == "bisect"][0][1] == [Arch(5, 1, 1, 1, 1)]  # bisect between 4 (fail) and 6


def test_bisection_of_width(monkeypatch):
    # planted: needs d_g = 2 with n >= 2 and w_g >= 11; every class with d_g = 1 fails
    ok = lambda a: a.d_g == 2 and a.d_f == 1 and a.n >= 2 and a.w_g >= 11
    s, tried = _oracle_searcher(monkeypatch, ok, SearchConfig(seeds=1, steps=1, depth_classes=[(1, 1), (2, 1), (1, 2)]))
    res = _search(s)
    assert res.arch == "(2,1,1,11,2)"


def test_train_cli_and_search_cli_resume(tmp_path, capsys):
    common = ["--seeds", "2", "--steps", "200", "--lr", "1e-2", "--batch-size", "64", "--n-train", "1000", "--n-test", "500",
              "--device", "cpu"]
    assert train_cli(["Bitwise_Not", "--arch", "1,1,1,1,1", "--out", str(tmp_path / "t")] + common) == 0
    r = RNN.load(tmp_path / "t" / "Bitwise_Not.safetensors")
    X, Y = get_task("Bitwise_Not").sample(300, seed=99)
    assert accuracy(r, X, Y) == 1.0
    with pytest.raises(ValueError, match="Did you mean Bitwise_Not"):
        train_cli(["Bitwise_Nott"] + common)
    out = tmp_path / "s"
    assert search_cli(["--tasks", "Bitwise_Not,Bitwise_And", "--out", str(out), "--classes", "1,1", "--max-level", "1"] + common) == 0
    rec = load_json(out / "Bitwise_Not.json")
    assert rec["done"] and rec["search"]["arch"] == "(1,1,1,1,1)"
    assert (out / "results.md").read_text().count("Bitwise_") == 2
    assert search_cli(["--tasks", "Bitwise_Not", "--out", str(out), "--resume"] + common) == 0
    assert "skipped" in capsys.readouterr().out


def test_l1_penalty_shrinks_weights():
    task = get_task("Sum_Last2")
    data = make_data(task, n_train=500, n_test=100, device="cpu")
    cfg = [Arch(3, 1, 1, 1, 1).config(task)]
    norms = [train_batched(data, cfg, [0], steps=60, batch_size=32, lr=1e-2, l1=l1, stop=None).model.l1().item()
             for l1 in (0.0, 1.0)]
    assert norms[1] < 0.7 * norms[0]


def test_vector_outputs_newton_magnetic():
    task = get_task("Newton_Magnetic")
    data = make_data(task, n_train=200, n_test=50, device="cpu")
    assert data.Y_test.shape == (50, 10, 2)
    cfg = Arch(4, 1, 1, 1, 1).config(task)
    res = train_batched(data, [cfg, cfg], [0, 1], steps=5, batch_size=16, stop=None)
    r = res.model.extract(1)
    X, Y = task.sample(20, seed=5)
    assert r.predict(X).shape == Y.shape == (20, 10, 2)
    assert 0.0 <= accuracy(r, X, Y) <= 1.0 and len(res.accuracies) == 2


def test_rnn_save_load_for_every_header_length(tmp_path):
    """safetensors files begin with the header length; a low byte of 0x80 once looked like a pickle to
    core.load_tensors. Every header length must load back."""
    r = RNN(1, 2, 1, 1, 1, 1)
    first = set()
    for k in range(260):
        p = r.save(tmp_path / "r.safetensors", meta={"x": "a" * k})
        first.add(p.read_bytes()[0])
        assert RNN.load(p).config == r.config
    assert 0x80 in first  # the case that used to be refused was exercised


def test_search_cli_extend_continues_an_unfound_task(tmp_path, capsys):
    "A finished search that found nothing continues from its finished rungs with --resume --extend (found ones stay)."
    common = ["--seeds", "1", "--steps", "5", "--batch-size", "32", "--n-train", "200", "--n-test", "100",
              "--device", "cpu", "--classes", "1,1", "--encoding", "raw"]
    out = str(tmp_path / "s")
    assert search_cli(["--tasks", "Sum_Last2", "--out", out, "--max-level", "1"] + common) == 0
    first = load_json(tmp_path / "s" / "Sum_Last2.json")["search"]
    assert first["found"] is False and first["rungs"]
    with pytest.raises(ValueError, match="pass it with --resume"):
        search_cli(["--tasks", "Sum_Last2", "--out", out, "--extend"] + common)
    assert search_cli(["--tasks", "Sum_Last2", "--out", out, "--resume", "--max-level", "2"] + common) == 0
    assert "done already, skipped" in capsys.readouterr().out
    assert search_cli(["--tasks", "Sum_Last2", "--out", out, "--resume", "--extend", "--max-level", "2"] + common) == 0
    assert "continuing from its finished rungs" in capsys.readouterr().out
    again = load_json(tmp_path / "s" / "Sum_Last2.json")["search"]
    n = len(first["rungs"])
    assert len(again["rungs"]) > n and again["rungs"][:n] == first["rungs"]   # finished rungs replayed, not retrained
