"""Every heavy path of mechinterp, timed on the GPU and on the CPU of the same machine, side by side.

Each part runs the same work (same sizes, same seeds) once per device and prints one table: path, size, CPU time, GPU
time, the ratio, and whether both devices gave the same answer within the part's tolerance. Results are written to
`--out/results.json` as each (part, device) finishes, so a run that is stopped resumes where it was (`--resume`, the
default). With `--cpu-only` it runs on a machine without CUDA and says that no GPU was measured.

    .venv/bin/python bench/gpu_suite.py                      # on a CUDA machine: every part, CPU and GPU
    .venv/bin/python bench/gpu_suite.py --cpu-only --small   # here: the CPU column only, small sizes
    .venv/bin/python bench/gpu_suite.py --only mips_train hypernet_train --fresh

Parts (skip any with --skip NAME): mips_train (batched RNN trainer, 15- and 64-model rungs), hypernet_train
(cpu-fixed, cpu-multisize and paper configs), sae_train (SAELens on calendar-LM activations), sae_cluster (kNN on a 24,576-latent
dictionary, spectral clustering, cluster reconstructions), interventions (every (prompt, α′, method) of both tasks),
gpu_tests (the `gpu`-marked pytest tests, CUDA only).
"""
from __future__ import annotations

import argparse
import json
import math
import os
import platform
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np
import torch

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Measure:
    size: str                 # what was run, in words
    work: float               # units of work done
    unit: str                 # what a unit is ("model-steps", "steps", "activations", "rows")
    seconds: float            # wall time of the timed section
    answer: dict = field(default_factory=dict)   # numbers that both devices should agree on

    @property
    def rate(self) -> float: return self.work / max(self.seconds, 1e-9)


def _sync(dev: torch.device):
    if dev.type == "cuda": torch.cuda.synchronize()


def _timed(dev, fn):
    _sync(dev); t0 = time.perf_counter(); out = fn(); _sync(dev)
    return out, time.perf_counter() - t0


# ---------------------------------------------------------------------------------------------------------------- parts
def part_mips_train(dev: torch.device, small: bool) -> list[Measure]:
    from mechinterp.mips.rnn import RNNConfig
    from mechinterp.mips.search import make_data, train_batched
    from mechinterp.mips.tasks import get_task
    task = get_task("Binary_Addition")
    data = make_data(task, n_train=20_000 if not small else 4_000, n_test=2_000 if not small else 500, seed=0, device=dev)
    out = []
    for n_models in (15, 64):
        steps = 60 if small else 300
        configs = [RNNConfig(n_inputs=task.n_inputs, n_outputs=task.n_outputs, n=2 + (m % 5), w_f=4, d_f=2, w_g=4, d_g=2,
                             low=task.low, high=task.high)
                   for m in range(n_models)]
        seeds = list(range(n_models))
        r, s = _timed(dev, lambda: train_batched(data, configs, seeds, steps=steps, batch_size=256, stop=None,
                                                device=dev, progress=False))
        out.append(Measure(f"{n_models} models × {steps} steps, Binary_Addition", n_models * r.steps, "model-steps",
                           r.train_s, {"test_loss": r.test_losses}))
    return out


def part_hypernet_train(dev: torch.device, small: bool) -> list[Measure]:
    from mechinterp.hypernet.train import CONFIGS, train_hypernet
    out = []
    for name, steps in (("cpu-fixed", 20 if small else 100), ("cpu-multisize", 20 if small else 100), ("paper", 3 if small else 20)):
        torch.manual_seed(0)
        r, s = _timed(dev, lambda: train_hypernet(name, steps=steps, device=dev, progress=False))
        hist = r.history
        out.append(Measure(f"config {name}, {steps} steps", steps, "steps", s,
                           {"loss": hist.get("loss", [])[-1:] if isinstance(hist, dict) else []}))
    return out


def _calendar_acts(dev, n_sentences):
    from mechinterp.calendar import load_calendar_lm
    from mechinterp.sae.stream import collect_activations
    from mechinterp.sae.train import CalendarSAEConfig, default_search_tokens
    model = load_calendar_lm(device=dev)
    tokens = default_search_tokens(model, n_sentences=n_sentences, seed=1)
    hook = CalendarSAEConfig().hook_name   # the shipped SAE's hook
    return model, tokens, hook, collect_activations(model, tokens, hook, device=dev, progress=False)


