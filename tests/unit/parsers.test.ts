import {
  DurationError,
  parseDuration,
  parseValidFor,
  toMatterportDuration,
} from '../../common/duration';
import { ModelIdError, parseModelId } from '../../common/model-id';
import { ShowcaseUrlError, parseShowcaseUrl, toModelId } from '../../common/showcase-url';

describe('durations', () => {
  test.each([
    ['30s', 30],
    ['5m', 300],
    ['24h', 86400],
    ['1d', 86400],
    ['PT10M', 600],
    ['PT1H30M', 5400],
    ['P1D', 86400],
    ['PT45S', 45],
  ])('%s is %i seconds', (input, seconds) => {
    expect(parseValidFor(input)).toBe(seconds);
  });

  test.each([
    ['25h', /at most 24h/],
    ['0s', /at least 30s/],
    ['10s', /at least 30s/],
    ['-5m', /not a duration/],
    ['10', /not a duration/],
    ['abc', /not a duration/],
    ['P1D2', /not a duration/],
    ['', /not a duration/],
    ['PT', /not a duration/],
    ['P1M', /not a duration/],
    ['1.5h', /not a duration/],
    ['5 m', /not a duration/],
  ])('validFor %p is refused with a clear message', (input, message) => {
    expect(() => parseValidFor(input)).toThrow(DurationError);
    expect(() => parseValidFor(input)).toThrow(message);
  });

  test('messages name the accepted forms and the field', () => {
    expect(() => parseDuration('abc', { label: 'deliveryTimeout' })).toThrow(
      /deliveryTimeout "abc".*30s, 5m, 1h.*PT10M/
    );
  });

  test('non-strings are refused', () => {
    expect(() => parseDuration(10)).toThrow(/must be a string/);
    expect(() => parseDuration(undefined)).toThrow(DurationError);
  });

  test('Matterport is always sent whole seconds', () => {
    expect(toMatterportDuration(parseValidFor('PT1H'))).toBe('3600s');
  });
});

describe('model IDs', () => {
  test('11 letters and digits pass, trimmed', () => {
    expect(parseModelId('SxQL3iGyoDo')).toBe('SxQL3iGyoDo');
    expect(parseModelId('  SxQL3iGyoDo ')).toBe('SxQL3iGyoDo');
  });
  test.each([
    ['SxQL3iGyoD', /exactly 11.*10 characters/],
    ['SxQL3iGyoDoo', /exactly 11.*12 characters/],
    ['SxQL3iGy-Do', /only letters and digits/],
    ['SxQL3iGy Do', /only letters and digits/],
    ['<script>xx>', /only letters and digits/],
  ])('%p is refused', (input, message) => {
    expect(() => parseModelId(input)).toThrow(ModelIdError);
    expect(() => parseModelId(input)).toThrow(message);
  });
  test('non-strings are refused', () => {
    expect(() => parseModelId(12345678901)).toThrow(/must be a string/);
  });
});

describe('Showcase URLs', () => {
  test.each([
    'https://my.matterport.com/show/?m=SxQL3iGyoDo',
    'https://my.matterport.com/show?m=SxQL3iGyoDo&play=1&qs=1',
    'my.matterport.com/show/?play=1&m=SxQL3iGyoDo',
    'http://my.matterport.com/show/?m=SxQL3iGyoDo#foo',
    'https://discover.matterport.com/space/SxQL3iGyoDo',
    '  https://my.matterport.com/show/?m=SxQL3iGyoDo  ',
  ])('%s → SxQL3iGyoDo', (url) => {
    expect(parseShowcaseUrl(url)).toBe('SxQL3iGyoDo');
  });

  test.each([
    ['https://my.matterport.com/show/?play=1', /no m= parameter/],
    ['https://evil.example.com/show/?m=SxQL3iGyoDo', /not a Matterport address/],
    ['https://my.matterport.com.evil.example/show/?m=SxQL3iGyoDo', /not a Matterport address/],
    ['javascript:alert(1)//my.matterport.com/show/?m=SxQL3iGyoDo', /must start with https/],
    ['https://my.matterport.com/show/?m=short', /m= parameter is not a model ID/],
    ['http://[::1', /neither a Matterport model ID nor a Showcase URL/],
  ])('%s is refused', (url, message) => {
    expect(() => parseShowcaseUrl(url)).toThrow(ShowcaseUrlError);
    expect(() => parseShowcaseUrl(url)).toThrow(message);
  });

  test('toModelId takes an ID or a URL', () => {
    expect(toModelId('SxQL3iGyoDo')).toBe('SxQL3iGyoDo');
    expect(toModelId('https://my.matterport.com/show/?m=SxQL3iGyoDo')).toBe('SxQL3iGyoDo');
    expect(() => toModelId('SxQL3')).toThrow(/exactly 11/);
  });
});
