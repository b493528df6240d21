"""Regenerate every shipped hypernetwork artefact (mechinterp/data/hypernet/) with one command:

    OMP_NUM_THREADS=1 python bench/make_hypernet_artefacts.py --runs runs/hypernet

It trains (or resumes, from each run's newest checkpoint) every (config, seed) of --seeds (default: cpu-fixed seeds
1-9, cpu-multisize seeds 0-5, cpu-multisize-sizecode seeds 0-2), one run after the other on one CPU thread
(`--train-only` stops there; several such commands with different --seeds may train in parallel into the same --runs
folder; `--adam-only` trains only the Adam baselines), then analyses every run (`mechinterp.hypernet.analyse_run`: the
algorithm over training × β, the final β sweeps at (16, 48) and at the 20 unseen sizes, the encoder ablation, the size
grid), trains the Adam baselines at the fixed-size config's budget and at twice it, and writes into --out (default:
the package's data/hypernet folder):

    weights/<config>-seed<k>.safetensors         the analysed snapshot of every seed (what its analysis was made from)
    <config>.config.json                         the training config of the config's shipped seed
    analyses/<config>-seed<k>.json                the `RunAnalysis` of every seed (no weights)
    adam_baseline.safetensors, adam.json          the equal-budget Adam network of seed 0; every Adam run's figures
    summary.json                                  per run: steps, training wall time, config, low-β test MSE and
                                                  messiness; the shipped seed of each config and why; the Adam runs

The shipped seed of a config is the finished run (any run, if none finished) whose final networks at β = 1e-12 reach
test MSE <= 0.1 on the most unseen sizes; ties go to the one with the most algorithms in its (16, 48) β sweep, then to
the lower low-β test MSE. Every seed's analysis and weights ship, so the notebooks show all of them. Rerunning the
command after an interruption continues where it stopped; finished runs are not retrained (a run folder holding only a
finished run's last snapshot, such as a shipped weights/<config>-seed<k>.safetensors copied in as
snap-000016000.safetensors, counts as finished), and a run's analysis is recomputed only when its final step changed.
`--partial` analyses runs as far as they got (each run's analysis records its step; the notebooks print it), without
training them further.
"""
import argparse
import json
import shutil
import sys
from pathlib import Path

import torch

from mechinterp.core import data_path, load_json, load_tensors, save_json, save_tensors
from mechinterp.hypernet import (UNSEEN_SIZES, RunAnalysis, TrainConfig, analyse_run, get_config, load_hypernet, messiness,
                                 network_structure, snapshots, train_adam_baseline, train_hypernet)

LOW_BETA = 1e-9  # "low β": the sweep's β at or below this


def run_dir(runs: Path, config: str, seed: int) -> Path:
    return runs / f"{config}-seed{seed}"


def run_finished(folder: Path, tc: TrainConfig) -> bool:
    "The run in `folder` is `tc` and its newest snapshot is its last step (with or without its checkpoints)."
    snaps = snapshots(folder)
    if not snaps: return False
    meta = load_tensors(snaps[-1])[1]
    return meta["step"] == tc.steps and TrainConfig(**meta["train_config"]) == tc


def headline(ra: RunAnalysis, folder: Path) -> dict:
    "The per-run figures of summary.json."
    s = ra.sweeps[(16, 48)]
    low = s.test_mse[s.betas <= LOW_BETA]
    model, _ = load_hypernet(snapshots(folder)[-1], device="cpu")
    net = model.generate(1e-12, n_in=16, n_hidden=48, seed=0).net.detach()
    m = messiness(net)
    return {"seed": ra.config.seed, "steps": ra.steps, "finished": ra.steps == ra.config.steps, "train_wall_s": round(ra.train_wall_s, 1),
            "structures_in_sweep": sorted(set(s.structure)), "algorithms_in_sweep": sorted(set(s.algorithm)),
            "low_beta_median_test_mse": float(low.median()),
            "low_beta_messiness": {"inputs_per_neuron": m.inputs_per_neuron, "neurons_per_input": m.neurons_per_input,
                                   "structure": network_structure(net).algorithm},
            "unseen_within_0.1": ra.size_grid.fraction_within(0.1, UNSEEN_SIZES),
            "analysis_wall_s": round(ra.analysis_wall_s, 1)}


def ship_key(h: dict) -> tuple:
    known = len(set(h["structures_in_sweep"]) - {"other"})
    return (h["unseen_within_0.1"], known, -h["low_beta_median_test_mse"])


ADAM_SEEDS = {"equal": (0, 1, 2), "twice": (0,)}  # Adam seeds at the config's step budget and at twice it


