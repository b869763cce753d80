from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pytest

from duta.screening.classify import HEADS, SHIPPED, Classifiers, Correction, classifiers, train
from duta.screening.classify.features import Featurizer, Vocabulary
from duta.screening.classify.scoring import example_based_accuracy
from duta.screening.classify.storage import load_arrays, save_arrays
from duta.screening.findings import Category
from duta.screening.text import normalize
from tests.screening.tiny_data import write_tiny_data

DATE = dt.date(2025, 1, 1)
CORRECTIONS = (
    Correction(text="zorglub zorglub zorglub", head="hate", correct=True),
    Correction(text="selamat pagi semua", head="hate", correct=False),
    Correction(text="kesal kesal", head="negative", correct=False),
)


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    data_dir = write_tiny_data(tmp_path_factory.mktemp("data"))
    model_dir = tmp_path_factory.mktemp("model")
    train(data_dir, model_dir, corrections=CORRECTIONS, trained_on=DATE)
    return data_dir, model_dir


class TestTrain:
    def test_it_writes_models_cards_and_the_slang_dictionary(self, tiny: tuple[Path, Path]) -> None:
        _, model_dir = tiny
        names = {path.name for path in model_dir.iterdir()}
        assert {"model.json", "features.npz", "weights.npz", "slang.json", "slang.md"} <= names
        assert {"card-ibrohim.md", "card-netifier.md", "card-smsa.md", "card-emot.md"} <= names
        assert not any(name.endswith((".pkl", ".pickle", ".joblib")) for name in names)

    def test_it_is_deterministic(self, tiny: tuple[Path, Path], tmp_path: Path) -> None:
        data_dir, model_dir = tiny
        summary = train(data_dir, tmp_path, corrections=CORRECTIONS, trained_on=DATE)
        assert set(summary["heads"]) == set(HEADS)
        for path in model_dir.iterdir():
            assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name

    def test_it_learns_the_obvious(self, tiny: tuple[Path, Path]) -> None:
        _, model_dir = tiny
        model = Classifiers.load(model_dir)
        posts = ["dasar cebong goblok", "video bokep gratis", "selamat pagi semua", "pelayanan buruk dan lambat"]
        scores = model.predict([model.normalizer.normalize(post) for post in posts])
        assert scores["hate"][0] > max(scores["hate"][1:])
        assert scores["pornography"][1] > max(scores["pornography"][[0, 2, 3]])
        assert scores["negative"][3] > max(scores["negative"][:3])
        assert all(values.dtype == np.float32 and values.shape == (4,) for values in scores.values())

    def test_corrections_become_examples_of_their_head(self, tiny: tuple[Path, Path]) -> None:
        _, model_dir = tiny
        model = Classifiers.load(model_dir)
        scores = model.predict([["zorglub", "zorglub"], ["apa", "kabar"]])
        assert scores["hate"][0] > scores["hate"][1]
        datasets = model.metadata["datasets"]
        assert (datasets["ibrohim"]["corrections"], datasets["smsa"]["corrections"]) == (2, 1)

    def test_it_refuses_corrections_for_unknown_heads(self, tiny: tuple[Path, Path], tmp_path: Path) -> None:
        data_dir, _ = tiny
        with pytest.raises(ValueError, match="unknown heads: gossip"):
            train(data_dir, tmp_path, corrections=[Correction("x", "gossip", True)])

    def test_cards_say_data_licence_metrics_and_date(self, tiny: tuple[Path, Path]) -> None:
        _, model_dir = tiny
        model = Classifiers.load(model_dir)
        card = model.card("hate")
        assert card["trained_on"] == "2025-01-01"
        assert "CC BY-NC-SA 4.0" in card["licence"]
        assert 0 < card["threshold"] < 1
        assert card["held_out_rows"] > 0
        text = (model_dir / card["card_file"]).read_text(encoding="utf-8")
        assert all(words in text for words in ("Ibrohim", "CC BY-NC-SA 4.0", "2025-01-01"))


