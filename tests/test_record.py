"""Records: the kiosk's immutable values behave as frozen dataclasses did, without their cost."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

import pytest

from kiosk.content import Problem
from kiosk.record import FrozenRecordError, Record, as_dict, replace


class Point(Record):
    x: int
    y: int = 0
    label: str = ""
    UNITS: ClassVar[str] = "mm"  # a class constant, not a field


class Named(Point):
    name: str = "here"


class Pair(Record):
    first: Point
    rest: tuple[Point, ...] = ()


def test_fields_are_the_annotations_in_order_with_their_defaults():
    assert Point(1) == Point(x=1, y=0, label="")
    assert Point(1, 2, "a").label == "a"
    assert Point._fields == ("x", "y", "label")


def test_a_derived_record_adds_its_fields_after_its_bases():
    assert Named._fields == ("x", "y", "label", "name")
    assert Named(3).name == "here" and Named(3, 4, "", "there").name == "there"


@pytest.mark.parametrize(("args", "kwargs", "says"), [
    ((), {}, "missing the argument 'x'"),
    ((1, 2, "a", "b"), {}, "takes 3 arguments, 4 given"),
    ((1,), {"z": 2}, "unexpected argument 'z'"),
    ((1,), {"x": 2}, "two values for 'x'"),
])
def test_wrong_arguments_are_refused_as_a_dataclass_would(args, kwargs, says):
    with pytest.raises(TypeError, match=says):
        Point(*args, **kwargs)


def test_a_field_without_a_default_may_not_follow_one_with_a_default():
    with pytest.raises(TypeError, match="'late' without a default"):
        class Bad(Record):
            early: int = 0
            late: int


def test_a_record_cannot_be_changed_once_made():
    point = Point(1, 2)
    with pytest.raises(FrozenRecordError):
        point.x = 5  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del point.y  # type: ignore[misc]
    assert point == Point(1, 2)


def test_equal_values_are_equal_and_hash_alike_but_only_within_one_class():
    assert Point(1, 2) == Point(1, 2) and hash(Point(1, 2)) == hash(Point(1, 2))
    assert Point(1, 2) != Point(2, 1)
    assert Point(1) != Named(1)  # a subclass's value is another kind of value
    assert Point(1) != (1, 0, "")
    assert len({Point(1), Point(1), Point(2)}) == 2


def test_a_record_shows_its_fields():
    assert repr(Point(1, label="a")) == "Point(x=1, y=0, label='a')"


def test_replace_changes_some_fields_and_leaves_the_original():
    point = Point(1, 2, "a")
    moved = replace(point, y=5)
    assert moved == Point(1, 5, "a") and point == Point(1, 2, "a")
    with pytest.raises(TypeError, match="unexpected argument 'z'"):
        replace(point, z=1)


def test_as_dict_turns_nested_records_into_dicts_for_json():
    pair = Pair(Point(1), (Point(2, 3), Point(4)))
    assert as_dict(pair) == {"first": {"x": 1, "y": 0, "label": ""},
                             "rest": ({"x": 2, "y": 3, "label": ""},
                                      {"x": 4, "y": 0, "label": ""})}
    assert Pair(**{**as_dict(pair), "first": Point(1), "rest": pair.rest}) == pair


def test_the_kiosks_models_are_records():
    problem = Problem(Path("words.toml"), 3, "fix it")
    assert as_dict(problem) == {"path": Path("words.toml"), "line": 3, "message": "fix it"}
    assert str(problem) == "words.toml:3: fix it"  # their own methods are kept
