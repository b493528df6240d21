"Bad input to mechinterp.mips.discretize, verify and pipeline: each call gets the package's own error, naming the argument."
import numpy as np
import pytest
import torch

from mechinterp.mips.codegen import compile_program
from mechinterp.mips.discretize import behaviour_fsm, check_fsm, cluster_fsm, discretize, hidden_with_h0
from mechinterp.mips.fsm import FSM
from mechinterp.mips.discretize import plot_bit_clusters, plot_lattice
from mechinterp.mips.pipeline import fresh_accuracy, get_rnn, synthesize, synthesize_from_fsm, task_constants
from mechinterp.mips.rnn import RNN
from mechinterp.mips.tasks import get_task
from mechinterp.mips.verify import run_sequences, to_dafny, verify

NAN = float("nan")
torch.manual_seed(0)
NET = RNN(1, 2, 4, 1, 4, 2)
PARITY = get_task("Parity_All")
ADD = get_task("Binary_Addition")
X = torch.randint(0, 2, (5, 6, 1))
X_NAN = X.float(); X_NAN[0, 0, 0] = NAN
M = FSM((0,), [[0], [1]], [[0], [1]], [[1], [0]], [[1], [0]])
PROG = compile_program("def f(s, t):\n    ys = []\n    c = 0\n    for i in range(len(s)):\n"
                       "        ys.append((s[i] + t[i] + c) % 2)\n        c = (s[i] + t[i] + c) // 2\n    return ys\n")

