import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** @type {import('next').NextConfig} */
export default {
  // This folder is the app (the repository around it has a lockfile of its own).
  turbopack: { root: here },
  outputFileTracingRoot: here,
};
