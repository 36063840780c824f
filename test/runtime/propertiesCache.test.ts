import { OWNER, runtimeWith, START, thrownMessage } from './helpers';

const PROPERTIES_CODE = `
  function store(kind) {
    return kind === 'user' ? PropertiesService.getUserProperties()
      : kind === 'document' ? PropertiesService.getDocumentProperties() : PropertiesService.getScriptProperties();
  }
  function set(kind, key, value) { store(kind).setProperty(key, value); }
  function get(kind, key) { return store(kind).getProperty(key); }
  function setMany(kind, values, deleteAllOthers) { store(kind).setProperties(values, deleteAllOthers); }
  function fillUntilFull(size) {
    var props = PropertiesService.getScriptProperties();
    for (var i = 0; ; i++) {
      try { props.setProperty('k' + (i < 10 ? '0' + i : i), new Array(size + 1).join('v')); }
      catch (e) { return [i, e.message]; }
    }
  }
  function tour() {
    var props = PropertiesService.getScriptProperties();
    props.setProperty('a', 1).setProperty('b', true);
    var before = [props.getProperty('a'), props.getProperty('b'), props.getProperty('missing'), props.getKeys().sort()];
    props.deleteProperty('a');
    var afterDelete = props.getProperties();
    props.deleteAllProperties();
    return [before, afterDelete, props.getKeys()];
  }`;

describe('PropertiesService', () => {
  it('stores strings and supports the whole Properties API', () => {
    const rt = runtimeWith(PROPERTIES_CODE);
    expect(rt.run('tour')).toEqual([['1', 'true', null, ['a', 'b']], { b: 'true' }, []]);
    expect(rt.stats.properties.calls).toEqual({
      setProperty: 2,
      getProperty: 3,
      getKeys: 2,
      deleteProperty: 1,
      getProperties: 1,
      deleteAllProperties: 1,
    });
  });

  it('limits a property to 9 KB, key and value together in UTF-8 bytes', () => {
    const rt = runtimeWith(PROPERTIES_CODE);
    rt.run('set', ['script', 'k', 'v'.repeat(9 * 1024 - 1)]);
    expect(rt.scriptProperties.k).toHaveLength(9 * 1024 - 1);
    expect(thrownMessage(() => rt.run('set', ['script', 'k', 'v'.repeat(9 * 1024)]))).toBe('Argument too large: value');
    expect(thrownMessage(() => rt.run('set', ['script', 'k', 'é'.repeat(4_608)]))).toBe('Argument too large: value');
    expect(rt.scriptProperties.k).toHaveLength(9 * 1024 - 1);
  });

  it('limits a store to 500 KB', () => {
    const rt = runtimeWith(PROPERTIES_CODE);
    // Each property is a 3-byte key and a 9,000-byte value: 56 fit in 512,000 bytes, the 57th does not.
    expect(rt.run('fillUntilFull', [9_000])).toEqual([
      56,
      'You have exceeded the property storage quota. Please remove some properties and try again.',
    ]);
    expect(Object.keys(rt.scriptProperties)).toHaveLength(56);
  });

  it('writes setProperties all or nothing, and can replace the whole store', () => {
    const rt = runtimeWith(PROPERTIES_CODE);
    rt.run('setMany', ['document', { a: '1', b: '2' }]);
    expect(thrownMessage(() => rt.run('setMany', ['document', { c: '3', d: 'x'.repeat(10_000) }]))).toBe('Argument too large: value');
    expect({ ...rt.documentProperties }).toEqual({ a: '1', b: '2' });
    rt.run('setMany', ['document', { z: '26' }, true]);
    expect({ ...rt.documentProperties }).toEqual({ z: '26' });
  });

  it("keeps user stores apart, and gives custom functions the spreadsheet owner's store", () => {
    const rt = runtimeWith(PROPERTIES_CODE);
    rt.run('set', ['user', 'apiKey', 'owner-key']);
    rt.run('set', ['user', 'apiKey', 'viewer-key'], { user: 'viewer@example.com' });
    expect(rt.userProperties(OWNER).apiKey).toBe('owner-key');
    expect(rt.userProperties('viewer@example.com').apiKey).toBe('viewer-key');
    expect(rt.run('get', ['user', 'apiKey'], { kind: 'customFunction', user: 'viewer@example.com' })).toBe('owner-key');
    rt.run('set', ['document', 'shared', 'yes'], { user: 'viewer@example.com' });
    expect(rt.run('get', ['document', 'shared'])).toBe('yes');
  });

  it('is refused in AuthMode.NONE', () => {
    const rt = runtimeWith(PROPERTIES_CODE);
    const none = { kind: 'simpleTrigger', authMode: 'NONE' } as const;
    expect(thrownMessage(() => rt.run('get', ['user', 'x'], none))).toBe(
      'You do not have permission to call PropertiesService.getUserProperties',
    );
    expect(thrownMessage(() => rt.run('get', ['document', 'x'], none))).toBe(
      'You do not have permission to call PropertiesService.getDocumentProperties',
    );
    expect(thrownMessage(() => rt.run('get', ['script', 'x'], none))).toBe(
      'You do not have permission to call PropertiesService.getScriptProperties',
    );
    expect(rt.run('get', ['user', 'x'], { kind: 'simpleTrigger' })).toBeNull();
  });
});

