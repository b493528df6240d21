"""The GPT-2 path rehearsed offline (slow: ~12 min, ~3 GB on one CPU thread): a random-weight GPT-2-small
HookedTransformer and a 24,576-latent SAE in SAELens' on-disk format, through the local-path loaders, and the
multi-dimensional feature search end to end. The run itself lives in bench/gpt2_rehearsal.py, which prints the figures."""
import importlib.util
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench" / "gpt2_rehearsal.py"


def _bench():
    spec = importlib.util.spec_from_file_location("gpt2_rehearsal", BENCH)
    mod = importlib.util.module_from_spec(spec); spec.loader.exec_module(mod)
    return mod


@pytest.mark.slow
def test_gpt2_shaped_search_end_to_end():
    import torch
    res = _bench().rehearse(threads=torch.get_num_threads())            # all the cores torch was given
    for st in res["stages"]: print(st)                                   # shown with `pytest -s`
    print("inside the search:", res["search_stage_wall_s"], "; planted circle:", res["circle_clusters"])
    assert res["sizes"]["d_sae"] == 24576 and res["sizes"]["n_layers"] == 12
    assert res["model_roundtrip_max_abs_diff"] == 0.0                     # load_local_model gives the same logits
    assert res["sae_roundtrip_equal"] and res["sae_files"] == ["cfg.json", "sae_weights.safetensors"]
    assert res["n_clusters_scored"] >= 0.5 * res["n_clusters"] > 0 and res["ranks_sorted"]
    # known answer: the latents that tile the planted circle of "day" tokens end up in clusters that fire on days
    pieces = [c for c in res["circle_clusters"] if c["planted_latents"] >= 3]
    assert pieces and all(c["day_token_fraction"] >= 0.9 for c in pieces), res["circle_clusters"]
    assert res["peak_rss_mb"] < 12_000                                    # fits a 16 GB laptop


def test_rehearsal_builds_gpt2_small_shapes():
    "Fast: the configuration is GPT-2 small's, and byte text maps onto GPT-2's first 256 ids one to one."
    b = _bench()
    cfg = b.gpt2_small_config()
    assert (cfg.n_layers, cfg.d_model, cfg.n_heads, cfg.d_head, cfg.d_mlp, cfg.n_ctx, cfg.d_vocab, cfg.act_fn,
            cfg.normalization_type) == (12, 768, 12, 64, 3072, 1024, 50257, "gelu_new", "LN")
    ids = b._byte_to_gpt2_id()
    assert sorted(ids) == list(range(256)) and ids[ord("!")] == 0 and ids[ord("~")] == 93
    toks = b.text_tokens(3, 16)
    assert toks.shape == (3, 16) and (toks[:, 0] == 50256).all() and int(toks[:, 1:].max()) < 256
