/**
 * Specs share one server and database. They run in file-name order so that `00-overview` sees the
 * untouched demo data (its counts) before other specs add tenants, customers and messages.
 */
const Sequencer = require('@jest/test-sequencer').default;

class FileNameOrder extends Sequencer {
  sort(tests) {
    return [...tests].sort((a, b) => a.path.localeCompare(b.path));
  }
}

module.exports = FileNameOrder;
