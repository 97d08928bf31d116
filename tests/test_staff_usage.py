"""What patients read: the staff page draws the usage counts as bar charts, with the same
numbers as `kiosk stats --csv`, reached through the staff flow, readable on every screen."""

import csv
import itertools
import time

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication

from kiosk.cli import main
from kiosk.usage import Visit

from .conftest import SCREENS
from .test_accessibility import GAP_MM, TARGET_MM, gap_px, rect_in_window
from .test_staff import PIN, do_gesture, type_pin

LEFT = Qt.MouseButton.LeftButton
DAY = 86_400.0


def fill(usage, slugs) -> None:
    """Three weeks of visits: a few a day, some in Spanish, some with each choice."""
    now = time.time()
    for day in range(21):
        for n in range(day % 4 + 1):
            used = {feature for feature, every in (("larger-text", 2), ("high-contrast", 3),
                                                   ("take-home", 5)) if (day + n) % every == 0}
            languages = ("en", "es") if (day + n) % 4 == 0 else ("en",)
            topics = tuple((slug, 10.0) for slug in slugs[(day + n) % 3:(day + n) % 3 + 2])
            usage.add(Visit(began=now - day * DAY, seconds=90, languages=languages,
                            used=frozenset(used), ended="ATTRACT", topics=topics))


def csv_rows(state, tmp_path, days: int) -> list[dict[str, str]]:
    out = tmp_path / f"days-{days}.csv"
    assert main(["stats", "--state-dir", str(state), "--days", str(days), "--csv",
                 str(out)]) == 0
    with out.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def staff_kiosk(qtbot, make_kiosk, tmp_path):
    """A kiosk whose usage counts hold three weeks, with a staff PIN set."""
    def make(screen: str = "10in-1280x800"):
        kiosk = make_kiosk(screen=screen)
        kiosk.staff_access.pins.set_pin(PIN)
        fill(kiosk.usage, [topic.slug for topic in kiosk.window.content.topics])
        return kiosk

    return make


def open_usage_page(qtbot, kiosk):
    """The staff's way there: the hidden gesture, the PIN, then What patients read."""
    do_gesture(qtbot, kiosk)
    type_pin(qtbot, kiosk, PIN)
    panel = kiosk.staff_access.panel
    assert panel.usage_button.isVisible()
    qtbot.mouseClick(panel.usage_button, LEFT)
    page = kiosk.staff_access.usage
    assert page.isVisible()
    return page


def test_the_staff_page_shows_the_same_numbers_as_kiosk_stats_csv(qtbot, staff_kiosk,
                                                                   tmp_path, capsys):
    kiosk = staff_kiosk()
    page = open_usage_page(qtbot, kiosk)
    state = tmp_path / "state"
    kiosk.usage.close()  # the CLI reads the same file, as the office manager would
    fortnight = csv_rows(state, tmp_path, 14)
    month = csv_rows(state, tmp_path, 30)

    assert page.shown == "days" and page.days.isVisible()
    assert [(bar.label, bar.text) for bar in page.days.bars] == [
        (row["day"][-2:], row["visits"]) for row in fortnight]
    assert str(sum(int(row["visits"]) for row in fortnight)) in page.heading.text()

    qtbot.mouseClick(page.chart_buttons["topics"], LEFT)
    assert page.topics.isVisible() and not page.days.isVisible()
    titles = {topic.slug: topic.title for topic in kiosk.window.content.topics}
    opened = {titles[slug]: sum(int(row[slug]) for row in month)
              for slug in titles if slug in month[0]}
    shown = {bar.label: int(bar.text) for bar in page.topics.bars}
    assert shown == {title: count for title, count in opened.items() if count}
    assert [int(bar.text) for bar in page.topics.bars] == sorted(shown.values(), reverse=True)

    qtbot.mouseClick(page.chart_buttons["choices"], LEFT)
    visits = sum(int(row["visits"]) for row in month)
    assert str(visits) in page.heading.text()
    choices = {bar.label: bar.text for bar in page.choices.bars}
    for name, column in (("Larger text", "larger-text"), ("High contrast", "high-contrast"),
                         ("Read aloud", "read-aloud"), ("Take it home", "take-home")):
        share = sum(int(row[column]) for row in month) / visits
        assert choices[name] == f"{share:.0%}", name
    spanish = sum(int(row["language-es"]) for row in month) / visits
    assert choices["In Spanish"] == f"{spanish:.0%}"
    # And kiosk stats prints the same share.
    capsys.readouterr()
    assert main(["stats", "--state-dir", str(state), "--days", "30"]) == 0
    printed = next(line for line in capsys.readouterr().out.splitlines()
                   if line.strip().startswith("es "))
    assert choices["In Spanish"] == printed.split()[-1]


def test_back_returns_to_the_staff_panel_and_its_way_back_to_the_kiosk(qtbot, staff_kiosk):
    kiosk = staff_kiosk()
    page = open_usage_page(qtbot, kiosk)
    qtbot.mouseClick(page.back_button, LEFT)
    assert not page.isVisible()
    assert kiosk.staff_access.panel.isVisible()
    qtbot.mouseClick(kiosk.staff_access.panel.back_button, LEFT)
    assert not kiosk.staff_access.is_open()


def test_an_empty_database_shows_zeros_not_an_error(qtbot, make_kiosk):
    kiosk = make_kiosk()
    kiosk.staff_access.pins.set_pin(PIN)
    page = open_usage_page(qtbot, kiosk)
    assert [bar.text for bar in page.days.bars] == ["0"] * 14
    assert "0 in all" in page.heading.text()


@pytest.mark.parametrize("screen", SCREENS)
def test_every_chart_fits_its_screen_with_its_words_whole(qtbot, staff_kiosk, screen):
    kiosk = staff_kiosk(screen)
    kiosk.visit.set_larger_text(True)  # the staff page keeps the default size regardless
    kiosk.show_usage()
    QApplication.processEvents()
    page = kiosk.staff_access.usage
    window = kiosk.window
    mm = window.look.metrics.mm
    rects = [(b.text(), rect_in_window(window, b)) for b in page.buttons]
    for name, rect in rects:
        assert min(mm(rect.width()), mm(rect.height())) >= TARGET_MM, name
        assert window.rect().contains(rect), name
    for (first, a), (second, b) in itertools.combinations(rects, 2):
        assert mm(gap_px(a, b)) >= GAP_MM, (first, second)
    for name, chart in page.charts.items():
        page.show_chart(name)
        QApplication.processEvents()
        area = rect_in_window(window, chart)
        assert window.rect().contains(area)
        for _, rect in rects:
            assert not area.intersects(rect), name
        font = window.look.font()
        font.setPixelSize(chart.font_px())
        metrics = QFontMetrics(font)
        assert mm(metrics.capHeight()) >= 3.0  # large type, even where the numbers shrank
        placed = chart.placed()
        assert len(placed) == len(chart.bars) > 0
        whole = QRect(0, 0, chart.width(), chart.height())
        for item in placed:
            for box, text in ((item.number, item.bar.text), (item.name, item.bar.label)):
                assert whole.contains(box), (name, text, box)
                assert metrics.horizontalAdvance(text) <= box.width(), (name, text)
                assert metrics.height() <= box.height(), (name, text)
            assert item.rect.isEmpty() or whole.contains(item.rect)
        for first, second in itertools.combinations(placed, 2):
            assert not first.name.intersects(second.name), name
            assert not first.number.intersects(second.number), name
