import { mkdir, writeFile } from 'node:fs/promises';

/** A row of a printed comparison: one metric for both connectors, and ours ÷ official. */
export interface Row {
  metric: string;
  official: number;
  ours: number;
  /** Whether lower (latency, connections) or higher (deliveries, throughput) is better. */
  better: 'lower' | 'higher';
  digits?: number;
  /** The goal for ours, e.g. '≤ 4.5', and whether this run met it. */
  target?: { text: string; met: boolean };
}

/** Ours ÷ official; NaN when the official figure is zero or missing. */
export const ratio = (ours: number, official: number): number =>
  official === 0 || !Number.isFinite(official) ? Number.NaN : ours / official;

const format = (value: number, digits: number) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');

/** Renders rows as an aligned text table (console.table would quote strings and hide alignment). */
export const renderTable = (title: string, rows: readonly Row[]): string => {
  const header = ['metric', 'official', 'ours', 'ours/official', 'better', 'target for ours'];
  const lines = rows.map((row) => {
    const digits = row.digits ?? 1;
    return [
      row.metric,
      format(row.official, digits),
      format(row.ours, digits),
      Number.isFinite(ratio(row.ours, row.official)) ? `${format(ratio(row.ours, row.official), 2)}×` : 'n/a',
      row.better,
      row.target ? `${row.target.text} ${row.target.met ? 'met' : 'MISSED'}` : '',
    ];
  });
  const widths = header.map((cell, column) =>
    Math.max(cell.length, ...lines.map((line) => line[column]!.length)),
  );
  const render = (cells: string[]) =>
    cells
      .map((cell, column) =>
        column === 0 || column === cells.length - 1
          ? cell.padEnd(widths[column]!)
          : cell.padStart(widths[column]!),
      )
      .join('  ')
      .trimEnd();
  return [
    '',
    title,
    render(header),
    widths.map((width) => '-'.repeat(width)).join('  '),
    ...lines.map(render),
  ].join('\n');
};

export const printTable = (title: string, rows: readonly Row[]): void => {
  console.log(renderTable(title, rows));
};

/** Writes `value` as pretty JSON to `results/<name>.json` in this package. */
export const writeResults = async (name: string, value: unknown): Promise<string> => {
  const directory = new URL('../results/', import.meta.url);
  await mkdir(directory, { recursive: true });
  const file = new URL(`${name}.json`, directory);
  await writeFile(file, `${JSON.stringify(value, null, 2)}\n`);
  return file.pathname;
};
