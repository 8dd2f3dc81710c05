"""The vaults API as vaults 2.0.0 defines it, run on GraalPy against the vaults4j package.

Every test works in its own root folder under VAULTS4J_TEST_ROOT (set by the Java runner, or by the
environment when run by hand), so tests share nothing but the interpreter.
"""

import base64
import datetime
import decimal
import json
import logging
import os
import threading
import time
import unittest
import uuid

import vaults
from vaults import Vault, VaultError


class Point:
    """A user class: stored by pickling, restored as an instance of this class."""

    def __init__(self, x, y):
        self.x = x
        self.y = y

    def __eq__(self, other):
        return isinstance(other, Point) and (self.x, self.y) == (other.x, other.y)


def _base():
    return os.environ.get('VAULTS4J_TEST_ROOT') or globals().get('VAULTS4J_TEST_ROOT')


def _server():
    """A postgresql:// root to run against instead of folders; the runner empties it before each test."""
    return os.environ.get('VAULTS4J_TEST_SERVER') or globals().get('VAULTS4J_TEST_SERVER')


class VaultCase(unittest.TestCase):
    def setUp(self):
        self.root = _server() or os.path.join(_base(), uuid.uuid4().hex)
        vaults.set_root_path(self.root)
        self.v = Vault('t')

    def tearDown(self):
        if _server() or os.path.exists(self.v.db_path):
            self.v.close()


