"""Scratch RNNs for MIPS tasks, an alternative to the search-found networks shipped in the package.

A plain Adam loop (not the project's architecture search): per task a fixed recipe (linear f for the linear tasks,
2-layer MLPs otherwise, one-hot inputs for small categorical ranges), 4000 steps max, stop when exact on 4000 fresh
sequences. Writes /tmp/ms/rnns/<task>.safetensors. Reproduce: PYTHONPATH=. python bench/mips_scratch_rnns.py [TASK ...]
then `mechinterp mips bench --rnn-dir /tmp/ms/rnns`.
"""
import sys, time, torch, os
torch.set_num_threads(1)
from mechinterp.mips.tasks import get_task, task_names
from mechinterp.mips.rnn import RNN, loss_fn, accuracy
LIN = {"Sum_All": 1, "Sum_Last2": 2, "Sum_Last3": 3, "Sum_Last4": 4, "Sum_Last5": 5, "Sum_Last6": 6, "Sum_Last7": 7,
       "Current_Number": 1, "Prev1": 2, "Prev2": 3, "Prev3": 4, "Prev4": 5, "Prev5": 6, "Diff_Last2": 2,
       "Newton_Freebody": 2, "Newton_Gravity": 2, "Newton_Spring": 2, "Newton_Magnetic": 4}
def spec(t):
    if t.name in LIN: return [(LIN[t.name], 1, 1, 1, 1, "raw")]
    if t.high - t.low == 1: return [(n, 32, 2, 16, 2, "raw") for n in (2, 3, 4)]
    if t.low >= 0 and t.high <= 20: return [(n, 64, 2, 32, 2, "onehot") for n in (2, 4)]
    return [(n, 64, 2, 32, 2, "raw") for n in (2, 4)]
names = sys.argv[1:] or task_names()
for name in names:
    if os.path.exists(f"/tmp/ms/rnns/{name}.safetensors"): continue
    task = get_task(name)
    X, Y = task.sample(20000, seed=0); Xt, Yt = task.sample(4000, seed=7)
    done = False
    for (n, wf, df, wg, dg, enc) in spec(task):
        for seed in range(2):
            torch.manual_seed(seed)
            net = RNN(task.n_inputs, n, wf, df, wg, dg, n_outputs=task.n_outputs, encoding=enc, low=task.low, high=task.high)
            opt = torch.optim.Adam(net.parameters(), 3e-3)
            t = time.time()
            for step in range(4000):
                idx = torch.randint(0, len(X), (256,))
                out = net(X[idx]); y = Y[idx]
                loss = loss_fn(out[..., 0] if task.n_outputs == 1 else out, y)
                opt.zero_grad(); loss.backward(); opt.step()
                if step % 500 == 499 and accuracy(net, Xt, Yt) == 1.0: break
            acc = accuracy(net, Xt, Yt)
            print(name, (n, wf, df, wg, dg, enc), seed, step, acc, f"{time.time()-t:.0f}s", flush=True)
            if acc == 1.0:
                net.save(f"/tmp/ms/rnns/{name}.safetensors", meta={"task": name}); done = True; break
        if done: break
