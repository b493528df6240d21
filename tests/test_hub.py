"Real-model loaders that fail fast offline, and the hook names (`mechinterp.hub`)."
import time

import pytest
import torch

from mechinterp import hub
from mechinterp.testing import tiny_transformer


def test_hook_names_exist_in_a_model():
    model = tiny_transformer(n_layers=3, d_model=32, device="cpu")
    names = hub.default_resid_hooks(model)
    assert len(names) == 4 and all(n in model.hook_dict for n in names)
    assert [hub.hook_layer(n) for n in names] == [0, 1, 2, 2]
    for c in ("attn_out", "mlp_out", "resid_pre"): assert hub.block_hook_name(c, 2) in model.hook_dict
    with pytest.raises(ValueError, match="0..3"): hub.resid_hook_name(model, 4)
    with pytest.raises(TypeError, match="layer"): hub.resid_hook_name(model, True)


def test_offline_loaders_fail_fast(monkeypatch):
    if hub._in_hf_cache("gpt2"): pytest.skip("gpt2 is in the local HF cache")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    t = time.perf_counter()
    with pytest.raises(hub.ModelUnavailableError, match="calendar LM"):
        hub.load_model("gpt2")
    with pytest.raises(hub.ModelUnavailableError, match="HF cache"):
        hub.load_sae("gpt2-small-res-jb", "blocks.7.hook_resid_pre")
    assert time.perf_counter() - t < 5


def test_no_network_fails_fast(monkeypatch):
    "Not offline by setting, but the Hub does not answer: an unroutable endpoint must fail within the timeout."
    if hub._in_hf_cache("gpt2"): pytest.skip("gpt2 is in the local HF cache")
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.setenv("HF_ENDPOINT", "http://10.255.255.1:81")  # no Hub there: times out, or an interceptor answers 404
    t = time.perf_counter()
    with pytest.raises(hub.ModelUnavailableError, match="cannot be reached"):
        hub.load_model("gpt2", timeout_s=1.0)
    assert time.perf_counter() - t < 5
    assert not hub.hub_reachable("gpt2", timeout_s=0.5)
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")  # connection refused
    with pytest.raises(hub.ModelUnavailableError, match="cannot be reached"):
        hub.load_sae("gpt2-small-res-jb", "blocks.7.hook_resid_pre", timeout_s=1.0)


def test_scale_to_sqrt_d():
    x = torch.randn(3, 4096)
    assert torch.allclose(hub.scale_to_sqrt_d(x).norm(dim=-1), torch.full((3,), 64.0), atol=1e-3)


