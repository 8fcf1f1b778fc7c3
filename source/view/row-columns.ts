
/** Column widths of a progress row; 0 means the field is left out at this width. */
export type RowColumns = {
	readonly index: number;
	readonly bar: number;
	readonly bytes: number;
	readonly speed: number;
	readonly time: number;
	readonly retry: number;
	readonly dims: number;
	readonly ttfb: number;
};

export const rowFieldWidths = {
	icon: 1,
	/** "999.9 kB/999.9 kB" */
	bytes: 17,
	/** "999.9 kB/s" */
	speed: 10,
	/** "12.34s", "1m 3.2s" */
	time: 7,
	/** "↻2" */
	retry: 2,
	/** "1920×1080" */
	dims: 9,
	/** "ttfb 999ms" */
	ttfb: 10,
	minBar: 6,
	maxBar: 40,
} as const;

/**
 * Fit a row into `width` columns (fields separated by one space): the bar takes what is left, up to
 * 40 columns; when it would be narrower than 6, optional fields go, least useful first (time to first
 * byte, dimensions, speed, retries, bytes).
 */
export function rowColumns(width: number, imageCount: number): RowColumns {
	const index = String(Math.max(1, imageCount)).length;
	const w = rowFieldWidths;
	const optional: Array<keyof Omit<RowColumns, 'index' | 'bar' | 'time'>> = ['bytes', 'retry', 'speed', 'dims', 'ttfb'];
	const fields: Record<string, number> = {bytes: w.bytes, speed: w.speed, retry: w.retry, dims: w.dims, ttfb: w.ttfb};
	const used = () => {
		let total = index + 1 + w.icon + 1 + w.time;
		for (const name of optional) {
			total += fields[name]! > 0 ? fields[name]! + 1 : 0;
		}

		return total + 1;
	};

	for (let drop = optional.length - 1; width - used() < w.minBar && drop >= 0; drop--) {
		fields[optional[drop]!] = 0;
	}

	const bar = Math.max(0, Math.min(w.maxBar, width - used()));
	return {
		index,
		bar,
		bytes: fields['bytes']!,
		speed: fields['speed']!,
		time: w.time,
		retry: fields['retry']!,
		dims: fields['dims']!,
		ttfb: fields['ttfb']!,
	};
}
