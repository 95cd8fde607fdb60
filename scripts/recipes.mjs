#!/usr/bin/env node
// The README's site recipes (recipes/: a static HTML page, Next.js App Router, Astro), built
// the way a site builds them and checked: for each, `npm ci` in its folder, its build from the
// saved REST response recipes/fixtures/spaces.json (no Strapi needed), then the markup it
// wrote must hold one <matterport-embed> per delivered value, with that value's poster and
// activation URLs, and the element's script. Needs `npm run build` first (the kit's dist/).
//
//   npm run test:recipes                   # all three
//   node scripts/recipes.mjs static-html   # some of them
//
// The plugin reaches each recipe as recipes/.kit: the package's client entries exactly as the
// build emits them (its `exports` for ./client, ./client/element and ./client/react), without
// the server's and admin's dependencies a site never loads. The recipes install it as a copy
// (`install-links=true` in their .npmrc), so its `react` import resolves from the recipe, as
// it would from node_modules/strapi-plugin-matterport on a real site.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { pluginBuildState } from './lib/freshness.mjs';
import { ROOT } from './lib/paths.mjs';

const RECIPES_DIR = path.join(ROOT, 'recipes');
const KIT_DIR = path.join(RECIPES_DIR, '.kit');
const FIXTURE = path.join(RECIPES_DIR, 'fixtures', 'spaces.json');

/** Where each recipe writes its page, and where the element's script must end up. */
const RECIPES = {
  'static-html': {
    page: 'dist/index.html',
    // The page loads the element's module from next to itself.
    scripts: ['dist/assets'],
    // It registers the element itself (the frameworks' bundles do it in the script above).
    pageHolds: [/defineMatterportEmbed\(\);/],
    // Also built with the consent gate: no poster image may be in the page then.
    consentBuild: { env: { MATTERPORT_CONSENT: 'required', OUT_DIR: 'dist-consent' } },
    consentPage: 'dist-consent/index.html',
  },
  'next-app': {
    // `next build` prerenders the page (static, revalidated by ISR) to this file.
    page: '.next/server/app/index.html',
    scripts: ['.next/static'],
  },
  astro: {
    page: 'dist/index.html',
    scripts: ['dist/_astro'],
  },
};

const say = (message) => process.stdout.write(`[recipes] ${message}\n`);

