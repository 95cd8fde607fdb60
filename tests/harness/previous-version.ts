import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import path from 'node:path';

import { ROOT, TMP } from './paths';

/**
 * An earlier commit of this repository, extracted and built under the run's temp folder (TMP,
 * outside the repository, so Jest never sees its package.json; once, later runs reuse it), for
 * upgrade tests: its playground loads that version's dist/.
 *
 * The build runs asynchronously: with --runInBand the sandbox serves from this very process,
 * and a synchronous build would stall it for the build's duration (its idle keep-alive
 * sockets then reset the next request).
 */
export const buildPreviousVersion = async (
  commit: string
): Promise<{ root: string; playground: string }> => {
  const root = path.join(TMP, `previous-${commit}`);
  const playground = path.join(root, 'playground');
  const modules = path.join(root, 'node_modules');
  if (fs.existsSync(path.join(root, 'dist', 'server', 'index.js'))) {
    // A copy built by another checkout (the temp folder can be shared, MATTERPORT_TEST_TMP) links
    // that checkout's node_modules, which may be gone: link this one's.
    fs.rmSync(modules, { force: true });
    fs.symlinkSync(path.join(ROOT, 'node_modules'), modules, 'dir');
    return { root, playground };
  }
  fs.rmSync(root, { recursive: true, force: true });
  fs.mkdirSync(root, { recursive: true });
  const archive = execFileSync('git', ['archive', '--format=tar', commit], {
    cwd: ROOT,
    maxBuffer: 256 * 1024 * 1024,
  });
  execFileSync('tar', ['-x', '-C', root], { input: archive });
  // Same dependencies (same Strapi): the earlier version only differs in its own code.
  fs.symlinkSync(path.join(ROOT, 'node_modules'), modules, 'dir');
  fs.mkdirSync(path.join(playground, 'public', 'uploads'), { recursive: true });
  await promisify(execFile)('npm', ['run', 'build'], { cwd: root, maxBuffer: 64 * 1024 * 1024 });
  return { root, playground };
};
