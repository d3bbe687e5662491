"""Reading README text: structure, placeholder phrasings, licence mentions, BibTeX, links."""

from __future__ import annotations

import pytest

from repro_audit.scoring import phrases
from repro_audit.scoring.readme import (
    SNIPPET,
    bibtex,
    command_lines,
    has_table,
    licence_mention,
    links,
    placeholder_phrase,
    read_readme,
    section,
    snippet,
    substance,
)

MARKDOWN = """\
# Title

Intro text with `inline code`.

## Installation ##

```bash
pip install -r requirements.txt
```

Usage
-----

~~~
$ python demo.py
~~~

<h3>Results</h3>

**Citation**
"""


def test_structure_of_a_markdown_readme() -> None:
    readme = read_readme(MARKDOWN)
    assert [h for _, h in readme.headings] == [
        "Title",
        "Installation",
        "Usage",
        "Results",
        "Citation",
    ]
    assert [(b.line, b.info, b.lines) for b in readme.blocks] == [
        (8, "bash", ("pip install -r requirements.txt",)),
        (15, "", ("$ python demo.py",)),
    ]
    assert readme.inline_code == ((3, "inline code"),)
    assert all("pip install" not in text for _, text in readme.prose)


def test_restructured_text_and_html_blocks() -> None:
    text = (
        "Title\n=====\n\n.. code-block:: bash\n\n   python run.py\n\n"
        "See::\n\n    x = 1\n\n<pre>\nmake\n</pre>\n"
    )
    readme = read_readme(text)
    assert [h for _, h in readme.headings] == ["Title"]
    assert [(b.info, b.lines) for b in readme.blocks] == [
        ("bash", ("python run.py",)),
        ("", ("x = 1",)),
        ("", ("make",)),
    ]


def test_an_unclosed_fence_runs_to_the_end() -> None:
    readme = read_readme("# X\n\n```\npython a.py\n")
    assert readme.blocks[0].lines == ("python a.py",)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("| a | b |\n|---|---|\n| 1 | 2 |\n", True),
        ("a | b\n:--- | ---:\n", True),
        ("+-----+-----+\n| a   | b   |\n+=====+=====+\n", True),
        ("<table><tr><td>1</td></tr></table>", True),
        ("```\n| a |\n|---|\n```\n", False),  # a table inside a code block is code
        ("Some text\n---\n", False),  # a setext heading, not a table
        ("", False),
    ],
)
def test_has_table(text: str, expected: bool) -> None:
    assert has_table(read_readme(text)) is expected


def test_command_lines_skip_non_shell_blocks() -> None:
    text = '```bash\n$ python train.py\nls\n```\n```json\n{"python": 1}\n```\n```\n./run.sh\n```\n'
    assert command_lines(read_readme(text)) == ((2, "python train.py"), (9, "./run.sh"))


@pytest.mark.parametrize(
    ("line", "found"),
    [
        ("Code coming soon.", True),
        ("The code will be released upon acceptance.", True),
        ("Code and models will be made publicly available.", True),
        ("Training code to be released.", True),
        ("We will release the code after the review.", True),
        ("We plan to open-source the training pipeline.", True),
        ("This repository is under construction.", True),
        ("Stay tuned!", True),
        ("Code will be available once the paper is accepted.", True),
        ("Code: TBA", True),
        ("- [ ] Release pretrained weights", True),
        ("The code is being cleaned up.", True),
        ("代码即将开源\uff0c敬请期待。", True),
        ("预训练模型即将发布", True),
        ("コードは近日公開予定です。", True),
        ("코드 공개 예정", True),
        ("Código disponible próximamente.", True),
        ("- [x] Release training code", False),  # done
        ("We release the code of our paper.", False),
        ("Models are released under the MIT licence.", False),
        ("The soon-to-be-famous dataset.", False),
        ("", False),
    ],
)
def test_placeholder_phrasings(line: str, found: bool) -> None:
    result = placeholder_phrase(f"# X\n\n{line}\n")
    assert (result is not None) is found
    if result is not None:
        assert result[0] == 3


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "This project is licensed under the MIT License.",
            "This project is licensed under the MIT License.",
        ),
        ("Released under the Apache 2.0 license.", "Released under the Apache 2.0 license."),
        ("Code is CC BY-NC 4.0.", "Code is CC BY-NC 4.0."),
        ("## License\n\nSee the terms of the lab.", "See the terms of the lab."),
        ("## License\n\n", None),
        ("No terms here.", None),
    ],
)
def test_licence_mention(text: str, expected: str | None) -> None:
    mention = licence_mention(read_readme(f"# X\n\n{text}\n"))
    assert (None if mention is None else mention[1]) == expected


@pytest.mark.parametrize(
    ("text", "filled", "empty"),
    [
        ("@article{a, title={T}, author={A}}", 1, 0),
        ("@InProceedings{a,\n  author = {A},\n  booktitle = {B}\n}\n@misc{b, url={u}}", 2, 0),
        ("@article{todo,\n}", 0, 1),
        ("```bibtex\n\n```", 0, 1),
        ("```bibtex\n@misc{x, title={X}}\n```", 1, 0),
        ("Email me @article or @ home.", 0, 0),
    ],
)
def test_bibtex(text: str, filled: int, empty: int) -> None:
    found = bibtex(text)
    assert (found.filled, found.empty) == (filled, empty)


def test_substance_ignores_markup_and_weighs_cjk() -> None:
    assert substance(read_readme("# Hi\n\n```\nlots of code here\n```\n")) == 2
    assert substance(read_readme("[![badge](https://x.org/b.svg)](https://x.org)")) == 5
    assert substance(read_readme("训练代码")) == 12


def test_links_drop_trailing_punctuation() -> None:
    assert links("See https://zenodo.org/records/1. And (https://hf.co/a/b).") == (
        "https://zenodo.org/records/1",
        "https://hf.co/a/b",
    )


@pytest.mark.parametrize(
    ("url", "hosted"),
    [
        ("https://huggingface.co/lab/model", True),
        ("https://huggingface.co/papers/2510.1", False),
        ("https://huggingface.co/datasets/lab/data", False),
        ("https://drive.google.com/file/d/1", True),
        ("https://zenodo.org/records/12", True),
        ("https://github.com/lab/x/releases/download/v1/w.pth", True),
        ("https://github.com/lab/x", False),
        ("https://arxiv.org/abs/2510.1", False),
    ],
)
def test_weight_hosts(url: str, hosted: bool) -> None:
    assert bool(phrases.WEIGHT_HOSTS.match(url)) is hosted


def test_snippet_quotes_the_sentence_and_stays_short() -> None:
    line = (
        "First sentence is long enough to be dropped here. "
        "Then the code will be released soon after review and more text follows."
    )
    quote = snippet(line, line.index("code will"))
    assert quote.startswith("Then the code will be released")
    assert len(quote) <= SNIPPET and quote.endswith("…")


def test_sections_match_english_and_cjk_headings() -> None:
    readme = read_readme("# 安装\n\n# Getting Started\n\n# Run the demo\n")
    assert section(readme, phrases.INSTALL_SECTION) == (1, "安装")
    assert section(readme, phrases.USAGE_SECTION) == (3, "Getting Started")
