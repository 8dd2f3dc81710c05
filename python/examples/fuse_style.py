"""How Fuse uses vaults: three named vaults holding small records, read back, updated and listed.

Runs unchanged on CPython with the vaults module, and on the JVM with:

    bin/vaults python python/examples/fuse_style.py [ROOT]

ROOT (optional) is passed to set_root_path; without it the module's default root is used.
"""

import json
import sys

import vaults
from vaults import Vault, VaultError

if len(sys.argv) > 1:
    vaults.set_root_path(sys.argv[1])

commons = Vault('commons')
commons['fuse'] = {
    'name': 'fuse',
    'home': '/opt/fuse',
    'version': '3.2.1',
    'installed_at': '2025-03-01T10:00:00',
    'auto_update': True,
    'channels': ['stable'],
}

environments = Vault('virtual_environments')
environments.put_many({
    f'env-{i}': {
        'name': f'env-{i}',
        'python': '3.11',
        'path': f'/opt/fuse/venvs/env-{i}',
        'packages': ['requests', 'pyyaml'][: i % 3],
        'size_mb': 120.5 + i,
        'active': i == 0,
    }
    for i in range(3)
})

repositories = Vault('remote_runnables_repositories')
repositories.setdefault('main', {
    'url': 'https://example.invalid/runnables.git',
    'branch': 'main',
    'last_sync': None,
    'trusted': True,
    'runnables': 12,
    'mirrors': [],
})

# Read back: plain Python values, as from the Python module.
fuse = commons.get('fuse')
assert isinstance(fuse, dict) and fuse['version'] == '3.2.1'
print('commons:', json.dumps(fuse, sort_keys=True))

env = environments['env-1']
env['active'] = True
environments['env-1'] = env
active = sorted(name for name, record in environments.items() if record['active'])
print('active environments:', active)

repo = repositories['main']
repo['runnables'] += 1
repositories.update({'main': repo})
print(repr(repositories), '->', repositories.get('main')['runnables'], 'runnables')

print('missing record:', environments.get('env-9', 'none'))
try:
    Vault('never_created', to_create=False)
except VaultError as e:
    print('as expected:', type(e).__name__)

print(repr(commons), repr(environments), repr(repositories))
