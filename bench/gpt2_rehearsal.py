"""The GPT-2 path of the multi-dimensional feature search, rehearsed offline with GPT-2-small's shapes.

Reproduce (from the repository root; about 12 min and 3 GB on one CPU thread at the default sizes):
    PYTHONPATH=$PWD python bench/gpt2_rehearsal.py                       # GPT-2 small, 24,576 latents, 2 threads
    PYTHONPATH=$PWD python bench/gpt2_rehearsal.py --threads 1 --json bench/results/gpt2_rehearsal.json
    PYTHONPATH=$PWD python bench/gpt2_rehearsal.py --n-layers 2 --d-sae 2048 --n-seqs 16   # a 1-minute smoke run
    PYTHONPATH=$PWD python bench/gpt2_rehearsal.py --similarity cosine --refine cosine --merge-group 2   # decoder cosine, pairs

What a user with network does is
    model = load_model("gpt2");  sae = load_sae("gpt2-small-res-jb", "blocks.7.hook_resid_pre")
    reports = search_multid_features(model, sae, tokens)
This script runs the same search on the same shapes without the download:
1. a `HookedTransformer` built from GPT-2 small's configuration (12 layers, d_model 768, 12 heads of 64, d_mlp 3072,
   n_ctx 1024, d_vocab 50257, gelu_new, LayerNorm) with seeded random weights, written with
   `mechinterp.hub.save_local_model` and read back with `load_local_model` (logits compared);
2. a 24,576-latent SAELens `StandardSAE` reading `blocks.7.hook_resid_pre` (the release's layout), written with
   SAELens' `SAE.save_model` (cfg.json + sae_weights.safetensors) and read back with `mechinterp.hub.load_local_sae`.
   Its decoder rows are random unit vectors; encoder rows are the decoder rows, and each latent's threshold is set
   on the activations so that it fires on about `--l0` / d_sae of the tokens (GPT-2 SAEs fire ~10-50 latents per
   token), so the search sees the sparsity of a trained SAE;
3. text tokens: the UTF-8 bytes of the package's own source files as GPT-2 byte tokens (GPT-2's first 256 ids are the
   256 bytes; no merges, since the tokenizer's files are a download too), in `--n-seqs` sequences of `--seq-len`;
   a known answer is planted in them: every 8th token is one of seven "day" ids whose embeddings carry a circle
   (day k at angle 2πk/7 in a random plane, radius 20), and the first `--circle` SAE latents tile that plane, so a
   circle of days is there for the search to find;
4. `mechinterp.sae.search.search_multid_features` with its default `SearchConfig`, end to end (clustering the
   dictionary, streaming the tokens, reconstructing and scoring every cluster).
It prints the wall time and CPU time of each stage and the process's peak resident memory (ru_maxrss) after it, and
where the planted circle's latents ended up. Wall time on a shared machine varies; CPU time is the steadier figure.
"""
import argparse, json, os, platform, resource, sys, tempfile, time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def gpt2_small_config(n_layers: int = 12, seed: int = 0):
    "GPT-2 small's `HookedTransformerConfig` (the sizes of `HookedTransformer.from_pretrained('gpt2')`), random weights."
    from transformer_lens import HookedTransformerConfig
    return HookedTransformerConfig(n_layers=n_layers, d_model=768, n_heads=12, d_head=64, d_mlp=3072, n_ctx=1024,
                                   d_vocab=50257, act_fn="gelu_new", normalization_type="LN", positional_embedding_type="standard",
                                   seed=seed, device="cpu")


def _byte_to_gpt2_id() -> list[int]:
    "GPT-2's id of each byte 0..255 (its vocabulary starts with the 256 byte symbols, in `bytes_to_unicode` order)."
    printable = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    order = printable + [b for b in range(256) if b not in printable]
    ids = [0] * 256
    for i, b in enumerate(order): ids[b] = i
    return ids


