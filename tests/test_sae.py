"Tests of the SAE multi-dimensional feature search on tiny models, planted dictionaries and planted circles."
import math

import numpy as np
import scipy.sparse as sp
import pytest
import torch
from hypothesis import given, settings, strategies as st

from mechinterp.sae import (
    CoOccurrence, ClusterReport, cluster_dictionary, cluster_reconstructions, cyclic_order, decoder_directions,
    jaccard_affinity, knn_affinity, latent_cooccurrence, plot_cluster, plot_gallery, score_cluster,
    search_multid_features, spectral_labels, train_sae, collect_activations, sae_fit, split_reducible,
    ClusterReconstruction, dense_affinity, SAETrainConfig, SearchConfig, merge_arcs,
)
from mechinterp.sae.stream import _fit_pca
from mechinterp.testing import tiny_sae, tiny_transformer

HOOK = "blocks.1.hook_resid_pre"


@pytest.fixture(scope="module")
def tiny():
    model = tiny_transformer(d_model=32, n_layers=2, device="cpu")
    sae = tiny_sae(d_in=32, d_sae=64, device="cpu")
    toks = torch.randint(0, 50, (12, 10), generator=torch.Generator().manual_seed(3))
    return model, sae, toks


# ---------------------------------------------------------------- a planted circle, end to end
N_CIRCLE_LAT, N_OTHER_LAT, D, N_CIRCLE_TOK, VOCAB = 8, 56, 256, 48, 160


