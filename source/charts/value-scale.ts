import {formatBytes} from '../format/format.js';

/**
 * How a chart writes its values. 'ms' picks one unit for all of them (ms below a second, else s) so a
 * column of bucket edges lines up; 'bytes' uses the app's byte format; anything else is a plain
 * number followed by that unit.
 */
export type ValueUnit = 'ms' | 'bytes' | (string & {});

/** Digits after the point needed to tell values `step` apart. */
function decimalsFor(step: number): number {
	if (!(step > 0) || !Number.isFinite(step)) {
		return 0;
	}

	return Math.min(3, Math.max(0, Math.ceil(-Math.log10(step))));
}

/** Writes one chart's values, `step` apart at the finest (a bucket's width). */
export type ValueFormat = {
	/** The value with its unit: "1.25s". */
	readonly one: (value: number) => string;
	/** Two values with the unit once: "1.25–1.50s" (the app's byte format keeps a unit on each). */
	readonly range: (from: number, to: number, dash: string) => string;
};

function numeric(divisor: number, decimals: number, suffix: string): ValueFormat {
	const number = (value: number) => (value / divisor).toFixed(decimals);
	return {one: value => `${number(value)}${suffix}`, range: (from, to, dash) => `${number(from)}${dash}${number(to)}${suffix}`};
}

export function valueFormat(unit: ValueUnit, largest: number, step: number): ValueFormat {
	if (unit === 'bytes') {
		return {one: value => formatBytes(value), range: (from, to, dash) => `${formatBytes(from)}${dash}${formatBytes(to)}`};
	}

	if (unit === 'ms') {
		return Math.abs(largest) >= 1000 ? numeric(1000, Math.max(1, decimalsFor(step / 1000)), 's') : numeric(1, decimalsFor(step), 'ms');
	}

	return numeric(1, decimalsFor(step), unit === '' ? '' : ` ${unit}`);
}
