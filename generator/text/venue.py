"""Reading a venue ("FPGA'24", "NeurIPS 2023") out of arXiv-style comment lines."""

from __future__ import annotations

import re

VENUE_ACRONYMS = (
    "AAAI|ACL|ACMMM|ACM ?MM|AISTATS|ASPLOS|CIKM|COLING|COLM|CVPR|DAC|EACL|ECCV|EMNLP|EuroSys|FAST|FPGA|HPCA|"
    "ICASSP|ICCV|ICDE|ICLR|ICML|IJCAI|INTERSPEECH|ISCA|KDD|MICRO|MLSys|NAACL|NeurIPS|NIPS|NSDI|OSDI|PPoPP|SC|"
    "SIGIR|SIGMOD|SOSP|TACL|TMLR|UAI|USENIX ATC|VLDB|WACV|WSDM|WWW|ATC|Interspeech|ICSE|FSE|ASE|RecSys|SIGCOMM|"
    "AACL|CoNLL|LREC|CoRL|ICRA|IROS|CHI|UIST|CSCW|SIGGRAPH|NDSS|CCS|PLDI|POPL|OOPSLA|ISSTA|CAV|FMCAD|JMLR|TPAMI|IJCV"
)
_ACCEPTED_RE = re.compile(
    r"\b(?:accepted|to appear|published|presented|appears?)\s+(?:as\s+[\w\s-]+?\s+)?(?:to|at|by|in|for)\s+(?:the\s+)?(?P<venue>[^.;()\n]+)",
    re.IGNORECASE,
)
_BARE_VENUE_RE = re.compile(rf"^(?:{VENUE_ACRONYMS})\s*(?:'|’)?\s*\d{{2,4}}\b.*$", re.IGNORECASE)
_NAMED_VENUE_RE = re.compile(r"\b(?:Conference|Workshop|Symposium|Proceedings|Transactions|Journal)\b")
# "Camera ready, in Proceedings of NeurIPS 2021 Main Conference": the acronym and year say it shortest.
_ACRONYM_YEAR_RE = re.compile(rf"\b(?:{VENUE_ACRONYMS})\s*(?:'|’)?\s*(?:\d{{4}}|\d{{2}})\b")
_NOT_VENUE_RE = re.compile(r"\b(?:under review|submitted|licen[cs]e|preprint|work in progress|pages?|figures?)\b", re.IGNORECASE)


def venue_from_comment(line: str) -> str | None:
    """The venue a comment line names, or None when it names none."""
    line = line.strip()
    match = _ACCEPTED_RE.search(line)
    if match:
        venue = match.group("venue").strip(" ,:")
        return venue or None
    if _NOT_VENUE_RE.search(line):
        return None
    if _BARE_VENUE_RE.match(line):
        return line.rstrip(" .")
    if _NAMED_VENUE_RE.search(line):
        short = _ACRONYM_YEAR_RE.search(line)
        return short.group(0) if short else line.rstrip(" .")
    return None