@pytest.fixture(scope="module")
def planted():
    """A model whose `blocks.0.hook_resid_pre` is a planted embedding, and an SAE that knows the planted dictionary.

    Tokens 0..47 sit on a circle (angle 2πt/48) around a common direction u0 (a cone, as SAE features with ReLU
    codes are: a "weekday" offset plus the circle); latents 0..7 are unit directions on that cone at 45° steps (a
    2-D feature split over 8 latents);
    latents 8..63 are seven 1-D features, each split over 8 near-parallel latents; tokens 48.. are sums of one or two
    of those features. The SAE encoder is the decoder transposed with a threshold, so the answer is known: the
    clusters are the eight groups of 8, and the circle {0..7} is the only irreducible 2-D one.
    """
    from sae_lens import StandardSAE, StandardSAEConfig
    from transformer_lens import HookedTransformer, HookedTransformerConfig
    g = torch.Generator().manual_seed(0)
    basis = torch.linalg.qr(torch.randn(D, 3, generator=g)).Q
    u0, plane = basis[:, 0], basis[:, 1:]
    phi = torch.arange(N_CIRCLE_LAT) * 2 * math.pi / N_CIRCLE_LAT
    W_circle = 0.8 * u0 + 0.6 * torch.stack([phi.cos(), phi.sin()], 1) @ plane.T
    groups = torch.randn(N_OTHER_LAT // 8, D, generator=g)            # 7 one-dimensional features ...
    groups = groups / groups.norm(dim=1, keepdim=True)
    W_other = groups.repeat_interleave(8, 0) + 0.3 * torch.randn(N_OTHER_LAT, D, generator=g) / D**0.5
    W_other = W_other / W_other.norm(dim=1, keepdim=True)             # ... each split over 8 near-parallel latents
    W_dec = torch.cat([W_circle, W_other])
    theta = torch.arange(N_CIRCLE_TOK) * 2 * math.pi / N_CIRCLE_TOK
    E = torch.zeros(VOCAB, D)
    E[:N_CIRCLE_TOK] = 2 * (0.8 * u0 + 0.6 * torch.stack([theta.cos(), theta.sin()], 1) @ plane.T)
    for t in range(N_CIRCLE_TOK, VOCAB):
        j = torch.randperm(len(groups), generator=g)[: 1 + t % 2]
        E[t] = ((1 + torch.rand(len(j), 1, generator=g)) * groups[j]).sum(0)
    cfg = HookedTransformerConfig(n_layers=1, d_model=D, d_head=64, n_heads=4, d_mlp=64, n_ctx=16, d_vocab=VOCAB,
                                  act_fn="relu", seed=0, device="cpu")
    model = HookedTransformer(cfg).eval()
    with torch.no_grad():
        model.embed.W_E.copy_(E); model.pos_embed.W_pos.zero_()
    sae = StandardSAE(StandardSAEConfig(d_in=D, d_sae=len(W_dec), device="cpu"))
    with torch.no_grad():
        sae.W_dec.copy_(W_dec); sae.W_enc.copy_(W_dec.T); sae.b_enc.fill_(-0.6); sae.b_enc[:N_CIRCLE_LAT] = -1.5; sae.b_dec.zero_()
    sae.cfg.metadata.hook_name = "blocks.0.hook_resid_pre"
    toks = torch.randint(0, VOCAB, (60, 16), generator=g)
    return model, sae, toks


FAST = dict(n_pcs=2, index_points=800, min_points=30)   # one PC pair per cluster keeps the tests quick
# the planted dictionaries below are separable by decoder cosine alone, so `fast()` pins the decoder-cosine search
# with pairwise joining (the context options and grown unions have their own known answers further down)
COSINE_PAIRS = dict(similarity="cosine", refine="cosine", merge_group=2)


def fast(**kw) -> SearchConfig:
    return SearchConfig(**FAST, **{**COSINE_PAIRS, **kw})


@pytest.fixture(scope="module", params=["spectral", "graph"])
def planted_search(request, planted):
    model, sae, toks = planted
    clusters = cluster_dictionary(sae, method=request.param, n_clusters=8, n_neighbors=4, cutoff=0.5)
    return clusters, search_multid_features(model, sae, toks, clusters=clusters, config=fast())


def test_planted_circle_is_found_and_flagged(planted_search):
    clusters, reports = planted_search
    circle = list(range(N_CIRCLE_LAT))
    assert circle in clusters.clusters                       # exactly that group, nothing more
    best = reports[0]
    assert best.latents == circle
    assert best.mixture < 0.3 and best.separability > 1.0   # neither a mixture nor separable
    others = [r for r in reports[1:] if not math.isnan(r.score)]
    assert others and all(r.score < best.score for r in others)
    assert best.token_fraction([str(t) for t in range(N_CIRCLE_TOK)]) > 0.9
    assert cyclic_order(best, [str(t) for t in range(0, N_CIRCLE_TOK, 4)]).in_order   # angle order, 12 spokes


def test_plots(planted_search):
    _, reports = planted_search
    fig = reports[0].plot(order=[str(t) for t in range(N_CIRCLE_TOK)])
    assert len(fig.axes) == 1
    assert len(plot_gallery(reports, n=3, ncols=2).axes) == 4


def test_lines_and_mixtures_score_below_circle(planted):
    "Near-parallel latents give a line (1-D); latents of two features give two rays (a mixture): both rank low."
    model, sae, toks = planted
    recs = cluster_reconstructions(model, sae, [list(range(N_CIRCLE_LAT)), [8, 9, 10], [8, 16]], toks)
    circle, line, rays = (score_cluster(r, model, **FAST) for r in recs)
    assert circle.score > 0.5
    for r in (line, rays): assert math.isnan(r.score) or r.score < 0.5 * circle.score
    assert rays.mixture > circle.mixture


# ---------------------------------------------------------------- streaming, shapes and seeds
def test_shapes(tiny):
    model, sae, toks = tiny
    rec = cluster_reconstructions(model, sae, [1, 5, 9, 20], toks, hook_name=HOOK)
    n = rec.n_active
    assert rec.codes.shape == (n, 4) and rec.token_ids.shape == (n,) and rec.recon.shape == (n, 32)
    assert rec.components.shape == (32, 4) and rec.proj.shape == (n, 4)
    assert (rec.codes > 0).any(1).all() and rec.n_tokens == toks.numel()
    assert torch.allclose(rec.components.T @ rec.components, torch.eye(4), atol=1e-4)


@pytest.mark.parametrize("max_points", [None, 17])
def test_batched_equals_unbatched(tiny, max_points):
    model, sae, toks = tiny
    clusters = [[0, 1, 2, 3], [10, 11], [40, 41, 42]]
    a = cluster_reconstructions(model, sae, clusters, toks, hook_name=HOOK, batch_size=1, max_points=max_points)
    b = cluster_reconstructions(model, sae, clusters, toks, hook_name=HOOK, batch_size=12, max_points=max_points)
    c = cluster_reconstructions(model, sae, clusters, list(toks), hook_name=HOOK, batch_size=5, max_points=max_points)
    for x, y, z in zip(a, b, c):
        assert torch.equal(x.token_ids, y.token_ids) and torch.equal(x.pos, z.pos)
        assert torch.allclose(x.codes, y.codes, atol=1e-5) and torch.allclose(x.codes, z.codes, atol=1e-5)
        assert x.n_active == y.n_active == z.n_active
        if max_points is not None: assert len(x.codes) == min(max_points, x.n_active)


def test_cluster_reconstruction_matches_ablation(tiny):
    "The definition: decode with every latent outside the cluster zeroed, on tokens where a cluster latent fires."
    model, sae, toks = tiny
    _, cache = model.run_with_cache(toks, names_filter=HOOK)
    f = sae.encode(cache[HOOK].reshape(-1, 32)).detach()
    cl = [2, 30, 31]
    keep = torch.zeros_like(f); keep[:, cl] = f[:, cl]
    mask = (f[:, cl] > 0).any(1)
    rec = cluster_reconstructions(model, sae, cl, toks, hook_name=HOOK, batch_size=5, max_points=None)
    assert torch.allclose(rec.recon, (keep @ sae.W_dec.detach())[mask], atol=1e-5)


def test_cooccurrence_streaming(tiny):
    model, sae, toks = tiny
    a = latent_cooccurrence(model, sae, toks, hook_name=HOOK, batch_size=1)
    b = latent_cooccurrence(model, sae, toks, hook_name=HOOK, batch_size=7)
    assert (a.counts != b.counts).nnz == 0 and a.n_tokens == b.n_tokens == toks.numel()
    cl = cluster_dictionary(sae, method="graph", similarity="jaccard", cooccurrence=a, n_neighbors=4, cutoff=0.3)
    assert len(cl.labels) == 64


def test_seeds_and_determinism(tiny):
    _, sae, _ = tiny
    a = cluster_dictionary(sae, n_clusters=8, seed=1).labels
    b = cluster_dictionary(sae, n_clusters=8, seed=1).labels
    assert np.array_equal(a, b)


@given(seed=st.integers(0, 1000), k=st.integers(1, 10))
@settings(deadline=None, max_examples=15)
def test_knn_graph_properties(seed, k):
    W = decoder_directions(torch.randn(40, 8, generator=torch.Generator().manual_seed(seed)))
    A = knn_affinity(W, n_neighbors=k)
    assert abs(A - A.T).max() == 0 and A.diagonal().max() == 0 and A.min() >= 0
    S = (W @ W.T).numpy(); np.fill_diagonal(S, -np.inf)
    for i in range(0, 40, 7):  # each latent's best positive neighbour is kept with its cosine
        j = int(S[i].argmax())
        if S[i, j] > 0: assert abs(A[i, j] - S[i, j]) < 1e-6


@pytest.mark.parametrize("sparse", [False, True])
def test_spectral_labels_exact_on_blocks(sparse):
    "Block-diagonal affinity (dense, or sparse and large enough for the multigrid solver): one label per block."
    import scipy.sparse as sps
    size, n_blocks = (5, 3) if not sparse else (6, 40)     # sparse: 240 latents >= 5 · 40 + 1, the amg path
    A = np.kron(np.eye(n_blocks), np.ones((size, size)) - np.eye(size))
    A = sps.csr_matrix(A) if sparse else A
    lab = spectral_labels(A, n_blocks, seed=0)
    assert all(len(set(lab[size * i:size * (i + 1)])) == 1 for i in range(n_blocks)) and len(set(lab)) == n_blocks
    assert np.array_equal(lab, spectral_labels(A, n_blocks, seed=0))


def test_bad_input(tiny):
    model, sae, toks = tiny
    with pytest.raises(ValueError, match="method"): cluster_dictionary(sae, method="kmeans")
    with pytest.raises(ValueError, match="cooccurrence"): cluster_dictionary(sae, similarity="jaccard")
    with pytest.raises(ValueError, match="hook"): cluster_reconstructions(model, sae, [1, 2], toks)
    with pytest.raises(ValueError, match="latent id 999"): cluster_reconstructions(model, sae, [1, 999], toks, hook_name=HOOK)
    with pytest.raises(ValueError, match="NaN"): decoder_directions(torch.full((3, 2), float("nan")))


def test_train_sae_is_deterministic(tiny):
    model, _, toks = tiny
    acts = collect_activations(model, toks, HOOK)
    cfg = SAETrainConfig(l1_coefficient=0.5, total_samples=1536, batch_size=32)
    a = train_sae(acts, 64, config=cfg, progress=False)
    b = train_sae(acts, 64, config=cfg, progress=False)
    assert torch.equal(a.W_dec.detach(), b.W_dec.detach())
    assert sae_fit(a, acts).fvu < 1


# ---------------------------------------------------------------- the optional reducibility split
def _circles_rec(weights=(0.5, 0.5), n=1200, d=16, n_lat=8, noise=0.02, seed=0):
    "Two circles in orthogonal planes of a random basis, each tiled by n_lat latents (codes: positive part of cosines)."
    g = torch.Generator().manual_seed(seed)
    Q = torch.linalg.qr(torch.randn(d, 4, generator=g)).Q
    ang = torch.arange(n_lat) * 2 * math.pi / n_lat
    ring = torch.stack([ang.cos(), ang.sin()], 1)
    W = torch.cat([ring @ Q[:, :2].T, ring @ Q[:, 2:].T])                 # (2 n_lat, d), unit rows
    n_a = int(round(weights[0] * n))
    th = torch.rand(n, generator=g) * 2 * math.pi
    u = torch.stack([th.cos(), th.sin()], 1)
    codes = torch.zeros(n, 2 * n_lat)
    codes[:n_a, :n_lat] = (u[:n_a] @ ring.T).clamp_min(0)
    codes[n_a:, n_lat:] = (u[n_a:] @ ring.T).clamp_min(0)
    codes = (codes + noise * torch.rand(codes.shape, generator=g) * (codes > 0)).float()
    z = torch.zeros(n, dtype=torch.long)
    rec = _fit_pca(ClusterReconstruction(list(range(2 * n_lat)), codes, W.float(), z, torch.arange(n), z, n, n))
    return rec, dense_affinity(W.float()), n_lat


@pytest.mark.parametrize("weights", [(0.5, 0.5), (0.3, 0.7)])
def test_split_reducible_recovers_two_planted_circles(weights):
    rec, A, n_lat = _circles_rec(weights)
    pieces = split_reducible(rec, A, depth=3)
    assert sorted(sorted(p.latents) for p in pieces) == [list(range(n_lat)), list(range(n_lat, 2 * n_lat))]
    for p in pieces:                        # each piece is a circle (not split further) with all its points
        assert len(split_reducible(p, A, depth=3)) == 1
    assert sum(len(p.token_ids) for p in pieces) == len(rec.token_ids)


def test_split_reducible_default_dense_survives_duplicate_latents():
    "Every latent duplicated: a 1-NN graph cut down to the cluster is only pairs; the default dense cosine still splits."
    rec, _, n_lat = _circles_rec()
    dup = [j for i in range(2 * n_lat) for j in (i, i)]              # latent 2i and 2i+1 are copies of old latent i
    W = rec.W[dup] * (1 + 1e-3 * torch.arange(len(dup))[:, None])   # tiny scale jitter keeps the rows distinct
    codes = rec.codes[:, dup] / 2
    rec2 = _fit_pca(ClusterReconstruction(list(range(len(dup))), codes, W, rec.token_ids, rec.seq_idx, rec.pos,
                                          rec.n_active, rec.n_tokens))
    want = [list(range(2 * n_lat)), list(range(2 * n_lat, 4 * n_lat))]
    assert sorted(sorted(p.latents) for p in split_reducible(rec2, depth=3)) == want
    pairs = knn_affinity(W, n_neighbors=1)
    got = sorted(sorted(p.latents) for p in split_reducible(rec2, pairs, depth=1))
    assert got != want      # the sparse graph restricted to one cluster carries no information across pairs


def test_split_reducible_leaves_irreducible_and_validates():
    rec, A, n_lat = _circles_rec((1.0, 0.0))      # only the first circle fires
    one = split_reducible(rec, A, depth=3)
    assert len(one) == 1 and one[0].latents == rec.latents   # the silent half is not a non-trivial piece
    assert split_reducible(rec, A, depth=0) == [rec]
    with pytest.raises(ValueError, match="depth"): split_reducible(rec, A, depth=-1)
    with pytest.raises(ValueError, match="split_threshold"): split_reducible(rec, A, split_threshold=0)
    with pytest.raises(ValueError, match="affinity"): split_reducible(rec, A[:4, :4])
    from mechinterp.sae import ContextFiring
    small = ContextFiring(sp.csr_matrix(np.ones((3, 4))))
    with pytest.raises(ValueError, match="affinity covers 4 latents"): split_reducible(rec, small)
    with pytest.raises(TypeError, match="firing must be a ContextFiring"): merge_arcs([rec, rec], firing=A)


def test_search_split_separates_a_merged_planted_cluster(planted):
    "The planted circle merged with a 1-D feature's latents: split_depth=1 returns the circle alone, ranked first."
    model, sae, toks = planted
    circle, ray = list(range(N_CIRCLE_LAT)), list(range(8, 16))
    merged = search_multid_features(model, sae, toks, clusters=[circle + ray], config=fast(n_neighbors=4))
    assert merged[0].latents == circle + ray
    split = search_multid_features(model, sae, toks, clusters=[circle + ray], config=fast(n_neighbors=4, split_depth=1))
    assert sorted(r.latents for r in split) == [circle, ray]
    assert split[0].latents == circle and split[0].score > merged[0].score
    with pytest.raises(ValueError, match="split_depth"):
        fast(split_depth=-1)


# ---------------------------------------------------------------- the acceptance check, on the shipped artefacts
def test_default_search_finds_weekday_and_month_circles():
    "The documented defaults, from scratch: a >= 90 %-pure cluster in cyclic order (by angle) in the top 10, for both."
    from mechinterp.calendar import MONTHS, WEEKDAYS
    from mechinterp.sae import match_named_cycle
    reports = search_multid_features(device="cpu", progress=False)
    found = {what: match_named_cycle(reports, names, top=10, min_fraction=0.9)
             for what, names in (("weekdays", WEEKDAYS), ("months", MONTHS))}
    assert found["weekdays"] is not None and found["months"] is not None, found


# ---------------------------------------------------------------- arcs of one circle joined back
@pytest.fixture(scope="module")
def two_tiled_circles():
    """Two circles (cones around their own axes, in their own planes) each tiled by 24 latents, next to seven 1-D
    features split over 8 near-parallel latents; asked for 14 clusters, spectral clustering cuts the circles into arcs."""
    from sae_lens import StandardSAE, StandardSAEConfig
    from transformer_lens import HookedTransformer, HookedTransformerConfig
    g = torch.Generator().manual_seed(0)
    d, n_lat = 256, 24
    basis = torch.linalg.qr(torch.randn(d, 6, generator=g)).Q
    Ws, E = [], []
    for c in range(2):
        u0, plane = basis[:, 3 * c], basis[:, 3 * c + 1: 3 * c + 3]
        phi = torch.arange(n_lat) * 2 * math.pi / n_lat
        Ws.append(0.8 * u0 + 0.6 * torch.stack([phi.cos(), phi.sin()], 1) @ plane.T)
        th = torch.arange(48) * 2 * math.pi / 48
        E.append(2 * (0.8 * u0 + 0.6 * torch.stack([th.cos(), th.sin()], 1) @ plane.T))
    groups = torch.randn(7, d, generator=g); groups = groups / groups.norm(dim=1, keepdim=True)
    W_other = groups.repeat_interleave(8, 0) + 0.3 * torch.randn(56, d, generator=g) / d**0.5
    W_dec = torch.cat(Ws + [W_other / W_other.norm(dim=1, keepdim=True)])
    vocab = 96 + 160
    W_E = torch.zeros(vocab, d); W_E[:96] = torch.cat(E)
    for t in range(96, vocab):
        j = torch.randperm(7, generator=g)[: 1 + t % 2]
        W_E[t] = ((1 + torch.rand(len(j), 1, generator=g)) * groups[j]).sum(0)
    cfg = HookedTransformerConfig(n_layers=1, d_model=d, d_head=64, n_heads=4, d_mlp=64, n_ctx=16, d_vocab=vocab,
                                  act_fn="relu", seed=0, device="cpu")
    model = HookedTransformer(cfg).eval()
    with torch.no_grad(): model.embed.W_E.copy_(W_E); model.pos_embed.W_pos.zero_()
    sae = StandardSAE(StandardSAEConfig(d_in=d, d_sae=len(W_dec), device="cpu"))
    with torch.no_grad():
        sae.W_dec.copy_(W_dec); sae.W_enc.copy_(W_dec.T); sae.b_enc.fill_(-0.6); sae.b_enc[:2 * n_lat] = -1.5
        sae.b_dec.zero_()
    sae.cfg.metadata.hook_name = "blocks.0.hook_resid_pre"
    return model, sae, torch.randint(0, vocab, (120, 16), generator=g), n_lat


def test_search_joins_arcs_back_into_both_circles(two_tiled_circles):
    "Known answer: the circles come back whole as the two best clusters; without joining only arcs are found."
    model, sae, toks, n_lat = two_tiled_circles
    A, B = list(range(n_lat)), list(range(n_lat, 2 * n_lat))
    clusters = cluster_dictionary(sae, method="spectral", n_clusters=14, n_neighbors=4)
    assert A not in clusters.clusters and B not in clusters.clusters       # the clustering did cut them
    assert all(set(c) <= set(A) or set(c) <= set(B) or not set(c) & set(A + B) for c in clusters.clusters)
    arcs = search_multid_features(model, sae, toks, clusters=clusters, config=fast(merge_rounds=0), progress=False)
    joined = search_multid_features(model, sae, toks, clusters=clusters, config=fast(), progress=False)
    assert sorted(sorted(r.latents) for r in joined[:2]) == [A, B]
    assert min(r.score for r in joined[:2]) > max(r.score for r in arcs if not math.isnan(r.score))
    assert all(r.mixture < 0.5 for r in joined[:2])
    assert len(joined) == len(arcs) - (len([c for c in clusters.clusters if set(c) & set(A + B)]) - 2)


def test_merge_options_are_checked():
    with pytest.raises(ValueError, match="merge_rounds"): SearchConfig(merge_rounds=-1)
    with pytest.raises(ValueError, match="merge_cosine"): SearchConfig(merge_cosine=2.0)


# ---------------------------------------------------------------- circles that only their contexts tell apart
@pytest.mark.parametrize("seed,n_clusters", [(3, 3), (4, 5), (5, 7)])
def test_context_refine_finds_circles_that_decoder_cosine_mixes(seed, n_clusters):
    "Known answer: two name circles with confusable decoders, used in different sequences; only the context refine finds both."
    from mechinterp.testing import planted_name_circles
    model, sae, toks, (A, B) = planted_name_circles(seed=seed)
    top = lambda cfg: [sorted(r.latents) for r in search_multid_features(model, sae, toks, config=cfg, progress=False)[:2]]
    base = dict(n_clusters=n_clusters, similarity="cosine", merge_group=2, min_points=20)
    ctx = top(SearchConfig(**base, refine="context", split_depth=2))
    assert A in ctx and B in ctx, ctx
    cos = top(SearchConfig(**base, refine="cosine"))
    assert A not in cos and B not in cos, cos


def test_context_options_are_checked():
    with pytest.raises(ValueError, match="refine"): SearchConfig(refine="tokens")
    with pytest.raises(ValueError, match="context"): SearchConfig(context=0)
    with pytest.raises(ValueError, match="similarity"): SearchConfig(similarity="context")


# ---------------------------------------------------------------- arcs of a few names joined several at a time
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_grown_unions_join_name_arcs_that_pairs_leave_apart(seed):
    "Known answer: both planted name circles, cut into 12 clusters, are whole in the top 2 when unions grow past pairs."
    from mechinterp.testing import planted_name_circles
    model, sae, toks, (A, B) = planted_name_circles(seed=seed)
    top = lambda g: [sorted(r.latents) for r in search_multid_features(model, sae, toks, progress=False, config=SearchConfig(
        n_clusters=12, similarity="cosine_jaccard", refine="context", min_points=20, merge_group=g))[:2]]
    grown = top(6)
    assert A in grown and B in grown, grown
    if seed == 1:   # here joining pairs leaves the 12-name circle in pieces
        pairs = top(2)
        assert not (A in pairs and B in pairs), pairs


def test_merge_group_is_checked():
    with pytest.raises(ValueError, match="merge_group"): SearchConfig(merge_group=1)
    with pytest.raises(ValueError, match="group_size"): merge_arcs([], group_size=1)
