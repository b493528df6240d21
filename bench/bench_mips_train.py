"""Benchmark: the batched MIPS trainer (all seeds and candidates of a rung as one BatchedRNN) against a plain loop that
trains one `RNN` per (candidate, seed) with its own Adam and autograd, on the same candidate set, the same minibatch
stream and the same number of steps.

Speed: the ratio of the two training loops' running times, each the best of `--repeats` runs (the usual guard
against a busy machine). Both wall time and the process's CPU time are printed; with `--threads 1` the CPU time
depends less on what else the machine runs.

Equality: the two trainings compute the same networks up to rounding (the batched products sum in another order).
For each model the bench prints max |output difference| between the batched and the plain training, and, as the
control, the same difference between the plain training and itself started from initial weights nudged by one unit
in the last place (×(1 + 2⁻²³) in float32, ×(1 + 2⁻⁵²) in float64). A training that amplifies rounding (chaotic)
shows a large control too; the batched trainer is exact to rounding when its difference is no larger than the
control's. `--check-dtype float64` repeats the comparison in float64 (no timing).

Reproduce:
    PYTHONPATH=. python bench/bench_mips_train.py --threads 1 --steps 300
    PYTHONPATH=. python bench/bench_mips_train.py --device cuda --steps 500     # on a GPU
"""
from __future__ import annotations

import argparse
import platform
import time

import torch

from mechinterp.core import default_device
from mechinterp.mips.batched import _schedule, make_data, train_batched
from mechinterp.mips.rnn import RNN, encode_inputs
from mechinterp.mips.search import Arch, level_candidates
from mechinterp.mips.tasks import get_task

ULP = {torch.float32: 2.0 ** -23, torch.float64: 2.0 ** -52}


def plain_loop(data, configs, seeds, steps, batch_size, lr, device, *, dtype=torch.float32, perturb=0.0):
    "One RNN per (config, seed), trained one after the other on the same minibatch stream; (nets, wall s, CPU s)."
    nets = []
    t0, c0 = time.perf_counter(), time.process_time()
    for c, s in zip(configs, seeds):
        torch.manual_seed(s)
        r = RNN.from_config(c).to(device=device, dtype=dtype)
        if perturb:
            with torch.no_grad():
                for p in r.parameters(): p.mul_(1 + perturb)
        opt = torch.optim.Adam(r.parameters(), lr=lr)
        sched = torch.optim.lr_scheduler.LambdaLR(opt, _schedule(steps, True))
        gen = torch.Generator(device="cpu").manual_seed(0)
        Xe = encode_inputs(data.X_train, encoding=c.encoding, low=c.low, high=c.high, dtype=dtype)
        Y = data.Y_train.to(dtype)
        for _ in range(steps):
            idx = torch.randint(len(Xe), (batch_size,), generator=gen).to(device)
            xe, y = Xe[idx], Y[idx]
            h = xe.new_zeros(batch_size, c.n)
            hs = []
            for t in range(xe.shape[1]):
                h = r.f(torch.cat([h, xe[:, t]], -1)); hs.append(h)
            out = r.g(torch.stack(hs, 1))
            loss = (0.5 * torch.log1p((out - y) ** 2)).mean()
            opt.zero_grad(set_to_none=True); loss.backward(); opt.step(); sched.step()
        nets.append(r)
    if device.type == "cuda": torch.cuda.synchronize()
    return nets, time.perf_counter() - t0, time.process_time() - c0


def max_diff(a, b, X):
    with torch.no_grad(): return (a(X) - b(X)).abs().max().item()


