"""What is trained: the datasets (one stacked model each) and the heads the screening engine reads."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from duta.screening.classify import data
from duta.screening.findings import Category

NON_COMMERCIAL = (
    "CC BY-NC-SA 4.0 (the dataset's licence; a model trained on it is a derivative: attribution, non-commercial, "
    "share-alike). A commercial deployment must not ship this model without the authors' permission."
)
AMBIGUOUS = (
    "Ambiguous: the IndoNLU repository's LICENSE file is Apache-2.0, its README badge and the Hugging Face card say "
    "MIT, the NusaCrowd/SEACrowd catalogues list CC BY-SA 4.0. Treated as research data with attribution; check "
    "with the IndoNLU authors before commercial redistribution."
)


@dataclass(frozen=True)
class Dataset:
    """One training corpus and the stacked model trained on it."""

    key: str
    title: str
    citation: str
    source: str
    licence: str
    load: Callable[[Path], data.Corpus]  # the training rows (never the test split)
    training_rows: str  # in words, for the card
    base_columns: tuple[str, ...]  # label columns with base learners
    targets: tuple[str, ...]  # stacked outputs: binary targets, or the classes of a multi-class corpus
    multiclass: bool = False
    ignore: frozenset[str] = frozenset()  # tokens its model never sees (see FUNCTION_WORDS)


def _ibrohim(data_dir: Path) -> data.Corpus:
    return data.ibrohim(data_dir)


def _netifier(data_dir: Path) -> data.Corpus:
    return data.netifier(data_dir, "train")


def _smsa(data_dir: Path) -> data.Corpus:
    return data.concat(data.smsa(data_dir, "train"), data.smsa(data_dir, "valid"))


def _emot(data_dir: Path) -> data.Corpus:
    return data.concat(data.emot(data_dir, "train"), data.emot(data_dir, "valid"))


# Function words, pronouns and chat particles: left out of the sentiment model only. In SmSA's training data informal
# style ("gue", "sih", "aja", "lagi") comes with complaints and formal style with long positive reviews, so a model
# that sees these words calls a casual post negative; employees' posts are casual. Negations stay ("tidak",
# "bukan", "belum", "jangan", "kurang").
FUNCTION_WORDS = frozenset(
    """
    yang di dan itu dengan untuk ini dari dalam akan pada juga saya aku ku gue gua gw lu lo kamu kau anda dia ia ke
    karena tersebut bisa ada mereka kami kita kalian oleh sudah udah telah atau saat menjadi jadi hanya cuma cuman
    secara sebagai masih hingga sampai lagi sekarang kini sih dong deh nih tuh kok kan ya yah iya aja saja mau ingin
    sama buat bikin gitu begitu gini begini kalau kalo klo jika bila apa siapa mana kapan bagaimana kenapa mengapa
    si sang para nya pun lah kah the a to of and is in hari tahun waktu orang kata bilang mah loh lho kayak seperti
    biar agar supaya tapi tetapi namun terus lalu kemudian habis abis punya baru pas tadi nanti besok kemarin
    """.split()  # noqa: SIM905 (a word list reads better as text)
)

IBROHIM_COLUMNS = (
    "HS",
    "Abusive",
    "HS_Individual",
    "HS_Group",
    "HS_Religion",
    "HS_Race",
    "HS_Physical",
    "HS_Gender",
    "HS_Other",
    "HS_Weak",
    "HS_Moderate",
    "HS_Strong",
)

DATASETS: dict[str, Dataset] = {
    dataset.key: dataset
    for dataset in (
        Dataset(
            key="ibrohim",
            title="Multi-label hate speech and abusive language in Indonesian Twitter (Ibrohim & Budi 2019)",
            citation=(
                "Muhammad Okky Ibrohim and Indra Budi. 2019. Multi-label Hate Speech and Abusive Language Detection "
                "in Indonesian Twitter. ALW3, pp. 46-57. doi:10.18653/v1/W19-3506"
            ),
            source="https://github.com/okkyibrohim/id-multi-label-hate-speech-and-abusive-language-detection",
            licence=NON_COMMERCIAL,
            load=_ibrohim,
            training_rows="all 13,169 tweets of re_dataset.csv (the dataset has no official split)",
            base_columns=IBROHIM_COLUMNS,
            targets=("HS", "Abusive"),
        ),
        Dataset(
            key="netifier",
            title="Netifier: multi-label toxicity of Indonesian social-media posts",
            citation="Ahmad Izzan, Christian Wibisono, Ilham Firdausi Putra. 2018. https://github.com/ahmadizzan/netifier",
            source="https://github.com/ahmadizzan/netifier",
            licence=NON_COMMERCIAL + " (no LICENSE file in the snapshot; NusaCrowd/SEACrowd catalogue it so)",
            load=_netifier,
            training_rows="the 6,995 posts of data/raw/train.csv (test.csv is held out for evaluation)",
            base_columns=data.NETIFIER_LABELS,
            targets=data.NETIFIER_LABELS,
        ),
        Dataset(
            key="smsa",
            title="IndoNLU SmSA: document-level sentiment (Purwarianti & Crisdayanti 2019)",
            citation=(
                "Purwarianti & Crisdayanti (2019), Improving Bi-LSTM Performance for Indonesian Sentiment Analysis "
                "Using Paragraph Vector, ICAICTA, doi:10.1109/ICAICTA.2019.8904199; Wilie et al. (2020), IndoNLU, "
                "AACL-IJCNLP, https://aclanthology.org/2020.aacl-main.85"
            ),
            source="https://github.com/IndoNLP/indonlu (dataset/smsa_doc-sentiment-prosa)",
            licence=AMBIGUOUS,
            load=_smsa,
            training_rows="train (11,000) + valid (1,260) texts; the test split (500) is held out for evaluation",
            base_columns=data.SMSA_LABELS,
            targets=data.SMSA_LABELS,
            multiclass=True,
            ignore=FUNCTION_WORDS,
        ),
        Dataset(
            key="emot",
            title="IndoNLU EmoT: emotion classification of Indonesian tweets (Saputri et al. 2018)",
            citation=(
                "Saputri, Mahendra & Adriani (2018), Emotion Classification on Indonesian Twitter Dataset, IALP, "
                "pp. 90-95; Wilie et al. (2020), IndoNLU, AACL-IJCNLP"
            ),
            source="https://github.com/IndoNLP/indonlu (dataset/emot_emotion-twitter)",
            licence=AMBIGUOUS,
            load=_emot,
            training_rows="train (3,521) + valid (440) tweets; the test split (440) is held out for evaluation",
            base_columns=data.EMOT_LABELS,
            targets=data.EMOT_LABELS,
            multiclass=True,
        ),
    )
}


@dataclass(frozen=True)
class Correction:
    """A reviewer said a flag was right (``correct``) or wrong: one more labelled example for the head."""

    text: str
    head: str
    correct: bool


@dataclass(frozen=True)
class Head:
    """A probability the screening engine reads: one stacked output of one dataset's model."""

    name: str
    dataset: str
    target: str  # the dataset's target (column or class)
    category: Category | None  # None: a signal the engine combines with other evidence
    description: str


HEADS: dict[str, Head] = {
    head.name: head
    for head in (
        Head("hate", "ibrohim", "HS", Category.HATE, "hate speech (re_dataset HS)"),
        Head("abusive", "ibrohim", "Abusive", Category.ABUSIVE, "abusive or profane language (re_dataset Abusive)"),
        Head("sara", "netifier", "sara", Category.SARA, "provocation on ethnicity, religion, race or group"),
        Head("radicalism", "netifier", "radikalisme", Category.RADICALISM, "radicalism (Netifier radikalisme)"),
        Head("pornography", "netifier", "pornografi", Category.PORNOGRAPHY, "sexual content (Netifier pornografi)"),
        Head("insult", "netifier", "pencemaran_nama_baik", Category.INSULT, "insult or defamation of a person"),
        Head("negative", "smsa", "negative", None, "negative sentiment (with an employer mention: hostility)"),
        Head("anger", "emot", "anger", None, "anger (EmoT)"),
    )
}
