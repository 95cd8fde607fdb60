import { expect, it } from '@jest/globals';
import { SHOWCASE_PARAMS as SERVER_PARAMS } from '../../common/showcase';
import { SHOWCASE_PARAMS } from './iframe';

// A site may set at render time exactly the Showcase parameters an editor may set on a field.
it('allows the same Showcase parameters as the server’s field options', () => {
  expect([...SHOWCASE_PARAMS].sort()).toEqual(Object.keys(SERVER_PARAMS).sort());
});
