"""Identity and shared text: every way of writing an arXiv id gives one id; LaTeX, titles and venues read alike."""

import pytest

from generator.ids import find_arxiv_ids, normalize_arxiv_id, paper_id_for_arxiv
from generator.text.latex import latex_to_text
from generator.text.titles import normalize_title
from generator.text.venue import venue_from_comment


@pytest.mark.parametrize(
    "written, arxiv",
    [
        ("2401.05561", "2401.05561"),
        ("2401.05561v2", "2401.05561"),
        ("arXiv:2401.05561v3", "2401.05561"),
        ("arXiv 2401.05561", "2401.05561"),
        ("https://arxiv.org/abs/2401.05561v2", "2401.05561"),
        ("https://arxiv.org/pdf/2401.05561v2.pdf", "2401.05561"),
        ("https://www.arxiv.org/html/2401.05561v1", "2401.05561"),
        ("http://export.arxiv.org/abs/2401.05561", "2401.05561"),
        ("https://ar5iv.labs.arxiv.org/html/2401.05561", "2401.05561"),
        ("https://huggingface.co/papers/2401.05561", "2401.05561"),
        ("https://doi.org/10.48550/arXiv.2401.05561", "2401.05561"),
        ("0704.0001", "0704.0001"),
        ("hep-th/9901001", "hep-th/9901001"),
        ("hep-th/9901001v2", "hep-th/9901001"),
        ("https://arxiv.org/abs/math.GT/0309136v1", "math/0309136"),
        ("https://arxiv.org/abs/2401.055612", None),
        ("1.2345", None),
        ("https://github.com/a/b", None),
    ],
)
def test_one_normalisation_for_every_form(written, arxiv):
    assert normalize_arxiv_id(written) == arxiv


def test_old_style_ids_make_safe_file_ids():
    assert paper_id_for_arxiv("hep-th/9901001") == "hep-th-9901001"


def test_ids_found_in_free_text_once_each():
    assert find_arxiv_ids("see arXiv:2401.05561v1, https://arxiv.org/abs/2401.05561 and hf.co/papers/2402.00001") == [
        "2401.05561", "2402.00001",
    ]


def test_latex_markup_does_not_split_a_title():
    assert normalize_title("H$_2$O: Heavy-Hitter Oracle") == normalize_title("H2O: Heavy-Hitter Oracle")


@pytest.mark.parametrize(
    "line, venue",
    [
        ("Camera ready, in Proceedings of NeurIPS 2021 Main Conference", "NeurIPS 2021"),
        ("Proceedings of the 32nd ACM SIGKDD Conference on Knowledge Discovery (KDD '26)", "KDD '26"),
        ("ICML ES-FoMo Workshop 2025", "ICML ES-FoMo Workshop 2025"),
    ],
)
def test_a_long_venue_line_gives_its_acronym_and_year(line, venue):
    assert venue_from_comment(line) == venue


@pytest.mark.parametrize(
    "latex, text",
    [
        (r"Josu{\'e}", "Josué"),
        (r"Josu{\\'e}", "Josué"),
        (r'G\"odel and {\"U}ber', "Gödel and Über"),
        (r"Fran\c{c}ois and Fran\c cois", "François and François"),
        (r"{\AA}ngstr{\"o}m, Stra{\ss}e, {\o}ster", "Ångström, Straße, øster"),
        (r"\'{\i}", "í"),
        (r"\textbf{Bold} 50\% --- yes \& no", "Bold 50% — yes & no"),
        (r"$\alpha$-Nets", "α-Nets"),
    ],
)
def test_latex_to_text(latex, text):
    assert latex_to_text(latex) == text
