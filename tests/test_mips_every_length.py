"Proofs for every length: hand-written programs with a known answer proved, bounded and buggy ones refused."
import pytest

from mechinterp.mips.program import compile_program
from mechinterp.mips.tasks import TASKS, Machine, get_task
from mechinterp.mips.verify import prove_every_length


def one_state(update: str, out: str, init: int = 0, inputs: str = "s") -> str:
    "A program in the shape of `render_program` with one state `a` and inputs b (and c)."
    args = inputs.split(",")
    reads = "; ".join(f"{n} = {a}[i]" for n, a in zip("bc", args))
    return (f"def f({', '.join(args)}):\n    a = {init}\n    ys = []\n    for i in range(len({args[0]})):\n"
            f"        {reads}\n        next_a = {update}\n        a = next_a\n        y = {out}\n        ys.append(y)\n"
            f"    return ys\n")


KNOWN = {  # task: a program a person would write, correct for every length
    "Sum_All": one_state("a + b", "a"),
    "Add_Mod_5": one_state("(a + b) % 5", "a"),
    "Add_Mod_8": one_state("(a + b) % 8", "a"),
    "Div_3": one_state("b + 2*(a % 3)", "a // 3"),
    "Div_7": one_state("b + 2*(a % 7)", "a // 7"),
    "Majority_0_1": one_state("a + b + (b - 1)", "int(a > 0)"),
    "Parity_Bits_Mod2": one_state("1 - a", "1 - a"),
    "Evens_Counter": one_state("a + (b + 1) % 2", "a"),
    "Binary_Addition": one_state("b + c + a // 2", "a % 2", inputs="s,t"),
    "Max_Seen": one_state("max(a, b)", "a"),
    "Dithering": one_state("a % 15 + b", "int(a >= 15)"),
    # a depth counter (+1) that drops to 0 for good once the parentheses broke: affine case by case of the flag
    "Balanced_Parenthesis": one_state("int(a > 0) * (a + (int(b == 0) - b))", "int(a == 1)", init=1),
    # the program keeps the sum, the reference its remainder: a remainder of a program counter
    "Add_Mod_4": one_state("a + b", "a % 4"),
}


@pytest.mark.parametrize("name", sorted(KNOWN))
def test_known_programs_proved_for_every_length(name):
    p = prove_every_length(compile_program(KNOWN[name]), get_task(name))
    assert p.status == "proved", (name, p.reason, p.invariant)


@pytest.mark.parametrize("name,bad", [
    ("Majority_0_1", one_state("max(-6, min(6, a + b + (b - 1)))", "int(a > 0)")),  # bounded to lengths <= 12
    ("Div_3", one_state("b + 2*(a % 3)", "a // 4")),
    ("Add_Mod_5", one_state("(a + b) % 6", "a")),
])
def test_wrong_or_bounded_programs_not_proved(name, bad):
    p = prove_every_length(compile_program(bad), get_task(name))
    assert p.status in ("counterexample", "not inductive"), p


def test_counter_clamped_beyond_the_runs_is_not_inductive():
    "Agrees with the reference on every simulated run (length 30), but the clamp at 500 breaks the induction step."
    p = prove_every_length(compile_program(one_state("min(a + b, 500)", "a")), get_task("Evens_Counter").__class__(
        "Count", Machine((0,), lambda st, x: ((st[0] + x,), st[0] + x)), 1, 0, 1, 10))
    assert p.status == "not inductive" and "output 0" in p.reason and "p0 = 0 + 1*r0" in p.reason


def test_every_benchmark_reference_but_one_is_a_machine():
    assert [t.name for t in TASKS if not isinstance(t.fn, Machine)] == ["Bit_Palindrome"]
    p = prove_every_length(compile_program(one_state("a", "1")), get_task("Bit_Palindrome"))
    assert p.status == "not applicable" and "Machine" in p.reason


def test_other_program_shapes_are_not_applicable():
    two_loops = KNOWN["Sum_All"].replace("    return ys\n", "    for j in range(2):\n        a = a\n    return ys\n")
    p = prove_every_length(compile_program(two_loops), get_task("Sum_All"))
    assert p.status == "not applicable"
    with pytest.raises(TypeError, match="program must be"):
        prove_every_length(42, get_task("Sum_All"))
    with pytest.raises(ValueError, match="timeout_s"):
        prove_every_length(KNOWN["Sum_All"], get_task("Sum_All"), timeout_s=0)
