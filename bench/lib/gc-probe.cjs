'use strict';
/**
 * Preloaded into the memory benchmark's Strapi (NODE_OPTIONS=--require …). On SIGUSR2
 * it runs a full garbage collection and writes process.memoryUsage() as JSON to
 * BENCH_GC_PROBE_FILE, so the benchmark can weigh the live heap without the garbage
 * that makes RSS jump by tens of MB. Nothing else changes in the process.
 */
const fs = require('node:fs');
const v8 = require('node:v8');
const vm = require('node:vm');

const file = process.env.BENCH_GC_PROBE_FILE;
if (file) {
  v8.setFlagsFromString('--expose_gc');
  const gc = vm.runInNewContext('gc');
  process.on('SIGUSR2', () => {
    const started = Date.now();
    gc();
    gc();
    const usage = process.memoryUsage();
    // BENCH_GC_PROBE_SNAPSHOTS=<dir>: a heap snapshot too when the benchmark asks for one
    // (it creates <file>.snap first). Slow; for finding what grows.
    const dir = process.env.BENCH_GC_PROBE_SNAPSHOTS;
    let snapshot;
    if (dir && fs.existsSync(`${file}.snap`)) {
      fs.rmSync(`${file}.snap`, { force: true });
      snapshot = v8.writeHeapSnapshot(
        require('node:path').join(dir, `strapi-${process.pid}-${Date.now()}.heapsnapshot`)
      );
    }
    fs.writeFileSync(
      `${file}.tmp`,
      JSON.stringify({ at: Date.now(), gcMs: Date.now() - started, snapshot, ...usage })
    );
    fs.renameSync(`${file}.tmp`, file);
  });
}
