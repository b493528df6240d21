"""`mechinterp mips search --backend ray` on a local Ray cluster: the same results as the local backend for the same
seeds, records that name the backend and the node, and a search that resumes from what the Ray run saved.
Two tiny tasks; most of the time is the cluster's start-up."""
import shutil

import pytest

pytest.importorskip("ray")

from mechinterp.core import load_json
from mechinterp.mips.search import search_cli

TASKS = ["Bitwise_Not", "Bitwise_And"]
COMMON = ["--tasks", ",".join(TASKS), "--classes", "1,1", "--max-level", "1", "--seeds", "2", "--steps", "100",
          "--lr", "1e-2", "--batch-size", "64", "--n-train", "1000", "--n-test", "300", "--device", "cpu"]
SAME = ("task", "found", "arch", "seed", "accuracy", "encoding", "n_models_trained")


def _records(folder):
    return {t: load_json(folder / f"{t}.json")["search"] for t in TASKS}


def test_ray_search_equals_local_and_resumes(tmp_path, capsys):
    # the local run uses one torch thread, as every Ray unit does, so both compute exactly the same networks
    assert search_cli(COMMON + ["--out", str(tmp_path / "local"), "--threads", "1"]) == 0
    assert search_cli(COMMON + ["--out", str(tmp_path / "ray"), "--backend", "ray", "--num-cpus", "2"]) == 0
    loc, ray = _records(tmp_path / "local"), _records(tmp_path / "ray")
    for t in TASKS:
        assert ray[t]["found"] and ray[t]["arch"] == "(1,1,1,1,1)"
        assert {k: ray[t][k] for k in SAME} == {k: loc[t][k] for k in SAME}
        strip = lambda rs: [{k: v for k, v in r.items() if k not in ("wall_s", "backend", "nodes")} for r in rs]
        assert strip(ray[t]["rungs"]) == strip(loc[t]["rungs"])  # same rungs, same per-candidate accuracies
        assert ray[t]["backend"] == "ray" and loc[t]["backend"] == "local"
        for r in ray[t]["rungs"]:
            assert r["backend"] == "ray" and r["nodes"] and all("ray node" in n for n in r["nodes"])
    assert "ray backend" in capsys.readouterr().out
    # the cluster is gone; a task whose final record is lost replays its rungs from the Ray run's checkpoints
    (tmp_path / "ray" / "Bitwise_And.json").unlink()
    assert search_cli(COMMON + ["--out", str(tmp_path / "ray"), "--resume", "--threads", "1"]) == 0
    again = load_json(tmp_path / "ray" / "Bitwise_And.json")["search"]
    assert again["n_models_trained"] == 0 and again["arch"] == ray["Bitwise_And"]["arch"]
    assert again["seed"] == ray["Bitwise_And"]["seed"] and again["compute_s"] == pytest.approx(ray["Bitwise_And"]["compute_s"])
