"Tests of the calendar LM (`mechinterp.calendar`): tasks, tokenizers, deterministic training, saving and loading."
import time
import warnings
from dataclasses import replace

import pytest
import torch

from mechinterp import calendar as cal
from mechinterp.calendar import train as lm_train
from mechinterp.calendar import (ARITH_TEMPLATES, MONTHS, WEEKDAYS, CalendarLMConfig, ModularTask, build_tokenizer,
                                 calendar_lm, load_tokenizer, modular_task, save_tokenizer, task_accuracy,
                                 train_calendar_lm, weights_sha256)
from mechinterp.core import load_json

warnings.filterwarnings("ignore", message=".*HookedTransformer is deprecated.*")
TINY = CalendarLMConfig(n_layers=1, d_model=32, n_heads=4, d_mlp=64, n_ctx=32, steps=8, batch_size=4, warmup=2)


@pytest.fixture(scope="module")
def tiny():
    return calendar_lm(TINY, device="cpu")


def test_tokenizer_roundtrip(tmp_path):
    tok = build_tokenizer()
    text = "Let's do some calendar math. Four months from January is May."
    tok2 = load_tokenizer(save_tokenizer(tok, tmp_path))
    assert tok(text).input_ids == tok2(text).input_ids
    assert tok.unk_token_id not in tok(text).input_ids


@pytest.mark.parametrize("name,p", [("weekdays", 7), ("months", 12)])
def test_task_positions_and_answers(tiny, name, p):
    task = modular_task(name, tiny)
    words = WEEKDAYS if name == "weekdays" else MONTHS
    assert len(task) == p * p and task.tokens.shape == (p * p, task.final_pos + 1)
    for j in range(0, p * p, 5):
        st = tiny.to_str_tokens(task.prompts[j])
        assert st[task.alpha_pos] == words[task.alpha[j]]
        assert st[task.beta_pos] == cal.NUMBER_WORDS[task.beta[j]]
        assert st[task.final_pos] == "is"
    assert tiny.tokenizer.convert_ids_to_tokens(task.answer_token_ids.tolist()) == list(words)
    assert torch.equal(task.correct, (task.alpha + task.beta) % p)
    assert sorted(set(task.beta.tolist())) == list(range(1, p + 1))


def _bpe_model(tmp_path):
    "A tiny HookedTransformer with a GPT-2-style byte-level BPE tokenizer (leading-space tokens), trained here."
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast
    tk = Tokenizer(models.BPE())
    tk.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tk.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=1500, special_tokens=["<|endoftext|>"],
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
    text = cal.calendar_corpus(6000, seed=0) + [" ".join(WEEKDAYS + MONTHS + cal.NUMBER_WORDS)] * 200
    tk.train_from_iterator(text, trainer)
    fast = PreTrainedTokenizerFast(tokenizer_object=tk, bos_token="<|endoftext|>", eos_token="<|endoftext|>")
    fast.save_pretrained(str(tmp_path))
    fast = PreTrainedTokenizerFast.from_pretrained(str(tmp_path))
    from transformer_lens import HookedTransformer, HookedTransformerConfig
    cfg = HookedTransformerConfig(n_layers=1, d_model=16, d_head=4, n_heads=4, d_mlp=32, n_ctx=64,
                                  d_vocab=len(fast.get_vocab()), act_fn="relu", seed=0)
    return HookedTransformer(cfg, tokenizer=fast)


def test_task_with_bpe_leading_space(tmp_path):
    model = _bpe_model(tmp_path)
    task = modular_task("weekdays", model)
    answers = model.tokenizer.convert_ids_to_tokens(task.answer_token_ids.tolist())
    assert answers == ["Ġ" + w for w in WEEKDAYS]  # GPT-2 convention: the answer carries a leading space
    st = model.to_str_tokens(task.prompts[3])
    assert st[task.alpha_pos].strip() == "Monday" and st[task.beta_pos].strip() == "Four"


def test_task_rejects_multitoken_answers(tiny):
    class Split:  # a model whose tokenizer splits "Monday" into two pieces is refused
        cfg = tiny.cfg
        tokenizer = tiny.tokenizer
        def to_tokens(self, text, prepend_bos=True):
            ids = tiny.to_tokens(text)[0].tolist()
            if text.endswith(" is Monday"): ids = ids + [5]
            return torch.tensor([ids])
        def to_str_tokens(self, text): return [str(i) for i in self.to_tokens(text)[0].tolist()]
    with pytest.raises(ValueError, match="not a single token"):
        modular_task("weekdays", Split())


class _Oracle(torch.nn.Module):
    "Puts the highest logit on the right answer except for the prompts in `wrong`."
    def __init__(self, task: ModularTask, wrong: set[int], d_vocab: int):
        super().__init__()
        self.w = torch.nn.Parameter(torch.zeros(1))
        self.task, self.wrong, self.d_vocab = task, wrong, d_vocab
    def forward(self, tokens, return_type="logits"):
        out = torch.zeros(tokens.shape[0], tokens.shape[1], self.d_vocab)
        rows = {tuple(t.tolist()): j for j, t in enumerate(self.task.tokens)}
        for i, t in enumerate(tokens):
            j = rows[tuple(t.tolist())]
            ans = (self.task.gamma[j] + (1 if j in self.wrong else 0)) % self.task.p
            out[i, -1, self.task.answer_token_ids[ans]] = 5.0
        return out


