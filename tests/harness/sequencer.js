const Sequencer = require('@jest/test-sequencer').default;

/**
 * Integration files run in name order, and the leak scan (zz-*) last: it searches
 * everything the earlier files produced.
 */
class NameOrderSequencer extends Sequencer {
  sort(tests) {
    return [...tests].sort((a, b) => a.path.localeCompare(b.path));
  }
}

module.exports = NameOrderSequencer;
