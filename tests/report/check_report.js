// Opens an HTML isolation report in headless Chromium and checks what a reader sees: the
// matrix holds the expected state for every table and command, green, red and grey are told
// apart at a glance and stay legible (WCAG AA contrast), the page fits a laptop screen, and it
// loads nothing from anywhere and runs no script.
//
// usage: node check_report.js REPORT.html EXPECTED_MATRIX.json [SCREENSHOT.png]
'use strict';
const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');

const [reportPath, expectedPath, screenshotPath] = process.argv.slice(2);
const expected = JSON.parse(fs.readFileSync(expectedPath, 'utf8'));
const failures = [];
const check = (ok, what) => {
  console.log(`${ok ? 'ok' : 'not ok'} - ${path.basename(reportPath)}: ${what}`);
  if (!ok) failures.push(what);
};

// Relative luminance and contrast ratio, as WCAG 2.1 defines them.
function luminance([r, g, b]) {
  const channel = (c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}
function contrast(a, b) {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light + 0.05) / (dark + 0.05);
}
const hue = {
  isolated: ([r, g, b]) => g > r + 24 && g > b,
  'not-isolated': ([r, g, b]) => r > g + 24 && r > b + 24,
  exempt: ([r, g, b]) => Math.max(r, g, b) - Math.min(r, g, b) < 24,
};

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const requests = [];
    const problems = [];
    page.on('request', (request) => requests.push(request.url()));
    page.on('console', (message) => { if (message.type() === 'error') problems.push(message.text()); });
    page.on('pageerror', (error) => problems.push(error.message));
    const url = 'file://' + path.resolve(reportPath);
    await page.goto(url, { waitUntil: 'load' });

    check(requests.length === 1 && requests[0] === url, `loads nothing but itself (${requests.length} requests)`);
    check(problems.length === 0, `no console errors${problems.length ? ': ' + problems.join('; ') : ''}`);
    check(await page.evaluate(() => document.scripts.length === 0), 'runs no script');

    const rows = await page.$$eval('#matrix tbody tr', (trs) => trs.map((tr) => ({
      table: tr.dataset.table,
      cells: [...tr.querySelectorAll('td.command')].map((td) => {
        const style = getComputedStyle(td);
        const rgb = (text) => text.match(/\d+/g).slice(0, 3).map(Number);
        return { command: td.dataset.command, state: td.dataset.state, text: td.innerText.trim(),
                 background: rgb(style.backgroundColor), color: rgb(style.color) };
      }),
    })));
    const seen = Object.fromEntries(rows.map((row) => [row.table, row.cells.map((cell) => cell.state)]));
    const sameMatrix = JSON.stringify(seen) === JSON.stringify(expected);
    check(sameMatrix, 'the matrix is the expected one' + (sameMatrix ? '' :
          `\n    seen:     ${JSON.stringify(seen)}\n    expected: ${JSON.stringify(expected)}`));
    check(rows.every((row) => row.cells.map((c) => c.command).join() === 'SELECT,INSERT,UPDATE,DELETE'),
          'every row has SELECT, INSERT, UPDATE and DELETE in that order');

    const cells = rows.flatMap((row) => row.cells.map((cell) => ({ ...cell, table: row.table })));
    const wrongHue = cells.filter((cell) => !hue[cell.state](cell.background));
    check(wrongHue.length === 0, `green, red and grey cells by state${wrongHue.length ? ': ' +
          wrongHue.map((c) => `${c.table} ${c.command} ${c.state} rgb(${c.background})`).join(', ') : ''}`);
    const illegible = cells.filter((cell) => contrast(cell.color, cell.background) < 4.5);
    check(illegible.length === 0, 'every cell has a text contrast of at least 4.5:1');
    const isolated = cells.filter((cell) => cell.state === 'isolated');
    check(isolated.every((cell) => cell.text.startsWith('✔') && cell.text.length > 2),
          'isolated cells name the policies that cover them');

    const width = await page.$eval('#matrix', (table) => table.getBoundingClientRect().right);
    check(width <= 1280, `the matrix fits a 1280-pixel-wide window (${Math.round(width)} px)`);

    const summary = await page.$eval('#summary', (p) => p.innerText);
    const counts = { isolated: 0, 'not isolated': 0, exempt: 0 };
    for (const states of Object.values(expected)) {
      if (states.every((s) => s === 'exempt')) counts.exempt++;
      else if (states.every((s) => s === 'isolated')) counts.isolated++;
      else counts['not isolated']++;
    }
    check(Object.entries(counts).every(([label, n]) => summary.includes(`${n} ${label}`)),
          `the summary counts the tables (${summary})`);

    if (screenshotPath) {
      await page.screenshot({ path: screenshotPath, fullPage: true });
      check(fs.statSync(screenshotPath).size > 10000, `a screenshot was written to ${screenshotPath}`);
    }
  } finally {
    await browser.close();
  }
  // Not process.exit(): it may cut off what is still being written to a pipe.
  process.exitCode = failures.length === 0 ? 0 : 1;
})().catch((error) => {
  console.log(`not ok - ${path.basename(reportPath)}: ${error.message}`);
  process.exitCode = 1;
});
