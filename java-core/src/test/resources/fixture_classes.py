"""Classes the Java side has no type for: their pickles must come back as PyObject and re-encode exactly."""
import collections
import enum


class Service:
    def __init__(self, name, port):
        self.name = name
        self.port = port

    def __eq__(self, other):
        return type(other) is Service and vars(self) == vars(other)


class Color(enum.Enum):
    RED = 1
    GREEN = 'g'


class Outer:
    class Inner:
        def __eq__(self, other):
            return type(other) is Outer.Inner


class Slotted:
    __slots__ = ('a', 'b')

    def __init__(self, a, b):
        self.a = a
        self.b = b

    def __eq__(self, other):
        return type(other) is Slotted and (self.a, self.b) == (other.a, other.b)


class Node:
    """An object graph with a cycle: the child refers back to its parent."""

    def __init__(self, name, parent=None):
        self.name = name
        self.parent = parent
        self.children = []


def fixtures():
    parent = Node('root')
    parent.children.append(Node('leaf', parent))
    s = 'hello'
    shared_list = [1]
    b = b'xyz'
    return {
        'shared_refs': [s, s, shared_list, shared_list, b, b, ''.join(['hel', 'lo']), '\u00e9', '\u00e9'],
        'service': Service('api', 8080),
        'two_services': [Service('a', 1), Service('b', 2)],
        'enum': Color.RED,
        'enum_list': [Color.RED, Color.GREEN, Color.RED],
        'nested_class_instance': Outer.Inner(),
        'class_object': Service,
        'slotted': Slotted(1, 'x'),
        'bytearray': bytearray(b'\x00\xffab'),
        'ordered_dict': collections.OrderedDict((str(i), i) for i in range(1001)),
        'cycle': parent,
        'mixed': {'svc': Service('db', 5432), 'color': Color.GREEN, 'raw': bytearray(b'z')},
    }