class TestShipped:
    def test_every_head_has_a_category_or_is_a_signal(self) -> None:
        assert {name: head.category for name, head in HEADS.items()} == {
            "hate": Category.HATE,
            "abusive": Category.ABUSIVE,
            "sara": Category.SARA,
            "radicalism": Category.RADICALISM,
            "pornography": Category.PORNOGRAPHY,
            "insult": Category.INSULT,
            "negative": None,
            "anger": None,
        }

    def test_the_shipped_files_are_small_and_carry_cards(self) -> None:
        files = [path for path in SHIPPED.iterdir() if path.is_file()]
        assert sum(path.stat().st_size for path in files) < 10_000_000
        for head in HEADS:
            card = classifiers().card(head)
            assert all(card[key] for key in ("licence", "citation", "trained_on"))
            assert (SHIPPED / card["card_file"]).exists()

    def test_the_shipped_heads_flag_the_obvious(self) -> None:
        model = classifiers()
        posts = [
            "dasar cebong goblok, otak udang semua pendukungnya",
            "anjing lu bangsat!!!",
            "jual video bokep ngentot full hd murah",
            "orang cina kafir usir saja dari negeri ini",
            "tegakkan khilafah, jihad melawan thogut",
            "selamat pagi rekan-rekan, semangat bekerja hari ini",
        ]
        scores = model.predict([normalize(post) for post in posts])
        flagged = {head: scores[head] >= model.thresholds[head] for head in scores}
        expected = {"hate": 0, "abusive": 1, "pornography": 2, "sara": 3, "radicalism": 4}
        assert {head: bool(flagged[head][row]) for head, row in expected.items()} == dict.fromkeys(expected, True)
        assert not any(flagged[head][5] for head in flagged if head != "anger")

    def test_predict_takes_an_empty_batch_and_empty_posts(self) -> None:
        scores = classifiers().predict([[], ["halo"]])
        assert set(scores) == set(HEADS)
        assert all(values.shape == (2,) and np.all((values >= 0) & (values <= 1)) for values in scores.values())
        assert all(values.shape == (0,) for values in classifiers().predict([]).values())


def test_the_hashed_features_of_a_batch_are_those_of_each_post() -> None:
    featurizer = Featurizer()
    posts = [["halo", "dunia"], [], ["halo"], ["a", "b", "c", "a"]]
    batch = featurizer.counts(posts).toarray()
    for row, post in enumerate(posts):
        assert np.array_equal(batch[row], Featurizer().counts([post]).toarray()[0])


def test_tfidf_rows_have_unit_blocks() -> None:
    featurizer = Featurizer()
    counts = featurizer.counts([["halo", "dunia", "!"], ["halo", "kawan"], ["dunia", "kawan"]])
    vocabulary = Vocabulary.fit(counts, min_df=1)
    features = vocabulary.transform(vocabulary.select(counts)).toarray()
    word, char = features[:, : vocabulary.word_columns], features[:, vocabulary.word_columns :]
    assert np.allclose((word**2).sum(axis=1), 1.0, atol=1e-5)
    assert np.allclose((char**2).sum(axis=1), 1.0, atol=1e-5)


def test_arrays_are_stored_without_pickle_and_with_the_same_bytes(tmp_path: Path) -> None:
    arrays = {"a": np.arange(5, dtype=np.int32), "b": np.ones(3, dtype=np.float16)}
    save_arrays(tmp_path / "one.npz", arrays)
    save_arrays(tmp_path / "two.npz", arrays)
    assert (tmp_path / "one.npz").read_bytes() == (tmp_path / "two.npz").read_bytes()
    loaded = load_arrays(tmp_path / "one.npz")
    assert all(np.array_equal(loaded[name], arrays[name]) for name in arrays)


def test_example_based_accuracy_counts_empty_label_sets_as_right() -> None:
    truth = np.array([[0, 0], [1, 0], [1, 1], [0, 1]])
    predicted = np.array([[0, 0], [1, 1], [1, 1], [0, 0]])
    assert example_based_accuracy(truth, predicted) == pytest.approx((1 + 0.5 + 1 + 0) / 4)


def test_the_model_json_is_plain_json() -> None:
    meta = json.loads((SHIPPED / "model.json").read_text(encoding="utf-8"))
    assert set(meta["heads"]) == set(HEADS)
