import { withShowcaseParams } from '../../../common/showcase';
import { SHOWCASE_ORIGIN } from '../matterport/link-origin';

/**
 * The plain Showcase link of a public or unlisted space (issue 28): Matterport's documented
 * `https://my.matterport.com/show/?m=<id>`, with the field's Showcase parameters. No token:
 * nothing to mint, to record or to revoke.
 */
export const plainShowcaseLink = (modelId: string, query: string): string =>
  withShowcaseParams(`${SHOWCASE_ORIGIN}/show/?m=${encodeURIComponent(modelId)}`, query);
