import { getSpaces } from '../lib/strapi';
import { Tour } from './tour';

// Prerendered at build, rebuilt at most once an hour (ISR). With `on-demand` values this may be
// any interval, or none: the page holds no token, and each space asks Strapi for a fresh link
// when a visitor opens it. (With `link` values it would have to be shorter than the links' life.)
export const revalidate = 3600;

/** MATTERPORT_CONSENT=required: nothing is fetched from Strapi or Matterport before consent. */
const consentRequired = process.env.MATTERPORT_CONSENT === 'required';

export default async function Page() {
  const spaces = await getSpaces();
  return (
    <main>
      <h1>Spaces</h1>
      {spaces.map((space) => (
        <article key={space.documentId}>
          <h2>{space.title}</h2>
          {space.tour ? <Tour value={space.tour} consentRequired={consentRequired} /> : null}
        </article>
      ))}
    </main>
  );
}
