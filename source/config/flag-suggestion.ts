import type {FlagSpec} from './flags.js';

/**
 * Optimal string alignment distance: Levenshtein's insert, delete and replace, plus the swap of two
 * neighbours as one edit, the commonest slip on a keyboard ("lantecy").
 */
export function editDistance(a: string, b: string): number {
	const rows = Array.from({length: a.length + 1}, (_, i) => Array.from({length: b.length + 1}, (_, j) => (i === 0 ? j : (j === 0 ? i : 0))));
	for (let i = 1; i <= a.length; i++) {
		for (let j = 1; j <= b.length; j++) {
			const cost = a[i - 1] === b[j - 1] ? 0 : 1;
			let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
			if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
				best = Math.min(best, rows[i - 2]![j - 2]! + 1);
			}

			rows[i]![j] = best;
		}
	}

	return rows[a.length]![b.length]!;
}

/** Edits a name may be away from a flag and still be taken for it: one in a short name, a third of a long one. */
const allowedEdits = (name: string) => Math.max(1, Math.floor(name.length / 3));

/**
 * The flag an unknown one was most likely meant to be, as it would be typed, or undefined when none is
 * close: `--concurency` → `--concurrency`, `--conc` → `--concurrency` (the only flag it begins),
 * `--n` → `-n` (a short flag's letter after two dashes), `-C` → `-c` (the other case).
 */
export function closestFlag(typed: string, specs: readonly FlagSpec[]): string | undefined {
	if (!typed.startsWith('--')) {
		const letter = typed.slice(1);
		const other = letter === letter.toLowerCase() ? letter.toUpperCase() : letter.toLowerCase();
		return specs.some(spec => spec.short === other) ? `-${other}` : undefined;
	}

	const name = typed.slice(2);
	if (specs.some(spec => spec.short === name)) {
		return `-${name}`;
	}

	const names = specs.flatMap(spec => (spec.negatable ? [spec.name, `no-${spec.name}`] : [spec.name]));
	const beginning = names.filter(candidate => candidate.startsWith(name));
	if (name.length >= 3 && beginning.length === 1) {
		return `--${beginning[0]}`;
	}

	let best: {name: string; distance: number} | undefined;
	for (const candidate of names) {
		const distance = editDistance(name, candidate);
		if (distance <= allowedEdits(name) && (best === undefined || distance < best.distance)) {
			best = {name: candidate, distance};
		}
	}

	return best && `--${best.name}`;
}
