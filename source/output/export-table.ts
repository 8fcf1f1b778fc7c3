/** A table every export format can write: CSV names its columns by `key`, Markdown by `label`. */
export type ExportTable = {
	readonly columns: ReadonlyArray<{readonly key: string; readonly label: string}>;
	readonly rows: ReadonlyArray<ReadonlyArray<string | number | null>>;
};

/** The columns every timing table starts with: which runs, and their wall time. */
export const timingColumns: ExportTable['columns'] = [
	{key: 'strategy', label: 'Strategy'},
	{key: 'concurrency', label: 'Concurrency'},
	{key: 'runs', label: 'Runs'},
	{key: 'mean_ms', label: 'Mean [ms]'},
	{key: 'sd_ms', label: 'σ [ms]'},
];

/** A figure as the exports write it: rounded to `places` decimals, null when there is none. */
export function exportNumber(value: number | undefined, places = 2): number | null {
	const scale = 10 ** places;
	return value === undefined || !Number.isFinite(value) ? null : Math.round(value * scale) / scale;
}

/** The cells under timingColumns. */
export function timingCells(strategy: string, concurrency: number | undefined, runs: number, wall: {readonly mean: number; readonly sd: number} | undefined, places = 2): Array<string | number | null> {
	// One run has no spread: its σ is empty, not 0, which would claim runs that agreed.
	return [strategy, concurrency ?? null, runs, exportNumber(wall?.mean, places), runs > 1 ? exportNumber(wall?.sd, places) : null];
}

/** RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled. */
function csvField(value: string | number | null): string {
	const text = value === null ? '' : String(value);
	return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvText(table: ExportTable): string {
	const lines = [table.columns.map(column => csvField(column.key)), ...table.rows.map(row => row.map(value => csvField(value)))];
	return `${lines.map(line => line.join(',')).join('\r\n')}\r\n`;
}

/** A pipe in a cell would end it early; a line break would end the row. */
function markdownCell(value: string | number | null): string {
	return (value === null ? '' : String(value)).replaceAll('|', String.raw`\|`).replaceAll(/\r?\n/g, ' ');
}

/** Text as one Markdown paragraph: characters that would start markup are escaped, line breaks are spaces. */
export function markdownParagraph(text: string): string {
	return text.replaceAll(/[\\`*_[\]<>|#]/g, character => `\\${character}`).replaceAll(/\r?\n/g, ' ');
}

/** A GitHub-flavoured Markdown table, numbers right-aligned as hyperfine writes them. */
export function markdownText(table: ExportTable): string {
	const numeric = table.columns.map((_, index) => table.rows.length > 0 && table.rows.every(row => typeof row[index] === 'number' || row[index] === null));
	const header = `| ${table.columns.map(column => markdownCell(column.label)).join(' | ')} |`;
	const rule = `|${numeric.map(right => right ? '---:' : ':---').join('|')}|`;
	const rows = table.rows.map(row => `| ${row.map(value => markdownCell(value)).join(' | ')} |`);
	return `${[header, rule, ...rows].join('\n')}\n`;
}
