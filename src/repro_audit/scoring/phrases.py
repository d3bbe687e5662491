"""The wordings criteria look for in READMEs, kept as data so they can be read and extended.

Research READMEs are mostly English with the usual phrasings of authors whose first language is
another one, and sometimes wholly Chinese, Japanese or Korean; each list carries the common forms.
Patterns are case-insensitive; English words are matched on word boundaries.
"""

from __future__ import annotations

import re

_I = re.IGNORECASE

PLACEHOLDER_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(pattern, _I)
    for pattern in (
        r"\bcoming\s+soon\b",
        r"\b(?:is|are)\s+coming\b",
        r"\b(?:available|release|released|open[- ]?sourced?|public)\s+soon\b",
        r"\bwill\s+be\s+(?:publicly\s+|officially\s+|fully\s+|soon\s+)?(?:released|available"
        r"|made\s+(?:publicly\s+)?available|open[- ]?sourced|public|uploaded|published|updated"
        r"|added|provided|shared|out)\b",
        r"\bto\s+be\s+(?:released|uploaded|published|announced|open[- ]?sourced)\b",
        r"\b(?:we|i|the\s+authors?)\s+(?:will|plan\s+to|are\s+going\s+to|intend\s+to|are\s+planning"
        r"\s+to)\s+(?:soon\s+)?(?:release|publish|upload|open[- ]?source|make\b.{0,40}\bavailable"
        r"|share|provide)\b",
        r"\bcode\s+will\s+be\b",
        r"\bunder\s+construction\b",
        r"\bstay\s+tuned\b",
        r"\b(?:upon|after|once|when)\s+(?:the\s+)?(?:paper\s+(?:is\s+|gets\s+)?)?"
        r"(?:acceptance|accepted|publication|published)\b",
        r"\b(?:is|are)\s+(?:still\s+)?(?:being|under)\s+(?:prepar|clean|organi[sz]|review|refactor)",
        r"\bTBA\b",
        r"^[ \t]*[-*][ \t]*\[\s\][ \t]*(?:release|upload|open[- ]?source|publish)",
        r"即将(?:发布|開源|开源|公开|公開|上传|放出|更新|release)",
        r"敬请期待|敬請期待|待(?:发布|开源|整理|上传)|整理中|(?:后续|稍后)(?:发布|开源|公开|上传)",
        r"代码.{0,12}(?:将|会|后).{0,12}(?:发布|开源|公开|上传)",
        r"近日公開|公開予定|準備中|공개\s*예정|곧\s*공개",
        r"\bpróximamente\b|\bem\s+breve\b|\bbientôt\s+disponible\b|\bdemnächst\b|\bin\s+kürze\b",
    )
)
PLACEHOLDER_ANY = re.compile(
    "|".join(f"(?:{pattern.pattern})" for pattern in PLACEHOLDER_PATTERNS), _I | re.MULTILINE
)
"""All placeholder wordings at once; `^` anchors match at each line's start."""
"""Phrases that say the code (or part of it) is not there yet."""

LICENCE_MENTION = re.compile(
    r"\blicen[cs]ed\s+under\b|\breleased\s+under\s+(?:the\s+)?[\w .-]{0,40}licen[cs]e"
    r"|\bunder\s+(?:the|a|an)\s+[\w .-]{0,40}licen[cs]e\b"
    r"|\b(?:MIT|Apache|BSD|GPL|LGPL|AGPL|MPL|Creative\s+Commons|CC[- ]BY[\w-]*)\b[\w .-]{0,20}"
    r"licen[cs]e\b|\bCC[- ]BY(?:[- ](?:NC|SA|ND))*[- ]?\d\.\d\b",
    _I,
)
"""A README sentence naming the terms the code is under."""

LICENCE_HEADING = re.compile(r"licen[cs]e|許可|许可|ライセンス|라이선스", _I)

ALL_RIGHTS_RESERVED = re.compile(r"\ball\s+rights\s+reserved\b|版权所有", _I)

NON_COMMERCIAL = re.compile(r"\bnon[- ]?commercial\b|\bCC[- ]BY[- ]NC\b|\bresearch\s+only\b", _I)


def _words(*words: str) -> re.Pattern[str]:
    """English words anchored at a word start; other scripts matched anywhere."""
    parts = [rf"\b{w}" if w.isascii() else w for w in words]
    return re.compile("|".join(parts), _I)


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
    "diffusion", "backbone", "dataset", "benchmark", "mmdet", "mmseg", "timm", "训练", "模型",
    "预训练", "学習", "모델",
)  # fmt: skip
"""Words that show a repository is machine-learning code, where the PwC checklist applies."""

ML_LIBRARIES = re.compile(
    r"^\s*-?\s*(?:torch|pytorch|torchvision|tensorflow(?:-gpu)?|tf-nightly|jax|jaxlib|flax|keras"
    r"|scikit-learn|sklearn|transformers|diffusers|timm|lightning|pytorch-lightning|mmcv|mmdet"
    r"|mmengine|paddlepaddle|mindspore|xgboost|lightgbm|accelerate|peft|deepspeed|onnxruntime)\b",
    re.IGNORECASE | re.MULTILINE,
)
"""Dependency entries that make a repository machine-learning code."""

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
