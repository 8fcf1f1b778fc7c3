import type {StrategyRole} from '../engine/names.js';
import {glyphs} from '../format/glyphs.js';

/**
 * "sequential", "parallel×8": a strategy's name with its width, unless it is the one that only ever
 * takes one slot. Every line that names a run (plain output, repeats, the verdict) says it this way.
 */
export function widthLabel(strategy: string, role: StrategyRole | undefined, concurrency: number): string {
	return role === 'one-at-a-time' ? strategy : `${strategy}${glyphs.times}${concurrency}`;
}
