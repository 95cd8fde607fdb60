import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';

import {
  hasLink,
  iframeProps,
  secondsUntilEarliestExpiry,
  type MatterportEmbed,
} from '../../client/src/index';

/**
 * The README's React recipe, tried: the same component (written without JSX here),
 * rendered by React itself, with no React warning about the iframe's attributes.
 */
function Tour({ space }: { space: MatterportEmbed | null }) {
  if (!hasLink(space))
    return createElement(
      'p',
      { className: 'tour-unavailable' },
      'This 3D space is not available at the moment.'
    );
  return createElement(
    'div',
    { style: { position: 'relative', aspectRatio: '16 / 9' } },
    createElement('iframe', {
      ...iframeProps(space, { params: { play: 1, qs: 1 } }),
      style: { position: 'absolute', inset: 0, width: '100%', height: '100%', border: 0 },
    })
  );
}

const embed: MatterportEmbed = {
  modelId: 'SxQL3iGyoDo',
  name: 'Lobby "North" <A&B>',
  link: 'https://my.matterport.com/show?m=SxQL3iGyoDo&auth=Bearer+tok',
  accessToken: 'tok',
  validUntil: '2030-01-01T00:00:00Z',
};

test('renders a titled, allow-listed iframe with React and no warning', () => {
  const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  const html = renderToStaticMarkup(createElement(Tour, { space: embed }));
  expect(errors).not.toHaveBeenCalled();
  errors.mockRestore();
  expect(html).toContain(
    'src="https://my.matterport.com/show?m=SxQL3iGyoDo&amp;auth=Bearer+tok&amp;play=1&amp;qs=1"'
  );
  expect(html).toContain('title="Lobby &quot;North&quot; &lt;A&amp;B&gt;"');
  expect(html).toContain('allow="fullscreen; xr-spatial-tracking; web-share; autoplay"');
  expect(html).toContain('allowfullscreen=""');
});

test('renders the fallback for an embed without a link', () => {
  const html = renderToStaticMarkup(
    createElement(Tour, {
      space: {
        modelId: 'SxQL3iGyoDo',
        link: null,
        accessToken: null,
        validUntil: null,
        error: { code: 'MATTERPORT_TIMEOUT', message: 'x' },
      },
    })
  );
  expect(html).toBe(
    '<p class="tour-unavailable">This 3D space is not available at the moment.</p>'
  );
});

test('the Next.js recipe: revalidate follows the earliest validUntil minus the margin', () => {
  const now = Date.parse('2030-01-01T00:00:00Z');
  const json = {
    data: [
      { space: { ...embed, validUntil: '2030-01-01T00:30:00Z' } },
      { rooms: [{ model: { ...embed, validUntil: '2030-01-01T00:10:00Z' } }] },
    ],
  };
  const revalidate = Math.max(1, Math.min(3600, secondsUntilEarliestExpiry(json, { now }) ?? 3600));
  expect(revalidate).toBe(600 - 300);
});