class Hostile:
    """Pickles as a call of os.system: what a hostile vault file could hold."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (os.system, ('touch ' + self.marker,))


class UnpickleAllowListTest(VaultCase):
    def tearDown(self):
        vaults.set_unpickle_allowlist(None)
        super().tearDown()

    def test_allowed_classes_come_back_and_others_are_refused_before_import(self):
        import pickle
        self.v['p'] = Point(1, 2)
        vaults.set_unpickle_allowlist(['os.path.*'])
        with self.assertRaises(pickle.UnpicklingError) as refused:
            self.v['p']
        self.assertIn('Point', str(refused.exception))
        vaults.set_unpickle_allowlist([Point.__module__ + '.Point'])
        self.assertEqual(self.v['p'], Point(1, 2))
        vaults.set_unpickle_allowlist([Point.__module__ + '.*'])
        self.assertEqual(self.v['p'], Point(1, 2))
        vaults.set_unpickle_allowlist(None)
        self.assertEqual(self.v['p'], Point(1, 2))

    def test_plain_values_need_no_allow_list(self):
        value = {'when': datetime.datetime(2025, 1, 2, 3, 4), 'cost': decimal.Decimal('1.50'), 'ids': {1, 2}}
        self.v['plain'] = value
        vaults.set_unpickle_allowlist([])
        self.assertEqual(self.v['plain'], value)

    def test_a_pickle_naming_os_system_does_not_run_under_an_allow_list(self):
        import pickle
        marker = os.path.join(self.root, 'ran')
        self.v['hostile'] = Hostile(marker)
        vaults.set_unpickle_allowlist([Point.__module__ + '.*'])
        with self.assertRaises(pickle.UnpicklingError) as refused:
            self.v['hostile']
        self.assertIn('system', str(refused.exception))
        self.assertFalse(os.path.exists(marker))

    def test_a_pickle_the_context_stops_raises_a_python_exception(self):
        # No allow-list: os.system is called, and the context (no process creation) stops it.
        import pickle
        marker = os.path.join(self.root, 'ran')
        self.v['hostile'] = Hostile(marker)
        with self.assertRaises(pickle.UnpicklingError):
            try:
                self.v['hostile']
            except Exception as e:  # a Python exception, catchable as any other
                raise e
        self.assertFalse(os.path.exists(marker))


class ModuleTest(VaultCase):
    def test_import_creates_no_file(self):
        import importlib.util
        import tempfile
        spec = importlib.util.find_spec('vaults')
        home_root = os.path.join(os.path.expanduser('~'), '.vaults4j')
        home_before = os.path.exists(home_root)
        with tempfile.TemporaryDirectory() as cwd:
            previous = os.getcwd()
            os.chdir(cwd)
            try:
                fresh = importlib.util.module_from_spec(spec)
                spec.loader.exec_module(fresh)     # the package's import-time code, run again
                self.assertTrue(callable(fresh.Vault))
                self.assertEqual(os.listdir(cwd), [], "no vaults.log, no vaults/ folder")
            finally:
                os.chdir(previous)
        self.assertEqual(os.path.exists(home_root), home_before)

    def test_set_root_path_makes_vaults_folder(self):
        self.assertTrue(os.path.isdir(os.path.join(self.root, 'vaults')))

    def test_attributes(self):
        self.assertEqual(self.v.vault_name, 't')
        self.assertEqual(self.v.db_path, os.path.join(self.root, 'vaults', 't.db'))
        self.assertTrue(os.path.isfile(self.v.db_path))

    def test_to_create_false_raises_for_missing(self):
        with self.assertRaises(VaultError):
            Vault('absent', to_create=False)
        self.assertFalse(os.path.exists(os.path.join(self.root, 'vaults', 'absent.db')))

    def test_to_create_false_opens_existing(self):
        self.v['k'] = 1
        self.assertEqual(Vault('t', to_create=False)['k'], 1)

    def test_vault_error_is_exception(self):
        self.assertTrue(issubclass(VaultError, Exception))

    def test_repr(self):
        self.assertEqual(repr(self.v), "Vault('t', 0 items)")
        self.v.put_many({'a': 1, 'b': 2})
        self.assertEqual(repr(self.v), "Vault('t', 2 items)")

    def test_set_logger(self):
        records = []

        class Collect(logging.Handler):
            def emit(self, record):
                records.append(record.getMessage())

        logger = logging.getLogger('vaults-test-' + uuid.uuid4().hex)
        logger.setLevel(logging.DEBUG)
        logger.addHandler(Collect())
        vaults.set_logger(logger)
        try:
            self.v.put('logged', 1)
        finally:
            vaults.set_logger(logging.getLogger('vaults'))
        self.assertTrue(any('logged' in m for m in records), records)

    def test_calls_are_logged_at_debug_through_the_vaults_logger(self):
        # The package looks the logger up on use (it never imports logging itself): records still reach it.
        with self.assertLogs('vaults', level='DEBUG') as logged:
            self.v.put('default-logged', 1)
        self.assertTrue(any('default-logged' in line for line in logged.output), logged.output)

    def test_public_names(self):
        for name in ('Vault', 'VaultError', 'set_root_path', 'set_logger'):
            self.assertTrue(hasattr(vaults, name), name)


class SingleKeyTest(VaultCase):
    def test_put_get(self):
        self.v.put('k', {'a': 1})
        self.assertEqual(self.v.get('k'), {'a': 1})

    def test_get_missing_returns_default(self):
        self.assertIsNone(self.v.get('missing'))
        self.assertEqual(self.v.get('missing', 7), 7)

    def test_get_stored_none_returns_default(self):
        self.v.put('n', None)
        self.assertEqual(self.v.get('n', 'dflt'), 'dflt')
        self.assertIn('n', self.v)

    def test_getitem_missing_and_none_raise_keyerror(self):
        self.v['n'] = None
        with self.assertRaises(KeyError):
            self.v['n']
        with self.assertRaises(KeyError):
            self.v['missing']

    def test_setitem_overwrites(self):
        self.v['k'] = 1
        self.v['k'] = 2
        self.assertEqual(self.v['k'], 2)
        self.assertEqual(len(self.v), 1)

    def test_delitem(self):
        self.v['k'] = 1
        del self.v['k']
        self.assertNotIn('k', self.v)
        with self.assertRaises(KeyError):
            del self.v['k']

    def test_delitem_stored_none(self):
        self.v['n'] = None
        del self.v['n']
        self.assertNotIn('n', self.v)

    def test_pop(self):
        self.v['k'] = [1, 2]
        self.assertEqual(self.v.pop('k'), [1, 2])
        self.assertNotIn('k', self.v)

    def test_pop_missing_returns_none(self):
        self.assertIsNone(self.v.pop('missing'))

    def test_popitem(self):
        self.v['only'] = 'x'
        self.assertEqual(tuple(self.v.popitem()), ('only', 'x'))
        self.assertEqual(len(self.v), 0)

    def test_popitem_empty_raises_vault_error(self):
        with self.assertRaises(VaultError):
            self.v.popitem()

    def test_setdefault(self):
        self.assertEqual(self.v.setdefault('k', 5), 5)
        self.assertEqual(self.v.setdefault('k', 6), 5)
        self.assertEqual(self.v['k'], 5)

    def test_contains(self):
        self.assertNotIn('k', self.v)
        self.v['k'] = 0
        self.assertIn('k', self.v)

    def test_non_string_keys(self):
        for key in (1, 2.5, b'raw', (1, 'a'), True, None):
            self.v[key] = repr(key)
            self.assertEqual(self.v[key], repr(key), key)


class ManyKeysTest(VaultCase):
    def test_put_many_returns_count(self):
        self.assertEqual(self.v.put_many({'a': 1, 'b': 2, 'c': 3}), 3)
        self.assertEqual(len(self.v), 3)

    def test_get_many_existing_only(self):
        self.v.put_many({'a': 1, 'b': 2})
        self.assertEqual(self.v.get_many(['a', 'x', 'b']), {'a': 1, 'b': 2})

    def test_pop_many(self):
        self.v.put_many({'a': 1, 'b': 2, 'c': 3})
        self.assertEqual(self.v.pop_many(['a', 'c', 'zz']), {'a': 1, 'c': 3})
        self.assertEqual(self.v.list_keys(), ['b'])

    def test_has_keys(self):
        self.v.put_many({'a': 1, 'b': 2})
        self.assertTrue(self.v.has_keys(['a', 'b']))
        self.assertFalse(self.v.has_keys(['a', 'x']))
        self.assertTrue(self.v.has_keys([]))

    def test_update(self):
        self.v.update({'a': 1})
        self.v.update({'a': 2, 'b': 3})
        self.assertEqual(self.v.get_all_items(), {'a': 2, 'b': 3})


class WholeVaultTest(VaultCase):
    def setUp(self):
        super().setUp()
        self.v.put_many({'a': 1, 'b': [2], 'c': {'d': 3}})

    def test_keys_values_items_are_lists(self):
        self.assertEqual(sorted(self.v.keys()), ['a', 'b', 'c'])
        self.assertIsInstance(self.v.keys(), list)
        self.assertIsInstance(self.v.values(), list)
        self.assertIsInstance(self.v.items(), list)
        self.assertEqual(sorted(self.v.list_keys()), ['a', 'b', 'c'])
        self.assertEqual(dict(self.v.items()), {'a': 1, 'b': [2], 'c': {'d': 3}})
        self.assertIn([2], self.v.values())

    def test_get_all_items(self):
        self.assertEqual(self.v.get_all_items(), {'a': 1, 'b': [2], 'c': {'d': 3}})

    def test_iter_len_bool(self):
        self.assertEqual(sorted(iter(self.v)), ['a', 'b', 'c'])
        self.assertEqual(len(self.v), 3)
        self.assertTrue(bool(self.v))

    def test_clear(self):
        self.v.clear()
        self.assertEqual(len(self.v), 0)
        self.assertFalse(bool(self.v), "an empty vault is false, as an empty dict")
        self.assertEqual(self.v.keys(), [])

    def test_delete_vault_removes_file(self):
        path = self.v.db_path
        self.v.delete_vault()
        self.assertFalse(os.path.exists(path))
        with self.assertRaises(VaultError):
            Vault('t', to_create=False)

    def test_context_manager(self):
        with Vault('cm') as v:
            v['k'] = 1
        self.assertEqual(Vault('cm')['k'], 1)

    def test_second_handle_sees_writes(self):
        other = Vault('t')
        self.v['new'] = 'x'
        self.assertEqual(other['new'], 'x')


class ValueTypesTest(VaultCase):
    def roundtrip(self, value):
        self.v['k'] = value
        return self.v['k']

    def assertTypedEqual(self, actual, expected):
        """Equal and of the same types all the way down: Python's == finds bytearray(b'a') == b'a' and
        {1} == frozenset({1}), which would let a swapped type pass."""
        self.assertEqual(actual, expected)
        pending = [(actual, expected)]
        while pending:
            a, e = pending.pop()
            self.assertIs(type(a), type(e), f'{a!r} is a {type(a).__name__}, expected a {type(e).__name__}')
            if isinstance(e, dict):
                pending.extend(zip(a.keys(), e.keys()))
                pending.extend(zip(a.values(), e.values()))
            elif isinstance(e, (list, tuple)):
                pending.extend(zip(a, e))
            elif isinstance(e, (set, frozenset)):
                pending.extend(zip(sorted(a, key=repr), sorted(e, key=repr)))

    def test_builtins_come_back_as_builtins(self):
        value = {'s': 'str', 'i': 42, 'neg': -7, 'f': 1.5, 'one': 1.0, 't': True, 'n': None,
                 'l': [1, 'two', 3.0], 'd': {'x': {'y': []}}, 'b': b'\x00\xff', 'big': 2**64 - 1}
        back = self.roundtrip(value)
        self.assertEqual(back, value)
        self.assertIs(type(back), dict)
        self.assertIs(type(back['one']), float)
        self.assertIs(type(back['i']), int)
        self.assertIs(type(back['b']), bytes)
        self.assertIs(type(back['l']), list)
        self.assertEqual(json.loads(json.dumps({k: v for k, v in back.items() if k != 'b'})),
                         {k: v for k, v in value.items() if k != 'b'})

    def test_none_inside_containers_is_python_none(self):
        value = [None, {'a': None}, (None,)]
        back = self.roundtrip(value)
        self.assertIs(back[0], None)
        self.assertIs(back[1]['a'], None)
        self.assertEqual(json.dumps(back), '[null, {"a": null}, [null]]')
        self.v['n'] = None
        self.assertIs(dict(self.v.items())['n'], None)
        self.assertIs(self.v.get_all_items()['n'], None)

    def test_dict_keeps_insertion_order(self):
        value = {'z': 1, 'a': 2, 'm': 3}
        self.assertEqual(list(self.roundtrip(value)), ['z', 'a', 'm'])

    def test_top_level_tuple_reads_as_list(self):
        self.assertTypedEqual(self.roundtrip((1, 2, 3)), [1, 2, 3])

    def test_nested_tuple_through_msgpack_is_list(self):
        self.assertTypedEqual(self.roundtrip({'t': (1, 2)}), {'t': [1, 2]})

    def test_nested_tuple_through_pickle_stays_tuple(self):
        back = self.roundtrip([{1, 2}, (3, 4)])
        self.assertEqual(back, [{1, 2}, (3, 4)])
        self.assertIs(type(back[1]), tuple)

    def test_set_and_frozenset(self):
        self.assertTypedEqual(self.roundtrip({1, 2, 3}), {1, 2, 3})
        back = self.roundtrip(frozenset({'a', 'b'}))
        self.assertTypedEqual(back, frozenset({'a', 'b'}))
        self.assertEqual(back, frozenset({'a', 'b'}))
        self.assertIs(type(back), frozenset)

    def test_datetimes(self):
        values = [
            datetime.datetime(2024, 5, 6, 7, 8, 9, 123456),
            datetime.datetime(2024, 5, 6, 7, 8, 9, tzinfo=datetime.timezone.utc),
            datetime.datetime(2024, 5, 6, 7, 8, tzinfo=datetime.timezone(datetime.timedelta(hours=2))),
            datetime.date(2020, 2, 29),
            datetime.time(23, 59, 58, 1),
            datetime.timedelta(days=-1, seconds=5, microseconds=7),
        ]
        for value in values:
            back = self.roundtrip(value)
            self.assertEqual(back, value)
            self.assertIs(type(back), type(value))

    def test_decimal_and_complex(self):
        self.assertEqual(self.roundtrip(decimal.Decimal('12.340')), decimal.Decimal('12.340'))
        self.assertEqual(str(self.roundtrip(decimal.Decimal('12.340'))), '12.340')
        self.assertEqual(self.roundtrip(3 - 4j), 3 - 4j)

    def test_user_class_instance(self):
        back = self.roundtrip(Point(1, [2, 3]))
        self.assertIsInstance(back, Point)
        self.assertEqual(back, Point(1, [2, 3]))

    def test_int_out_of_msgpack_range_raises_overflow(self):
        with self.assertRaises(OverflowError):
            self.v['k'] = 2**64
        with self.assertRaises(OverflowError):
            self.v['k'] = -2**63 - 1
        self.assertNotIn('k', self.v)

    def test_int_edges(self):
        for value in (-2**63, 2**63 - 1, 2**63, 2**64 - 1, 0, -1, 255, -32):
            self.assertEqual(self.roundtrip(value), value)

    def test_unicode_strings(self):
        for value in ('', 'é', '日本語', '\U0001f600', 'a\x00b'):
            self.assertEqual(self.roundtrip(value), value)

    def test_nan_and_inf(self):
        back = self.roundtrip(float('nan'))
        self.assertNotEqual(back, back)
        self.assertEqual(self.roundtrip(float('-inf')), float('-inf'))

    def test_bytearray_reads_as_bytes(self):
        # msgpack packs a bytearray as bin, which reads back as bytes (as on CPython with the module).
        self.assertTypedEqual(self.roundtrip(bytearray(b'ab')), b'ab')


class ThreadTest(VaultCase):
    def test_thread_safe_vault_across_threads(self):
        v = Vault('threads', thread_safe=True)
        errors = []

        def work(n):
            try:
                for i in range(20):
                    v[f'{n}-{i}'] = i
            except Exception as e:  # collected, reported below
                errors.append(e)

        threads = [threading.Thread(target=work, args=(n,)) for n in range(3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(errors, [])
        self.assertEqual(len(v), 60)


class TtlTest(VaultCase):
    """Time to live: put(key, value, ttl=SECONDS), touch, ttl and cleanup_expired (vaults4j's additions)."""

    def _expire(self, key):
        # Waits for the expiry of a key put with a tiny ttl, as long as it takes (the machine may be slow).
        while key in self.v:
            time.sleep(0.001)

    def test_put_with_ttl_expires(self):
        self.v.put('plain', 1)
        self.v.put('short', 2, ttl=0.001)
        self.v.put('long', 3, ttl=3600)
        self._expire('short')
        self.assertIsNone(self.v.get('short'))
        with self.assertRaises(KeyError):
            self.v['short']
        self.assertEqual(len(self.v), 2)
        self.assertEqual(sorted(self.v.keys()), ['long', 'plain'])
        self.assertEqual(sorted(self.v.items()), [('long', 3), ('plain', 1)])
        self.assertEqual(sorted(self.v), ['long', 'plain'])

    def test_ttl_is_keyword_only(self):
        with self.assertRaises(TypeError):
            self.v.put('k', 1, 60)
        with self.assertRaises(ValueError):
            self.v.put('k', 1, ttl=0)
        self.assertNotIn('k', self.v)

    def test_ttl_reports_seconds_left_or_none(self):
        self.v.put('k', 1, ttl=60)
        self.v.put('plain', 1)
        left = self.v.ttl('k')
        self.assertIsInstance(left, float)
        self.assertTrue(0 < left <= 60, left)
        self.assertIsNone(self.v.ttl('plain'))
        self.assertIsNone(self.v.ttl('missing'))

    def test_plain_put_clears_the_ttl(self):
        self.v.put(('tuple', 'key'), 1, ttl=60)
        self.v.put(('tuple', 'key'), 2)
        self.assertIsNone(self.v.ttl(('tuple', 'key')))

    def test_touch(self):
        self.v.put('k', 1, ttl=0.001)
        self._expire('k')
        self.assertFalse(self.v.touch('k', 60))
        self.v.put('k', 1)
        self.assertTrue(self.v.touch('k', 60))
        self.assertTrue(0 < self.v.ttl('k') <= 60)

    def test_cleanup_expired_counts_removed(self):
        self.assertEqual(self.v.cleanup_expired(), 0)
        for i in range(3):
            self.v.put(i, i, ttl=0.001)
        self.v.put('stay', 1, ttl=3600)
        for i in range(3):
            self._expire(i)
        self.assertEqual(self.v.cleanup_expired(), 3)
        self.assertEqual(self.v.cleanup_expired(), 0)
        self.assertEqual(list(self.v.keys()), ['stay'])


class EncryptedVaultTest(VaultCase):
    """vaults.EncryptedVault: the design notes' class, with the Fernet of the Java core."""

    KEY = 'cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4='

    def test_new_key_is_made_and_exposed(self):
        e = vaults.EncryptedVault('made')
        self.assertIsInstance(e.key, bytes)
        self.assertEqual(len(base64.urlsafe_b64decode(e.key)), 32)
        e['a'] = 1
        self.assertEqual(vaults.EncryptedVault('made', key=e.key)['a'], 1)
        self.assertEqual(vaults.EncryptedVault('made', key=e.key.decode())['a'], 1)

    def test_values_of_every_kind_round_trip_and_are_stored_as_fernet_tokens(self):
        e = vaults.EncryptedVault('kinds', key=self.KEY)
        values = {'str': 'héllo', 'int': 2 ** 70, 'float': 0.1, 'none': None, 'bytes': b'\x00\xff',
                  'tuple': (1, 'a'), 'list': [1, [2]], 'dict': {'a': {'b': 1}}, 'set': {1, 2},
                  'date': datetime.date(2024, 2, 29), 'decimal': decimal.Decimal('1.10'), 'point': Point(1, 2)}
        e.put_many(values)
        for k, v in values.items():
            self.assertEqual(e.get(k), v, k)
        self.assertIsInstance(e['tuple'], tuple, 'the pickle keeps a top-level tuple')
        token = Vault('kinds')['str']
        self.assertIsInstance(token, bytes)
        self.assertTrue(token.startswith(b'gAAAAA'), token)

    def test_dict_api(self):
        e = vaults.EncryptedVault('api', key=self.KEY.encode())
        e['a'] = [1]
        e.put('b', 'bee')
        e.update({'c': 3})
        self.assertIn('a', e)
        self.assertEqual(len(e), 3)
        self.assertEqual(sorted(e.keys()), ['a', 'b', 'c'])
        self.assertEqual(sorted(e.values(), key=repr), sorted([[1], 'bee', 3], key=repr))
        self.assertEqual(dict(e.items()), {'a': [1], 'b': 'bee', 'c': 3})
        self.assertEqual(e.get_all_items(), {'a': [1], 'b': 'bee', 'c': 3})
        self.assertEqual(e.get_many(['a', 'zz']), {'a': [1]})
        self.assertTrue(e.has_keys(['a', 'b']))
        self.assertEqual(e.get('zz', 'dflt'), 'dflt')
        self.assertEqual(e.setdefault('d', 4), 4)
        self.assertEqual(e.setdefault('d', 5), 4)
        self.assertEqual(e.pop('d'), 4)
        self.assertEqual(e.pop_many(['c']), {'c': 3})
        with self.assertRaises(KeyError):
            e['zz']
        del e['b']
        self.assertEqual(e.popitem(), ('a', [1]))
        self.assertEqual(repr(e), "EncryptedVault('api', 0 items)")

    def test_wrong_key_is_a_clear_error_naming_the_key(self):
        vaults.EncryptedVault('w', key=self.KEY)['secret'] = 's'
        other = vaults.EncryptedVault('w')
        with self.assertRaises(vaults.VaultError) as caught:
            other['secret']
        self.assertIn("'secret'", str(caught.exception))
        self.assertEqual(vaults.EncryptedVault('w', key=[other.key, self.KEY])['secret'], 's',
                         'with several keys any of them decrypts')

    def test_bad_key_is_refused_before_any_file_is_made(self):
        with self.assertRaises(ValueError):
            vaults.EncryptedVault('nokey', key='too short')
        self.assertFalse(os.path.exists(os.path.join(self.root, 'vaults', 'nokey.db')))


if __name__ == '__main__':
    unittest.main()
