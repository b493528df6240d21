"""Regenerate every shipped hypernetwork artefact (mechinterp/data/hypernet/) with one command, and print what the
notebooks report.

    python bench/make_hypernet_artefacts.py --runs runs/hypernet

It trains (or resumes, from each run's newest checkpoint) the named configs for every seed, one run after the other
on one CPU thread, then analyses every run (β sweep, algorithm over training, encoder ablation, unseen sizes), trains
the Adam baselines at the fixed-size config's budget and at twice it, and writes into --out (default: the package's
data/hypernet folder):

    <config>.safetensors, <config>.config.json   the final snapshot of the shipped seed, and its training config
    runs/<config>-seed<k>.json                    the analyses of every seed (no weights)
    adam_baseline.safetensors                     the equal-budget Adam network of seed 0
    summary.json                                  wall times, steps, Adam test MSEs and messiness, per-run headlines

Rerunning the command after an interruption continues where it stopped; finished runs are not retrained.
"""
import argparse
import json
import shutil
import sys
import time
from pathlib import Path

import torch

from mechinterp.core import data_path, load_json, save_json, save_tensors
from mechinterp.hypernet import (UNSEEN_SIZES, default_betas, encoder_ablation, get_config, heldout_mse, load_hypernet,
                                 messiness, network_structure, phase_over_training, beta_sweep, size_generalization,
                                 snapshots, train_adam_baseline, train_hypernet)

SHIPPED_SEED = 0  # the seed whose final hypernetwork ships (every seed's analyses ship as JSON)


def run_dir(runs: Path, config: str, seed: int) -> Path:
    return runs / f"{config}-seed{seed}"


def analyse_run(folder: Path) -> dict:
    "Every analysis of one finished run, as JSON-ready data."
    snaps = snapshots(folder)
    model, meta = load_hypernet(snaps[-1], device="cpu")
    t0 = time.time()
    grid = phase_over_training(snaps, device="cpu", progress=False)
    sweep = beta_sweep(model)
    ab = encoder_ablation(model)
    sizes = size_generalization(model, n_ins=(4, 8, 12, 16, 24, 32), n_hiddens=(12, 24, 36, 48, 72, 96))
    low = sweep.test_mse[sweep.betas <= 1e-9]
    return {
        "train_config": meta["train_config"], "step": meta["step"], "train_wall_s": meta["elapsed_s"],
        "phase_grid": grid.__dict__,
        "sweep": {"betas": sweep.betas.tolist(), "algorithm": sweep.algorithm, "structure": sweep.structure,
                  "params": [p.__dict__ for p in sweep.params], "test_mse": sweep.test_mse.tolist(),
                  "kl": sweep.kl.tolist()},
        "encoder_ablation": {"betas": ab.betas.tolist(), "mse_encoder": ab.mse_encoder.tolist(),
                             "mse_decoder_only": ab.mse_decoder_only.tolist()},
        "sizes": {"n_ins": sizes.n_ins, "n_hiddens": sizes.n_hiddens,
                  "mse": [[None if v != v else v for v in row] for row in sizes.mse.tolist()],
                  "structure": sizes.structure, "beta": sizes.beta,
                  "fraction_unseen_within_0.1": sizes.fraction_within(0.1, UNSEEN_SIZES)},
        "low_beta_median_mse": float(low.median()),
        "analysis_wall_s": time.time() - t0,
    }


def adam_baselines(config: str) -> tuple[dict, object]:
    "Adam at the config's budget (seeds 0, 1, 2) and at twice its steps; MSE and messiness of each."
    tc = get_config(config)
    out, net0 = {"steps": tc.steps, "batch": tc.batch, "lr": tc.lr, "equal": [], "twice": []}, None
    for key, steps in (("equal", tc.steps), ("twice", 2 * tc.steps)):
        for seed in (0, 1, 2):
            r = train_adam_baseline(tc.arch.n_in, tc.arch.n_hidden, steps=steps, batch=tc.batch, lr=tc.lr, seed=seed,
                                    device="cpu", progress=False)
            m = messiness(r.net)
            out[key].append({"seed": seed, "test_mse": r.test_mse, "wall_s": r.wall_s,
                             "structure": network_structure(r.net).algorithm,
                             "inputs_per_neuron": m.inputs_per_neuron, "neurons_per_input": m.neurons_per_input})
            if key == "equal" and seed == 0: net0 = r.net
    return out, net0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", required=True, help="folder for the training runs (resumable)")
    ap.add_argument("--out", default=None, help="artefact folder (default: the package's data/hypernet)")
    ap.add_argument("--configs", nargs="+", default=["cpu-fixed", "cpu-multisize"])
    ap.add_argument("--seeds", nargs="+", type=int, default=[0, 1, 2])
    ap.add_argument("--train-only", action="store_true", help="train (or resume) the runs, analyse nothing")
    a = ap.parse_args(argv)
    torch.set_num_threads(1)
    runs = Path(a.runs)
    dest = Path(a.out) if a.out else data_path("hypernet", must_exist=False)
    (dest / "runs").mkdir(parents=True, exist_ok=True)
    for config in a.configs:
        for seed in a.seeds:
            r = train_hypernet(get_config(config, seed=seed), out_dir=run_dir(runs, config, seed), device="cpu",
                               progress=False)
            print(f"trained {config} seed {seed}: {r.steps} steps, {r.wall_s:.0f} s", flush=True)
    if a.train_only: return 0
    summary = {"configs": {}, "shipped_seed": SHIPPED_SEED}
    for config in a.configs:
        heads = []
        for seed in a.seeds:
            res = analyse_run(run_dir(runs, config, seed))
            save_json(dest / "runs" / f"{config}-seed{seed}.json", res)
            heads.append({"seed": seed, "steps": res["step"], "train_wall_s": res["train_wall_s"],
                          "structures_in_sweep": sorted(set(res["sweep"]["structure"])),
                          "low_beta_median_mse": res["low_beta_median_mse"],
                          "fraction_unseen_within_0.1": res["sizes"]["fraction_unseen_within_0.1"]})
            print(json.dumps({"config": config, **heads[-1]}), flush=True)
        final = snapshots(run_dir(runs, config, SHIPPED_SEED))[-1]
        shutil.copyfile(final, dest / f"{config}.safetensors")
        save_json(dest / f"{config}.config.json", get_config(config, seed=SHIPPED_SEED).to_dict())
        summary["configs"][config] = heads
    adam, net0 = adam_baselines(a.configs[0])
    save_tensors(dest / "adam_baseline.safetensors",
                 {"W1": net0.weights[0][0], "b1": net0.biases[0][0], "W2": net0.weights[1][0], "b2": net0.biases[1][0]},
                 {k: adam[k] for k in ("steps", "batch", "lr")} | {"test_mse": adam["equal"][0]["test_mse"], "seed": 0})
    summary["adam"] = adam
    save_json(dest / "summary.json", summary)
    print(json.dumps({"adam": adam}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
