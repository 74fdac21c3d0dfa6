"""The matcher the feeds and the legal acts registers share: what an amended article and Kazakh words weigh."""

from __future__ import annotations

from tracker_scrapers.matching import AmendedArticle, KnownItem, MatchIndex

INDEX = MatchIndex(
    items=[
        KnownItem(
            id="cat-c-kaz-co-4-p10",
            state="KAZ",
            themes=("definition_and_criminalisation",),
            text="Definition and penalties for torture",
        ),
        KnownItem(
            id="ccpr-c-kaz-co-3-p14",
            state="KAZ",
            themes=("investigation_and_prosecution",),
            text="Bring art. 146 of the Criminal Code in line with article 7 of the Covenant",
        ),
        KnownItem(
            id="cat-c-tjk-co-2-p6",
            state="TJK",
            themes=("definition_and_criminalisation",),
            text="Penalties in new art 146 not commensurate",
        ),
    ]
)
TORTURE_ARTICLE = AmendedArticle(law="Criminal Code", article="146", about="torture", themes=("definition_and_criminalisation",))


def test_an_amended_article_the_item_names_is_the_strongest_signal_and_its_theme_the_next() -> None:
    matching = INDEX.match("О внесении изменений в Уголовный кодекс", "KAZ", [TORTURE_ARTICLE])
    scores = {match.item: match for match in matching.matches}
    assert set(scores) == {"cat-c-kaz-co-4-p10", "ccpr-c-kaz-co-3-p14"}, "only the items of the State given"
    assert scores["ccpr-c-kaz-co-3-p14"].score == 0.85
    assert scores["ccpr-c-kaz-co-3-p14"].reason == "amends article 146 of the Criminal Code, which it names"
    assert scores["cat-c-kaz-co-4-p10"].score == 0.6
    assert (
        "amends article 146 of the Criminal Code (torture), on its theme: Definition and criminalisation of torture"
        in scores["cat-c-kaz-co-4-p10"].reason
    )


def test_kazakh_and_russian_words_of_a_theme_are_found() -> None:
    for text in ("Азаптауларға қарсы іс-қимыл", "О профилактике жестокого обращения"):
        [match] = INDEX.match(text, "KAZ").matches
        assert match.item == "cat-c-kaz-co-4-p10" and "(theme: Definition and criminalisation of torture)" in match.reason
