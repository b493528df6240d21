"""Each `device=` path on the GPU, checked against the CPU on tiny sizes.

Marked `gpu`: skipped by the default run (`-m 'not slow and not gpu'`), run by `pytest -m gpu` on a CUDA machine and by
`bench/gpu_suite.py`. `MECHINTERP_TEST_DEVICE=cpu pytest -m gpu` runs the same comparisons CPU-against-CPU, which checks
the tests themselves on a machine without CUDA.
"""
import os

import numpy as np
import pytest
import torch

DEVICE = os.environ.get("MECHINTERP_TEST_DEVICE", "cuda")
pytestmark = [pytest.mark.gpu,
              pytest.mark.skipif(DEVICE.startswith("cuda") and not torch.cuda.is_available(), reason="needs CUDA")]


@pytest.fixture(autouse=True)
def _exact_matmul():
    if torch.cuda.is_available():
        old = torch.backends.cuda.matmul.allow_tf32
        torch.backends.cuda.matmul.allow_tf32 = False
        yield
        torch.backends.cuda.matmul.allow_tf32 = old
    else: yield


def test_default_device_names_the_gpu():
    from mechinterp.core import default_device
    assert default_device(DEVICE).type == torch.device(DEVICE).type


def test_mips_batched_training_matches_cpu():
    from mechinterp.mips.rnn import RNNConfig
    from mechinterp.mips.search import make_data, train_batched
    from mechinterp.mips.tasks import get_task
    task = get_task("Binary_Addition")
    configs = [RNNConfig(n_inputs=2, n=n, w_f=4, d_f=2, w_g=4, d_g=2, low=0, high=1) for n in (2, 3, 4)]
    runs = {}
    for dev in ("cpu", DEVICE):
        data = make_data(task, n_train=2_000, n_test=500, seed=0, device=dev)
        r = train_batched(data, configs, [0, 1, 2], steps=20, batch_size=64, stop=None, device=dev, progress=False)
        assert next(r.model.parameters()).device.type == torch.device(dev).type
        runs[dev] = np.array(r.test_losses)
    np.testing.assert_allclose(runs[DEVICE], runs["cpu"], rtol=1e-3, atol=1e-5)


def test_hypernetwork_generates_on_device():
    from mechinterp.hypernet import KLHypernetwork
    torch.manual_seed(0)
    net = KLHypernetwork().to(DEVICE)
    with torch.no_grad(): gen = net.generate(1e-3, seed=0)
    W = gen.net.weights[0]
    assert W.device.type == torch.device(DEVICE).type and torch.isfinite(W).all()


def test_hypernetwork_trains_on_device(tmp_path):
    from mechinterp.hypernet.train import train_hypernet
    r = train_hypernet("cpu-fixed", steps=3, device=DEVICE, progress=False)
    assert next(r.model.parameters()).device.type == torch.device(DEVICE).type
    assert all(np.isfinite(r.history["loss"])) if r.history["loss"] else True


def test_sae_training_and_knn_on_device():
    from mechinterp.sae.cluster import knn_affinity
    from mechinterp.sae.train import SAETrainConfig, sae_fit, train_sae
    g = torch.Generator().manual_seed(0)
    acts = torch.randn(2_000, 16, generator=g)
    sae = train_sae(acts.to(DEVICE), 64, config=SAETrainConfig(total_samples=4_000, batch_size=256), device=DEVICE,
                    progress=False)
    fit = sae_fit(sae, acts.to(DEVICE))
    assert np.isfinite(fit.mse) and fit.fvu < 1.0
    W = torch.nn.functional.normalize(torch.randn(300, 16, generator=g), dim=1)
    A_cpu = knn_affinity(W, n_neighbors=5, device="cpu").tocsr()
    A_dev = knn_affinity(W, n_neighbors=5, device=DEVICE).tocsr()
    assert (A_cpu != A_dev).nnz == 0 or np.abs((A_cpu - A_dev).toarray()).max() < 1e-5


def test_interventions_match_cpu():
    from mechinterp.calendar import load_calendar_lm, modular_task
    from mechinterp.interventions import intervention_logit_diffs
    means = {}
    for dev in ("cpu", DEVICE):
        model = load_calendar_lm(device=dev)
        task = modular_task("weekdays", model)
        eff = intervention_logit_diffs(model, task, 1, methods=["none", "circle", "patch_layer"], device=dev,
                                       progress=False)
        means[dev] = eff.means
    for k, v in means["cpu"].items():
        assert abs(means[DEVICE][k] - v) <= 1e-3 * max(1.0, abs(v)), (k, v, means[DEVICE][k])


def test_calendar_accuracy_on_device():
    from mechinterp.calendar import load_calendar_lm, modular_task, task_accuracy
    model = load_calendar_lm(device=DEVICE)
    for name in ("weekdays", "months"):
        assert task_accuracy(model, modular_task(name, model)) >= 0.95
