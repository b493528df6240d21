"Bad input to mechinterp.mips.rnn: each call gets the package's own error, naming the argument."
import numpy as np
import pytest
import torch

from mechinterp.mips.rnn import RNN, RNNConfig, accuracy, check_rnn, check_task, encode_inputs, load_shipped, loss_fn

NAN, INF = float("nan"), float("inf")
torch.manual_seed(0)
NET = RNN(1, 2, 4, 1, 4, 2)
X = torch.randint(0, 2, (5, 6, 1))
X_NAN = X.float(); X_NAN[0, 0, 0] = NAN

CASES = [
    ("n-zero", lambda: RNN(1, 0, 1, 1, 1, 1), ValueError, "n must be"),
    ("n-nan", lambda: RNN(1, NAN, 1, 1, 1, 1), TypeError, "n must be"),
    ("n-none", lambda: RNN(1, None, 1, 1, 1, 1), TypeError, "n must be"),
    ("n-fraction", lambda: RNN(1, 2.5, 1, 1, 1, 1), TypeError, "n must be"),
    ("d_g-negative", lambda: RNN(1, 2, 1, 1, 1, -1), ValueError, "d_g"),
    ("n_inputs-zero", lambda: RNN(0, 2, 1, 1, 1, 1), ValueError, "n_inputs"),
    ("encoding-unknown", lambda: RNN(1, 2, 1, 1, 1, 1, encoding="bits"), ValueError, "encoding='bits'"),
    ("config-range-empty", lambda: RNNConfig(1, 2, 1, 1, 1, 1, low=3, high=1), ValueError, "high=1 < low=3"),
    ("config-low-nan", lambda: RNNConfig(1, 2, 1, 1, 1, 1, low=NAN), TypeError, "low"),
    ("predict-nan", lambda: NET.predict(X_NAN), ValueError, "X contains 1 NaN"),
    ("predict-inf", lambda: NET.predict(X.float() * INF), ValueError, "X contains"),
    ("predict-empty", lambda: NET.predict(X[:0]), ValueError, "X is empty"),
    ("predict-no-steps", lambda: NET.predict(X[:, :0]), ValueError, "X is empty"),
    ("predict-none", lambda: NET.predict(None), TypeError, "X must be"),
    ("predict-vector", lambda: NET.predict(torch.ones(5)), ValueError, "X must have"),
    ("predict-two-inputs", lambda: NET.predict(torch.ones(2, 3, 2, dtype=torch.long)), ValueError, "X must have shape"),
    ("predict-fractions", lambda: NET.predict(X.float() + 0.5), ValueError, "X must hold whole numbers"),
    ("predict-batch-zero", lambda: NET.predict(X, batch_size=0), ValueError, "batch_size"),
    ("forward-nan", lambda: NET(X_NAN), ValueError, "X contains"),
    ("hidden-nan", lambda: NET.hidden_states(X_NAN), ValueError, "X contains"),
    ("encode-nan", lambda: encode_inputs(X_NAN), ValueError, "X contains"),
    ("encode-2d", lambda: encode_inputs(X[..., 0]), ValueError, "X must have 3"),
    ("encode-unknown", lambda: encode_inputs(X, encoding="one"), ValueError, "encoding='one'"),
    ("encode-range-empty", lambda: encode_inputs(X, encoding="onehot", low=2, high=1), ValueError, "high=1 < low=2"),
    ("encode-onehot-range", lambda: encode_inputs(X + 5, encoding="onehot"), ValueError, "one-hot"),
    ("loss-shapes", lambda: loss_fn(torch.ones(2, 3), torch.ones(3, 2)), ValueError, "y_hat has shape"),
    ("accuracy-empty", lambda: accuracy(NET, X[:0], X[:0, :, 0]), ValueError, "is empty"),
    ("accuracy-none", lambda: accuracy(NET, X, None), TypeError, "Y must be"),
    ("accuracy-nan-targets", lambda: accuracy(NET, X, torch.full((5, 6), NAN)), ValueError, "Y contains"),
    ("accuracy-shape", lambda: accuracy(NET, X, X[:, :3, 0]), ValueError, "Y has shape"),
    ("shipped-unknown", lambda: load_shipped("Bogus_Task"), ValueError, "task='Bogus_Task'"),
    ("shipped-device", lambda: load_shipped("Binary_Addition", device="tpu"), ValueError, "device"),
    ("shipped-none", lambda: load_shipped(None), ValueError, "task=None"),
    ("load-missing", lambda: RNN.load("/nonexistent/net.safetensors"), FileNotFoundError, "net.safetensors"),
    ("check-rnn-none", lambda: check_rnn(None), TypeError, "rnn must be an RNN"),
    ("check-rnn-linear", lambda: check_rnn(torch.nn.Linear(2, 2)), TypeError, "rnn must be an RNN"),
    ("check-task-unknown", lambda: check_task("Bogus_Task"), ValueError, "task='Bogus_Task'"),
    ("check-task-none", lambda: check_task(None), TypeError, "task must be a Task"),
    ("check-task-other-inputs", lambda: check_task("Binary_Addition", rnn=NET), ValueError, "task Binary_Addition has 2"),
]


@pytest.mark.parametrize("call,exc,name", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input(call, exc, name, refused):
    refused(call, exc, name)


def test_integer_valued_inputs_of_any_dtype_are_accepted():
    want = NET.predict(X)
    assert torch.equal(NET.predict(X.float()), want)
    assert torch.equal(NET.predict(X.numpy()), want)
    assert torch.equal(NET.predict(X[..., 0]), want)          # (B, T) for a one-input network


def test_task_names_forgive_case():
    assert load_shipped("binary_addition").config.n_inputs == 2
    assert check_task("bitwise_not").name == "Bitwise_Not"


def test_damaged_weights_name_the_file(tmp_path):
    p = NET.save(tmp_path / "net.safetensors")
    raw = p.read_bytes()
    (tmp_path / "cut.safetensors").write_bytes(raw[: len(raw) // 2])
    with pytest.raises(ValueError, match="cut.safetensors"): RNN.load(tmp_path / "cut.safetensors")
    other = RNN(1, 3, 4, 1, 4, 2)
    from mechinterp.core import save_tensors
    save_tensors(tmp_path / "mismatch.safetensors", other.state_dict(), {"config": vars(NET.config)})
    with pytest.raises(ValueError, match="mismatch.safetensors.*do not fit"): RNN.load(tmp_path / "mismatch.safetensors")
