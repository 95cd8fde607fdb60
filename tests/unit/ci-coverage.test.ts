import fs from 'node:fs';
import path from 'node:path';

/**
 * `npm test` runs the integration files that guard the README's everyday promises; the slow or
 * specialised ones run in CI steps of their own (README, Development). A file left out of every
 * list would silently stop running, so this reads `.ci/run`, follows the npm scripts it calls
 * (and the ones those call) the way npm would, and requires every file under tests/integration
 * to be run by at least one of them.
 */
const ROOT = path.resolve(__dirname, '..', '..');
const scripts = (
  JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  }
).scripts;
// Its commands, not its comments (which mention scripts CI does not run).
const ciRun = fs
  .readFileSync(path.join(ROOT, '.ci', 'run'), 'utf8')
  .split('\n')
  .map((line) => line.replace(/(^|\s)#.*$/, ''))
  .join('\n');

const INTEGRATION_FILES = fs
  .readdirSync(path.join(ROOT, 'tests', 'integration'))
  .filter((file) => file.endsWith('.test.ts'))
  .map((file) => `tests/integration/${file}`)
  .sort();

/** npm scripts a piece of shell calls: `npm run <name>` and `npm test`. */
const scriptsCalledIn = (shell: string): string[] =>
  [...shell.matchAll(/\bnpm (?:run ([\w:-]+)|(test)\b)/g)].map((match) => match[1] ?? match[2]);

/** Every script reached from `names`, themselves included. */
const reachable = (names: string[]): Set<string> => {
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name) || !(name in scripts)) return;
    seen.add(name);
    scriptsCalledIn(scripts[name]).forEach(visit);
  };
  names.forEach(visit);
  return seen;
};

/** What one Jest run of the integration project in `script` runs: the files it names, or all. */
const integrationFilesOf = (script: string): string[] => {
  if (!/scripts\/jest\.mjs/.test(script) || !/--selectProjects integration\b/.test(script))
    return [];
  const named = script.split(/\s+/).filter((word) => word.startsWith('tests/integration/'));
  return named.length > 0 ? named : INTEGRATION_FILES;
};

const runByCi = (): Map<string, string[]> => {
  const runners = new Map<string, string[]>();
  for (const name of reachable(scriptsCalledIn(ciRun)))
    for (const file of integrationFilesOf(scripts[name]))
      runners.set(file, [...(runners.get(file) ?? []), name]);
  return runners;
};

it('reads .ci/run: it calls npm test, the slow integration files and the demo test', () => {
  const called = scriptsCalledIn(ciRun);
  expect(called).toContain('test');
  expect(called).toContain('test:integration:slow');
  expect(called).toContain('test:demo');
});

it('every file under tests/integration is run by a script .ci/run calls', () => {
  const runners = runByCi();
  expect(INTEGRATION_FILES.filter((file) => !runners.has(file))).toEqual([]);
});

it('every integration file a script names exists (a renamed file is not silently skipped)', () => {
  const named = Object.values(scripts).flatMap((script) =>
    script.split(/\s+/).filter((word) => word.startsWith('tests/'))
  );
  expect(named.filter((file) => !fs.existsSync(path.join(ROOT, file)))).toEqual([]);
});

it('npm test runs a part of the integration suite, the leak scan included', () => {
  const files = [...reachable(['test'])].flatMap((name) => integrationFilesOf(scripts[name]));
  expect(files.length).toBeGreaterThan(0);
  expect(files.length).toBeLessThan(INTEGRATION_FILES.length);
  expect(files).toContain('tests/integration/zz-leak-scan.test.ts');
});

it('every run of the leak scan runs operations.test.ts too, whose webhook payloads it scans', () => {
  const withLeakScan = Object.values(scripts)
    .map(integrationFilesOf)
    .filter((files) => files.includes('tests/integration/zz-leak-scan.test.ts'));
  expect(withLeakScan.length).toBeGreaterThan(0);
  expect(
    withLeakScan.filter((files) => !files.includes('tests/integration/operations.test.ts'))
  ).toEqual([]);
});
