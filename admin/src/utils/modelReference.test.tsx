import { parseModelReference } from './modelReference';

describe('parseModelReference', () => {
  it.each([
    ['SxQL3iGyoDo', 'id'],
    ['  SxQL3iGyoDo  ', 'id'],
    ['https://my.matterport.com/show/?m=SxQL3iGyoDo', 'url'],
    ['https://my.matterport.com/show?m=SxQL3iGyoDo&play=1&qs=1', 'url'],
    ['http://my.matterport.com/show/?play=1&m=SxQL3iGyoDo#hash', 'url'],
    ['my.matterport.com/show/?m=SxQL3iGyoDo', 'url'],
    ['https://MY.MATTERPORT.COM/show/?m=SxQL3iGyoDo', 'url'],
    ['https://discover.matterport.com/space/SxQL3iGyoDo', 'url'],
    ['https://matterport.com/show/?m=SxQL3iGyoDo', 'url'],
  ])('recognises %s', (input, from) => {
    expect(parseModelReference(input)).toEqual({ kind: 'model', modelId: 'SxQL3iGyoDo', from });
  });

  it.each([
    ['https://example.com/show/?m=SxQL3iGyoDo', 'notMatterport'],
    ['https://matterport.com.evil.io/show/?m=SxQL3iGyoDo', 'notMatterport'],
    ['https://notmatterport.com/show/?m=SxQL3iGyoDo', 'notMatterport'],
    ['https://my.matterport.com/show/', 'noModelId'],
    ['https://my.matterport.com/show/?m=short', 'badModelId'],
    ['https://my.matterport.com/show/?m=SxQL3iGyoDo1', 'badModelId'],
    ['https://my.matterport.com/show/?m=SxQL3iG%20oDo', 'badModelId'],
    ['ftp://my.matterport.com/show/?m=SxQL3iGyoDo', 'unreadable'],
    ['https://', 'unreadable'],
  ])('refuses %s (%s)', (input, reason) => {
    expect(parseModelReference(input)).toEqual({ kind: 'invalid', reason });
  });

  it.each(['lobby', 'north wing', 'SxQL3iGyoD', 'SxQL3iGyoDoo', 'v1.2', 'Lobby 2nd floor', ''])(
    'treats %p as search words',
    (input) => {
      expect(parseModelReference(input)).toEqual({ kind: 'search', text: input.trim() });
    }
  );
});
