// Explore an embedding file without a model: a wrong path is refused in a sentence; a
// generated 5,000-word GloVe file opens by path, maps with UMAP to 5,000 points, hovering a
// point shows its word, a word search lists and rings its nearest words, an unknown word is
// refused, and an analogy lists "queen" for "king - man + woman".
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from '@playwright/test';
import { gloveText } from '../src-main/engine/analysis/word-vector-fixture';
import { test } from './serve-fixture';

test.use({ viewport: { width: 1280, height: 1100 } });

test('opens a 5,000-word GloVe file, maps it with UMAP and answers word and analogy searches', async ({ page, served }) => {
  // serve mode's engine runs on this machine, so a path written here is a path it can read
  const file = join(mkdtempSync(join(tmpdir(), 'latent-glove-')), 'glove.5000.50d.txt');
  writeFileSync(file, gloveText(5000, 50));

  await page.goto(`${served.url}#/explore`);
  const view = page.getByRole('region', { name: 'Explore' });
  await view.getByRole('radio', { name: 'Embedding file' }).check();
  await expect(view).toHaveAttribute('data-source', 'file');
  await expect(view).toHaveAttribute('data-state', 'idle');
  // no run controls, no images, no decoding for a file
  await expect(view.getByRole('button', { name: 'Project' })).toHaveCount(0);
  await expect(view.getByText('Interpolation')).toHaveCount(0);

  await view.getByLabel('Embedding file path').fill(join(file, '..', 'nope.txt'));
  await view.getByRole('button', { name: 'Open' }).click();
  await expect(view).toHaveAttribute('data-state', 'failed');
  await expect(view.getByRole('alert')).toContainText("There is no file at");

  await view.getByLabel('Embedding file path').fill(file);
  await view.getByRole('button', { name: 'Open' }).click();
  await expect(view).toHaveAttribute('data-state', 'loaded');
  await expect(view.getByText('glove.5000.50d.txt: 5,000 vectors of 50 dimensions, with words')).toBeVisible();

  await view.getByLabel('Projection', { exact: true }).selectOption('umap');
  await view.getByLabel('Epochs').fill('100');
  await view.getByRole('button', { name: 'Map' }).click();
  await expect(view).toHaveAttribute('data-state', 'projecting');
  await expect(view).toHaveAttribute('data-state', 'finished');
  const map = view.getByRole('figure', { name: 'Latent map' });
  await expect(map).toHaveAttribute('data-points', '5000');
  await expect(view.getByText(/^Done in [\d.]+ s · trustworthiness/)).toBeVisible();

  // hover: the point's word instead of images
  const box = (await map.locator('canvas.overlay').boundingBox())!;
  const [x, y] = (await map.getAttribute('data-probe'))!.split(' ')[0]!.split(',').map(Number);
  await page.mouse.move(box.x + x!, box.y + y!);
  await expect(view.getByRole('tooltip')).toContainText(/^(king|queen|man|woman|t\d+_\d+)/);
  await expect(view.getByRole('tooltip').getByRole('img')).toHaveCount(0);

  // a word: its 10 nearest words, all of its topic, listed and ringed on the map
  const search = view.getByRole('search', { name: 'Word search' });
  await search.getByLabel('Word or analogy').fill('t7_57');
  await search.getByLabel('Word or analogy').press('Enter');
  const results = view.getByRole('region', { name: 'Query results' });
  await expect(results.getByRole('list')).toHaveAttribute('data-count', '10');
  await expect(results.getByRole('list')).toHaveAttribute('data-kind', 'neighbours');
  for (const word of await results.locator('.word').allTextContents()) expect(word).toMatch(/^t7_\d+$/);
  await expect(view.locator('[data-highlighted]')).toHaveAttribute('data-highlighted', '10');

  // an unknown word is refused in one sentence; the answer on screen stays
  await search.getByLabel('Word or analogy').fill('kingdom');
  await search.getByRole('button', { name: 'Search' }).click();
  await expect(search.getByRole('alert')).toHaveText(`"kingdom" is not in glove.5000.50d.txt's vocabulary; check its spelling (words are case-sensitive).`);
  await expect(results.getByRole('list')).toHaveAttribute('data-count', '10');

  // an analogy
  await search.getByLabel('Word or analogy').fill('king - man + woman');
  await search.getByLabel('Word or analogy').press('Enter');
  await expect(results.getByRole('list')).toHaveAttribute('data-kind', 'analogy');
  await expect(results.locator('.word').first()).toHaveText('queen');
  await expect(search.getByRole('alert')).toHaveCount(0);

  // Escape clears the answers and their rings
  await search.getByLabel('Word or analogy').press('Escape');
  await expect(results).toHaveCount(0);
  await expect(view.locator('[data-highlighted]')).toHaveAttribute('data-highlighted', '0');

  // back to runs: this fresh workbench has none; the file's map is still there on return
  await view.getByRole('radio', { name: 'Trained run' }).check();
  await expect(view).toHaveAttribute('data-state', 'no-model');
  await view.getByRole('radio', { name: 'Embedding file' }).check();
  await expect(view).toHaveAttribute('data-state', 'finished');
  await expect(map).toHaveAttribute('data-points', '5000');
});

test('a Projector TSV pair: metadata on hover, coloured by its class column, a class hidden from the map', async ({ page, served }) => {
  const dir = mkdtempSync(join(tmpdir(), 'latent-projector-'));
  // two classes on two axes, 30 rows each
  const rows = Array.from({ length: 60 }, (_, i) => (i % 2 === 0 ? [1 + i / 100, 0.1, 0] : [0.1, 1 + i / 100, 0.2]));
  writeFileSync(join(dir, 'vectors.tsv'), rows.map((r) => r.join('\t')).join('\n') + '\n');
  writeFileSync(join(dir, 'metadata.tsv'), 'word\tkind\n' + rows.map((_, i) => `w${i}\t${i % 2 === 0 ? 'even' : 'odd'}`).join('\n') + '\n');

  await page.goto(`${served.url}#/explore`);
  const view = page.getByRole('region', { name: 'Explore' });
  await view.getByRole('radio', { name: 'Embedding file' }).check();
  // metadata.tsv beside vectors.tsv is found without its own path
  await view.getByLabel('Embedding file path').fill(join(dir, 'vectors.tsv'));
  await view.getByRole('button', { name: 'Open' }).click();
  await expect(view).toHaveAttribute('data-state', 'loaded');
  await view.getByRole('button', { name: 'Map' }).click();
  await expect(view).toHaveAttribute('data-state', 'finished');
  const map = view.getByRole('figure', { name: 'Latent map' });
  await expect(map).toHaveAttribute('data-points', '60');

  const classes = view.getByRole('group', { name: 'Classes shown' });
  await expect(classes.getByRole('button')).toHaveCount(2);
  const box = (await map.locator('canvas.overlay').boundingBox())!;
  const [x, y] = (await map.getAttribute('data-probe'))!.split(' ')[0]!.split(',').map(Number);
  await page.mouse.move(box.x + x!, box.y + y!);
  const tooltip = view.getByRole('tooltip');
  await expect(tooltip.getByText('kind')).toBeVisible();
  await expect(tooltip).toContainText(/w\d+.*(even|odd)/s);

  await classes.getByRole('button', { name: /^even/ }).click();
  await expect(map).toHaveAttribute('data-points', '30');
});