def test_task_accuracy_known_answer(tiny):
    task = modular_task("months", tiny)
    wrong = set(range(0, 144, 9))  # 16 wrong
    assert task_accuracy(_Oracle(task, wrong, tiny.cfg.d_vocab), task) == pytest.approx(128 / 144)
    assert task_accuracy(_Oracle(task, set(), tiny.cfg.d_vocab), task) == 1.0


def test_heldout_pairs_never_trained():
    for t in range(len(ARITH_TEMPLATES["weekdays"])):
        held = cal.heldout_pairs("weekdays", t)
        assert len(held) == round(0.2 * 49)
    cfg = replace(TINY, batch_size=64)
    tok = build_tokenizer()
    text = [tok.decode(row[row != tok.pad_token_id]) for s in range(10) for row in cal.training_batch(s, cfg, tok)]
    bad = [cal.task_prompt("weekdays", a, b, template=ARITH_TEMPLATES["weekdays"][3]) for a, b in cal.heldout_pairs("weekdays", 3)]
    blob = " ".join(text)
    assert "plus" in blob and not any(b.replace(" ", "") in blob.replace(" ", "") for b in bad)


def test_training_is_bit_for_bit():
    r1 = train_calendar_lm(TINY, progress=False)
    r2 = train_calendar_lm(TINY, progress=False)
    assert r1.weights_sha256 == r2.weights_sha256
    r3 = train_calendar_lm(replace(TINY, seed=1), progress=False)
    assert r3.weights_sha256 != r1.weights_sha256


def test_rotary_recipe_trains_bit_for_bit_and_saves(tmp_path):
    "positional='rotary' (Llama/Mistral-style): no position vector in the residual, still deterministic and loadable."
    cfg = replace(TINY, positional="rotary")
    r1 = train_calendar_lm(cfg, out_dir=tmp_path, progress=False)
    assert r1.weights_sha256 == train_calendar_lm(cfg, progress=False).weights_sha256
    model = cal.load_calendar_lm(tmp_path, device="cpu")
    assert model.cfg.positional_embedding_type == "rotary" and weights_sha256(model) == r1.weights_sha256
    toks = model.to_tokens("Two days from Monday is")
    _, cache = model.run_with_cache(toks, names_filter="blocks.0.hook_resid_pre")
    emb = model.W_E[toks[0]]    # the residual entering block 0 is the token embedding alone
    assert torch.allclose(cache["blocks.0.hook_resid_pre"][0], emb)
    with pytest.raises(ValueError, match="rotary"):
        replace(TINY, positional="alibi")


def test_resume_matches_uninterrupted(tmp_path, monkeypatch):
    ref = train_calendar_lm(TINY, progress=False)
    real, calls = lm_train.lm_loss, {"n": 0}
    def flaky(*a, **k):
        calls["n"] += 1
        if calls["n"] == 7: raise KeyboardInterrupt
        return real(*a, **k)
    monkeypatch.setattr(lm_train, "lm_loss", flaky)
    with pytest.raises(KeyboardInterrupt):
        train_calendar_lm(TINY, out_dir=tmp_path, checkpoint_every=4, progress=False)
    assert (tmp_path/"checkpoint.safetensors").exists()
    monkeypatch.setattr(lm_train, "lm_loss", real)
    res = train_calendar_lm(TINY, out_dir=tmp_path, checkpoint_every=4, progress=False)
    assert res.weights_sha256 == ref.weights_sha256
    assert not (tmp_path/"checkpoint.safetensors").exists()
    loaded = cal.load_calendar_lm(tmp_path, device="cpu")
    assert weights_sha256(loaded) == ref.weights_sha256


def test_cli_tiny(tmp_path, capsys):
    assert cal.train_calendar_lm_cli(["--tiny", "--out", str(tmp_path), "--eval-every", "0"]) == 0
    assert (tmp_path/"model.safetensors").exists() and "sha256" in capsys.readouterr().out


@pytest.mark.skipif(not (cal.CALENDAR_LM_DIR/"model.safetensors").exists(), reason="no shipped calendar LM yet")
def test_shipped_model_accuracy():
    model = cal.load_calendar_lm(device="cpu")
    meta = load_json(cal.CALENDAR_LM_DIR/"config.json")
    assert weights_sha256(model) == meta["weights_sha256"]
    for name in ("weekdays", "months"):
        acc = task_accuracy(model, modular_task(name, model))
        assert acc >= 0.95 and acc == pytest.approx(meta["accuracy"][name])


def test_bad_inputs(tiny):
    with pytest.raises(ValueError, match="Unknown task"):
        modular_task("years", tiny)
    with pytest.raises(ValueError, match="alpha"):
        modular_task("weekdays", tiny, template="{beta} days later")
    with pytest.raises(ValueError, match="divisible"):
        CalendarLMConfig(d_model=130, n_heads=4)
