import { toModelSearchQuery } from '../../server/src/matterport/search';

describe('search text to a Matterport query', () => {
  test('empty search lists everything', () => {
    expect(toModelSearchQuery('')).toBe('*');
    expect(toModelSearchQuery(undefined)).toBe('*');
  });
  test('each word is a name prefix, AND-ed', () => {
    expect(toModelSearchQuery('Grand Lobby')).toBe('name:grand* AND name:lobby*');
  });
  test('reserved characters are escaped so they cannot change the query', () => {
    expect(toModelSearchQuery('a:b (c) "d" *')).toBe(
      'name:a\\:b* AND name:\\(c\\)* AND name:\\"d\\"* AND name:\\**'
    );
  });
  test('boolean operators typed by an editor are ignored, not obeyed', () => {
    expect(toModelSearchQuery('lobby OR office')).toBe('name:lobby* AND name:office*');
  });
  test('a pasted model ID also matches the id', () => {
    expect(toModelSearchQuery('SxQL3iGyoDo')).toBe('(id:SxQL3iGyoDo) OR (name:sxql3igyodo*)');
  });
});
