// The renderer's Content-Security-Policy at work, in a browser against serve mode: the app
// runs without a single violation, while injected inline script, eval, remote scripts and
// connections to other hosts are blocked.
import { expect, test } from './serve-fixture';

/** What the test keeps on the page's window. */
interface Probe {
  cspViolations: { directive: string; blocked: string }[];
  injected?: boolean;
}

test('the CSP blocks injected inline script, eval, remote scripts and foreign connections', async ({ page, served }) => {
  // the init script runs before the page's own and is not subject to its policy
  await page.addInitScript(() => {
    const probe = window as unknown as Probe;
    probe.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      probe.cspViolations.push({ directive: event.effectiveDirective, blocked: event.blockedURI });
    });
  });
  const response = await page.goto(served.url);
  expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
  // the app itself connects (its WebSocket is 'self') and renders without any violation
  await expect(page.getByRole('status', { name: 'Engine status' })).toContainText('wasm');
  for (const view of ['Runs', 'Draw', 'Train']) {
    await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: view }).click();
    await expect(page.getByRole('region', { name: view, exact: true })).toBeVisible();
  }
  expect(await page.evaluate(() => (window as unknown as Probe).cspViolations)).toEqual([]);

  const outcome = await page.evaluate(async () => {
    const probe = window as unknown as Probe;
    const script = document.createElement('script');
    script.textContent = 'window.injected = true;';
    document.body.append(script);
    // later, from a page task: code run by the evaluate call itself is exempt from the eval check
    const evalResult = await new Promise<string>((resolve) =>
      setTimeout(() => {
        try {
          // eslint-disable-next-line no-eval -- the point is that the policy refuses it
          eval('1');
          resolve('ran');
        } catch (error) {
          resolve((error as Error).name);
        }
      }),
    );
    const remote = document.createElement('script');
    remote.src = 'https://cdn.example.invalid/x.js';
    document.body.append(remote);
    const fetched = await fetch('http://127.0.0.2:9/').then(
      () => 'fetched',
      () => 'refused',
    );
    new WebSocket('ws://127.0.0.2:9/ws');
    await new Promise((resolve) => setTimeout(resolve, 200));
    return { injected: probe.injected, evalResult, fetched, violations: probe.cspViolations };
  });
  expect(outcome.injected).toBeUndefined();
  expect(outcome.evalResult).toBe('EvalError');
  expect(outcome.fetched).toBe('refused');
  expect(outcome.violations).toEqual(
    expect.arrayContaining([
      { directive: 'script-src-elem', blocked: 'inline' },
      { directive: 'script-src', blocked: 'eval' },
      { directive: 'script-src-elem', blocked: 'https://cdn.example.invalid/x.js' },
      { directive: 'connect-src', blocked: 'http://127.0.0.2:9/' },
      { directive: 'connect-src', blocked: 'ws://127.0.0.2:9/ws' },
    ]),
  );
});
