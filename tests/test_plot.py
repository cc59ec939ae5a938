"""`mapper.plot`: like GeoDataFrame.plot; leaves matplotlib's global state alone; en/uk/ru."""

from __future__ import annotations

import copy

import matplotlib
import pandas as pd
import pytest
from matplotlib.axes import Axes
from matplotlib.figure import Figure

import mapper
from mapper.join import join_testimonies

TAGANROG = "ru-rostov-taganrog-sizo-2"


@pytest.fixture(scope="module")
def layer():
    return mapper.load_facilities()


def _rc() -> dict:
    return copy.deepcopy(dict(matplotlib.rcParams))


def _texts(fig: Figure) -> str:
    parts = [t.get_text() for t in fig.findobj(matplotlib.text.Text)]
    return "\n".join(parts)


def test_plot_into_users_axes_leaves_global_state(layer):
    backend, rc = matplotlib.get_backend(), _rc()
    fig = Figure(figsize=(7, 5))
    ax = fig.add_subplot()
    out = mapper.plot(layer, ax=ax)
    assert out is ax
    assert matplotlib.get_backend() == backend
    assert _rc() == rc  # no rcParams written (fonts and SVG settings are local)
    assert len(ax.collections) > 5  # regions, borders, facility markers
    assert ax.get_title(loc="left") == ("Places where Russia holds Ukrainian prisoners of war and "
                              "civilians")
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "Pre-trial detention centre (SIZO)" in legend


def test_plot_without_axes_makes_a_page_not_a_pyplot_figure(layer):
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    ax = mapper.plot(layer, lang="ru", public=True)
    assert isinstance(ax, Axes) and plt.get_fignums() == before  # nothing to close
    text = _texts(ax.figure)
    assert "Места, где Россия удерживает украинских военнопленных и гражданских" in text
    assert "Публичная версия" in text
    assert "Равноугольная коническая проекция Ламберта" in text  # no English left
    assert "projection" not in text and "outside the main frame" not in text


@pytest.mark.parametrize("lang, words", [
    ("en", ("Facility type", "Location precision", "Facilities: mapper registry")),
    ("uk", ("Тип місця", "Точність розташування", "Місця утримання: реєстр mapper")),
    ("ru", ("Тип места", "Точность расположения", "Места содержания: реестр mapper")),
])
def test_all_text_follows_lang(layer, lang, words):
    ax = mapper.plot(layer, ax=Figure().add_subplot(), lang=lang)
    text = _texts(ax.figure)
    for w in words:
        assert w in text, (lang, w)


def test_plot_takes_a_join_result_with_public_counts(layer):
    result = join_testimonies(layer, pd.DataFrame({"facility": [TAGANROG] * 3}))
    ax = mapper.plot(result, ax=Figure().add_subplot(), public=True)
    text = _texts(ax.figure)
    assert "1–4" in text and "\n3\n" not in text  # the count label, suppressed
    ax = mapper.plot(result, ax=Figure().add_subplot())
    assert "3" in [t.get_text() for t in ax.texts]


def test_unknown_language(layer):
    with pytest.raises(mapper.InputError, match="Unknown language"):
        mapper.plot(layer, lang="de")
