"""Batched vs one-pair-at-a-time circular-probe interventions on the calendar LM.

Measures `intervention_logit_diffs` on every (prompt, α' != α) pair and the default methods
(none, circle, patch_layer, patch_pca, mean_ablate, zero_circle, zero_all_but_circle) at one layer:

  one-at-a-time : chunk_size=1, no shortcuts -- one forward pass per pair and method, as the authors' code does
  batched       : chunk_size=512, no shortcuts -- the same rows, batched through run_with_hooks
  batched+      : chunk_size=512, start_at_layer and target-free dedupe (the library default)

and checks that all three give the same logit differences.

Reproduce:  PYTHONPATH=. python bench/bench_interventions.py [--task weekdays] [--layer 1] [--threads 1]
"""
import argparse
import platform
import time

import torch

from mechinterp.interventions import METHODS, intervention_logit_diffs
from mechinterp.calendar import load_calendar_lm, modular_task


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--task", default="weekdays", choices=["weekdays", "months"])
    ap.add_argument("--layer", type=int, default=1)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--repeats", type=int, default=3, help="repeats of the batched runs (best time is reported)")
    ap.add_argument("--device", default="cpu")
    args = ap.parse_args(argv)
    torch.set_num_threads(args.threads)
    model = load_calendar_lm(device=args.device)
    task = modular_task(args.task, model)
    probe = intervention_logit_diffs(model, task, args.layer, methods=["circle"]).probe   # warm-up + shared probe
    runs = {"one-at-a-time": dict(chunk_size=1, dedupe=False, skip_early=False),
            "batched": dict(chunk_size=512, dedupe=False, skip_early=False),
            "batched+": dict(chunk_size=512, dedupe=True, skip_early=True)}
    times, res = {}, {}
    for name, kw in runs.items():
        best = float("inf")
        for _ in range(1 if name == "one-at-a-time" else args.repeats):
            t = time.perf_counter()
            res[name] = intervention_logit_diffs(model, task, args.layer, methods=METHODS, probe=probe, progress=False, **kw)
            best = min(best, time.perf_counter() - t)
        times[name] = best
    n_pairs = len(res["batched"].pairs)
    err = max(float((res[a].logit_diffs[m] - res["one-at-a-time"].logit_diffs[m]).abs().max())
              for a in ("batched", "batched+") for m in METHODS)
    print(f"calendar LM ({model.cfg.n_layers} layers, d_model {model.cfg.d_model}), task {args.task}: {n_pairs} pairs x "
          f"{len(METHODS)} methods at layer {args.layer}")
    print(f"device {args.device}, torch {torch.__version__}, {args.threads} thread(s), {platform.processor() or platform.machine()}")
    for name, t in times.items():
        print(f"  {name:<14} {t:8.3f} s   speed-up x{times['one-at-a-time'] / t:6.1f}")
    print(f"  max |difference| of logit diffs vs one-at-a-time: {err:.2e}")
    print("  means:", {m: round(v, 3) for m, v in res["batched+"].means.items()})
    print(f"reproduce: PYTHONPATH=. python bench/bench_interventions.py --task {args.task} --layer {args.layer} "
          f"--threads {args.threads}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
