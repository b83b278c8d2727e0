"""Whether a URL leads to a paper: arXiv and Hugging Face papers, proceedings, publishers, DOIs, PDFs."""

from __future__ import annotations

from urllib.parse import urlsplit

from ..ids import normalize_arxiv_id

# Hosts whose pages are papers (or a paper's landing page), with the path a paper's page starts with.
PAPER_HOSTS = {
    "openreview.net": ("/forum", "/pdf"),
    "aclanthology.org": ("/",),
    "www.aclweb.org": ("/anthology",),
    "aclweb.org": ("/anthology",),
    "doi.org": ("/10.",),
    "dx.doi.org": ("/10.",),
    "dl.acm.org": ("/doi",),
    "proceedings.mlr.press": ("/",),
    "papers.nips.cc": ("/paper",),
    "proceedings.neurips.cc": ("/paper",),
    "neurips.cc": ("/paper", "/virtual"),
    "openaccess.thecvf.com": ("/content",),
    "ieeexplore.ieee.org": ("/document", "/abstract", "/stamp"),
    "link.springer.com": ("/article", "/chapter", "/content"),
    "www.sciencedirect.com": ("/science/article",),
    "jmlr.org": ("/papers",),
    "www.jmlr.org": ("/papers",),
    "ojs.aaai.org": ("/index.php",),
    "www.ijcai.org": ("/proceedings",),
    "ijcai.org": ("/proceedings",),
    "www.semanticscholar.org": ("/paper",),
    "www.usenix.org": ("/conference", "/system/files"),
    "proceedings.mlsys.org": ("/paper",),
    "mlsys.org": ("/virtual",),
    "www.nature.com": ("/articles",),
    "www.science.org": ("/doi",),
    "www.pnas.org": ("/doi",),
    "www.biorxiv.org": ("/content",),
    "www.medrxiv.org": ("/content",),
    "papers.ssrn.com": ("/sol3",),
    "www.researchgate.net": ("/publication",),
    "research.google": ("/pubs",),
    "www.deepmind.com": ("/publications",),
    "deepmind.google": ("/research/publications",),
    "ai.meta.com": ("/research/publications",),
    "aclanthology.info": ("/papers",),
    "transacl.org": ("/ojs",),
    "academic.oup.com": ("/",),
    "iopscience.iop.org": ("/article",),
    "direct.mit.edu": ("/tacl", "/coli", "/neco"),
    "pubmed.ncbi.nlm.nih.gov": ("/",),
    "www.ncbi.nlm.nih.gov": ("/pmc",),
}


def is_paper_url(url: str) -> bool:
    """True for a link to a paper itself: its arXiv or Hugging Face page, a proceedings or publisher page, a PDF."""
    if normalize_arxiv_id(url):
        return True
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return False
    if parts.path.lower().endswith(".pdf"):
        return True
    prefixes = PAPER_HOSTS.get(parts.hostname.lower())
    return prefixes is not None and any(parts.path.startswith(p) for p in prefixes)


def host_name(url: str) -> str | None:
    """The host of an http(s) URL without a leading www., for telling a link's label from a title."""
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return None
    return host.removeprefix("www.") if host else None