CASES = [
    ("h0-nan", lambda: hidden_with_h0(NET, X_NAN), ValueError, "X contains"),
    ("h0-empty", lambda: hidden_with_h0(NET, X[:0]), ValueError, "X is empty"),
    ("h0-rnn", lambda: hidden_with_h0(None, X), TypeError, "rnn must be"),
    ("discretize-n-zero", lambda: discretize(NET, PARITY, n_samples=0), ValueError, "n_samples"),
    ("discretize-kind", lambda: discretize(NET, PARITY, kind="bits"), ValueError, "kind='bits'"),
    ("discretize-max-bits", lambda: discretize(NET, PARITY, max_bits=0), ValueError, "max_bits"),
    ("discretize-coord-error", lambda: discretize(NET, PARITY, max_coord_error=NAN), ValueError, "max_coord_error"),
    ("discretize-lattice-D", lambda: discretize(NET, PARITY, lattice_D=0), ValueError, "lattice_D"),
    ("discretize-task-unknown", lambda: discretize(NET, "Bogus_Task"), ValueError, "task='Bogus_Task'"),
    ("discretize-task-none", lambda: discretize(NET, None), TypeError, "task must be"),
    ("discretize-rnn-none", lambda: discretize(None, PARITY), TypeError, "rnn must be"),
    ("discretize-other-task", lambda: discretize(NET, ADD), ValueError, "task Binary_Addition has 2"),
    ("check-fsm-n", lambda: check_fsm(M, NET, PARITY, n=0), ValueError, "n must be"),
    ("check-fsm-none", lambda: check_fsm(None, NET, PARITY), TypeError, "fsm must be"),
    ("cluster-fsm-nan", lambda: cluster_fsm(NET, X_NAN), ValueError, "X contains"),
    ("cluster-fsm-empty", lambda: cluster_fsm(NET, X[:0]), ValueError, "X is empty"),
    ("cluster-fsm-rel-zero", lambda: cluster_fsm(NET, X, rel_tols=(0,)), ValueError, "rel_tols"),
    ("cluster-fsm-rel-empty", lambda: cluster_fsm(NET, X, rel_tols=()), ValueError, "rel_tols is empty"),
    ("cluster-fsm-max-states", lambda: cluster_fsm(NET, X, max_states=0), ValueError, "max_states"),
    ("behaviour-nan", lambda: behaviour_fsm(NET, PARITY, X_NAN), ValueError, "X contains"),
    ("behaviour-empty", lambda: behaviour_fsm(NET, PARITY, X[:0]), ValueError, "X is empty"),
    ("behaviour-depth", lambda: behaviour_fsm(NET, PARITY, X, max_depth=0), ValueError, "max_depth"),
    ("behaviour-chunk", lambda: behaviour_fsm(NET, PARITY, X, chunk=0), ValueError, "chunk"),
    ("behaviour-task", lambda: behaviour_fsm(NET, None, X), TypeError, "task must be"),
    ("verify-length-zero", lambda: verify(PROG, ADD, length=0), ValueError, "length must be"),
    ("verify-length-negative", lambda: verify(PROG, ADD, length=-1), ValueError, "length must be"),
    ("verify-length-nan", lambda: verify(PROG, ADD, length=NAN), TypeError, "length must be"),
    ("verify-length-fraction", lambda: verify(PROG, ADD, length=2.5), TypeError, "length must be"),
    ("verify-timeout-zero", lambda: verify(PROG, ADD, timeout_s=0), ValueError, "timeout_s"),
    ("verify-timeout-nan", lambda: verify(PROG, ADD, timeout_s=NAN), ValueError, "timeout_s"),
    ("verify-samples", lambda: verify(PROG, ADD, n_samples=0), ValueError, "n_samples"),
    ("verify-exhaustive-limit", lambda: verify(PROG, ADD, exhaustive_limit=-1), ValueError, "exhaustive_limit"),
    ("verify-seed", lambda: verify(PROG, ADD, seed=-1), ValueError, "seed"),
    ("verify-program-none", lambda: verify(None, ADD), TypeError, "program must be"),
    ("verify-task-none", lambda: verify(PROG, None), TypeError, "task must be"),
    ("verify-task-unknown", lambda: verify(PROG, "Bogus_Task"), ValueError, "task='Bogus_Task'"),
    ("run-nan", lambda: run_sequences(PROG, np.full((1, 3, 2), NAN)), ValueError, "X contains"),
    ("run-2d", lambda: run_sequences(PROG, np.zeros((3, 2))), ValueError, "X must have 3"),
    ("run-empty", lambda: run_sequences(PROG, np.zeros((0, 3, 2))), ValueError, "X is empty"),
    ("run-fn-none", lambda: run_sequences(None, np.zeros((1, 3, 2))), TypeError, "fn must be"),
    ("fresh-n", lambda: fresh_accuracy(PROG, ADD, n=0), ValueError, "n must be"),
    ("fresh-program", lambda: fresh_accuracy(None, ADD), TypeError, "program must be"),
    ("from-fsm-n-test", lambda: synthesize_from_fsm(ADD, M, n_test=0), ValueError, "n_test"),
    ("from-fsm-table", lambda: synthesize_from_fsm(ADD, None), TypeError, "table must be an FSM"),
    ("from-fsm-max-size", lambda: synthesize_from_fsm(ADD, M, max_size=0), ValueError, "max_size"),
    ("synth-unknown", lambda: synthesize("Bogus_Task"), ValueError, "task='Bogus_Task'"),
    ("synth-n-train", lambda: synthesize("Binary_Addition", n_train=0), ValueError, "n_train"),
    ("synth-n-test", lambda: synthesize("Binary_Addition", n_test=0), ValueError, "n_test"),
    ("synth-timeout", lambda: synthesize("Binary_Addition", timeout_s=NAN), ValueError, "timeout_s"),
    ("synth-device", lambda: synthesize("Binary_Addition", device="tpu"), ValueError, "device"),
    ("synth-task-none", lambda: synthesize(None), TypeError, "task must be"),
    ("synth-rnn-dir-file", lambda: synthesize("Binary_Addition", rnn_dir=__file__), NotADirectoryError, "rnn_dir"),
    ("synth-rnn-dir-missing", lambda: synthesize("Binary_Addition", rnn_dir="/nonexistent/rnns"), FileNotFoundError, "rnn_dir"),
    ("synth-rnn-wrong", lambda: synthesize("Binary_Addition", rnn=torch.nn.Linear(2, 2)), TypeError, "rnn must be"),
    ("get-rnn-device", lambda: get_rnn(ADD, train=True, device="tpu"), ValueError, "device"),
    ("constants-task", lambda: task_constants(None), TypeError, "task must be"),
    ("dafny-spec", lambda: to_dafny(None), TypeError, "spec must be"),
    ("plot-bits-code", lambda: plot_bit_clusters(np.zeros((3, 2)), None), TypeError, "code must be"),
    ("plot-lattice-lat", lambda: plot_lattice(np.zeros((3, 2)), None), TypeError, "lat must be"),
    ("get-rnn-search", lambda: get_rnn(ADD, search={"steps": 1}), TypeError, "search must be"),
]


@pytest.mark.parametrize("call,exc,name", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input(call, exc, name, refused):
    refused(call, exc, name)


def test_task_names_forgive_case_in_synthesize():
    assert synthesize("bitwise_not", timeout_s=10).task == "Bitwise_Not"
