"Bad input to mechinterp.sae.plots: each call gets the package's own error, naming the argument."
import math
import os
import subprocess
import sys
from types import SimpleNamespace

import pytest
import torch

from mechinterp.sae.plots import plot_cluster, plot_gallery
from mechinterp.sae.stream import ClusterReconstruction, _fit_pca

TH = torch.arange(80) * 2 * math.pi / 80
REC = _fit_pca(ClusterReconstruction([0, 1], torch.stack([TH.cos(), TH.sin()], 1), torch.eye(2, 6), torch.arange(80) % 4,
                                     torch.arange(80), torch.zeros(80, dtype=torch.long), 80, 80))
REPORT = SimpleNamespace(recon=REC, pcs=(0, 1), token_strs=[f"t{i % 4}" for i in range(80)], rank=0, score=1.0,
                         mixture=0.2, separability=1.5)

CASES = [
    ("cluster-report-none", lambda: plot_cluster(None), TypeError, "report"),
    ("cluster-report-dict", lambda: plot_cluster({"pcs": (0, 1)}), TypeError, "report"),
    ("cluster-pcs-same", lambda: plot_cluster(REPORT, pcs=(1, 1)), ValueError, "pcs"),
    ("cluster-pcs-negative", lambda: plot_cluster(REPORT, pcs=(-1, 0)), ValueError, "pcs[0]"),
    ("cluster-pcs-one", lambda: plot_cluster(REPORT, pcs=(0,)), TypeError, "pcs"),
    ("cluster-pcs-string", lambda: plot_cluster(REPORT, pcs="01"), TypeError, "pcs"),
    ("cluster-order-string", lambda: plot_cluster(REPORT, order="Monday"), TypeError, "order"),
    ("cluster-order-numbers", lambda: plot_cluster(REPORT, order=[1, 2]), TypeError, "order"),
    ("cluster-order-empty", lambda: plot_cluster(REPORT, order=[]), TypeError, "order"),
    ("cluster-max-labels", lambda: plot_cluster(REPORT, max_labels=0), ValueError, "max_labels"),
    ("cluster-marker-size", lambda: plot_cluster(REPORT, s=0), ValueError, "s must"),
    ("cluster-marker-nan", lambda: plot_cluster(REPORT, s=float("nan")), ValueError, "s must"),
    ("gallery-none", lambda: plot_gallery(None), TypeError, "reports"),
    ("gallery-empty", lambda: plot_gallery([]), ValueError, "reports is empty"),
    ("gallery-n-zero", lambda: plot_gallery([REPORT], n=0), ValueError, "n must"),
    ("gallery-ncols-zero", lambda: plot_gallery([REPORT], ncols=0), ValueError, "ncols"),
    ("gallery-not-reports", lambda: plot_gallery([1, 2]), TypeError, "report"),
]


@pytest.mark.parametrize("call,exc,name", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input(call, exc, name, refused):
    refused(call, exc, name)


def test_figures_are_not_held_by_pyplot():
    import matplotlib.pyplot as plt
    before = plt.get_fignums()
    plot_gallery([REPORT] * 3, n=3, ncols=2); plot_cluster(REPORT)
    assert plt.get_fignums() == before


LEGEND_SCRIPT = """
from types import SimpleNamespace
import torch
from mechinterp.sae.plots import plot_cluster
from mechinterp.sae.stream import ClusterReconstruction, _fit_pca
rec = _fit_pca(ClusterReconstruction([0, 1], torch.randn(60, 2, generator=torch.Generator().manual_seed(0)),
                                     torch.eye(2, 6), torch.arange(60) % 6, torch.arange(60),
                                     torch.zeros(60, dtype=torch.long), 60, 60))
strs = [w for w in ["kiwi", "fig", "plum", "date", "lime", "pear"] for _ in range(10)]   # every token 10 times
fig = plot_cluster(SimpleNamespace(recon=rec, pcs=(0, 1), token_strs=strs, rank=0, score=1.0, mixture=0.2,
                                   separability=1.5), max_labels=3)
print([t.get_text() for t in fig.axes[0].get_legend().get_texts()])
"""


@pytest.mark.parametrize("hash_seed", ["1", "2"])
def test_legend_ties_do_not_depend_on_hash_seed(hash_seed):
    "Tokens seen equally often keep the order they were first seen in, whatever the string-hash seed."
    out = subprocess.run([sys.executable, "-c", LEGEND_SCRIPT], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONHASHSEED": hash_seed, "MPLBACKEND": "Agg"})
    assert out.stdout.strip() == "['other', 'kiwi', 'fig', 'plum']"
