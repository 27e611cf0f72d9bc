#!/usr/bin/env node
// `npm run sandbox`: the Cloud API sandbox on its own (port SANDBOX_PORT, default 4010).
// Runs from the built plugin bundle, so it needs `npm run build:plugin` first (done by install).
const { runSandboxCli } = require('../dist/server/index.js');

runSandboxCli(process.env).catch((error) => {
  console.error(`[sandbox] ${error.message}`);
  process.exit(1);
});