def spectral_radius(r: RNN) -> float:
    "Largest |eigenvalue| of the state-to-state weights of an affine f (d_f = 1); NaN otherwise."
    lins = [l for l in r.f if isinstance(l, torch.nn.Linear)]
    if len(lins) != 1: return float("nan")
    W = lins[0].weight.detach()[:, :r.n].double()
    return torch.linalg.eigvals(W).abs().max().item()


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--device", default=None)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--steps", type=int, default=200)
    p.add_argument("--batch-size", type=int, default=128)
    p.add_argument("--seeds", type=int, default=5)
    p.add_argument("--repeats", type=int, default=3, help="time each loop this many times and keep the best")
    p.add_argument("--check-dtype", default="float64", help="float64 (repeat the equality check in float64) or none")
    a = p.parse_args(argv)
    torch.set_num_threads(a.threads)
    dev = default_device(a.device)
    sets = {
        # the (d_f, d_g) = (1, 2) rung at sweep level 2 on Binary_Addition: 3 candidates x seeds
        "Binary_Addition level-2 rung (1,2)": ("Binary_Addition", level_candidates(2, 1, 2)),
        # one candidate, seeds only: the affine Sum_Last2 network
        "Sum_Last2 p=(2,1,1,1,1)": ("Sum_Last2", [Arch(2, 1, 1, 1, 1)]),
    }
    print(f"device={dev} threads={torch.get_num_threads()} torch={torch.__version__} python={platform.python_version()} "
          f"steps={a.steps} batch={a.batch_size} seeds={a.seeds} repeats={a.repeats}")
    lr = 3e-3
    for label, (name, archs) in sets.items():
        task = get_task(name)
        data = make_data(task, n_train=20_000, n_test=2_000, device=dev)
        configs = [x.config(task) for x in archs for _ in range(a.seeds)]
        seeds = [s for _ in archs for s in range(a.seeds)]
        M = len(configs)
        kw = dict(batch_size=a.batch_size, lr=lr, stop=None, device=dev, progress=False)
        train_batched(data, configs, seeds, steps=5, **kw)  # warm-up
        tb = cb = tp = cp = float("inf")
        for _ in range(a.repeats):
            c0 = time.process_time()
            res = train_batched(data, configs, seeds, steps=a.steps, **kw)
            cb = min(cb, time.process_time() - c0)  # CPU time, setup and the final test pass included (a handicap)
            tb = min(tb, res.train_s)  # the training loop alone (setup and final test pass excluded, as in plain)
            assert res.model.padding_is_zero()
            nets, t_, c_ = plain_loop(data, configs, seeds, a.steps, a.batch_size, lr, dev)
            tp, cp = min(tp, t_), min(cp, c_)
        X = data.X_test[:256]
        print(f"{label}: {M} models ({', '.join(map(str, archs))} x {a.seeds} seeds)")
        print(f"  batched: {a.steps * M / tb:9.1f} model-steps/s  ({tb:.1f}s wall; {cb:.1f}s CPU with setup and the "
              f"final full-test pass)")
        print(f"  plain  : {a.steps * M / tp:9.1f} model-steps/s  ({tp:.1f}s wall; {cp:.1f}s CPU)")
        print(f"  speed-up {tp / tb:.1f}x wall, {cp / cb:.1f}x CPU time")
        checks = [(torch.float32, res.model, nets)]
        if a.check_dtype != "none":
            dt = getattr(torch, a.check_dtype)
            r64 = train_batched(data, configs, seeds, steps=a.steps, dtype=dt, **kw)
            checks.append((dt, r64.model, plain_loop(data, configs, seeds, a.steps, a.batch_size, lr, dev, dtype=dt)[0]))
        for dt, bm, ref in checks:
            nudged = plain_loop(data, configs, seeds, a.steps, a.batch_size, lr, dev, dtype=dt, perturb=ULP[dt])[0]
            db = [max_diff(bm.extract(m).to(dev), ref[m], X) for m in range(M)]
            dc = [max_diff(nudged[m], ref[m], X) for m in range(M)]
            worst = max(range(M), key=lambda m: db[m])
            print(f"  {str(dt)[6:]}: max |batched - plain| {max(db):.2e} (model {worst}: {db[worst]:.2e}, control "
                  f"{dc[worst]:.2e}, spectral radius {spectral_radius(ref[worst]):.2f}); control max "
                  f"|plain - plain nudged 1 ulp| {max(dc):.2e}; models with batched > 10 x control + 1e-6: "
                  f"{sum(b > 10 * c + 1e-6 for b, c in zip(db, dc))}")


if __name__ == "__main__":
    main()
