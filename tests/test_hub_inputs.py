"Bad input to mechinterp.hub, and damaged model / SAE folders: the package's own error, naming the argument or file."
import json
import os

import pytest
import torch

from mechinterp import hub
from mechinterp.core import ArtefactError
from mechinterp.testing import tiny_sae, tiny_transformer

NAN = float("nan")


@pytest.fixture(scope="module")
def model():
    return tiny_transformer(n_layers=2, d_model=32, device="cpu")


CASES = [
    ("component-none", lambda m: hub.block_hook_name(None, 1), TypeError, "component"),
    ("component-unknown", lambda m: hub.block_hook_name("resid-pre", 1), ValueError, "component='resid-pre'"),
    ("component-layer-negative", lambda m: hub.block_hook_name("resid_pre", -1), ValueError, "layer"),
    ("component-layer-fraction", lambda m: hub.block_hook_name("resid_pre", 1.5), TypeError, "layer"),
    ("component-layer-none", lambda m: hub.block_hook_name("resid_pre", None), TypeError, "layer"),
    ("resid-model-none", lambda m: hub.resid_hook_name(None, 0), TypeError, "model"),
    ("resid-layer-too-big", lambda m: hub.resid_hook_name(m, 3), ValueError, "layer"),
    ("resid-layer-string", lambda m: hub.resid_hook_name(m, "1"), TypeError, "layer"),
    ("resid-layer-bool", lambda m: hub.resid_hook_name(m, True), TypeError, "layer"),
    ("hooks-model-none", lambda m: hub.default_resid_hooks(None), TypeError, "model"),
    ("hook-layer-none", lambda m: hub.hook_layer(None), TypeError, "name"),
    ("reachable-repo-none", lambda m: hub.hub_reachable(None), TypeError, "repo_id"),
    ("reachable-timeout-zero", lambda m: hub.hub_reachable("gpt2", timeout_s=0), ValueError, "timeout_s"),
    ("reachable-timeout-nan", lambda m: hub.hub_reachable("gpt2", timeout_s=NAN), ValueError, "timeout_s"),
    ("model-name-none", lambda m: hub.load_model(None), TypeError, "name"),
    ("model-name-empty", lambda m: hub.load_model(" "), ValueError, "name"),
    ("model-name-unknown", lambda m: hub.load_model("gtp2"), ValueError, "name='gtp2'"),
    ("model-timeout", lambda m: hub.load_model("gpt2", timeout_s=-1), ValueError, "timeout_s"),
    ("model-device", lambda m: hub.load_model("gpt2", device="tpu"), ValueError, "device='tpu'"),
    ("sae-release-none", lambda m: hub.load_sae(None, "blocks.7.hook_resid_pre"), TypeError, "release"),
    ("sae-release-unknown", lambda m: hub.load_sae("gpt2-small-res-jbb", "blocks.7.hook_resid_pre"), ValueError, "release="),
    ("sae-id-unknown", lambda m: hub.load_sae("gpt2-small-res-jb", "blocks.7.hook_resid"), ValueError, "sae_id="),
    ("sae-id-none", lambda m: hub.load_sae("gpt2-small-res-jb", None), TypeError, "sae_id"),
    ("sae-timeout", lambda m: hub.load_sae("gpt2-small-res-jb", "blocks.7.hook_resid_pre", timeout_s=0), ValueError, "timeout_s"),
    ("sae-device", lambda m: hub.load_sae("gpt2-small-res-jb", "blocks.7.hook_resid_pre", device="tpu"), ValueError, "device"),
    ("local-sae-path-none", lambda m: hub.load_local_sae(None), TypeError, "path"),
    ("local-sae-missing", lambda m: hub.load_local_sae("/nonexistent/sae"), FileNotFoundError, "/nonexistent/sae"),
    ("local-model-path-none", lambda m: hub.load_local_model(None), TypeError, "path"),
    ("local-model-missing", lambda m: hub.load_local_model("/nonexistent/model"), FileNotFoundError, "/nonexistent/model"),
    ("save-model-none", lambda m: hub.save_local_model(None, "x"), TypeError, "model"),
    ("save-path-none", lambda m: hub.save_local_model(m, None), TypeError, "path"),
    ("scale-x-none", lambda m: hub.scale_to_sqrt_d(None), TypeError, "x"),
    ("scale-x-nan", lambda m: hub.scale_to_sqrt_d(torch.tensor([[1.0, NAN]])), ValueError, "x contains"),
    ("scale-x-scalar", lambda m: hub.scale_to_sqrt_d(torch.tensor(3.0)), ValueError, "x must"),
    ("scale-eps-zero", lambda m: hub.scale_to_sqrt_d(torch.ones(2, 3), eps=0), ValueError, "eps"),
]