def adam_baselines(config: str, dest: Path) -> dict:
    "Adam at the config's budget and at twice its steps; test MSE and messiness of each. Writes adam.json + net."
    tc = get_config(config)
    settings = {"config": config, "steps": tc.steps, "batch": tc.batch, "lr": tc.lr, "seeds": ADAM_SEEDS}
    if (dest / "adam.json").is_file() and (dest / "adam_baseline.safetensors").is_file():
        old = load_json(dest / "adam.json")
        if {k: old.get(k) for k in settings} == json.loads(json.dumps(settings)): return old
    out, net0 = {**settings, "equal": [], "twice": []}, None
    for key, steps in (("equal", tc.steps), ("twice", 2 * tc.steps)):
        for seed in ADAM_SEEDS[key]:
            r = train_adam_baseline(tc.arch.n_in, tc.arch.n_hidden, steps=steps, batch=tc.batch, lr=tc.lr, seed=seed,
                                    device="cpu", progress=False)
            m = messiness(r.net)
            out[key].append({"seed": seed, "steps": steps, "test_mse": r.test_mse, "wall_s": round(r.wall_s, 1),
                             "structure": network_structure(r.net).algorithm,
                             "inputs_per_neuron": m.inputs_per_neuron, "neurons_per_input": m.neurons_per_input})
            print(json.dumps({"adam": key, **out[key][-1]}), flush=True)
            if key == "equal" and seed == 0: net0 = r.net
    save_tensors(dest / "adam_baseline.safetensors",
                 {"W1": net0.weights[0][0], "b1": net0.biases[0][0], "W2": net0.weights[1][0], "b2": net0.biases[1][0]},
                 {k: out[k] for k in ("config", "steps", "batch", "lr")} | {"test_mse": out["equal"][0]["test_mse"],
                                                                           "seed": 0})
    save_json(dest / "adam.json", out)
    return out


def parse_seeds(items: list[str]) -> dict[str, list[int]]:
    "['cpu-fixed=1,2,3', ...] -> {'cpu-fixed': [1, 2, 3], ...}"
    out = {}
    for it in items:
        name, _, seeds = it.partition("=")
        get_config(name)  # refuses unknown names
        out[name] = [int(x) for x in seeds.split(",") if x]
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", required=True, help="folder for the training runs (resumable)")
    ap.add_argument("--out", default=None, help="artefact folder (default: the package's data/hypernet)")
    ap.add_argument("--seeds", nargs="+", default=["cpu-fixed=1,2,3,4,5,6,7,8,9", "cpu-multisize=0,1,2,3,4,5",
                                                "cpu-multisize-sizecode=0,1,2"],
                    help="CONFIG=SEED,SEED,... per config")
    ap.add_argument("--train-only", action="store_true", help="train (or resume) the runs, analyse nothing")
    ap.add_argument("--adam-only", action="store_true", help="train the Adam baselines only")
    ap.add_argument("--partial", action="store_true", help="analyse the runs as far as they got; train nothing")
    a = ap.parse_args(argv)
    torch.set_num_threads(1)
    runs, seeds = Path(a.runs), parse_seeds(a.seeds)
    dest = Path(a.out) if a.out else data_path("hypernet", must_exist=False)
    (dest / "analyses").mkdir(parents=True, exist_ok=True)
    (dest / "weights").mkdir(exist_ok=True)
    if a.adam_only:
        adam_baselines("cpu-fixed", dest)
        return 0
    for config, ss in seeds.items():
        for seed in ss:
            if a.partial: continue
            tc, folder = get_config(config, seed=seed), run_dir(runs, config, seed)
            if run_finished(folder, tc):
                print(f"{config} seed {seed}: finished ({tc.steps} steps), not trained again", flush=True)
                continue
            r = train_hypernet(tc, out_dir=folder, device="cpu", progress=False)
            print(f"trained {config} seed {seed}: {r.steps} steps, {r.wall_s:.0f} s", flush=True)
    if a.train_only: return 0
    args = list(argv if argv is not None else sys.argv[1:])
    args = ["RUNS" if i and args[i - 1] == "--runs" else v for i, v in enumerate(args)]   # the runs folder is yours
    summary = {"configs": {}, "low_beta": LOW_BETA, "command": " ".join(["python bench/make_hypernet_artefacts.py", *args])}
    for config, ss in seeds.items():
        heads = []
        for seed in ss:
            folder, path = run_dir(runs, config, seed), dest / "analyses" / f"{config}-seed{seed}.json"
            if not snapshots(folder):   # only with --partial: a run that has not written a snapshot yet
                print(f"{config} seed {seed}: no snapshot in {folder}, not analysed", flush=True)
                path.unlink(missing_ok=True)
                continue
            old = RunAnalysis.from_dict(load_json(path)) if path.is_file() else None
            if old is not None and old.steps == int(snapshots(folder)[-1].stem.split("-")[1]) and \
                    old.config == get_config(config, seed=seed):
                ra = old
            else:
                ra = analyse_run(folder, device="cpu", progress=False)
                save_json(path, ra.to_dict())
            heads.append(headline(ra, folder))
            shutil.copyfile(folder / f"snap-{ra.steps:09d}.safetensors", dest / "weights" / f"{config}-seed{seed}.safetensors")
            print(json.dumps({"config": config, **heads[-1]}), flush=True)
        finished = [h for h in heads if h["steps"] == get_config(config).steps]
        best = max(finished or heads, key=ship_key)["seed"]
        (dest / f"{config}.safetensors").unlink(missing_ok=True)   # the layout before every seed's weights shipped
        analysed = {h["seed"] for h in heads}
        for stale in [*(dest / "weights").glob(f"{config}-seed*.safetensors"), *(dest / "analyses").glob(f"{config}-seed*.json")]:
            if int(stale.stem.rsplit("seed", 1)[1]) not in analysed: stale.unlink()   # a seed not analysed here
        save_json(dest / f"{config}.config.json", get_config(config, seed=best).to_dict())
        summary["configs"][config] = {"config": get_config(config).to_dict(), "runs": heads, "shipped_seed": best,
                                      "shipped_because": "among the finished runs: most unseen sizes within 0.1, "
                                                         "then most algorithms in the sweep, then lowest low-β test MSE"}
    summary["adam"] = adam_baselines("cpu-fixed", dest)
    save_json(dest / "summary.json", summary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
