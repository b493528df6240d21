"""Normalize + discretize every RNN shipped by the architecture search and check the FSM on fresh data.

Reproduce: PYTHONPATH=. python bench/bench_mips_discretize.py [--n-samples 1000] [--n-check 500]
Prints one row per task: architecture, FSM kind, state variables, states, contradictions, agreement with the RNN and
with the task on fresh sequences, the normalizer steps applied, and the wall time."""
import argparse, time, warnings

import torch

from mechinterp.mips.tasks import get_task
from mechinterp.mips.rnn import load_shipped, shipped_tasks
from mechinterp.mips.normalize import normalize
from mechinterp.mips.discretize import discretize, check_fsm


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n-samples", type=int, default=1000)
    ap.add_argument("--n-check", type=int, default=500)
    args = ap.parse_args()
    torch.set_num_threads(1)
    print(f"{'task':24s} {'p':18s} {'kind':8s} {'k':>2s} {'states':>6s} {'confl':>5s} {'=rnn':>5s} {'=task':>5s}  normalizers  s")
    ok = 0; t_all = time.time(); tasks = shipped_tasks()
    for name in tasks:
        t0 = time.time(); task = get_task(name); rnn = load_shipped(name)
        X, _ = task.sample(args.n_samples, seed=0)
        res = normalize(rnn, X)
        steps = "".join(s.name[0].upper() if s.applied else "-" for s in res.steps)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                fsm = discretize(res.rnn, task, n_samples=args.n_samples, seed=0)
            chk = check_fsm(fsm, res.rnn, task, n=args.n_check, seed=4242)
            ok += fsm.conflicts == 0 and chk.agree_rnn == 1.0
            print(f"{name:24s} {str(rnn.config.arch):18s} {fsm.kind:8s} {fsm.n_state:2d} {len(fsm.outputs):6d} {fsm.conflicts:5d} "
                  f"{chk.agree_rnn:5.3f} {chk.agree_task:5.3f}  {steps:11s} {time.time() - t0:5.1f}", flush=True)
        except Exception as e:  # report and go on
            print(f"{name:24s} {str(rnn.config.arch):18s} FAILED: {type(e).__name__}: {str(e)[:80]}", flush=True)
    print(f"\n{ok} of {len(tasks)} shipped networks give a contradiction-free FSM that matches the RNN on "
          f"{args.n_check} fresh sequences; total {time.time() - t_all:.0f} s on {torch.get_num_threads()} CPU thread.")


if __name__ == "__main__":
    main()