@pytest.mark.parametrize("call,exc,name", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input(call, exc, name, model, refused, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")        # a name check must never wait for the network
    refused(lambda: call(model), exc, name)


# damaged folders: every loader names the file, says what is wrong and how to recover

@pytest.fixture
def sae_dir(tmp_path):
    tiny_sae(d_in=32, d_sae=64, device="cpu").save_model(tmp_path)
    return tmp_path


@pytest.fixture
def model_dir(tmp_path, model):
    return hub.save_local_model(model, tmp_path / "m")


def _truncate(p, keep=0.5):
    data = p.read_bytes(); p.write_bytes(data[: int(len(data) * keep)])


SAE_DAMAGE = {
    "weights-empty": (lambda d: (d / "sae_weights.safetensors").write_bytes(b""), ArtefactError, "sae_weights.safetensors is empty"),
    "weights-truncated": (lambda d: _truncate(d / "sae_weights.safetensors"), ArtefactError, "sae_weights.safetensors is truncated"),
    "weights-text": (lambda d: (d / "sae_weights.safetensors").write_text("hello"), ArtefactError, "sae_weights.safetensors is truncated"),
    "weights-pickle": (lambda d: torch.save({"W_dec": torch.zeros(2)}, d / "sae_weights.safetensors"), ValueError, "pickle"),
    "weights-missing": (lambda d: (d / "sae_weights.safetensors").unlink(), FileNotFoundError, "sae_weights.safetensors missing"),
    "cfg-empty": (lambda d: (d / "cfg.json").write_text(""), ArtefactError, "cfg.json is empty"),
    "cfg-truncated": (lambda d: _truncate(d / "cfg.json"), ArtefactError, "cfg.json is damaged or truncated"),
    "cfg-other-kind": (lambda d: (d / "cfg.json").write_text(json.dumps({"recipe": {}})), ArtefactError, "not an SAELens SAE config"),
    "cfg-other-size": (lambda d: (d / "cfg.json").write_text(json.dumps(dict(json.loads((d / "cfg.json").read_text()), d_sae=99))),
                       ArtefactError, "do not match"),
}


@pytest.mark.parametrize("damage", list(SAE_DAMAGE))
def test_damaged_sae_folder(damage, sae_dir, refused):
    spoil, exc, what = SAE_DAMAGE[damage]
    spoil(sae_dir)
    msg = refused(lambda: hub.load_local_sae(sae_dir, device="cpu"), exc, what, str(sae_dir))
    assert any(w in msg for w in ("delete", "restore", "save it again", "Save one", "write it again", "right folder", "convert"))


def test_sae_path_is_a_file(sae_dir, refused):
    refused(lambda: hub.load_local_sae(sae_dir / "cfg.json"), NotADirectoryError, "cfg.json is a file", "pass the folder")


MODEL_DAMAGE = {
    "weights-empty": (lambda d: (d / "model.safetensors").write_bytes(b""), ArtefactError, "model.safetensors is empty"),
    "weights-truncated": (lambda d: _truncate(d / "model.safetensors"), ArtefactError, "model.safetensors is truncated"),
    "config-truncated": (lambda d: _truncate(d / "config.json", 0.3), ArtefactError, "config.json is damaged or truncated"),
    "config-calendar": (lambda d: (d / "config.json").write_text(json.dumps({"recipe": {}, "d_vocab": 5})), ArtefactError,
                        "load_calendar_lm"),
    "config-other-size": (lambda d: (d / "config.json").write_text(json.dumps(dict(json.loads((d / "config.json").read_text()), d_mlp=65))),
                          ArtefactError, "do not match"),
}


@pytest.mark.parametrize("damage", list(MODEL_DAMAGE))
def test_damaged_model_folder(damage, model_dir, refused):
    spoil, exc, what = MODEL_DAMAGE[damage]
    spoil(model_dir)
    msg = refused(lambda: hub.load_local_model(model_dir, device="cpu"), exc, what, str(model_dir))
    assert any(w in msg for w in ("delete", "restore", "write it again", "right folder"))


def test_local_model_round_trip(model_dir, model):
    toks = torch.randint(0, model.cfg.d_vocab, (2, 8), generator=torch.Generator().manual_seed(0))
    with torch.no_grad(): assert torch.equal(hub.load_local_model(model_dir, device="cpu")(toks), model(toks))
    assert sorted(os.listdir(model_dir)) == ["config.json", "model.safetensors"]     # no tokenizer: nothing else
