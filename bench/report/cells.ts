import type {BenchResults, Stat, Target} from '../results.js';

/** How a figure is written in a report's cell: the same in every section and every format. */

export const integer = new Intl.NumberFormat('en-US', {maximumFractionDigits: 0});

export function number(value: number, digits: number): string {
	if (!Number.isFinite(value)) {
		return '–';
	}

	return digits === 0 ? integer.format(value) : value.toFixed(digits);
}

/** "4,012 ± 3" (hyperfine's mean ± σ). */
export function meanSd(stat: Stat, digits = 0): string {
	return `${number(stat.mean, digits)} ± ${number(stat.sd, digits)}`;
}

/** "4,008 … 4,017". */
export function range(stat: Stat, digits = 0): string {
	return `${number(stat.min, digits)} … ${number(stat.max, digits)}`;
}

/** "1.047×", or "1.047× ± 0.006" with a spread; "–" for no figure. */
export function ratio(value: number | null | undefined, sd?: number | null, digits = 3): string {
	if (value === null || value === undefined || !Number.isFinite(value)) {
		return '–';
	}

	return sd === null || sd === undefined || !Number.isFinite(sd) ? `${value.toFixed(digits)}×` : `${value.toFixed(digits)}× ± ${sd.toFixed(digits)}`;
}

export function verdict(met: boolean | null): string {
	if (met === null) {
		return 'n/a';
	}

	return met ? 'met' : 'NOT met';
}

/** A target's figure as its goal is written: frames per second to a tenth, milliseconds whole, ratios to a thousandth. */
export function targetFigure(target: Pick<Target, 'name'>, measured: number | null): string {
	if (measured === null) {
		return '–';
	}

	if (target.name.includes('per second')) {
		return measured.toFixed(1);
	}

	return target.name.includes('[ms]') ? number(measured, 0) : measured.toFixed(3);
}

/** "≤ 1.05 (met)" for the target called `name`, or nothing when there is none. */
export function targetCell(results: BenchResults, name: string): string {
	const target = results.targets.find(candidate => candidate.name === name);
	return target ? `${target.goal} (${verdict(target.met)})` : '';
}
