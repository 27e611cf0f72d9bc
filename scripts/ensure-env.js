#!/usr/bin/env node
// Creates .env with fresh random secrets on a new clone, so `npm install && npm run develop`
// works without any manual step. An existing .env is never touched.
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');

const root = path.join(__dirname, '..');
const envFile = path.join(root, '.env');
if (fs.existsSync(envFile)) process.exit(0);

const secret = () => crypto.randomBytes(16).toString('base64');
const template = fs.readFileSync(path.join(root, '.env.example'), 'utf8');
const filled = template
  .split('\n')
  .map((line) => {
    if (line.startsWith('APP_KEYS=')) return `APP_KEYS=${[1, 2, 3, 4].map(secret).join(',')}`;
    if (/^[A-Z_]+=tobemodified$/.test(line)) return line.replace('tobemodified', secret());
    return line;
  })
  .join('\n');
fs.writeFileSync(envFile, filled);
console.log('[setup] created .env with random secrets');