def text_tokens(n_seqs: int, seq_len: int):
    "`n_seqs` × `seq_len` GPT-2 byte tokens of the package's source text (BOS id 50256 first, as TransformerLens does)."
    import torch
    lut = _byte_to_gpt2_id()
    data = b"".join(p.read_bytes() for p in sorted((ROOT / "mechinterp").rglob("*.py")) if p.name != "_modidx.py")
    need = n_seqs * (seq_len - 1)
    data = (data * (need // max(len(data), 1) + 1))[:need]
    ids = torch.tensor([lut[b] for b in data], dtype=torch.long).view(n_seqs, seq_len - 1)
    return torch.cat([torch.full((n_seqs, 1), 50256), ids], 1)


DAY_IDS = tuple(range(1000, 1007))   # seven token ids that byte text never uses (ids < 256): the planted "days"


def plant_day_circle(model, tokens, *, radius: float = 20.0, every: int = 8, seed: int = 0):
    "Add a circle to the embeddings of the seven DAY_IDS (day k at angle 2πk/7 in a random plane) and put a day token at "
    "every `every`-th position of `tokens`; returns the plane (d_model, 2). Residual connections carry the circle on."
    import torch
    g = torch.Generator().manual_seed(seed)
    plane = torch.linalg.qr(torch.randn(model.cfg.d_model, 2, generator=g)).Q
    ang = 2 * torch.pi * torch.arange(len(DAY_IDS)) / len(DAY_IDS)
    with torch.no_grad(): model.W_E[list(DAY_IDS)] += radius * torch.stack([ang.cos(), ang.sin()], 1) @ plane.T
    pos = torch.arange(every // 2, tokens.shape[1], every)
    tokens[:, pos] = torch.tensor(DAY_IDS)[torch.randint(0, len(DAY_IDS), (len(tokens), len(pos)), generator=g)]
    return plane


def build_sae(model, tokens, d_sae: int, layer: int, plane, n_circle: int, l0: float, seed: int = 0):
    "A `StandardSAE` on `blocks.{layer}.hook_resid_pre`: random unit decoder rows, except `n_circle` latents tiling "
    "the planted circle's plane; encoder rows = decoder rows; thresholds so that a random latent fires on ~l0/d_sae of "
    "the tokens and a circle latent on the days within about one step of its angle."
    import torch
    from sae_lens import StandardSAE, StandardSAEConfig
    from sae_lens.saes.sae import SAEMetadata
    hook = f"blocks.{layer}.hook_resid_pre"
    g = torch.Generator().manual_seed(seed + 1)
    d = model.cfg.d_model
    W = torch.randn(d_sae, d, generator=g)
    ang = 2 * torch.pi * torch.arange(n_circle) / max(n_circle, 1)
    W[:n_circle] = torch.stack([ang.cos(), ang.sin()], 1) @ plane.T
    W = W / W.norm(dim=1, keepdim=True)
    with torch.no_grad():
        _, cache = model.run_with_cache(tokens[:min(len(tokens), 32)], names_filter=hook, stop_at_layer=layer + 1)
    x = cache[hook][:, 1:].reshape(-1, d)[:4096]
    mu = x.mean(0)
    pre = (x - mu) @ W.T                                                         # (tokens, d_sae)
    thr = torch.quantile(pre, 1 - l0 / d_sae, dim=0)
    if n_circle: thr[:n_circle] = torch.quantile(pre[:, :n_circle], 1 - 2.5 / (8 * len(DAY_IDS)), dim=0)
    sae = StandardSAE(StandardSAEConfig(d_in=d, d_sae=d_sae, metadata=SAEMetadata(hook_name=hook, model_name="gpt2")))
    with torch.no_grad():
        sae.W_dec.copy_(W); sae.W_enc.copy_(W.T); sae.b_dec.copy_(mu); sae.b_enc.copy_(-thr)
    return sae


def rehearse(*, n_layers: int = 12, d_sae: int = 24576, layer: int = 7, n_seqs: int = 128, seq_len: int = 128,
             n_circle: int = 14, l0: float = 32.0, threads: int = 2, workdir: str | None = None,
             context: int | None = None, **search_options) -> dict:
    "Run the rehearsal; return the figures (seconds, peak MB per stage, search summary)."
    import torch
    torch.set_num_threads(threads)
    import mechinterp.sae.search as search
    from mechinterp.hub import load_local_model, load_local_sae, save_local_model
    from transformer_lens import HookedTransformer
    stages, out = [], {}

    def stage(name, t0, c0):
        stages.append(dict(stage=name, wall_s=round(time.perf_counter() - t0, 1), cpu_s=round(time.process_time() - c0, 1),
                           peak_rss_mb=round(_peak_mb())))

    # time the search's own stages by wrapping the functions it calls (no change to the search itself)
    spent = {"cluster_dictionary": 0.0, "cluster_reconstructions": 0.0, "score_cluster": 0.0, "context_firing": 0.0}
    def timed(name, fn):
        def wrapper(*a, **k):
            t = time.perf_counter()
            try: return fn(*a, **k)
            finally: spent[name] += time.perf_counter() - t
        return wrapper
    originals = {n: getattr(search, n) for n in spent}
    for n, fn in originals.items(): setattr(search, n, timed(n, fn))
    tmp = tempfile.TemporaryDirectory(dir=workdir)
    try:
        t0, c0 = time.perf_counter(), time.process_time()
        model = HookedTransformer(gpt2_small_config(n_layers)).eval()
        stage("build random GPT-2-small HookedTransformer", t0, c0)
        t0, c0 = time.perf_counter(), time.process_time()
        save_local_model(model, Path(tmp.name) / "gpt2")
        loaded = load_local_model(Path(tmp.name) / "gpt2", device="cpu")
        probe = torch.randint(0, 50257, (1, 16), generator=torch.Generator().manual_seed(1))
        with torch.no_grad(): out["model_roundtrip_max_abs_diff"] = float((loaded(probe) - model(probe)).abs().max())
        out["model_bytes"] = (Path(tmp.name) / "gpt2" / "model.safetensors").stat().st_size
        del model
        stage("save_local_model + load_local_model", t0, c0)
        t0, c0 = time.perf_counter(), time.process_time()
        tokens = text_tokens(n_seqs, seq_len)
        plane = plant_day_circle(loaded, tokens)
        sae = build_sae(loaded, tokens, d_sae, layer, plane, n_circle, l0)
        sae.save_model(Path(tmp.name) / "sae")
        sae2 = load_local_sae(Path(tmp.name) / "sae", device="cpu")
        out["sae_roundtrip_equal"] = bool(torch.equal(sae2.W_dec, sae.W_dec) and torch.equal(sae2.b_enc, sae.b_enc))
        out["sae_files"] = sorted(p.name for p in (Path(tmp.name) / "sae").iterdir())
        del sae
        stage("build SAE + SAE.save_model + load_local_sae", t0, c0)
        t0, c0 = time.perf_counter(), time.process_time()
        config = search.SearchConfig(context=context, **search_options)   # the default search unless options are given
        reports = search.search_multid_features(loaded, sae2, tokens, config=config, device="cpu", progress=False)
        stage("search_multid_features (default SearchConfig)" if config == search.SearchConfig() else
              f"search_multid_features ({', '.join(f'{k}={v!r}' for k, v in dict(search_options, context=context).items())})", t0, c0)
    finally:
        for n, fn in originals.items(): setattr(search, n, fn)
        tmp.cleanup()
    scored = [r for r in reports if r.score == r.score]
    circle = set(range(n_circle))
    days = [str(i) for i in DAY_IDS]                      # the model has no tokenizer: token strings are the ids
    pieces = [dict(rank=r.rank, score=None if r.score != r.score else round(r.score, 3), n_latents=len(r.latents),
                   planted_latents=len(circle & set(r.latents)), day_token_fraction=round(r.token_fraction(days), 3))
              for r in reports if circle & set(r.latents)]
    out.update(
        sizes=dict(n_layers=n_layers, d_model=768, d_sae=d_sae, hook=f"blocks.{layer}.hook_resid_pre",
                   n_tokens=int(tokens.numel()), n_seqs=n_seqs, seq_len=seq_len, n_circle=n_circle, l0_target=l0),
        threads=threads, stages=stages, search_stage_wall_s={k: round(v, 1) for k, v in spent.items()},
        n_clusters_scored=len(scored), n_clusters=len(reports),
        ranks_sorted=all(a.score >= b.score for a, b in zip(scored, scored[1:])),
        circle_clusters=pieces,
        top5=[dict(rank=r.rank, score=round(r.score, 3), n_latents=len(r.latents), n_active=r.n_active)
              for r in scored[:5]],
        peak_rss_mb=round(_peak_mb()), machine=f"{platform.machine()}, {os.cpu_count()} logical CPUs",
        torch=torch.__version__)
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n-layers", type=int, default=12, help="GPT-2 small has 12")
    ap.add_argument("--d-sae", type=int, default=24576, help="the gpt2-small-res-jb SAEs have 24,576 latents")
    ap.add_argument("--layer", type=int, default=7, help="the SAE reads blocks.LAYER.hook_resid_pre")
    ap.add_argument("--n-seqs", type=int, default=128)
    ap.add_argument("--seq-len", type=int, default=128)
    ap.add_argument("--circle", type=int, default=14, help="SAE latents tiling the planted circle's plane")
    ap.add_argument("--l0", type=float, default=32.0, help="latents firing per token (target)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--similarity", default=None, help="SearchConfig.similarity (default: the SearchConfig default)")
    ap.add_argument("--refine", default=None, help="SearchConfig.refine (default: the SearchConfig default)")
    ap.add_argument("--merge-group", type=int, default=None, help="SearchConfig.merge_group (default: the SearchConfig default)")
    ap.add_argument("--context", type=int, default=None, help="SearchConfig.context: tokens per context (default: whole sequences)")
    ap.add_argument("--json", default=None, help="also write the figures to this JSON file")
    a = ap.parse_args(argv)
    if not 0 <= a.layer < a.n_layers: ap.error(f"--layer must be in 0..{a.n_layers - 1}")
    res = rehearse(n_layers=a.n_layers, d_sae=a.d_sae, layer=a.layer, n_seqs=a.n_seqs, seq_len=a.seq_len,
                   n_circle=a.circle, l0=a.l0, threads=a.threads, context=a.context,
                   **{k: v for k, v in dict(similarity=a.similarity, refine=a.refine, merge_group=a.merge_group).items()
                      if v is not None})
    cmd = "PYTHONPATH=$PWD python bench/gpt2_rehearsal.py " + " ".join(sys.argv[1:] if argv is None else argv)
    print(f"# {cmd}")
    print(f"# {res['machine']}, torch {res['torch']}, {res['threads']} thread(s); sizes {res['sizes']}")
    print(f"{'stage':<50} {'wall s':>8} {'CPU s':>8} {'peak RSS MB':>12}")
    for s in res["stages"]: print(f"{s['stage']:<50} {s['wall_s']:>8} {s['cpu_s']:>8} {s['peak_rss_mb']:>12}")
    print(f"inside the search (wall s): {res['search_stage_wall_s']}")
    print(f"model round trip: max |Δlogit| = {res['model_roundtrip_max_abs_diff']:.2e} ({res['model_bytes'] / 1e6:.0f} MB); "
          f"SAE round trip equal: {res['sae_roundtrip_equal']} ({', '.join(res['sae_files'])})")
    print(f"clusters: {res['n_clusters']} ({res['n_clusters_scored']} scored), ranked by score: {res['ranks_sorted']}")
    print(f"clusters holding the planted circle's {res['sizes']['n_circle']} latents: {res['circle_clusters']}")
    print(f"top 5: {res['top5']}")
    if a.json:
        Path(a.json).parent.mkdir(parents=True, exist_ok=True)
        Path(a.json).write_text(json.dumps(dict(res, command=cmd), indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
