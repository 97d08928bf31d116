"""Records: the immutable values the kiosk's parts hand each other (the content, the screen
ids, the looks, a visit's record...), made as cheaply as a plain class.

Python 3.11's frozen dataclasses write six methods in Python source for each class and
compile them when the class is made: 1 to 2 ms a class on the kiosk's PC, and seventeen of
them were made before Home's first paint, a tenth of the start (bench/README.md). A Record's
methods are written once, here, and read the class's fields from ``_fields``; making a class
costs what a plain class costs. Type checkers see a Record as a frozen dataclass
(``dataclass_transform``): fields, defaults and the generated ``__init__`` are checked as
they were.

    class Topic(Record):
        slug: str
        order: int = 0

Fields are the class's annotations, in order, those of a Record it derives from first; a
default is the value assigned in the class body (immutable values only: there is no
default_factory). ``replace`` and ``as_dict`` stand in for ``dataclasses.replace`` and
``dataclasses.asdict``. Equality and hashing are by value, and only between instances of the
same class, as with dataclasses.
"""

from __future__ import annotations

import inspect
from typing import Any, ClassVar, TypeVar, dataclass_transform

R = TypeVar("R", bound="Record")


class FrozenRecordError(AttributeError):
    """A field of a Record was assigned or deleted."""


@dataclass_transform(frozen_default=True)
class Record:
    """An immutable value with named fields (see the module's docstring)."""

    __slots__ = ()
    _fields: ClassVar[tuple[str, ...]] = ()
    _defaults: ClassVar[dict[str, Any]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        own = [name for name, kind in inspect.get_annotations(cls).items()
               if not _is_class_var(kind)]
        fields = (*cls._fields, *(name for name in own if name not in cls._fields))
        defaults = {**cls._defaults, **{name: cls.__dict__[name] for name in own
                                        if name in cls.__dict__}}
        first_default = next((i for i, name in enumerate(fields) if name in defaults),
                             len(fields))
        late = [name for name in fields[first_default:] if name not in defaults]
        if late:  # as with dataclasses: the positional arguments would be ambiguous
            raise TypeError(f"{cls.__name__}: field {late[0]!r} without a default follows "
                            "one with a default")
        cls._fields, cls._defaults = fields, defaults

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        fields = self._fields
        name = type(self).__name__
        if len(args) > len(fields):
            raise TypeError(f"{name}() takes {len(fields)} arguments, {len(args)} given")
        values = dict(zip(fields, args, strict=False))
        for key, value in kwargs.items():
            if key not in fields:
                raise TypeError(f"{name}() got an unexpected argument {key!r}")
            if key in values:
                raise TypeError(f"{name}() got two values for {key!r}")
            values[key] = value
        for field in fields:
            if field in values:
                value = values[field]
            elif field in self._defaults:
                value = self._defaults[field]
            else:
                raise TypeError(f"{name}() is missing the argument {field!r}")
            object.__setattr__(self, field, value)

    def __setattr__(self, name: str, value: Any) -> None:
        raise FrozenRecordError(f"cannot assign to {type(self).__name__}.{name}: it is a Record")

    def __delattr__(self, name: str) -> None:
        raise FrozenRecordError(f"cannot delete {type(self).__name__}.{name}: it is a Record")

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, field) for field in self._fields)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Record) or other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        shown = ", ".join(f"{field}={getattr(self, field)!r}" for field in self._fields)
        return f"{type(self).__qualname__}({shown})"


def replace(record: R, /, **changes: Any) -> R:
    """A copy of record with some fields changed (as dataclasses.replace)."""
    return type(record)(**{**{field: getattr(record, field) for field in record._fields},
                           **changes})


def as_dict(record: Record) -> dict[str, Any]:
    """record's fields as a dict, the Records within it (in fields, tuples, lists and dicts)
    as dicts too (as dataclasses.asdict), for JSON."""
    return {field: _plain(getattr(record, field)) for field in record._fields}


def _plain(value: Any) -> Any:
    if isinstance(value, Record):
        return as_dict(value)
    if isinstance(value, tuple | list):
        return type(value)(_plain(item) for item in value)
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


def _is_class_var(annotation: object) -> bool:
    # Annotations are strings under `from __future__ import annotations`.
    text = annotation if isinstance(annotation, str) else repr(annotation)
    return text.startswith(("ClassVar", "typing.ClassVar"))
