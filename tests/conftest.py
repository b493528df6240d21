import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("MPLBACKEND", "Agg")
os.environ.setdefault("WANDB_MODE", "disabled")

import pytest
from hypothesis import settings

# Property tests draw the same examples on every run, so CI cannot fail by chance; explore new ones with
# `pytest --hypothesis-profile explore`.
settings.register_profile("default", derandomize=True)
settings.register_profile("explore", derandomize=False, max_examples=500)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture(autouse=True)
def _seed():
    from mechinterp.core import seed_everything
    seed_everything(0)


@pytest.fixture
def refused():
    "`refused(call, exc, *names)`: `call()` raises `exc` and its message names each of `names` (the bad argument)."
    def check(call, exc, *names):
        with pytest.raises(exc) as info: call()
        msg = str(info.value)
        for name in names: assert name in msg, f"{type(info.value).__name__}: {msg!r} does not name {name!r}"
        return msg
    return check
