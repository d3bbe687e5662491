"""The wordings criteria look for in READMEs, kept as data so they can be read and extended.

Research READMEs are mostly English with the usual phrasings of authors whose first language is
another one, and sometimes wholly Chinese, Japanese or Korean; each list carries the common forms.
Patterns are case-insensitive; English words are matched on word boundaries.
"""

from __future__ import annotations

import re

_I = re.IGNORECASE

# Phrases that say the code (or part of it) is not there yet, in three families by how a match
# starts. The family decides how the combined search is built, so keep each in its own list.
_PLACEHOLDER_WORDS = (
    r"coming\s+soon\b",
    r"(?:is|are)\s+coming\b",
    r"(?:available|release|released|open[- ]?sourced?|public)\s+soon\b",
    r"will\s+be\s+(?:publicly\s+|officially\s+|fully\s+|soon\s+)?(?:released|available"
    r"|made\s+(?:publicly\s+)?available|open[- ]?sourced|public|uploaded|published|updated"
    r"|added|provided|shared|out)\b",
    r"to\s+be\s+(?:released|uploaded|published|announced|open[- ]?sourced|updated|added"
    r"|completed|continued)\b",
    r"TBD\b",
    r"(?:we|i|the\s+authors?)\s+(?:will|plan\s+to|are\s+going\s+to|intend\s+to|are\s+planning"
    r"\s+to)\s+(?:soon\s+)?(?:release|publish|upload|open[- ]?source|make\b.{0,40}\bavailable"
    r"|share|provide)\b",
    r"code\s+will\s+be\b",
    r"under\s+construction\b",
    r"stay\s+tuned\b",
    r"(?:upon|after|once|when)\s+(?:the\s+)?(?:paper\s+(?:is\s+|gets\s+)?)?"
    r"(?:acceptance|accepted|publication|published)\b",
    r"(?:is|are)\s+(?:still\s+)?(?:being|under)\s+(?:prepar|clean|organi[sz]|review|refactor)",
    r"TBA\b",
    r"próximamente\b",
    r"em\s+breve\b",
    r"bientôt\s+disponible\b",
    r"demnächst\b",
    r"in\s+kürze\b",
)
"""Wordings in Latin script: each begins with a letter and is matched from a word start."""

_PLACEHOLDER_LINES = (
    r"^[ \t]*[-*][ \t]*\[\s\][ \t]*(?:release|upload|open[- ]?source|publish)",
    r"^[ \t]*(?:TODO|coming|soon|WIP|work[ \t]+in[ \t]+progress)[ \t.!…]*$",
)
"""An unticked to-do item ("- [ ] release the code"), or a line (a section's whole body) that
is only "TODO", "Coming", "WIP"; matched from a line start."""

_PLACEHOLDER_CJK = (
    r"即将(?:发布|開源|开源|公开|公開|上传|放出|更新|release)",
    r"敬请期待|敬請期待|待(?:发布|开源|整理|上传)|整理中|(?:后续|稍后)(?:发布|开源|公开|上传)",
    r"代码.{0,12}(?:将|会|后).{0,12}(?:发布|开源|公开|上传)",
    r"近日公開|公開予定|準備中|공개\s*예정|곧\s*공개",
)
"""Chinese, Japanese and Korean wordings: each begins with a (non-ASCII) CJK character."""


def _any_of(patterns: tuple[str, ...]) -> str:
    return "|".join(f"(?:{pattern})" for pattern in patterns)


PLACEHOLDER_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(pattern, _I | re.MULTILINE)
    for pattern in (
        *(rf"\b{words}" for words in _PLACEHOLDER_WORDS),
        *_PLACEHOLDER_LINES,
        *_PLACEHOLDER_CJK,
    )
)
"""Every placeholder wording on its own, for tests and for reading."""

PLACEHOLDER_ANY = re.compile(
    rf"\b(?=\w)(?:{_any_of(_PLACEHOLDER_WORDS)})"
    rf"|{_any_of(_PLACEHOLDER_LINES)}"
    rf"|(?=[^\x00-\x7f])(?:{_any_of(_PLACEHOLDER_CJK)})",
    _I | re.MULTILINE,
)
"""All placeholder wordings at once: the leftmost match of any (the earlier wording on a tie),
as searching each in turn would find it; `^` anchors match at each line's start.

Each family is tried only where a match of it can start (a word start; a non-ASCII character),
which makes one pass over a long README several times faster than trying every wording at every
character. No two families can match at the same place, so their order does not matter.
"""

LICENCE_MENTION = re.compile(
    r"\blicen[cs]ed\s+under\b|\breleased\s+under\s+(?:the\s+)?[\w .-]{0,40}licen[cs]e"
    r"|\bunder\s+(?:the|a|an)\s+[\w .-]{0,40}licen[cs]e\b"
    # `CC-BY[\w-]{0,20}`, not `*`: unbounded, `CC-BY-` repeated ran to the end of the text from
    # every `CC` (10,900 of them took 81 s); no licence name is longer
    r"|\b(?:MIT|Apache|BSD|GPL|LGPL|AGPL|MPL|Creative\s+Commons|CC[- ]BY[\w-]{0,20})\b[\w .-]{0,20}"
    r"licen[cs]e\b|\bCC[- ]BY(?:[- ](?:NC|SA|ND))*[- ]?\d\.\d\b",
    _I,
)
"""A README sentence naming the terms the code is under."""

