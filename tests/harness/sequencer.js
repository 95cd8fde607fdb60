const Sequencer = require('@jest/test-sequencer').default;

/**
 * Integration files run in name order, and the leak scan (zz-*) last: it searches
 * everything the earlier files produced. No other file relies on this order: each
 * creates the content and settings it reads.
 */
class NameOrderSequencer extends Sequencer {
  sort(tests) {
    return [...tests].sort((a, b) => a.path.localeCompare(b.path));
  }
}

module.exports = NameOrderSequencer;
