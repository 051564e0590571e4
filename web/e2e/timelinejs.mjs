// Renders a `chronicle export timelinejs` file with TimelineJS3 itself in
// headless Chromium and checks what a reader would see.
//
//   node web/e2e/timelinejs.mjs EXPORT.json [--headline TEXT]... [--text TEXT]...
//
// The page is served from node_modules/@knight-lab/timelinejs/dist through
// page.route at http://timeline.test/; every other request is refused and
// fails the run (nothing comes from the network). The checks: TimelineJS
// reports no data errors and fires `ready`; it made one slide per event of
// the file plus the title slide; no page error, console error or dialog;
// `window.__xss` is still 0 (a script injected by the text would set it) and
// the slides hold no <script>, <img>, <iframe> or javascript: link;
// each --headline is the headline of a slide; each --text appears as text
// in some slide (use it for markup that must be shown, not run: --text
// '<script>'). Prints one JSON object of counts; exits 1 when a check fails.
//
// Environment: CHROMIUM (default /usr/bin/chromium).

import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const file = args.shift();
const headlines = [];
const texts = [];
while (args.length) {
  const flag = args.shift();
  const value = args.shift();
  if (value === undefined) usage();
  if (flag === '--headline') headlines.push(value);
  else if (flag === '--text') texts.push(value);
  else usage();
}
if (!file) usage();

function usage() {
  console.error('usage: node web/e2e/timelinejs.mjs EXPORT.json [--headline TEXT]... [--text TEXT]...');
  process.exit(2);
}

const data = JSON.parse(readFileSync(file, 'utf8'));
const here = path.dirname(fileURLToPath(import.meta.url));
const DIST = path.join(here, 'node_modules/@knight-lab/timelinejs/dist');
const ORIGIN = 'http://timeline.test';
const PAGE = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>TimelineJS check</title>
<link rel="stylesheet" href="/dist/css/timeline.css">
<script src="/dist/js/timeline.js"></script>
</head><body><div id="timeline" style="width: 1200px; height: 700px"></div></body></html>`;
const TYPES = { '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml',
  '.woff': 'font/woff', '.woff2': 'font/woff2', '.ttf': 'font/ttf', '.eot': 'application/vnd.ms-fontobject' };

const problems = [];
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
let result = {};
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.setDefaultTimeout(60000);
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
  });
  page.on('dialog', async (d) => {
    problems.push(`dialog (${d.type()}): ${d.message()}`);
    await d.dismiss().catch(() => {});
  });
  await page.addInitScript(() => {
    window.__xss = 0;
  });
  await page.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (url.origin !== ORIGIN) {
      problems.push(`a request left the page: ${url.href}`);
      return route.abort();
    }
    if (url.pathname === '/') return route.fulfill({ contentType: 'text/html', body: PAGE });
    const local = path.join(DIST, decodeURIComponent(url.pathname).replace(/^\/dist\//, ''));
    if (!url.pathname.startsWith('/dist/') || !local.startsWith(DIST + path.sep)) {
      problems.push(`unexpected request: ${url.href}`);
      return route.abort();
    }
    try {
      return route.fulfill({ contentType: TYPES[path.extname(local)] || 'application/octet-stream', body: readFileSync(local) });
    } catch {
      problems.push(`no such file in TimelineJS: ${url.pathname}`);
      return route.abort();
    }
  });
  await page.goto(`${ORIGIN}/`);
  const made = await page.evaluate(
    (d) =>
      new Promise((resolve) => {
        const tl = new TL.Timeline('timeline', d, {
          script_path: `${location.origin}/dist/js/`,
          font: null,
          ga_property_id: null,
        });
        window.__tl = tl;
        const errors = () => (tl.config && tl.config.getErrors ? tl.config.getErrors().map(String) : []);
        const timer = setTimeout(() => resolve({ ready: false, errors: errors() }), 45000);
        tl.on('ready', () => {
          clearTimeout(timer);
          resolve({ ready: true, errors: errors() });
        });
      }),
    data,
  );
  if (!made.ready) problems.push('TimelineJS did not fire ready');
  for (const e of made.errors) problems.push(`TimelineJS data error: ${e}`);
  // Anything injected (an image that fails to load, say) has had its chance.
  await page.waitForTimeout(500);
  const seen = await page.evaluate(() => {
    const root = document.getElementById('timeline');
    const slides = [...root.querySelectorAll('.tl-slide')];
    return {
      xss: window.__xss,
      slides: slides.length,
      configEvents: window.__tl.config.events.length,
      headlines: slides.map((s) => (s.querySelector('.tl-headline') || {}).textContent || ''),
      text: slides.map((s) => s.textContent).join('\n'),
      scripts: root.querySelectorAll('script').length,
      imgs: root.querySelectorAll('.tl-slide img, .tl-slide iframe').length,
      jsLinks: document.querySelectorAll('a[href^="javascript:" i]').length,
      message: (root.querySelector('.tl-message-content') || {}).textContent || '',
    };
  });
  const expected = data.events.length + (data.title ? 1 : 0);
  if (seen.slides !== expected) problems.push(`${seen.slides} slides shown, the file has ${expected} (events + title)`);
  if (seen.configEvents !== data.events.length) problems.push(`TimelineJS read ${seen.configEvents} events of ${data.events.length}`);
  if (seen.xss !== 0) problems.push(`a script from the text ran: window.__xss is ${seen.xss}`);
  if (seen.scripts || seen.imgs || seen.jsLinks) {
    problems.push(`markup from the text became elements: ${seen.scripts} script, ${seen.imgs} img/iframe, ${seen.jsLinks} javascript: links`);
  }
  for (const h of headlines) {
    if (!seen.headlines.includes(h)) problems.push(`no slide has the headline ${JSON.stringify(h)}`);
  }
  for (const t of texts) {
    if (!seen.text.includes(t)) problems.push(`no slide shows ${JSON.stringify(t)} as text`);
  }
  result = { slides: seen.slides, events: seen.configEvents, xss: seen.xss, headlines: headlines.length, texts: texts.length };
} catch (e) {
  problems.push(`the check stopped: ${e.stack || e}`);
} finally {
  await browser.close();
}
if (problems.length) {
  for (const p of problems.slice(0, 50)) console.log(`not ok - ${p}`);
  process.exit(1);
}
console.log(JSON.stringify(result));