def part_sae_train(dev: torch.device, small: bool) -> list[Measure]:
    from mechinterp.sae.train import SAETrainConfig, sae_fit, train_sae
    _, _, hook, acts = _calendar_acts(dev, 300 if small else 3000)
    total = 20_000 if small else 400_000
    cfg = SAETrainConfig(total_samples=total, seed=0)
    sae, s = _timed(dev, lambda: train_sae(acts, 8 * acts.shape[1], config=cfg, hook_name=hook, device=dev, progress=False))
    fit = sae_fit(sae, acts)
    return [Measure(f"{acts.shape[1]}→{8 * acts.shape[1]} latents, {total:,} samples", total, "activations", s,
                    {"mse": [fit.mse], "l0": [fit.l0]})]


def part_sae_cluster(dev: torch.device, small: bool) -> list[Measure]:
    from mechinterp.sae.cluster import knn_affinity, spectral_labels
    from mechinterp.sae.stream import cluster_reconstructions
    from mechinterp.testing import tiny_sae
    n, d = (4_096, 256) if small else (24_576, 768)
    g = torch.Generator().manual_seed(0)
    W = torch.nn.functional.normalize(torch.randn(n, d, generator=g), dim=1).to(dev)
    A, s_knn = _timed(dev, lambda: knn_affinity(W, n_neighbors=16, device=dev))
    A = A.tocsr(); A.sort_indices()
    labels, s_spec = _timed(dev, lambda: spectral_labels(A, max(8, n // 25), seed=0))
    model, tokens, hook, acts = _calendar_acts(dev, 200 if small else 1000)
    sae = tiny_sae(d_in=acts.shape[1], d_sae=n if not small else 4_096, seed=0, device=dev)
    clusters = [list(np.flatnonzero(labels == c)) for c in range(min(20, labels.max() + 1))]
    recs, s_rec = _timed(dev, lambda: cluster_reconstructions(model, sae, clusters, tokens, hook_name=hook, device=dev,
                                                             progress=False))
    neighbours = [sorted(A.indices[A.indptr[i]:A.indptr[i + 1]].tolist()) for i in range(0, n, max(1, n // 200))]
    return [Measure(f"kNN (k=16) of {n:,}×{d} unit rows", n, "latents", s_knn, {"neighbours": neighbours}),
            Measure(f"spectral labels, {max(8, n // 25)} clusters (CPU eigensolver)", n, "latents", s_spec, {}),
            Measure(f"reconstructions of {len(clusters)} clusters over {len(tokens)} sequences", len(tokens), "sequences",
                    s_rec, {"active": [int(r.n_active) for r in recs]})]


def part_interventions(dev: torch.device, small: bool) -> list[Measure]:
    from mechinterp.calendar import load_calendar_lm, modular_task
    from mechinterp.interventions import METHODS, intervention_logit_diffs
    model = load_calendar_lm(device=dev)
    out = []
    for name in ("weekdays", "months"):
        task = modular_task(name, model)
        layer = 1
        eff, s = _timed(dev, lambda: intervention_logit_diffs(model, task, layer, methods=METHODS, device=dev,
                                                             progress=False))
        rows = sum(int(v.numel()) for v in eff.logit_diffs.values())
        means = eff.means
        out.append(Measure(f"{name}: {len(task.tokens)} prompts × α′ × {len(METHODS)} methods, layer {layer}", rows,
                           "rows", s, {"means": [means[k] for k in sorted(means)]}))
    return out


def part_gpu_tests(dev: torch.device, small: bool) -> list[Measure]:
    if dev.type != "cuda": return []
    t0 = time.perf_counter()
    p = subprocess.run([sys.executable, "-m", "pytest", "-q", "-m", "gpu", "-p", "no:cacheprovider", str(ROOT / "tests")],
                       capture_output=True, text=True, cwd=ROOT)
    last = (p.stdout.strip().splitlines() or ["(no output)"])[-1]
    return [Measure(f"pytest -m gpu: {last}", 1, "run", time.perf_counter() - t0, {"returncode": [p.returncode]})]


PARTS: dict[str, tuple[Callable, float]] = {   # name -> (function, relative tolerance of the answers)
    "mips_train": (part_mips_train, 0.05),
    "hypernet_train": (part_hypernet_train, 0.05),
    "sae_train": (part_sae_train, 0.1),
    "sae_cluster": (part_sae_cluster, 0.0),
    "interventions": (part_interventions, 1e-3),
    "gpu_tests": (part_gpu_tests, 0.0),
}


# ------------------------------------------------------------------------------------------------------------ the table
def same(a: dict, b: dict, rtol: float) -> str:
    if not a or not b: return "–"
    for k in a:
        x, y = a.get(k), b.get(k)
        if x is None or y is None: return "–"
        if rtol == 0.0:
            if x != y: return f"no ({k})"
            continue
        xa, ya = np.asarray(x, float), np.asarray(y, float)
        if xa.shape != ya.shape or not np.allclose(xa, ya, rtol=rtol, atol=rtol * 1e-3, equal_nan=True):
            return f"no ({k})"
    return f"yes (rtol {rtol:g})"


def table(results: dict, gpu_name: str | None) -> str:
    head = f"| path | size | CPU | {'GPU' if gpu_name else 'GPU (not measured)'} | GPU/CPU speed-up | same answer |"
    lines = [head, "|---|---|---|---|---|---|"]
    for part, devs in results.items():
        cpu, gpu = devs.get("cpu", []), devs.get("cuda", [])
        for i, c in enumerate(cpu or gpu):
            cm = cpu[i] if i < len(cpu) else None
            gm = gpu[i] if i < len(gpu) else None
            def fmt(m): return f"{m['seconds']:.2f} s ({m['work'] / max(m['seconds'], 1e-9):,.0f} {m['unit']}/s)" if m else "–"
            ratio = f"{cm['seconds'] / gm['seconds']:.1f}×" if cm and gm and gm["seconds"] > 0 else "–"
            ok = same(cm["answer"], gm["answer"], PARTS[part][1]) if cm and gm else "–"
            lines.append(f"| {part} | {c['size']} | {fmt(cm)} | {fmt(gm)} | {ratio} | {ok} |")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cpu-only", action="store_true", help="measure the CPU only (no CUDA needed)")
    ap.add_argument("--small", action="store_true", help="small sizes (for a 2-core machine or a smoke run)")
    ap.add_argument("--only", nargs="*", default=None, choices=list(PARTS))
    ap.add_argument("--skip", nargs="*", default=[], choices=list(PARTS))
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "gpu")
    ap.add_argument("--fresh", action="store_true", help="ignore results already in --out")
    ap.add_argument("--threads", type=int, default=None, help="CPU threads (default: torch's)")
    a = ap.parse_args(argv)
    from mechinterp.core import save_json
    if a.threads: torch.set_num_threads(a.threads)
    cuda = torch.cuda.is_available() and not a.cpu_only
    if not a.cpu_only and not torch.cuda.is_available():
        print("gpu_suite: CUDA is not available here; rerun with --cpu-only to measure the CPU side alone.", file=sys.stderr)
        return 2
    if cuda:
        torch.backends.cuda.matmul.allow_tf32 = False
        torch.backends.cudnn.allow_tf32 = False
    devices = [torch.device("cpu")] + ([torch.device("cuda")] if cuda else [])
    a.out.mkdir(parents=True, exist_ok=True)
    path = a.out / "results.json"
    state = json.loads(path.read_text()) if path.exists() and not a.fresh else {}
    env = {"torch": torch.__version__, "cuda": torch.version.cuda, "cpu_threads": torch.get_num_threads(),
           "python": platform.python_version(), "machine": platform.platform(),
           "gpu": torch.cuda.get_device_name(0) if cuda else None, "small": a.small}
    state["env"] = env
    results = state.setdefault("results", {})
    parts = [p for p in (a.only or PARTS) if p not in a.skip]
    t_all = time.perf_counter()
    for part in parts:
        fn, _ = PARTS[part]
        for dev in devices:
            key = dev.type
            if key in results.get(part, {}) and results[part].get("small") == a.small: continue
            print(f"[{time.perf_counter() - t_all:6.0f} s] {part} on {key} ...", flush=True)
            try:
                ms = fn(dev, a.small)
                results.setdefault(part, {}).pop(key + "_error", None)
                results[part][key] = [dict(size=m.size, work=m.work, unit=m.unit, seconds=m.seconds,
                                                          answer=m.answer) for m in ms]
            except Exception as e:  # a failing path is a result too: recorded, and the other parts still run
                results.setdefault(part, {}).pop(key, None)
                results[part][key + "_error"] = f"{type(e).__name__}: {e}"[:500]
                print(f"    {part} on {key} failed: {type(e).__name__}: {e}", flush=True)
            results[part]["small"] = a.small
            save_json(path, state)
    shown = {p: {k: v for k, v in results[p].items() if k in ("cpu", "cuda")} for p in parts if p in results}
    print()
    print(f"torch {env['torch']}, CUDA {env['cuda']}, GPU: {env['gpu'] or 'none (no GPU was measured)'}, "
          f"CPU threads {env['cpu_threads']}, sizes: {'small' if a.small else 'full'}")
    print(table(shown, env["gpu"]))
    errors = {f"{p}/{k}": v for p in parts for k, v in results.get(p, {}).items() if k.endswith("_error")}
    for k, v in errors.items(): print(f"failed: {k}: {v}")
    print(f"\nresults: {path}; rerun: python bench/gpu_suite.py{' --cpu-only' if a.cpu_only else ''}"
          f"{' --small' if a.small else ''}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
