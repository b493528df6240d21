"""Build the shipped hypernetwork artefacts (mechinterp/data/hypernet/) from a finished training run, and print the
numbers the analysis notebook reports.

Reproduce (CPU, one thread):
    mechinterp hypernet --config cpu-small --out runs/hn-cpu-small --device cpu --threads 1
    python bench/make_hypernet_artefacts.py runs/hn-cpu-small
"""
import json
import shutil
import sys
import time
from pathlib import Path

import torch

from mechinterp.core import data_path, save_json, save_tensors
from mechinterp.hypernet import (TrainConfig, beta_sweep, encoder_ablation, load_hypernet, phase_over_training, snapshots,
                                 train_adam_baseline)


def main(run: str, dest: str | None = None) -> None:
    torch.set_num_threads(1)
    run, dest = Path(run), Path(dest) if dest else data_path("hypernet", must_exist=False)
    dest.mkdir(parents=True, exist_ok=True)
    snaps = snapshots(run)
    if not snaps: raise SystemExit(f"no snapshots in {run}")
    final = snaps[-1]
    model, meta = load_hypernet(final, device="cpu")
    tc = TrainConfig(**meta["train_config"])
    shutil.copy(final, dest / "hypernet_cpu_small.safetensors")
    shutil.copy(run / "history.json", dest / "history.json")

    t0 = time.time()
    base = train_adam_baseline(steps=tc.steps, batch=tc.batch, lr=tc.lr, seed=tc.seed, device="cpu", progress=False)
    n = base.net
    # spread of the matched-budget baseline over seeds, and the same baseline with twice the steps
    others = [train_adam_baseline(steps=tc.steps, batch=tc.batch, lr=tc.lr, seed=s, device="cpu", progress=False).test_mse
              for s in (1, 2)]
    longer = train_adam_baseline(steps=2 * tc.steps, batch=tc.batch, lr=tc.lr, seed=tc.seed, device="cpu",
                                 progress=False).test_mse
    save_tensors(dest / "adam_baseline.safetensors",
                 {"W1": n.weights[0][0], "b1": n.biases[0][0], "W2": n.weights[1][0], "b2": n.biases[1][0]},
                 {"test_mse": base.test_mse, "steps": tc.steps, "batch": tc.batch, "lr": tc.lr, "seed": tc.seed,
                  "wall_s": base.wall_s, "history": base.history,
                  "test_mse_seeds_0_1_2": [base.test_mse] + others, "test_mse_twice_the_steps": longer})

    grid = phase_over_training(snaps, device="cpu")
    save_json(dest / "phase_grid.json", grid.__dict__)

    sweep = beta_sweep(model)
    ab = encoder_ablation(model)
    summary = {
        "run": str(run), "final_step": meta["step"], "train_wall_s": meta["elapsed_s"], "train_config": meta["train_config"],
        "adam_test_mse": base.test_mse, "adam_wall_s": base.wall_s,
        "adam_test_mse_seeds_0_1_2": [base.test_mse] + others, "adam_test_mse_twice_the_steps": longer,
        "betas": sweep.betas.tolist(), "test_mse": sweep.test_mse.tolist(), "kl": sweep.kl.tolist(),
        "algorithm": sweep.algorithm,
        "order_parameters": [p.__dict__ for p in sweep.params],
        "mse_decoder_only": ab.mse_decoder_only.tolist(),
        "made_in_s": time.time() - t0,
    }
    save_json(dest / "summary.json", summary)
    print(json.dumps({k: summary[k] for k in ("final_step", "train_wall_s", "adam_test_mse", "adam_test_mse_seeds_0_1_2",
                                             "adam_test_mse_twice_the_steps")}))
    for b, m, a, k, d in zip(summary["betas"], summary["test_mse"], summary["algorithm"], summary["kl"], summary["mse_decoder_only"]):
        print(f"beta={b:.1e}  test_mse={m:.4f}  decoder_only={d:.4f}  kl={k:9.1f}  {a}")


if __name__ == "__main__":
    main(*sys.argv[1:])
