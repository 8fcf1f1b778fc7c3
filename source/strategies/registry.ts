import {parallel} from './parallel.js';
import {processes} from './processes.js';
import {sequential} from './sequential.js';
import {threads} from './threads.js';
import type {Strategy, StrategyName} from './types.js';

/** In the order they run, are shown and are compared: the first is the baseline of the verdict. */
const entries: Strategy[] = [sequential, parallel, threads, processes];

/** Keys the live UI keeps for itself (quit, rerun all, concurrency, timeline, histogram). */
const reservedKeys = new Set(['q', 'r', '+', '=', '-', '_', 't', 'h']);

/** Every registered strategy, in order. */
export function strategies(): readonly Strategy[] {
	return entries;
}

export function strategyNames(): StrategyName[] {
	return entries.map(entry => entry.name);
}

export function findStrategy(name: StrategyName): Strategy | undefined {
	return entries.find(entry => entry.name === name);
}

/** The strategy called `name`; throws for a name nothing registered. */
export function strategyNamed(name: StrategyName): Strategy {
	const strategy = findStrategy(name);
	if (!strategy) {
		throw new Error(`unknown strategy '${name}' (known: ${strategyNames().join(', ')})`);
	}

	return strategy;
}

/**
 * Add a strategy after the others; returns what removes it again (tests register their own). Names,
 * keys and mode words must stay unambiguous, so a clash throws.
 */
export function registerStrategy(strategy: Strategy): () => void {
	if (findStrategy(strategy.name) || strategy.name === 'both' || strategy.name === 'all' || !/^[a-z][a-z\d-]*$/.test(strategy.name)) {
		throw new Error(`cannot register a strategy named '${strategy.name}'`);
	}

	if (reservedKeys.has(strategy.key) || entries.some(entry => entry.key === strategy.key)) {
		throw new Error(`strategy '${strategy.name}': key '${strategy.key}' is taken`);
	}

	entries.push(strategy);
	return () => {
		const at = entries.indexOf(strategy);
		if (at !== -1) {
			entries.splice(at, 1);
		}
	};
}

/**
 * Whether --concurrency and +/- change the strategy's width, read from its own slots rule (so "the
 * sequential strategy takes one slot" is said in one place only).
 */
export function followsConcurrency(strategy: Strategy): boolean {
	return strategy.slots(1, 2) !== strategy.slots(2, 2);
}

/**
 * Whether the strategy takes one slot whatever the list and the request, read from its slots rule:
 * its titles then leave the width out ("sequential", not "sequential×1").
 */
export function takesOneSlot(strategy: Strategy): boolean {
	return strategy.slots(0, 1000) === 1 && strategy.slots(1000, 1000) === 1;
}

/** What --mode accepts, for the help text: "sequential | parallel | both | all". */
export function modeChoices(): string {
	return [...strategyNames(), 'both', 'all'].join(' | ');
}

/**
 * --mode's value as the strategies to run, in order: a comma list of registered names, `both`
 * (sequential, then parallel) or `all` (every registered strategy). Throws an Error with a one-line
 * message naming what is wrong.
 */
export function parseModes(text: string): StrategyName[] {
	const names: StrategyName[] = [];
	for (const word of text.split(',').map(part => part.trim())) {
		const expanded = word === 'both' ? [sequential.name, parallel.name] : (word === 'all' ? strategyNames() : [word]);
		for (const name of expanded) {
			if (!findStrategy(name)) {
				throw new Error(`--mode must be ${strategyNames().join(', ')} or both, got '${text}' (all, or a comma list of names, also work)`);
			}

			if (!names.includes(name)) {
				names.push(name);
			}
		}
	}

	return names;
}
