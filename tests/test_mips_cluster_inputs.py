"Bad input to mechinterp.mips.cluster and mips.bitcode: each call gets the package's own error, naming the argument."
import numpy as np
import pytest

from mechinterp.mips.bitcode import boolean_autoencoder
from mechinterp.mips.cluster import cluster_states, make_clustering, refine_clusters, state_hierarchy

NAN, INF = float("nan"), float("inf")
P = np.random.default_rng(0).normal(size=(40, 2))
P_NAN = P.copy(); P_NAN[0, 0] = NAN
LAB = np.zeros(40, int)
CL = make_clustering(P, (np.arange(40) % 2))
L4 = np.array([0, 1, 1, 0])
Z41 = np.zeros((4, 1), int)


def bits(**kw):
    args = dict(clustering=CL, lab_prev=L4, lab_next=L4[::-1], inputs=Z41, outputs=Z41, initial=0)
    args.update(kw)
    return boolean_autoencoder(args.pop("clustering"), args.pop("lab_prev"), args.pop("lab_next"), args.pop("inputs"),
                               args.pop("outputs"), **args)


CASES = [
    ("ward-nan", lambda: cluster_states(P_NAN), ValueError, "points contains"),
    ("grid-nan", lambda: cluster_states(P_NAN, method="grid", cell=0.5), ValueError, "points contains"),
    ("grid-cell-zero", lambda: cluster_states(P, method="grid", cell=0), ValueError, "cell"),
    ("grid-cell-negative", lambda: cluster_states(P, method="grid", cell=-1), ValueError, "cell"),
    ("grid-cell-nan", lambda: cluster_states(P, method="grid", cell=NAN), ValueError, "cell"),
    ("grid-cell-inf", lambda: cluster_states(P, method="grid", cell=INF), ValueError, "cell"),
    ("grid-cell-none", lambda: cluster_states(P, method="grid"), ValueError, "cell"),
    ("grid-max-cells", lambda: cluster_states(P, method="grid", cell=0.5, max_cells=0), ValueError, "max_cells"),
    ("empty", lambda: cluster_states(np.zeros((0, 2))), ValueError, "points is empty"),
    ("vector", lambda: cluster_states(np.zeros(5)), ValueError, "points must have 2"),
    ("none", lambda: cluster_states(None), TypeError, "points must be"),
    ("method", lambda: cluster_states(P, method="kmeans"), ValueError, "method='kmeans'"),
    ("k-zero", lambda: cluster_states(P, k=0), ValueError, "k must be"),
    ("k-negative", lambda: cluster_states(P, k=-1), ValueError, "k must be"),
    ("k-more-than-points", lambda: cluster_states(P, k=1000), ValueError, "k=1000"),
    ("max-clusters", lambda: cluster_states(P, max_clusters=0), ValueError, "max_clusters"),
    ("max-points", lambda: cluster_states(P, max_points=0), ValueError, "max_points"),
    ("seed", lambda: cluster_states(P, seed=-1), ValueError, "seed"),
    ("hierarchy-nan", lambda: state_hierarchy(P_NAN), ValueError, "points contains"),
    ("make-nan", lambda: make_clustering(P_NAN, LAB), ValueError, "P contains"),
    ("make-length", lambda: make_clustering(P, LAB[:5]), ValueError, "labels has 5"),
    ("make-negative", lambda: make_clustering(P, LAB - 1), ValueError, "labels must be"),
    ("make-fraction", lambda: make_clustering(P, LAB + 0.5), ValueError, "labels must hold whole"),
    ("refine-T1-zero", lambda: refine_clusters(P, LAB, 0, np.zeros(30, int), np.zeros(30, int)), ValueError, "T1"),
    ("refine-T1-uneven", lambda: refine_clusters(P, LAB, 3, np.zeros(26, int), np.zeros(26, int)), ValueError, "T1=3"),
    ("refine-nan", lambda: refine_clusters(P_NAN, LAB, 4, np.zeros(30, int), np.zeros(30, int)), ValueError, "Pw contains"),
    ("refine-xin-length", lambda: refine_clusters(P, LAB, 4, np.zeros(3, int), np.zeros(30, int)), ValueError, "xin has 3"),
    ("bits-nan-outputs", lambda: bits(outputs=np.full((4, 1), NAN)), ValueError, "outputs contains"),
    ("bits-initial", lambda: bits(initial=5), ValueError, "initial"),
    ("bits-lengths", lambda: bits(lab_next=L4[:3]), ValueError, "lab_next must have shape"),
    ("bits-label-range", lambda: bits(lab_prev=L4 + 3), ValueError, "lab_prev must hold cluster indices"),
    ("bits-timeout", lambda: bits(timeout_s=NAN), ValueError, "timeout_s"),
    ("bits-range-empty", lambda: bits(in_range=(2, 1)), ValueError, "in_range"),
    ("bits-range-not-pair", lambda: bits(in_range=3), TypeError, "in_range"),
    ("bits-inputs-outside", lambda: bits(inputs=np.full((4, 1), 5)), ValueError, "inputs hold values 5..5"),
    ("bits-empty", lambda: bits(lab_prev=L4[:0], lab_next=L4[:0], inputs=Z41[:0], outputs=Z41[:0]), ValueError, "lab_prev is empty"),
    ("bits-none", lambda: bits(clustering=None), TypeError, "clustering must be"),
    ("bits-max-exhaustive", lambda: bits(max_exhaustive=0), ValueError, "max_exhaustive"),
    ("code-encode-nan", lambda: bits().encode(P_NAN), ValueError, "H contains"),
    ("code-encode-width", lambda: bits().encode(np.ones((3, 5))), ValueError, "H must have shape"),
    ("code-bits-range", lambda: bits().bits(np.array([5])), ValueError, "labels must be cluster indices"),
    ("cut-k-zero", lambda: state_hierarchy(P).cut(0), ValueError, "k must be"),
]


@pytest.mark.parametrize("call,exc,name", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input(call, exc, name, refused):
    refused(call, exc, name)


def test_two_blobs_still_cluster():
    pts = np.concatenate([np.zeros((10, 2)), np.ones((10, 2)) * 5]) + np.random.default_rng(1).normal(0, 0.01, (20, 2))
    assert cluster_states(pts).k == 2 and cluster_states(pts, method="grid", cell=0.5).k == 2
