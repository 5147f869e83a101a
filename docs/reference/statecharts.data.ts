/**
 * The statechart pictures in docs/public/statecharts/ (written by `pnpm docs:statecharts`), with their
 * sizes: the page shows every one, so a machine added to scripts/statecharts.ts shows up by itself.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { defineLoader } from 'vitepress';

export interface Statechart {
  id: string;
  file: string;
  width: number;
  height: number;
}

declare const data: Statechart[];

export { data };

const folder = new URL('../public/statecharts/', import.meta.url);

export default defineLoader({
  watch: ['../public/statecharts/*.svg'],
  load(): Statechart[] {
    return readdirSync(folder)
      .filter((file) => file.endsWith('.svg'))
      .sort()
      .map((file) => {
        const svg = readFileSync(new URL(file, folder), 'utf8');
        const size = /<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"/.exec(svg);
        if (!size) throw new Error(`docs/public/statecharts/${file} has no width and height`);
        return { id: file.slice(0, -'.svg'.length), file, width: Number(size[1]), height: Number(size[2]) };
      });
  },
});