/** Runs a command in `cwd`, printing its output; throws when it fails. */
const run = (command, args, cwd, env = {}) => {
  const result = spawnSync(command, args, {
    cwd,
    stdio: 'inherit',
    env: {
      ...process.env,
      // A recipe is its own project: npm must not pick up the repository's CI settings.
      npm_config_audit: 'false',
      npm_config_fund: 'false',
      NEXT_TELEMETRY_DISABLED: '1',
      ASTRO_TELEMETRY_DISABLED: '1',
      ...env,
    },
  });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} (in ${path.relative(ROOT, cwd)}) failed`);
  }
};

/** recipes/.kit: the built client entries as a package a site installs. */
const packKit = () => {
  const state = pluginBuildState();
  if (state.needed || !fs.existsSync(path.join(ROOT, 'dist', 'client-element', 'index.mjs'))) {
    throw new Error(
      `The plugin's dist/ is not up to date (${state.reason}): run \`npm run build\`.`
    );
  }
  const root = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const entries = ['./package.json', './client', './client/element', './client/react'];
  const pkg = {
    name: root.name,
    version: root.version,
    description: `${root.description} (the client entries, for the recipes)`,
    license: root.license,
    type: root.type,
    exports: Object.fromEntries(entries.map((entry) => [entry, root.exports[entry]])),
    // The React component's only import; the other entries need nothing.
    peerDependencies: { react: '>=18' },
    peerDependenciesMeta: { react: { optional: true } },
  };
  fs.rmSync(KIT_DIR, { recursive: true, force: true });
  fs.mkdirSync(path.join(KIT_DIR, 'dist'), { recursive: true });
  // dist/common holds the declarations the client's types import.
  for (const part of ['client', 'client-element', 'client-react', 'common']) {
    fs.cpSync(path.join(ROOT, 'dist', part), path.join(KIT_DIR, 'dist', part), {
      recursive: true,
    });
  }
  fs.copyFileSync(path.join(ROOT, 'LICENSE'), path.join(KIT_DIR, 'LICENSE'));
  fs.writeFileSync(path.join(KIT_DIR, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
};

/** Undoes the HTML escaping of attribute values (`&quot;`, `&amp;`, …), React's and embedHtml's. */
const unescapeHtml = (html) =>
  html
    .replace(/&quot;|&#34;|&#x22;/g, '"')
    .replace(/&#39;|&#x27;|&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** Every file under `dir`. */
const filesUnder = (dir) =>
  fs.existsSync(dir)
    ? fs
        .readdirSync(dir, { recursive: true })
        .map((file) => path.join(dir, file))
        .filter((file) => fs.statSync(file).isFile())
    : [];

/**
 * What the fixture says the page must hold: one element per entry with a space, each with its
 * poster URL and (on-demand values) its activation URL, and the entry's title.
 */
const expectations = () => {
  const { data } = JSON.parse(fs.readFileSync(FIXTURE, 'utf8'));
  const values = data.filter((entry) => entry.tour);
  return {
    elements: values.length,
    titles: data.map((entry) => entry.title),
    urls: values.flatMap((entry) => [entry.tour.poster?.url, entry.tour.activate?.url]),
    posters: values.map((entry) => entry.tour.poster?.url).filter(Boolean),
  };
};

/** Checks the built page; returns the problems found (empty when it is right). */
const checkPage = (dir, recipe, { consent = false } = {}) => {
  const problems = [];
  const pageFile = path.join(dir, consent ? recipe.consentPage : recipe.page);
  if (!fs.existsSync(pageFile)) return [`${path.relative(ROOT, pageFile)} was not written`];
  const raw = fs.readFileSync(pageFile, 'utf8');
  const html = unescapeHtml(raw);
  const want = expectations();
  const elements = (raw.match(/<matterport-embed[\s>]/g) ?? []).length;
  if (elements !== want.elements)
    problems.push(`${want.elements} <matterport-embed> elements expected, found ${elements}`);
  for (const url of want.urls.filter(Boolean))
    if (!html.includes(url)) problems.push(`the page does not hold ${url}`);
  for (const title of want.titles)
    if (!html.includes(title)) problems.push(`the page does not list "${title}"`);
  if (consent) {
    const gated = (raw.match(/<matterport-embed[^>]*\sconsent="required"/g) ?? []).length;
    if (gated !== want.elements)
      problems.push(`${want.elements} elements with consent="required" expected, found ${gated}`);
    // Behind the consent gate not even the poster image may load.
    for (const url of want.posters)
      if (html.includes(`src="${url}"`)) problems.push(`an <img> loads ${url} before consent`);
  }
  const script = recipe.scripts
    .flatMap((sub) => filesUnder(path.join(dir, sub)))
    .filter((file) => /\.m?js$/.test(file))
    .find((file) => {
      const text = fs.readFileSync(file, 'utf8');
      return text.includes('matterport-embed') && text.includes('customElements');
    });
  if (script === undefined)
    problems.push(`no script under ${recipe.scripts.join(', ')} defines <matterport-embed>`);
  // ...and the page loads it (by its file name: hashed by Next.js and Astro).
  else if (!raw.includes(path.basename(script)))
    problems.push(`the page does not load ${path.relative(dir, script)}`);
  for (const pattern of recipe.pageHolds ?? [])
    if (!pattern.test(raw)) problems.push(`the page does not match ${pattern}`);
  return problems;
};

const seconds = (started) => `${((Date.now() - started) / 1000).toFixed(1)} s`;

const main = () => {
  const names = process.argv.slice(2);
  const unknown = names.filter((name) => !(name in RECIPES));
  if (unknown.length) {
    console.error(
      `Unknown recipe(s) ${unknown.join(', ')}; known: ${Object.keys(RECIPES).join(', ')}`
    );
    process.exit(2);
  }
  try {
    packKit();
  } catch (error) {
    console.error(`[recipes] ${error.message}`);
    process.exit(1);
  }
  let failed = 0;
  const summary = [];
  for (const name of names.length ? names : Object.keys(RECIPES)) {
    const recipe = RECIPES[name];
    const dir = path.join(RECIPES_DIR, name);
    const env = { STRAPI_JSON: FIXTURE };
    say(`${name}: npm ci`);
    const t0 = Date.now();
    let problems;
    let times = '';
    try {
      run('npm', ['ci', '--no-audit', '--no-fund'], dir);
      const installed = seconds(t0);
      const t1 = Date.now();
      say(`${name}: npm run build`);
      run('npm', ['run', 'build'], dir, env);
      if (recipe.consentBuild)
        run('npm', ['run', 'build'], dir, { ...env, ...recipe.consentBuild.env });
      times = `npm ci ${installed}, build ${seconds(t1)}`;
      problems = checkPage(dir, recipe);
      if (recipe.consentBuild) problems.push(...checkPage(dir, recipe, { consent: true }));
    } catch (error) {
      problems = [error.message];
    }
    if (problems.length) failed += 1;
    summary.push(`${problems.length ? 'FAIL' : 'ok  '}  ${name} (${times || seconds(t0)})`);
    for (const problem of problems) summary.push(`      ${problem}`);
  }
  say('summary');
  for (const line of summary) process.stdout.write(`${line}\n`);
  process.exit(failed ? 1 : 0);
};

main();
