"""`mechinterp mips search` and `mechinterp mips bench` with `--backend ray` on a local Ray cluster: the same results as
the local backend for the same seeds, records that name the backend and the node, and a search that resumes from
what the Ray run saved. Two tiny tasks; most of the time is the cluster's start-up, paid once for the module."""
import pytest

pytest.importorskip("ray")

from mechinterp.core import load_json
from mechinterp.mips.backend import RayBackend
from mechinterp.mips.benchmark import bench_cli
from mechinterp.mips.search import search_cli

TASKS = ["Bitwise_Not", "Bitwise_And"]
COMMON = ["--tasks", ",".join(TASKS), "--classes", "1,1", "--max-level", "1", "--seeds", "2", "--steps", "100",
          "--lr", "1e-2", "--batch-size", "64", "--n-train", "1000", "--n-test", "300", "--device", "cpu"]
SAME = ("task", "found", "arch", "seed", "accuracy", "encoding", "n_models_trained")


@pytest.fixture(scope="module")
def cluster():
    "A local two-CPU Ray cluster, started here (no address given) and stopped after the module's tests."
    rb = RayBackend(num_cpus=2)
    assert rb.started and rb.resources()["CPU"] == 2
    yield rb
    rb.shutdown()


def _records(folder):
    return {t: load_json(folder / f"{t}.json")["search"] for t in TASKS}


def test_ray_search_equals_local_and_resumes(cluster, tmp_path, capsys):
    # the local run uses one torch thread, as every Ray unit does, so both compute exactly the same networks
    assert search_cli(COMMON + ["--out", str(tmp_path / "local"), "--threads", "1"]) == 0
    assert search_cli(COMMON + ["--out", str(tmp_path / "ray"), "--backend", "ray", "--address", "auto"]) == 0
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
    # a task whose final record is lost replays its rungs from the Ray run's checkpoints, without the cluster
    (tmp_path / "ray" / "Bitwise_And.json").unlink()
    assert search_cli(COMMON + ["--out", str(tmp_path / "ray"), "--resume", "--threads", "1"]) == 0
    again = load_json(tmp_path / "ray" / "Bitwise_And.json")["search"]
    assert again["n_models_trained"] == 0 and again["arch"] == ray["Bitwise_And"]["arch"]
    assert again["seed"] == ray["Bitwise_And"]["seed"]
    assert again["compute_s"] == pytest.approx(ray["Bitwise_And"]["compute_s"])
    assert cluster.resources()["CPU"] == 2  # a cluster the command joined keeps running


def test_ray_bench_equals_local(cluster, tmp_path):
    for b in ("local", "ray"):
        extra = ["--backend", "ray", "--address", "auto"] if b == "ray" else []
        assert bench_cli(["--tasks", ",".join(TASKS), "--out", str(tmp_path / b), "--device", "cpu"] + extra) == 0
    for t in TASKS:
        loc, ray = (load_json(tmp_path / b / "tasks" / f"{t}.json") for b in ("local", "ray"))
        assert ray["solved"] == ray["verified"] == 1
        drop = ("seconds", "backend", "node", "notes")
        assert {k: v for k, v in ray.items() if k not in drop} == {k: v for k, v in loc.items() if k not in drop}
        assert ray["backend"] == "ray" and "ray node" in ray["node"] and loc["backend"] == "local"
