"Core: atomic writes survive crashes, artefacts round-trip, seeding repeats, pickles are refused."
import os
import signal
import subprocess
import sys
import time

import numpy as np
import pytest
import torch
from hypothesis import given, settings, strategies as st

from mechinterp.core import (atomic_write, cache_dir, default_device, load_json, load_tensors, save_json,
                             save_tensors, seed_everything)


def test_atomic_write_survives_killed_process(tmp_path):
    "A process killed (SIGKILL) in the middle of a write leaves the previous file intact."
    target = tmp_path / "results.json"
    save_json(target, {"finished": ["a", "b"]})
    code = f"""
import time
from mechinterp.core import atomic_write
with atomic_write({str(target)!r}, "w") as f:
    f.write('{{"finished": ["a", "b", "c"')
    f.flush()
    print("writing", flush=True)
    time.sleep(60)
"""
    p = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert p.stdout.readline().strip() == "writing"
    p.send_signal(signal.SIGKILL); p.wait()
    assert load_json(target) == {"finished": ["a", "b"]}


def test_atomic_write_exception_cleans_temp(tmp_path):
    target = tmp_path / "x.bin"
    with atomic_write(target) as f: f.write(b"old")
    with pytest.raises(RuntimeError):
        with atomic_write(target) as f:
            f.write(b"new-but-partial"); raise RuntimeError("boom")
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.bin"]


@settings(deadline=None, max_examples=25)
@given(shape=st.lists(st.integers(0, 5), min_size=0, max_size=3),
       dtype=st.sampled_from([torch.float32, torch.float64, torch.int64, torch.bool, torch.float16]),
       meta=st.dictionaries(st.text(max_size=8), st.one_of(st.integers(), st.text(max_size=8), st.floats(allow_nan=False)),
                            max_size=4))
def test_tensor_roundtrip(tmp_path_factory, shape, dtype, meta):
    d = tmp_path_factory.mktemp("rt")
    t = (torch.randn(tuple(shape)) * 10).to(dtype)
    save_tensors(d / "t.safetensors", {"t": t}, meta)
    back, m = load_tensors(d / "t.safetensors")
    assert back["t"].dtype == dtype and torch.equal(back["t"], t)
    assert m == meta


def test_refuses_pickles(tmp_path):
    torch.save({"w": torch.ones(2)}, tmp_path / "w.bin")           # zip archive, misleading suffix
    import pickle
    (tmp_path / "w.safetensors").write_bytes(pickle.dumps({"w": 1}))  # raw pickle disguised as safetensors
    for name in ("w.bin", "w.safetensors"):
        with pytest.raises(ValueError, match="pickle"):
            load_tensors(tmp_path / name)


def test_seeding_repeats():
    seed_everything(123); a = torch.randn(4), np.random.randn(4)
    seed_everything(123); b = torch.randn(4), np.random.randn(4)
    assert torch.equal(a[0], b[0]) and np.array_equal(a[1], b[1])
    seed_everything(124); c = torch.randn(4)
    assert not torch.equal(a[0], c)


def test_cache_dir_honours_env(tmp_path, monkeypatch):
    monkeypatch.setenv("MECHINTERP_CACHE", str(tmp_path / "cache"))
    p = cache_dir("models")
    assert p == tmp_path / "cache" / "models" and p.is_dir()


def test_default_device():
    assert default_device("cpu").type == "cpu"
    assert default_device().type == ("cuda" if torch.cuda.is_available() else "cpu")


def test_cli_info_runs():
    exe = os.path.join(os.path.dirname(sys.executable), "mechinterp")
    out = subprocess.run([exe, "info"], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert "mechinterp" in out.stdout and "torch" in out.stdout
