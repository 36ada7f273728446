// What a test says after naming a missing tool: the script that installs the test tools (npm test runs it).

export const INSTALL_HINT = 'Run `node scripts/ensure-test-tools.mjs` (npm test runs it; it installs what it can and says what to install otherwise).';
