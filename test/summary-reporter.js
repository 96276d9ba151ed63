// Prints jest's outcome as one plain closing line, `N passed, M failed[, K skipped]`, which CI records.
// A suite that could not run at all (syntax error, missing module) counts as a failure.
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    const skipped = results.numPendingTests + results.numTodoTests;
    const line = `${results.numPassedTests} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`;
    // Written at exit so that it comes after jest's own summary and is the run's closing line.
    process.once('exit', () => process.stdout.write(line));
  }
}
module.exports = SummaryReporter;
