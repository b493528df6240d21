"Bad input to mechinterp.sae.cluster: each call gets the package's own error, naming the argument."
import numpy as np
import pytest
import scipy.sparse as sp
import torch

from mechinterp.sae.cluster import (CoOccurrence, ContextFiring, cluster_dictionary, decoder_directions, dense_affinity, graph_labels,
                                    jaccard_affinity, knn_affinity, spectral_labels)

NAN = float("nan")
W = decoder_directions(torch.randn(40, 8, generator=torch.Generator().manual_seed(0)))
W_NAN = W.clone(); W_NAN[3, 2] = NAN
CF = ContextFiring(sp.csr_matrix((torch.rand(30, 40, generator=torch.Generator().manual_seed(2)) > 0.7).numpy()))
CO = CoOccurrence.from_firing(torch.rand(30, 40, generator=torch.Generator().manual_seed(1)) > 0.7)
A = knn_affinity(W, n_neighbors=4)
A_DENSE = A.toarray()


class _SAE:
    def __init__(self, W_dec): self.W_dec = W_dec


CASES = [
    ("dirs-none", lambda: decoder_directions(None), TypeError, "sae"),
    ("dirs-string", lambda: decoder_directions("gpt2"), TypeError, "sae"),
    ("dirs-nan", lambda: decoder_directions(_SAE(W_NAN)), ValueError, "sae contains 1 NaN"),
    ("dirs-vector", lambda: decoder_directions(torch.ones(5)), ValueError, "sae must have 2"),
    ("dirs-one-latent", lambda: decoder_directions(torch.ones(1, 5)), ValueError, "sae has 1 latent"),
    ("dirs-empty", lambda: decoder_directions(torch.zeros(0, 5)), ValueError, "sae is empty"),
    ("knn-nan", lambda: knn_affinity(W_NAN), ValueError, "W contains"),
    ("knn-none", lambda: knn_affinity(None), TypeError, "W"),
    ("knn-vector", lambda: knn_affinity(torch.ones(5)), ValueError, "W must have 2"),
    ("knn-neighbors-zero", lambda: knn_affinity(W, n_neighbors=0), ValueError, "n_neighbors"),
    ("knn-neighbors-too-many", lambda: knn_affinity(W, n_neighbors=40), ValueError, "n_neighbors"),
    ("knn-neighbors-none", lambda: knn_affinity(W, n_neighbors=None), TypeError, "n_neighbors"),
    ("knn-block-zero", lambda: knn_affinity(W, block=0), ValueError, "block"),
    ("knn-block-negative", lambda: knn_affinity(W, block=-5), ValueError, "block"),
    ("knn-device", lambda: knn_affinity(W, device="tpu"), ValueError, "device"),
    ("dense-nan", lambda: dense_affinity(W_NAN), ValueError, "W contains"),
    ("firing-nan", lambda: CoOccurrence.from_firing(np.array([[1.0, NAN]])), ValueError, "fired contains"),
    ("firing-vector", lambda: CoOccurrence.from_firing(np.ones(3)), ValueError, "fired must have 2"),
    ("firing-none", lambda: CoOccurrence.from_firing(None), TypeError, "fired"),
    ("cooc-add-mismatch", lambda: CO + CoOccurrence.from_firing(np.ones((3, 5))), ValueError, "other"),
    ("jaccard-co-none", lambda: jaccard_affinity(None), TypeError, "co must"),
    ("ctxfiring-dense", lambda: ContextFiring(np.ones((3, 4))), TypeError, "matrix must be a 2-D scipy.sparse"),
    ("ctxfiring-nan", lambda: ContextFiring(sp.csr_matrix(np.array([[1.0, NAN]]))), ValueError, "matrix contains NaN"),
    ("ctxfiring-context-zero", lambda: ContextFiring(sp.csr_matrix((2, 2)), context=0), ValueError, "context"),
    ("ctxfiring-latent-range", lambda: CF.jaccard([0, 40]), ValueError, "latents must be latent ids in [0, 40)"),
    ("ctxfiring-group-empty", lambda: CF.group_jaccard([[1], []]), ValueError, "groups[1] is empty"),
    ("ctxfiring-groups-none", lambda: CF.group_jaccard([]), ValueError, "groups is empty"),
    ("dict-cosjac-no-co", lambda: cluster_dictionary(W, similarity="cosine_jaccard"), ValueError, "cooccurrence must"),
    ("dict-cosjac-no-sae", lambda: cluster_dictionary(None, similarity="cosine_jaccard", cooccurrence=CO), ValueError, "needs the sae"),
    ("jaccard-neighbors", lambda: jaccard_affinity(CO, n_neighbors=0), ValueError, "n_neighbors"),
    ("spectral-A-nan", lambda: spectral_labels(np.full((4, 4), NAN), 2), ValueError, "A contains"),
    ("spectral-A-not-square", lambda: spectral_labels(np.ones((4, 3)), 2), ValueError, "A must be a square"),
    ("spectral-A-negative", lambda: spectral_labels(-A_DENSE, 2), ValueError, "A has negative"),
    ("spectral-A-asymmetric", lambda: spectral_labels(np.triu(A_DENSE + 0.1), 2), ValueError, "A is not symmetric"),
    ("spectral-A-none", lambda: spectral_labels(None, 2), TypeError, "A"),
    ("spectral-n-clusters-one", lambda: spectral_labels(A, 1), ValueError, "n_clusters"),
    ("spectral-n-clusters-too-many", lambda: spectral_labels(A, 41), ValueError, "n_clusters"),
    ("spectral-n-clusters-none", lambda: spectral_labels(A, None), TypeError, "n_clusters"),
    ("spectral-n-components", lambda: spectral_labels(A, 3, n_components=0), ValueError, "n_components"),
    ("spectral-seed", lambda: spectral_labels(A, 3, seed=-1), ValueError, "seed"),
    ("graph-cutoff-nan", lambda: graph_labels(A, NAN), ValueError, "cutoff"),
    ("graph-cutoff-none", lambda: graph_labels(A, None), TypeError, "cutoff"),
    ("graph-A-nan", lambda: graph_labels(sp.csr_matrix(np.full((3, 3), NAN)), 0.5), ValueError, "A contains"),
    ("dict-method", lambda: cluster_dictionary(W, method="kmeans"), ValueError, "method='kmeans'"),
    ("dict-similarity", lambda: cluster_dictionary(W, similarity="dot"), ValueError, "similarity='dot'"),
    ("dict-n-clusters-zero", lambda: cluster_dictionary(W, n_clusters=0), ValueError, "n_clusters"),
    ("dict-n-clusters-too-many", lambda: cluster_dictionary(W, n_clusters=100), ValueError, "n_clusters"),
    ("dict-n-neighbors-zero", lambda: cluster_dictionary(W, n_neighbors=0), ValueError, "n_neighbors"),
    ("dict-cutoff-nan", lambda: cluster_dictionary(W, method="graph", cutoff=NAN), ValueError, "cutoff"),
    ("dict-min-size", lambda: cluster_dictionary(W, min_size=0), ValueError, "min_size"),
    ("dict-seed", lambda: cluster_dictionary(W, seed=-1), ValueError, "seed"),
    ("dict-device", lambda: cluster_dictionary(W, device="tpu"), ValueError, "device"),
    ("dict-nan", lambda: cluster_dictionary(W_NAN), ValueError, "sae contains"),
    ("dict-jaccard-no-counts", lambda: cluster_dictionary(W, similarity="jaccard"), ValueError, "cooccurrence"),
    ("dict-jaccard-wrong-counts", lambda: cluster_dictionary(W, similarity="jaccard", cooccurrence=A), TypeError, "cooccurrence"),
    ("dict-jaccard-other-sae", lambda: cluster_dictionary(W, similarity="jaccard", cooccurrence=CoOccurrence.from_firing(np.ones((3, 5)))),
     ValueError, "cooccurrence counts 5 latents but sae has 40"),
    ("dict-graph-dense", lambda: cluster_dictionary(W, method="graph", n_neighbors=None), ValueError, "n_neighbors"),
]


@pytest.mark.parametrize("call,exc,name", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input(call, exc, name, refused):
    refused(call, exc, name)


def test_numpy_and_integer_dictionaries_are_accepted():
    Wn = np.random.default_rng(0).integers(-3, 4, size=(30, 6))
    cl = cluster_dictionary(Wn, n_clusters=3, n_neighbors=4)
    assert cl.n_latents == 30 and len(cl.labels) == 30