LICENCE_HEADING = re.compile(r"licen[cs]e|許可|许可|ライセンス|라이선스", _I)

ALL_RIGHTS_RESERVED = re.compile(r"\ball\s+rights\s+reserved\b|版权所有", _I)

NON_COMMERCIAL = re.compile(r"\bnon[- ]?commercial\b|\bCC[- ]BY[- ]NC\b|\bresearch\s+only\b", _I)


def _words(*words: str) -> re.Pattern[str]:
    """English words anchored at a word start; other scripts matched anywhere.

    For asking whether any occurs, not where: the English words share one `\b`, so a long text
    is tested once per character rather than once per word and character.
    """
    english = "|".join(w for w in words if w.isascii())
    parts = [w for w in words if not w.isascii()]
    return re.compile("|".join([rf"\b(?:{english})", *parts] if english else parts), _I)


INSTALL_SECTION = _words(
    "install", "setup", "set up", "set-up", "requirement", "dependenc", "environment",
    "getting started", "prerequisite", "preparation", "安装", "环境", "依赖", "配置", "準備",
    "インストール", "環境", "설치", "환경",
)  # fmt: skip
"""Headings that tell how to get the code running."""

USAGE_SECTION = _words(
    "usage", "how to use", "quick start", "quickstart", "getting started", "run", "train",
    "evaluat", "inference", "demo", "example", "reproduc", "test", "experiment", "使用", "用法",
    "快速开始", "运行", "训练", "测试", "推理", "评估", "使い方", "実行", "学習", "評価", "사용",
    "실행", "학습",
)  # fmt: skip
"""Headings that tell how to use the code once installed."""

ML_TERMS = _words(
    "pytorch", "tensorflow", "jax", "keras", "torch", "pretrain", "pre-train", "checkpoint",
    "fine-tun", "finetun", "hugging ?face", "epoch", "neural", "deep learning", "transformer",
    "diffusion", "backbone", "dataset", "benchmark", "mmdet", "mmseg", "timm", "cifar", "mnist",
    "imagenet", "coco", "celeba", "svhn", "ms marco", "glue", "squad", "wikitext", "shapenet",
    "kitti", "cityscapes", "reinforcement learning", "machine learning", "generative adversarial",
    "autoencoder", "classifier", "训练", "模型",
    "预训练", "学習", "모델",
)  # fmt: skip
"""Words that show a repository is machine-learning code, where the PwC checklist applies."""

ML_LIBRARIES = re.compile(
    # `^[ \t]*(?:-[ \t]*)?`: `^\s*-?\s*` split each run of blank lines every way (cubic);
    # the entry's own line start is tried anyway
    r"(?:^[ \t]*(?:-[ \t]*)?|[\"'])"
    r"(?:torch|pytorch|torchvision|tensorflow(?:-gpu)?|tf-nightly|jax|jaxlib|flax|keras"
    r"|scikit-learn|sklearn|transformers|diffusers|timm|lightning|pytorch-lightning|mmcv|mmdet"
    r"|mmengine|paddlepaddle|mindspore|xgboost|lightgbm|accelerate|peft|deepspeed|onnxruntime"
    r"|torchaudio|torchtext|torch-geometric|torch_geometric|dgl|gym|gymnasium|stable-baselines3"
    r"|optax|haiku|dm-haiku|catboost|tensorflow-[\w-]+|sentence-transformers|datasets|spacy)\b",
    re.IGNORECASE | re.MULTILINE,
)
"""Dependency entries that make a repository machine-learning code: a line of a requirements or
conda file, or a quoted name (`install_requires=["torch"]`, pyproject's dependency lists)."""

WEIGHT_WORDS = _words(
    "pretrain", "pre-train", "checkpoint", "ckpt", "weights", "model zoo", "trained model",
    "download", "预训练", "权重", "模型", "学習済み", "重み",
)  # fmt: skip
"""Words that say a link in the README leads to trained models."""

WEIGHT_HOSTS = re.compile(
    r"https?://(?:www\.)?(?:"
    r"(?:huggingface\.co|hf\.co)/(?!papers/|docs/|blog/|learn/|spaces/|datasets/|join|login)"
    r"[\w.-]+/[\w.-]+"
    r"|drive\.google\.com/|zenodo\.org/(?:record|records|doi)/|doi\.org/10\.5281/zenodo"
    r"|github\.com/[\w.-]+/[\w.-]+/releases|dropbox\.com/|1drv\.ms/|onedrive\.live\.com/"
    r"|[\w-]+\.sharepoint\.com/|pan\.baidu\.com/|figshare\.com/|osf\.io/|mega\.nz/"
    r"|modelscope\.cn/models|[\w-]*\.?box\.com/s/|storage\.googleapis\.com/|[\w-]+\.s3[\w.-]*"
    r"\.amazonaws\.com/)",
    _I,
)
"""Where research code keeps trained models: Hugging Face, Drive, Zenodo, release downloads, ..."""
