"""Clustering time and peak memory of `cluster_dictionary` on a random SAE-sized dictionary: sparse kNN vs dense.

Reproduce (from the repository root, 2 threads):
    PYTHONPATH=$PWD python bench/bench_sae_search.py                      # default sizes
    PYTHONPATH=$PWD python bench/bench_sae_search.py --sizes 24576 --dense-sizes 4096 8192

Each (variant, n) runs in its own subprocess so that its peak resident memory (ru_maxrss) is its own. The dictionary is
a seeded random (n, 768) Gaussian matrix (GPT-2-small residual width); n_clusters = n // 25 (the paper's 1000 for
24,576). "sparse" = kNN cosine graph (k=16) + spectral; "graph" = kNN graph (k=16) + connected components of edges
with cosine >= 0.5; "dense" = the full n×n cosine matrix + the same spectral step (the paper's affinity).
Wall time is measured on a shared machine; CPU time (user+sys of the subprocess) is the fairer figure there.
"""
import argparse, json, os, platform, resource, subprocess, sys, time


def one(variant: str, n: int, d: int, threads: int) -> dict:
    import torch
    torch.set_num_threads(threads)
    from mechinterp.sae_search import cluster_dictionary
    W = torch.randn(n, d, generator=torch.Generator().manual_seed(0))
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    c0, t0 = time.process_time(), time.perf_counter()
    if variant == "sparse": cl = cluster_dictionary(W, method="spectral", k=16)
    elif variant == "graph": cl = cluster_dictionary(W, method="graph", k=16, cutoff=0.5)
    elif variant == "dense": cl = cluster_dictionary(W, method="spectral", k=None)
    else: raise ValueError(variant)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return dict(variant=variant, n=n, d=d, wall_s=round(wall, 1), cpu_s=round(cpu, 1), peak_rss_mb=round(peak),
                rss_before_mb=round(base), n_clusters_returned=len(cl.clusters))


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--sizes", type=int, nargs="*", default=[24576])
    p.add_argument("--dense-sizes", type=int, nargs="*", default=[4096, 8192])
    p.add_argument("--d", type=int, default=768)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--one", nargs=2, metavar=("VARIANT", "N"))
    a = p.parse_args(argv)
    if a.one:
        print(json.dumps(one(a.one[0], int(a.one[1]), a.d, a.threads))); return 0
    env = {**os.environ, "OMP_NUM_THREADS": str(a.threads), "OPENBLAS_NUM_THREADS": str(a.threads),
           "MKL_NUM_THREADS": str(a.threads)}
    runs = [("dense", n) for n in a.dense_sizes] + [("sparse", n) for n in a.dense_sizes] + \
           [(v, n) for n in a.sizes for v in ("sparse", "graph")]
    print(f"# machine: {platform.node()} {os.cpu_count()} cpus, load avg {os.getloadavg()[0]:.1f}; "
          f"threads={a.threads}; python {platform.python_version()}", flush=True)
    print(f"{'variant':>7} {'n':>6} {'wall_s':>7} {'cpu_s':>7} {'peak_MB':>8} {'clusters':>8}", flush=True)
    for v, n in runs:
        r = subprocess.run([sys.executable, __file__, "--one", v, str(n), "--d", str(a.d), "--threads",
                            str(a.threads)], capture_output=True, text=True, env=env)
        if r.returncode:
            print(f"{v:>7} {n:>6}  failed: {r.stderr.strip().splitlines()[-1] if r.stderr else r.returncode}")
            continue
        x = json.loads(r.stdout.strip().splitlines()[-1])
        print(f"{v:>7} {n:>6} {x['wall_s']:7.1f} {x['cpu_s']:7.1f} {x['peak_rss_mb']:8d} {x['n_clusters_returned']:8d}",
              flush=True)
    print("# dense at n=24,576 is not run: its float64 affinity alone is 24576² × 8 B = 4.8 GB, and every eigen-"
          "iteration multiplies it by the block (O(n²) per step).")
    return 0


if __name__ == "__main__": sys.exit(main())
