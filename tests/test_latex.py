"""latex_to_text: the LaTeX found in real listings comes out readable, and plain text and URLs pass untouched."""

from __future__ import annotations

import pytest

from generator.text.latex import latex_to_text


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        # Seen in the seed listings.
        (r"FlightLLM achieves 6.0$\times$ higher energy efficiency", "FlightLLM achieves 6.0× higher energy efficiency"),
        (r"up to 2.4\times speedup", "up to 2.4× speedup"),
        (r"resulting in a 54.6\% speedup", "resulting in a 54.6% speedup"),
        (r"{\it Federated optimization with Normalized Annealing Regularization}",
         "Federated optimization with Normalized Annealing Regularization"),
        (r"we construct {\sc MwpBench}, a benchmark", "we construct MwpBench, a benchmark"),
        (r"frontier LLMs (e.g., {\tt GPT-3.5})", "frontier LLMs (e.g., GPT-3.5)"),
        (r"we introduce \textbf{hardware and software platform inference (HSPI)} -- a method",
         "we introduce hardware and software platform inference (HSPI) – a method"),
        ("three critical textit{O}bstacles", "three critical Obstacles"),
        (r"released at \href{https://github.com/ljb121002/fednar}{https://github.com/ljb121002/fednar}.",
         "released at https://github.com/ljb121002/fednar."),
        ("available at https://github.com/om-ai-lab/ZoomEye{https://github.com/om-ai-lab/ZoomEye}.",
         "available at https://github.com/om-ai-lab/ZoomEye."),
        ("at least $f+1$ logically equivalent replicas to tolerate any $f$ failures",
         "at least f+1 logically equivalent replicas to tolerate any f failures"),
        ("outperforms Bamboo by up to $13.9x$.", "outperforms Bamboo by up to 13.9x."),
        ("H$_2$O: Heavy-Hitter Oracle", "H₂O: Heavy-Hitter Oracle"),
        ("We introduce ``ChatCoach,'' an integrated framework", "We introduce “ChatCoach,” an integrated framework"),
        (r"spelled Bail\'ing in Pinyin", "spelled Bailíng in Pinyin"),
        (r"model size (\aka the number of parameters)", "model size (a.k.a. the number of parameters)"),
        (r"method namely ReSocratic. \ReSocratic first synthesizes", "method namely ReSocratic. ReSocratic first synthesizes"),
        (r"Our experiments show that \prjname can fine-tune", "Our experiments show that prjname can fine-tune"),
        ("as LLMs grow {in size}, the overhead", "as LLMs grow in size, the overhead"),
        ("a depthwise stacking operator, called G_{stack}, exhibits", "a depthwise stacking operator, called G_stack, exhibits"),
        ("from O(T^2) to O(T log T)", "from O(T²) to O(T log T)"),
        ("34.57\\% on V^* Bench", "34.57% on V^* Bench"),
        ("multimodal large language models~(MLLMs) face limits", "multimodal large language models (MLLMs) face limits"),
        ("such as GPT and Llama. {\\em However}", "such as GPT and Llama. However"),
    ],
)
def test_seed_listing_latex(latex: str, text: str) -> None:
    assert latex_to_text(latex) == text


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        (r"$\sim$10\% fewer", "∼10% fewer"),
        (r"$\approx$ 2x, $\leq$ 3, $\le$ 3, $\geq$ 4, $\ge$ 4, $\pm$ 1", "≈ 2x, ≤ 3, ≤ 3, ≥ 4, ≥ 4, ± 1"),
        (r"$a \cdot b$, $x \rightarrow y$, $x \to y$, $\infty$, wait\ldots", "a · b, x → y, x → y, ∞, wait…"),
        (r"$\alpha$, $\beta$, $\lambda$, $\Omega$", "α, β, λ, Ω"),
        (r"$10^{-3}$ and $x^2$ and $O(n^2)$", "10⁻³ and x² and O(n²)"),
        ("2^10 and 10^{-3} outside math, snake_case_2 untouched", "2¹⁰ and 10⁻³ outside math, snake_case_2 untouched"),
        (r"$x_{i}$ and $x_{12}$", "x_i and x₁₂"),
        (r"$\mathcal{O}(n \log n)$", "O(n log n)"),
        (r"\emph{key} \texttt{code} \textsc{Caps} \text{plain} $\mathrm{d}$ $\mathbf{W}$", "key code Caps plain d W"),
        (r"{\bf nested \textit{inner} text}", "nested inner text"),
        (r"\href{https://example.org/x}{the project page}", "the project page"),
        (r"\href{https://example.org/x}{}", "https://example.org/x"),
        (r"\url{https://example.org/a_b}", "https://example.org/a_b"),
        (r"the `best' model", "the ‘best’ model"),
        (r'M\"{u}ller, \v{S}imon, Fran\c{c}ois, na\"ive, \'{\i}', "Müller, Šimon, François, naïve, í"),
        (r"Q\&A, \#1, \_under, cost \$5", "Q&A, #1, _under, cost $5"),
        (r"a\\b \, c", "a b   c"),
        ("Fig.~3 and 3~5 and ~2x", "Fig. 3 and 3~5 and ~2x"),
        ("pages 10--20 and a pause --- then", "pages 10–20 and a pause — then"),
    ],
)
def test_common_latex(latex: str, text: str) -> None:
    assert latex_to_text(latex) == text


@pytest.mark.parametrize(
    "url",
    [
        "https://github.com/some_org/repo_name",
        "https://example.org/~user/a--b/{x}",
        "https://example.org/path?q=a_b&x=$1$&y=\\times",
        "http://EXAMPLE.org/A%20B#frag_1",
    ],
)
def test_urls_pass_untouched(url: str) -> None:
    text = f"Code: {url} and more"
    # A URL ends at a brace, so only the part before any brace is guaranteed verbatim.
    kept = url.split("{")[0]
    assert kept in latex_to_text(text)


def test_escaped_underscores_inside_urls_are_unescaped() -> None:
    assert latex_to_text(r"see https://github.com/a\_b/c") == "see https://github.com/a_b/c"


@pytest.mark.parametrize(
    "plain",
    [
        "Large language models (LLMs) have made a significant impact.",
        "It costs $5 and $10 more.",
        "Between $5-$10 per hour.",
        "An e-mail: someone@example.org; a path: C:/data/file.txt",
        "Unicode stays: naïve café — “quoted” × ≤ ∞ 日本語",
        "",
    ],
)
def test_plain_text_is_unchanged(plain: str) -> None:
    assert latex_to_text(plain) == plain


def test_conversion_is_stable_on_its_own_output() -> None:
    once = latex_to_text(r"H$_2$O with {\it x}, 6.0$\times$ faster, ``quoted'' \aka more")
    assert latex_to_text(once) == once
