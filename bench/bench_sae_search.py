"""Clustering time and peak memory of `cluster_dictionary` on a random SAE-sized dictionary, and the time of the
spectral-embedding step alone on one kNN cosine graph.

Reproduce (from the repository root):
    PYTHONPATH=$PWD python bench/bench_sae_search.py                      # default sizes, 2 threads
    PYTHONPATH=$PWD python bench/bench_sae_search.py --sizes 24576 --dense-sizes 4096 8192
    PYTHONPATH=$PWD python bench/bench_sae_search.py --embedding 24576 --threads 1   # the eigensolver alone

Each (variant, n) runs in its own subprocess so that its peak resident memory (ru_maxrss) is its own. The dictionary is
a seeded random (n, 768) Gaussian matrix (GPT-2-small residual width); n_clusters = n // 25 (the paper's 1000 for
24,576). "sparse" = kNN cosine graph (n_neighbors=16) + spectral; "graph" = kNN graph (n_neighbors=16) + connected
components of edges with cosine >= 0.5; "dense" = the full n×n cosine matrix + the same spectral step (the paper's
affinity). `--embedding N` builds the kNN graph of the N-latent dictionary once and times scikit-learn's
`spectral_embedding` (64 eigenvectors, seed 0) with the multigrid-preconditioned LOBPCG (`amg`, the one
`spectral_labels` uses) and with plain LOBPCG, then the whole `spectral_labels` (embedding + k-means); with
`--structured` the dictionary is made of n // 25 families of ~25 noisy latents around a shared direction (a graph
with cluster structure, as a trained SAE's), instead of independent random rows.
Wall time is measured on a shared machine; CPU time (user+sys of the process) is the fairer figure there.
"""
import argparse, json, os, platform, resource, subprocess, sys, time


def _dictionary(n: int, d: int, structured: bool = False):
    "A seeded random (n, d) dictionary; `structured`: n // 25 random directions, each shared by ~25 noisy latents."
    import torch
    g = torch.Generator().manual_seed(0)
    if not structured: return torch.randn(n, d, generator=g)
    centres = torch.randn(n // 25, d, generator=g)
    owner = torch.randint(0, n // 25, (n,), generator=g)
    return centres[owner] + torch.randn(n, d, generator=g)       # cosine ≈ 0.5 inside a family, ≈ 0 across


def one(variant: str, n: int, d: int, threads: int) -> dict:
    import torch
    torch.set_num_threads(threads)
    from mechinterp.sae.cluster import cluster_dictionary
    W = _dictionary(n, d)
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    c0, t0 = time.process_time(), time.perf_counter()
    if variant == "sparse": cl = cluster_dictionary(W, method="spectral", n_neighbors=16)
    elif variant == "graph": cl = cluster_dictionary(W, method="graph", n_neighbors=16, cutoff=0.5)
    elif variant == "dense": cl = cluster_dictionary(W, method="spectral", n_neighbors=None)
    else: raise ValueError(variant)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return dict(variant=variant, n=n, d=d, wall_s=round(wall, 1), cpu_s=round(cpu, 1), peak_rss_mb=round(peak),
                rss_before_mb=round(base), n_clusters_returned=len(cl.clusters))


def embedding(n: int, d: int, threads: int, structured: bool = False, n_components: int = 64) -> None:
    import warnings
    import numpy as np
    import torch
    torch.set_num_threads(threads)
    from sklearn.manifold import spectral_embedding
    from mechinterp.sae.cluster import decoder_directions, knn_affinity, spectral_labels
    A = knn_affinity(decoder_directions(_dictionary(n, d, structured)), n_neighbors=16)
    kind = "structured (n // 25 families)" if structured else "seeded random"
    print(f"# kNN cosine graph of a {kind} ({n}, {d}) dictionary: {A.nnz} entries; {threads} thread(s)")
    for solver in ("amg", "lobpcg"):
        c0, t0 = time.process_time(), time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            spectral_embedding(A, n_components=n_components, eigen_solver=solver, random_state=0, drop_first=False)
        print(f"spectral_embedding {solver:<7} {n_components} vectors: wall {time.perf_counter() - t0:6.1f} s, "
              f"cpu {time.process_time() - c0:6.1f} s", flush=True)
    c0, t0 = time.process_time(), time.perf_counter()
    lab = spectral_labels(A, n // 25, seed=0)
    print(f"spectral_labels (amg + k-means, {n // 25} clusters): wall {time.perf_counter() - t0:6.1f} s, "
          f"cpu {time.process_time() - c0:6.1f} s, {len(np.unique(lab))} labels", flush=True)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--sizes", type=int, nargs="*", default=[24576])
    p.add_argument("--dense-sizes", type=int, nargs="*", default=[4096, 8192])
    p.add_argument("--d", type=int, default=768)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--one", nargs=2, metavar=("VARIANT", "N"))
    p.add_argument("--embedding", type=int, metavar="N", help="time the spectral embedding alone on an N-latent graph")
    p.add_argument("--structured", action="store_true", help="--embedding on a dictionary of latent families")
    a = p.parse_args(argv)
    if a.embedding:
        embedding(a.embedding, a.d, a.threads, a.structured); return 0
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
    print("# dense at n=24,576 is not run: its float64 affinity alone is 24576² × 8 B = 4.8 GB.")
    return 0


if __name__ == "__main__": sys.exit(main())
