// Copies the browser builds of the npm dependencies into web/vendor, where the app serves them.
// Run after changing package.json: npm --prefix web ci && npm --prefix web run vendor
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';

const lock = JSON.parse(readFileSync(new URL('./package-lock.json', import.meta.url)));
const chart = lock.packages['node_modules/chart.js'];
mkdirSync(new URL('./vendor/', import.meta.url), { recursive: true });
copyFileSync(new URL('./node_modules/chart.js/dist/chart.umd.min.js', import.meta.url),
  new URL('./vendor/chart.umd.min.js', import.meta.url));
copyFileSync(new URL('./node_modules/chart.js/LICENSE.md', import.meta.url),
  new URL('./vendor/chart.js.LICENSE.md', import.meta.url));
// axe-core checks the pages' accessibility in the browser tests; the pages themselves never load it
const axe = lock.packages['node_modules/axe-core'];
copyFileSync(new URL('./node_modules/axe-core/axe.min.js', import.meta.url),
  new URL('./vendor/axe.min.js', import.meta.url));
copyFileSync(new URL('./node_modules/axe-core/LICENSE', import.meta.url),
  new URL('./vendor/axe-core.LICENSE', import.meta.url));
writeFileSync(new URL('./vendor/versions.json', import.meta.url),
  JSON.stringify({
    'chart.js': { version: chart.version, integrity: chart.integrity },
    'axe-core': { version: axe.version, integrity: axe.integrity },
  }, null, 2) + '\n');
