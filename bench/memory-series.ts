import {clientNames} from '../source/engine/run-spec.js';
import type {MemoryPoint} from './results.js';

/** Each client's points, fewest images first, with the target's name for the growth between its ends. */
export function memorySeries(points: readonly MemoryPoint[]): Array<{name: string; was?: string; first: MemoryPoint; last: MemoryPoint; points: MemoryPoint[]}> {
	return clientNames.flatMap(client => {
		const own = points.filter(point => point.client === client).sort((a, b) => a.count - b.count);
		const first = own[0];
		const last = own.at(-1);
		if (!first || !last || own.length < 2) {
			return [];
		}

		const name = `peak RSS ${last.count} / ${first.count} images (${client})`;
		// Before issue 19's heap policy by client the scenario measured got alone, under this name.
		return [{name, ...(client === 'got' ? {was: `peak RSS ${last.count} / ${first.count} images`} : {}), first, last, points: own}];
	});
}
