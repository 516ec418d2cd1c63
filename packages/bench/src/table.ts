/** A row of the printed comparison: the metric, both values and ours ÷ official. */
export interface Row {
  metric: string;
  official: number;
  ours: number;
  /** Lower is better (latency) or higher is better (throughput, deliveries). */
  better: 'lower' | 'higher';
  digits?: number;
}

const format = (value: number, digits: number) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');

/** Prints rows as an aligned table; the ratio says how ours compares (× official). */
export const printTable = (title: string, rows: Row[]) => {
  const lines = rows.map((row) => {
    const digits = row.digits ?? 1;
    const ratio = row.official === 0 ? Number.NaN : row.ours / row.official;
    return [
      row.metric,
      format(row.official, digits),
      format(row.ours, digits),
      `${format(ratio, 2)}×`,
      row.better,
    ];
  });
  const header = ['metric', 'official', 'ours', 'ours/official', 'better'];
  const widths = header.map((cell, column) =>
    Math.max(cell.length, ...lines.map((line) => line[column]!.length)),
  );
  const render = (cells: string[]) =>
    cells
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
      .join('  ');
  console.log(`\n${title}`);
  console.log(render(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const line of lines) {
    console.log(render(line));
  }
};
