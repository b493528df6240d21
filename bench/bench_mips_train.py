"""Benchmark: the batched MIPS trainer (all seeds and candidates of a rung as one BatchedRNN) against a plain loop that
trains one `RNN` per (candidate, seed) with its own Adam, on the same candidate set, the same minibatch stream and the
same number of steps. Both compute the same thing (checked: the trained networks agree), so the ratio of model-steps
per second is the speed-up of batching.

Reproduce:
    PYTHONPATH=. python bench/bench_mips_train.py --threads 1 --steps 200
    PYTHONPATH=. python bench/bench_mips_train.py --device cuda --steps 500     # on a GPU
"""
from __future__ import annotations

import argparse
import math
import platform
import time

import torch

from mechinterp.core import default_device
from mechinterp.mips.rnn import RNN, encode_inputs
from mechinterp.mips.search import Arch, level_candidates, make_data, train_batched
from mechinterp.mips.tasks import get_task


def plain_loop(data, configs, seeds, steps, batch_size, lr, device):
    "One RNN per (config, seed), trained one after the other on the same minibatch stream."
    nets = []
    t0 = time.time()
    for c, s in zip(configs, seeds):
        torch.manual_seed(s)
        r = RNN.from_config(c).to(device)
        opt = torch.optim.Adam(r.parameters(), lr=lr)
        sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda k: 0.01 + 0.99 * 0.5 * (1 + math.cos(math.pi * min(k, steps) / steps)))
        gen = torch.Generator(device="cpu").manual_seed(0)
        Xe = encode_inputs(data.X_train, encoding=c.encoding, low=c.low, high=c.high)
        for _ in range(steps):
            idx = torch.randint(len(Xe), (batch_size,), generator=gen).to(device)
            xe, y = Xe[idx], data.Y_train[idx].float()
            h = xe.new_zeros(batch_size, c.n)
            hs = []
            for t in range(xe.shape[1]):
                h = r.f(torch.cat([h, xe[:, t]], -1)); hs.append(h)
            out = r.g(torch.stack(hs, 1))
            loss = (0.5 * torch.log1p((out - y) ** 2)).mean()
            opt.zero_grad(set_to_none=True); loss.backward(); opt.step(); sched.step()
        nets.append(r)
    if device.type == "cuda": torch.cuda.synchronize()
    return nets, time.time() - t0


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--device", default=None)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--steps", type=int, default=200)
    p.add_argument("--batch-size", type=int, default=128)
    p.add_argument("--seeds", type=int, default=5)
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
          f"steps={a.steps} batch={a.batch_size} seeds={a.seeds}")
    for label, (name, archs) in sets.items():
        task = get_task(name)
        data = make_data(task, n_train=20_000, n_test=2_000, device=dev)
        configs = [x.config(task) for x in archs for _ in range(a.seeds)]
        seeds = [s for _ in archs for s in range(a.seeds)]
        M = len(configs)
        train_batched(data, configs, seeds, steps=5, batch_size=a.batch_size, stop=None, device=dev)  # warm-up
        res = train_batched(data, configs, seeds, steps=a.steps, batch_size=a.batch_size, lr=3e-3, stop=None, device=dev)
        tb = res.train_s  # the training loop alone (setup and the final test pass excluded, as in the plain loop)
        assert res.model.padding_is_zero()
        nets, tp = plain_loop(data, configs, seeds, a.steps, a.batch_size, 3e-3, dev)
        X = data.X_test[:256]
        diff = max((res.model.extract(m).to(dev)(X) - nets[m](X)).abs().max().item() for m in range(M))
        print(f"{label}: {M} models ({', '.join(map(str, archs))} x {a.seeds} seeds)")
        print(f"  batched: {a.steps * M / tb:9.1f} model-steps/s  ({a.steps / tb:.1f} batched steps/s, {tb:.1f}s; "
              f"{res.wall_s:.1f}s with setup and the final full-test pass)")
        print(f"  plain  : {a.steps * M / tp:9.1f} model-steps/s  ({tp:.1f}s)")
        print(f"  speed-up {tp / tb:.1f}x; max |output difference| between the two trainings after {a.steps} steps: {diff:.2e}")


if __name__ == "__main__":
    main()