const CACHE_CODE = `
  function cache(kind) {
    return kind === 'user' ? CacheService.getUserCache() : kind === 'document' ? CacheService.getDocumentCache() : CacheService.getScriptCache();
  }
  function put(key, value, ttl) { if (ttl === undefined) cache('script').put(key, value); else cache('script').put(key, value, ttl); }
  function get(key) { return cache('script').get(key); }
  function putUser(value) { cache('user').put('mine', value); }
  function getUser() { return cache('user').get('mine'); }
  function fill(count) { for (var i = 0; i < count; i++) cache('script').put('k' + i, String(i)); }
  function bulk() {
    var c = cache('document');
    c.putAll({ a: '1', b: '2', c: '3' }, 60);
    var all = c.getAll(['a', 'b', 'missing']);
    c.remove('a');
    c.removeAll(['b']);
    return [all, c.get('a'), c.get('b'), c.get('c')];
  }`;

describe('CacheService', () => {
  it('expires entries on the virtual clock: the given TTL, 10 minutes by default, 6 hours at most', () => {
    const rt = runtimeWith(CACHE_CODE);
    rt.run('put', ['short', 's', 60]);
    rt.run('put', ['default', 'd']);
    rt.run('put', ['long', 'l', 100_000]);
    rt.clock.advance(59_000);
    expect([rt.run('get', ['short']), rt.run('get', ['default'])]).toEqual(['s', 'd']);
    rt.clock.advance(2_000);
    expect([rt.run('get', ['short']), rt.run('get', ['default'])]).toEqual([null, 'd']);
    rt.clock.advance(600_000 - 61_000);
    expect(rt.run('get', ['default'])).toBeNull();
    rt.clock.advance(21_600_000 - 600_000 - 1_000);
    expect(rt.run('get', ['long'])).toBe('l');
    rt.clock.advance(1_000);
    expect(rt.run('get', ['long'])).toBeNull();
  });

  it('limits values to 100 KB and keys to 250 characters', () => {
    const rt = runtimeWith(CACHE_CODE);
    rt.run('put', ['big', 'x'.repeat(102_400)]);
    expect(rt.run('get', ['big'])).toHaveLength(102_400);
    expect(thrownMessage(() => rt.run('put', ['big', 'é'.repeat(51_201)]))).toBe('Argument too large: value');
    rt.run('put', ['k'.repeat(250), 'ok']);
    expect(thrownMessage(() => rt.run('put', ['k'.repeat(251), 'no']))).toBe('Argument too large: key');
  });

  it('keeps at most 1,000 items, evicting the oldest', () => {
    const rt = runtimeWith(CACHE_CODE);
    rt.run('fill', [1_000]);
    rt.run('put', ['k0', 'refreshed']);
    rt.run('put', ['newest', 'n']);
    expect([rt.run('get', ['k0']), rt.run('get', ['k1']), rt.run('get', ['k2']), rt.run('get', ['newest'])]).toEqual([
      'refreshed',
      null,
      '2',
      'n',
    ]);
  });

  it('supports getAll, putAll, remove and removeAll, and counts the calls', () => {
    const rt = runtimeWith(CACHE_CODE);
    expect(rt.run('bulk')).toEqual([{ a: '1', b: '2' }, null, null, '3']);
    expect(rt.stats.cache.calls).toEqual({ putAll: 1, getAll: 1, remove: 1, removeAll: 1, get: 3 });
  });

  it("keeps user caches apart and gives custom functions the owner's", () => {
    const rt = runtimeWith(CACHE_CODE);
    rt.run('putUser', ['owner value']);
    expect(rt.run('getUser', [], { user: 'viewer@example.com' })).toBeNull();
    expect(rt.run('getUser', [], { kind: 'customFunction', user: 'viewer@example.com' })).toBe('owner value');
  });

  it('is refused in AuthMode.NONE', () => {
    const rt = runtimeWith(CACHE_CODE);
    expect(thrownMessage(() => rt.run('get', ['x'], { kind: 'simpleTrigger', authMode: 'NONE' }))).toBe(
      'You do not have permission to call CacheService.getScriptCache',
    );
    expect(rt.clock.now()).toBe(START);
  });
});
