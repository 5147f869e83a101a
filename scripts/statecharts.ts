/**
 * `pnpm docs:statecharts`: draws every machine in STATECHARTS as an SVG in docs/public/statecharts/<id>.svg
 * (committed, so the pictures show in the repository too, and served by the docs site at /statecharts/).
 * `tests/docs/statecharts.test.ts` draws them again in memory and fails when a committed picture no
 * longer matches its machine.
 */
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { type MachineLike, statechartSvg } from './statechart-svg';

/** The machines to draw, one line each. */
export const STATECHARTS: readonly (() => Promise<MachineLike>)[] = [
  async () => (await import('../packages/core/src/machine')).screenRecordingMachine,
  async () => (await import('../packages/core/src/tabs-machine')).tabsMachine,
];

export const STATECHART_DIR = fileURLToPath(new URL('../docs/public/statecharts/', import.meta.url));
export const REGENERATE_COMMAND = 'pnpm docs:statecharts';

/** File name (`<machine id>.svg`) → SVG, for every machine in the list. */
export async function drawStatecharts(): Promise<Map<string, string>> {
  const pictures = new Map<string, string>();
  for (const load of STATECHARTS) {
    const machine = await load();
    const file = `${machine.id}.svg`;
    if (pictures.has(file)) throw new Error(`two machines in STATECHARTS have the id "${machine.id}"`);
    pictures.set(file, await statechartSvg(machine));
  }
  return pictures;
}

async function main(): Promise<void> {
  const pictures = await drawStatecharts();
  await mkdir(STATECHART_DIR, { recursive: true });
  // A machine taken off the list takes its picture with it.
  for (const file of await readdir(STATECHART_DIR)) {
    if (file.endsWith('.svg') && !pictures.has(file)) await rm(`${STATECHART_DIR}${file}`);
  }
  for (const [file, svg] of pictures) {
    await writeFile(`${STATECHART_DIR}${file}`, svg);
    console.log(`docs/public/statecharts/${file} (${Math.round(svg.length / 1024)} KiB)`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
