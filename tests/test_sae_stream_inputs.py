"Bad input to mechinterp.sae.stream: each call gets the package's own error, naming the argument."
import pytest
import torch

from mechinterp.sae.stream import (cluster_reconstructions, collect_activations, context_firing, iter_sae_codes,
                                   latent_cooccurrence, resolve_hook)
from mechinterp.testing import tiny_sae, tiny_transformer

HOOK = "blocks.1.hook_resid_pre"
TOKS = torch.randint(0, 50, (4, 8), generator=torch.Generator().manual_seed(1))


@pytest.fixture(scope="module")
def m():
    return tiny_transformer(d_model=32, n_layers=2, device="cpu")


@pytest.fixture(scope="module")
def sae():
    return tiny_sae(d_in=32, d_sae=64, device="cpu")


def codes(*a, **k): return list(iter_sae_codes(*a, **k))


CASES = [
    ("resolve-model-none", lambda m, s: resolve_hook(None, s, HOOK), TypeError, "model"),
    ("resolve-no-hook", lambda m, s: resolve_hook(m, None), ValueError, "hook_name"),
    ("resolve-typo", lambda m, s: resolve_hook(m, s, "blocks.1.hook_resid_prex"), ValueError, "hook_name"),
    ("resolve-not-string", lambda m, s: resolve_hook(m, s, 3), TypeError, "hook_name"),
    ("codes-sae-none", lambda m, s: codes(m, None, TOKS, hook_name=HOOK), TypeError, "sae"),
    ("codes-tokens-none", lambda m, s: codes(m, s, None, hook_name=HOOK), TypeError, "tokens"),
    ("codes-tokens-empty", lambda m, s: codes(m, s, [], hook_name=HOOK), ValueError, "tokens is empty"),
    ("codes-tokens-empty-row", lambda m, s: codes(m, s, [torch.tensor([1, 2]), torch.tensor([], dtype=torch.long)],
                                                  hook_name=HOOK), ValueError, "tokens row 1 is empty"),
    ("codes-tokens-float", lambda m, s: codes(m, s, TOKS + 0.5, hook_name=HOOK), ValueError, "tokens must hold whole"),
    ("codes-tokens-nan", lambda m, s: codes(m, s, TOKS * float("nan"), hook_name=HOOK), ValueError, "tokens contains"),
    ("codes-tokens-nested-row", lambda m, s: codes(m, s, [[[1, 2]]], hook_name=HOOK), ValueError, "tokens must have 1"),
    ("codes-tokens-3d", lambda m, s: codes(m, s, TOKS[None], hook_name=HOOK), ValueError, "tokens must have"),
    ("codes-tokens-out-of-vocab", lambda m, s: codes(m, s, TOKS + 100, hook_name=HOOK), ValueError, "tokens row 0 holds id"),
    ("codes-tokens-negative", lambda m, s: codes(m, s, TOKS - 100, hook_name=HOOK), ValueError, "tokens row 0 holds id"),
    ("codes-tokens-too-long", lambda m, s: codes(m, s, torch.zeros(1, 17, dtype=torch.long), hook_name=HOOK), ValueError, "n_ctx"),
    ("codes-texts-no-tokenizer", lambda m, s: codes(m, s, ["Monday"], hook_name=HOOK), ValueError, "tokenizer"),
    ("codes-batch-size-zero", lambda m, s: codes(m, s, TOKS, hook_name=HOOK, batch_size=0), ValueError, "batch_size"),
    ("codes-batch-size-none", lambda m, s: codes(m, s, TOKS, hook_name=HOOK, batch_size=None), TypeError, "batch_size"),
    ("codes-preprocess", lambda m, s: codes(m, s, TOKS, hook_name=HOOK, preprocess="scale"), TypeError, "preprocess"),
    ("codes-device", lambda m, s: codes(m, s, TOKS, hook_name=HOOK, device="tpu"), ValueError, "device"),
    ("codes-width-mismatch", lambda m, s: codes(m, tiny_sae(d_in=16, d_sae=8, device="cpu"), TOKS, hook_name=HOOK),
     ValueError, "sae reads vectors of width 16"),
    ("cooc-batch-size", lambda m, s: latent_cooccurrence(m, s, TOKS, hook_name=HOOK, batch_size=-1), ValueError, "batch_size"),
    ("ctx-zero", lambda m, s: context_firing(m, s, TOKS, hook_name=HOOK, context=0), ValueError, "context"),
    ("ctx-fraction", lambda m, s: context_firing(m, s, TOKS, hook_name=HOOK, context=2.5), TypeError, "context"),
    ("ctx-tokens-empty", lambda m, s: context_firing(m, s, [], hook_name=HOOK), ValueError, "tokens is empty"),
    ("ctx-sae-none", lambda m, s: context_firing(m, None, TOKS, hook_name=HOOK), TypeError, "sae"),
    ("acts-hook-none", lambda m, s: collect_activations(m, TOKS, None), TypeError, "hook_name"),
    ("acts-hook-typo", lambda m, s: collect_activations(m, TOKS, "blocks.1.hook_resid"), ValueError, "hook_name"),
    ("recon-cluster-none", lambda m, s: cluster_reconstructions(m, s, None, TOKS, hook_name=HOOK), TypeError, "cluster"),
    ("recon-cluster-empty", lambda m, s: cluster_reconstructions(m, s, [], TOKS, hook_name=HOOK), ValueError, "cluster is empty"),
    ("recon-cluster-empty-inner", lambda m, s: cluster_reconstructions(m, s, [[1, 2], []], TOKS, hook_name=HOOK), ValueError, "cluster is empty"),
    ("recon-cluster-out-of-range", lambda m, s: cluster_reconstructions(m, s, [1, 64], TOKS, hook_name=HOOK), ValueError, "cluster has latent id 64"),
    ("recon-cluster-negative", lambda m, s: cluster_reconstructions(m, s, [-1, 2], TOKS, hook_name=HOOK), ValueError, "cluster has latent id -1"),
    ("recon-cluster-fraction", lambda m, s: cluster_reconstructions(m, s, [1.5, 2], TOKS, hook_name=HOOK), ValueError, "cluster must hold whole"),
    ("recon-cluster-repeated", lambda m, s: cluster_reconstructions(m, s, [3, 3], TOKS, hook_name=HOOK), ValueError, "cluster repeats"),
    ("recon-cluster-string", lambda m, s: cluster_reconstructions(m, s, "1,2", TOKS, hook_name=HOOK), TypeError, "cluster"),
    ("recon-max-points", lambda m, s: cluster_reconstructions(m, s, [1, 2], TOKS, hook_name=HOOK, max_points=0), ValueError, "max_points"),
    ("recon-seed", lambda m, s: cluster_reconstructions(m, s, [1, 2], TOKS, hook_name=HOOK, seed=-1), ValueError, "seed"),
    ("recon-sae-none", lambda m, s: cluster_reconstructions(m, None, [1, 2], TOKS, hook_name=HOOK), TypeError, "sae"),
]


@pytest.mark.parametrize("call,exc,name", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input(call, exc, name, m, sae, refused):
    refused(lambda: call(m, sae), exc, name)


def test_tensor_clusters_and_whole_float_ids_are_accepted(m, sae):
    a = cluster_reconstructions(m, sae, torch.tensor([3, 7]), TOKS, hook_name=HOOK, max_points=None)
    b = cluster_reconstructions(m, sae, [3.0, 7.0], TOKS, hook_name=HOOK, max_points=None)
    assert a.latents == b.latents == [3, 7] and torch.equal(a.codes, b.codes)
