"""User types stored in the fixture vaults.

msgpack refuses instances of user classes and Enum members, so the module pickles them; the
pickles name this module (``fixture_classes.Service``, ``fixture_classes.Status``), which a reader
must be able to import or must report as an unknown class.
"""

import enum


class Status(enum.Enum):
    """Pickled (Python 3.11) as ``getattr(Status, member_name)``."""

    RUNNING = "running"
    STOPPED = "stopped"


class Service:
    """Pickled with NEWOBJ and its ``__dict__`` as state (BUILD)."""

    def __init__(self, name, port, tags, status):
        self.name = name
        self.port = port
        self.tags = tags
        self.status = status

    def __eq__(self, other):
        return type(other) is Service and self.__dict__ == other.__dict__

    def __repr__(self):
        return f"Service({self.name!r}, {self.port!r}, {self.tags!r}, {self.status!r})"
