"Clustering hidden states: Ward cuts, grid components, and splitting clusters that contradict the dynamics."
import numpy as np
import pytest

from mechinterp.mips.cluster import cluster_states, make_clustering, refine_clusters
from test_mips_bitcode import planted_adder


def test_ward_and_grid_find_planted_blobs():
    g = np.random.default_rng(0)
    pts = np.concatenate([c + 0.05 * g.normal(size=(50, 3)) for c in np.eye(3) * 2])
    truth = np.repeat([0, 1, 2], 50)
    for cl in (cluster_states(pts), cluster_states(pts, method="grid", cell=0.25)):
        assert cl.k == 3 and len(set(zip(cl.labels.tolist(), truth.tolist()))) == 3
    with pytest.raises(ValueError, match="cell"): cluster_states(pts, method="grid")
    with pytest.raises(ValueError, match="method"): cluster_states(pts, method="kmeans")


def test_make_clustering_centres_are_the_means():
    g = np.random.default_rng(1)
    P, lab = g.normal(size=(300, 4)), g.integers(0, 7, 300)
    cl = make_clustering(P, lab)
    np.testing.assert_array_equal(cl.centers, np.stack([P[lab == j].mean(0) for j in range(7)]))
    D = np.linalg.norm(cl.centers[:, None] - cl.centers[None], axis=-1) + np.diag(np.full(7, np.inf))
    assert cl.separation == pytest.approx(D.min())


def test_refine_clusters_splits_merged_states():
    "Known answer: start from the adder's true states with (carry 0, sum 1) and (carry 1, sum 0) merged into one label;"
    "the dynamics contradict that label, and refine_clusters must split it back into the two true states."
    X, S, H = planted_adder(seed=3)
    B, T1 = S.shape[:2]
    true = (S[..., 0] * 2 + S[..., 1]).ravel()
    merged = np.where(true == 2, 1, true)  # states 01 and 10 share one label
    xin = (X[..., 0] * 2 + X[..., 1]).ravel(); yout = S[:, 1:, 1].ravel()
    lab = refine_clusters(H.reshape(-1, 4), merged, T1, xin, yout)
    pairs = set(zip(lab.tolist(), true.tolist()))
    assert len(pairs) == 4 and len({p[0] for p in pairs}) == 4  # a bijection between labels and true states
